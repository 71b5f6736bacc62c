"""The editors' pages for stories, their pictures and quotes, sections and tags."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import Textarea
from django.shortcuts import redirect
from django.utils.formats import localize
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin
from reversion.models import Version

from people.admin import thumbnail

from .forms import BodyBlockFormSet, CaptionForm, QuoteForm
from .models import Article, ArticlePerson, Block, Caption, Correction, Quote, Section, Tag

# A picture's fields as editors see them, on the story's page and on its own.
CAPTION_LAYOUT = (
    ("image", "preview"),
    "caption",
    ("credit", "alt_text"),
    "people",
    ("focal_point_x", "focal_point_y"),
)

COMPACT_TEXT = {models.TextField: {"widget": Textarea(attrs={"rows": 3, "cols": 60})}}

# The workflow steps an editor can take, as Article's methods are named, and
# how a message says they were done.
STEPS = {
    "submit_for_review": "submitted for review",
    "publish": "published",
    "unpublish": "unpublished",
}

# Where a story stands in the workflow, which only the workflow steps change.
WORKFLOW_FIELDS = ("status", "published_at", "status_changed_at", "status_changed_by_id")


def can_publish(request):
    return request.user.has_perm("articles.publish_article")


def may_change_story(request, article):
    """A published (live or scheduled) story is changed only by those who may publish."""
    return article.status != Article.Status.PUBLISHED or can_publish(request)


def story_id(request):
    """The id of the story whose form this request shows, or None on the add page."""
    match = request.resolver_match
    if match.url_name == "articles_article_change":
        return unquote(match.kwargs["object_id"])
    if match.url_name == "articles_article_revision":
        return unquote(match.args[0])
    if match.url_name == "articles_article_recover":
        return Version.objects.get(pk=match.args[0]).object_id
    return None


class CaptionPreview:
    """The picture itself beside its caption fields, described by its alt text."""

    @admin.display(description="preview")
    def preview(self, caption):
        # An upload not saved yet has no address to show it from.
        if not caption.image or not caption.image._committed:
            return ""
        return thumbnail(caption.image, caption.alt_text)


class ArticlePersonInline(admin.TabularInline):
    """The people the story is about or mentions, linking it to their profiles."""

    model = ArticlePerson
    fields = ("person", "role")
    autocomplete_fields = ("person",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class CaptionInline(CaptionPreview, admin.StackedInline):
    """The story's pictures, each with its caption, credit, alt text and the people in it."""

    model = Caption
    fields = CAPTION_LAYOUT
    readonly_fields = ("preview",)
    autocomplete_fields = ("people",)
    formfield_overrides = COMPACT_TEXT
    extra = 1


class QuoteInline(admin.TabularInline):
    """The words people said in the story, who said them, where and when."""

    model = Quote
    fields = ("text", "speaker", "source", "said_on", "said_on_precision")
    autocomplete_fields = ("speaker",)
    formfield_overrides = COMPACT_TEXT
    extra = 1


class BlockInline(admin.TabularInline):
    """The body, block by block, in the order readers see it."""

    model = Block
    formset = BodyBlockFormSet
    fields = ("position", "kind", "text", "caption", "quote")
    ordering = ("position", "pk")
    formfield_overrides = COMPACT_TEXT
    extra = 3
    verbose_name = "body block"
    verbose_name_plural = "body"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("caption", "quote")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "caption":
            kwargs["queryset"] = Caption.objects.filter(article_id=story_id(request))
            kwargs["help_text"] = (
                "One of this story's pictures. A picture added above can be placed in "
                "the body once the story is saved."
            )
        elif db_field.name == "quote":
            kwargs["queryset"] = Quote.objects.filter(article_id=story_id(request))
            kwargs["help_text"] = (
                "One of this story's quotes. A quote added above can be pulled out in "
                "the body once the story is saved."
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CorrectionInline(admin.TabularInline):
    """Corrections and clarifications printed with the story; editors write them."""

    model = Correction
    fields = ("text", "published_at")
    formfield_overrides = COMPACT_TEXT
    extra = 0


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    """
    Where stories are written, reviewed and published. The status moves only
    through the workflow steps (the list's actions and the form's "Save and…"
    buttons), and every save is a version editors can compare and restore.
    """

    list_display = ("headline", "section", "status", "published_at", "updated_at", "live")
    list_filter = ("status", "section", "tags", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "tags", "authors", "publisher")
    readonly_fields = ("status", "status_changed_at", "status_changed_by")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst")}),
        ("Byline and placing", {"fields": ("section", "tags", "authors", "publisher")}),
        (
            "Publication",
            {"fields": ("status", "published_at", "status_changed_at", "status_changed_by")},
        ),
    )
    inlines = (ArticlePersonInline, CaptionInline, QuoteInline, BlockInline, CorrectionInline)
    actions = ("submit_for_review", "publish", "unpublish")

    @admin.display(boolean=True, description="live?")
    def live(self, article):
        return article.is_live

    def has_publish_permission(self, request):
        return can_publish(request)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_change_story(request, obj)
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None:
            for name, value in getattr(request, "story_workflow", {}).items():
                setattr(article, name, value)
        return article

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a version brings back the story's words, pictures and
        # quotes, not its place in the workflow: a live story stays live (and
        # stays out of reach of those who may not change it).
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            request.story_workflow = {name: getattr(article, name) for name in WORKFLOW_FIELDS}
        return super().revision_view(request, object_id, version_id, extra_context)

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        # Each formset validates alone; the body's live-story check must read the posted parts.
        for formset in formsets:
            formset.siblings = formsets
        return formsets, inline_instances

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and "_publish" in request.POST
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        status = obj.status if obj else Article.Status.DRAFT
        context["show_submit_for_review"] = status in (
            Article.Status.DRAFT,
            Article.Status.UNPUBLISHED,
        )
        context["show_publish"] = (
            status != Article.Status.PUBLISHED and self.has_publish_permission(request)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        return self._press_step_button(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self._press_step_button(request, obj) or super().response_change(request, obj)

    def _press_step_button(self, request, article):
        """
        After "Save and submit for review" or "Save and publish" has saved the
        story, take that step. When it is refused, the story stays as saved and
        the editor goes back to its form to see why.
        """
        pressed = [step for step in ("publish", "submit_for_review") if f"_{step}" in request.POST]
        step = pressed[0] if pressed else None
        if step is None or self._take_step(request, article, step, saved=True):
            return None
        return redirect(f"{self.admin_site.name}:articles_article_change", article.pk)

    def _take_step(self, request, article, step, saved=False):
        """Move one story through the workflow and tell the editor how it went."""
        try:
            getattr(article, step)(by=request.user)
        except ValidationError as error:
            refused = "was saved but not" if saved else "was not"
            messages.error(
                request, f"“{article}” {refused} {STEPS[step]}: {' '.join(error.messages)}"
            )
            return False
        if step == "publish" and not article.is_live:
            when = localize(localtime(article.published_at))
            messages.success(request, f"“{article}” is scheduled to go live at {when}.")
        else:
            messages.success(request, f"“{article}” was {STEPS[step]}.")
        return True

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        for article in queryset:
            self._take_step(request, article, "submit_for_review")

    @admin.action(description="Publish", permissions=["publish"])
    def publish(self, request, queryset):
        for article in queryset:
            self._take_step(request, article, "publish")

    @admin.action(description="Unpublish", permissions=["publish"])
    def unpublish(self, request, queryset):
        for article in queryset:
            self._take_step(request, article, "unpublish")


class StoryPartAdmin(admin.ModelAdmin):
    """
    The lists of pictures and quotes across stories. A part of a published
    story is changed under the story's rules: only by those who may publish,
    and never so that the story breaks a publication rule.
    """

    list_select_related = ("article",)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The story's body may show this part, so it stays with its story.
        return (*readonly, "article") if obj else readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article" and not can_publish(request):
            kwargs["queryset"] = Article.objects.exclude(status=Article.Status.PUBLISHED)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or may_change_story(request, obj.article)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or may_change_story(request, obj.article)
        )


class AltTextFilter(admin.SimpleListFilter):
    """Finds the pictures that still need alt text before their stories can go live."""

    title = "alt text"
    parameter_name = "alt_text"

    def lookups(self, request, model_admin):
        return (("missing", "Missing"), ("written", "Written"))

    def queryset(self, request, queryset):
        blank = r"^\s*$"
        if self.value() == "missing":
            return queryset.filter(alt_text__regex=blank)
        if self.value() == "written":
            return queryset.exclude(alt_text__regex=blank)
        return queryset


@admin.register(Caption)
class CaptionAdmin(CaptionPreview, StoryPartAdmin):
    """Every captioned picture the paper has used, to find one or check its alt text."""

    form = CaptionForm
    list_display = ("preview", "caption", "credit", "article", "has_alt_text")
    list_display_links = ("preview", "caption")
    list_filter = (AltTextFilter, "article__section")
    search_fields = ("caption", "credit", "alt_text")
    autocomplete_fields = ("article", "people")
    fields = ("article", *CAPTION_LAYOUT)
    readonly_fields = ("preview",)

    @admin.display(boolean=True, description="alt text?")
    def has_alt_text(self, caption):
        return bool(caption.alt_text.strip())


@admin.register(Quote)
class QuoteAdmin(StoryPartAdmin):
    """Every quote the paper has published: who said what, where and when."""

    form = QuoteForm
    list_display = ("text", "speaker", "source", "said", "article")
    list_filter = ("article__section", "article__status")
    list_select_related = ("speaker", "article")
    search_fields = ("text", "source", "speaker__name")
    autocomplete_fields = ("article", "speaker")
    fields = ("article", "text", "speaker", "source", ("said_on", "said_on_precision"))


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    """The parts of the paper and their order in the site's navigation."""

    list_display = ("name", "slug", "position")
    list_editable = ("position",)
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    """The topics that run across sections."""

    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}
