"""The story's admin: its form with every part inline, its states and workflow steps."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AdminSplitDateTime
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import Textarea
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from reversion.admin import VersionAdmin

from people.admin import thumbnail

from ..diffs import compare
from ..editing import DeleteStory, EditConflict
from ..forms import (
    BlockForm,
    StoryForm,
    StoryFormEdit,
    StoryQuoteForm,
    error_summary,
    part_formset,
)
from ..history import StoryHistoryMixin
from ..models import (
    Article,
    ArticlePerson,
    Block,
    Caption,
    Correction,
    Quote,
)
from ..policies import story_policy
from ..presence import PresenceAdminMixin
from ..previews import PreviewAdminMixin
from ..widgets import InlineMarkupTextarea

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

# Where a story stands in the workflow, which only the workflow steps change,
# and when it reaches partners, readers and comes down: restoring an earlier
# version keeps them as they are.
WORKFLOW_FIELDS = (
    "status",
    "published_at",
    "embargoed_until",
    "expires_at",
    "status_changed_at",
    "status_changed_by_id",
)
# The story's times, each typed in a date box and a time box.
STORY_TIMES = ("published_at", "embargoed_until", "expires_at")


class NamedSplitDateTime(AdminSplitDateTime):
    """
    Django's date and time boxes for one moment, each named for screen
    readers after the field ("Published at: date"): the field's label can
    point at neither, as the moment takes two boxes.
    """

    def __init__(self, name, attrs=None):
        super().__init__(attrs)
        date, time = self.widgets
        date.attrs["aria-label"] = f"{name}: date"
        time.attrs["aria-label"] = f"{name}: time"


class CaptionPreview:
    """The picture itself beside its caption fields, described by its alt text."""

    @admin.display(description="preview")
    def preview(self, caption):
        # An upload not saved yet has no address to show it from.
        if not caption.image or not caption.image._committed:
            return ""
        # In the list the picture is a link: without alt text it would have no
        # name at all, so it says which picture it is.
        words = " ".join(caption.caption.split())
        missing = f"Picture: {words}" if words else "Picture"
        return thumbnail(caption.image, caption.alt_text.strip() or missing)


class StoryPartInline:
    """An inline of the story's form whose rows are one of the story's parts."""

    part = None

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("formset", part_formset(self.part))
        return super().get_formset(request, obj, **kwargs)


class ArticlePersonInline(StoryPartInline, admin.StackedInline):
    """
    The people the story is about or mentions, linking it to their profiles:
    one labelled row each, person and role side by side.
    """

    model = ArticlePerson
    part = "people"
    fields = (("person", "role"),)
    autocomplete_fields = ("person",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


class CaptionInline(StoryPartInline, CaptionPreview, admin.StackedInline):
    """The story's pictures, each with its caption, credit, alt text and the people in it."""

    model = Caption
    part = "captions"
    fields = CAPTION_LAYOUT
    readonly_fields = ("preview",)
    autocomplete_fields = ("people",)
    formfield_overrides = COMPACT_TEXT
    extra = 1


class QuoteInline(StoryPartInline, admin.StackedInline):
    """
    The words people said in the story, who said them, where and when: one
    stacked entry each, so that the form fits the screen and every box has
    its label; the date typed as people write it ("June 2019").
    """

    model = Quote
    part = "quotes"
    form = StoryQuoteForm
    fields = ("text", ("speaker", "source"), "said")
    autocomplete_fields = ("speaker",)
    formfield_overrides = COMPACT_TEXT
    extra = 1


class BlockInline(StoryPartInline, admin.StackedInline):
    """
    The body, block by block, in the order readers see it: one ordered list
    where ``body_editor.js`` adds blocks anywhere, moves them by drag and drop
    or with Move up/Move down, and keeps their positions (typed by hand
    without JavaScript). A block may show a picture or quote added above in
    the same form, before the story is ever saved (``forms.BlockForm``).
    """

    model = Block
    part = "blocks"
    form = BlockForm
    template = "admin/articles/article/body_inline.html"
    fields = ("kind", "text", "caption", "quote", "position")
    ordering = ("position", "pk")
    formfield_overrides = {
        models.TextField: {
            # Bold, Italic and Link buttons (inline_markup.js); Block.clean() sanitises.
            "widget": InlineMarkupTextarea(attrs={"rows": 4, "class": "vLargeTextField"}),
            "help_text": "A paragraph may have bold, italic and links; subheadings are plain.",
        }
    }
    extra = 3
    verbose_name = "body block"
    verbose_name_plural = "body"

    class Media:
        css = {"all": ("articles/admin/body_editor.css",)}
        js = ("articles/admin/body_editor.js",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("caption", "quote")


class CorrectionInline(StoryPartInline, admin.TabularInline):
    """
    Corrections, clarifications and updates printed with the story, each with
    its type and date; editors write them.
    """

    model = Correction
    part = "corrections"
    fields = ("kind", "text", "published_at")
    formfield_overrides = COMPACT_TEXT
    extra = 0


class SendBackForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        max_length=2000,
        help_text="Why the story goes back, and what to do: its reporter reads this.",
    )


# Where a story stands, as the list shows and filters it: its workflow status,
# with a published story told apart by whether the public has it yet (a
# scheduled one waits for its time or its embargo; an embargoed one is out to
# partners meanwhile), or no longer (expired).
STORY_STATES = (
    (Article.Status.DRAFT, "Draft"),
    (Article.Status.IN_REVIEW, "In review"),
    ("scheduled", "Scheduled"),
    ("embargoed", "Embargoed"),
    ("live", "Live"),
    ("expired", "Expired"),
    (Article.Status.UNPUBLISHED, "Unpublished"),
)


def story_state(article):
    """
    Where the story stands, as ``(state, words)``: one of ``STORY_STATES``
    and what an editor reads, with the times that matter.
    """

    def when(moment):
        return localize(localtime(moment))

    if article.is_live:
        words = f"Live since {when(article.live_from)}"
        if article.expires_at:
            words += f", until {when(article.expires_at)}"
        return "live", words
    if article.is_expired:
        return "expired", f"Expired {when(article.expires_at)}"
    if article.is_embargoed:
        return "embargoed", f"Embargoed until {when(article.embargoed_until)}"
    if article.status == Article.Status.PUBLISHED and article.published_at:
        return "scheduled", f"Scheduled for {when(article.live_from)}"
    return article.status, article.get_status_display()


class StoryStateFilter(admin.SimpleListFilter):
    """
    Finds stories by where they stand: draft, in review, scheduled,
    embargoed, live, expired or unpublished.
    """

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return STORY_STATES

    def queryset(self, request, queryset):
        value = self.value()
        if value == "live":
            return queryset.live()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "embargoed":
            return queryset.embargoed()
        if value == "expired":
            return queryset.expired()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(StoryHistoryMixin, PresenceAdminMixin, PreviewAdminMixin, VersionAdmin):
    """
    Where stories are written, reviewed and published. Who may see and do
    what is the story policy's (``articles.policies``); every save goes
    through the edit path (``articles.editing``) as one version editors can
    compare and restore. The status moves only through the workflow steps
    (the list's actions and the form's "Save and…" buttons).
    """

    form = StoryForm
    list_display = ("headline", "state", "section", "updated_at")
    list_filter = (StoryStateFilter, "section", "tags", "published_at")
    list_select_related = ("section",)
    search_fields = ("headline", "standfirst", "slug")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("headline",)}
    autocomplete_fields = ("section", "tags", "authors", "publisher")
    readonly_fields = ("status", "status_changed_at", "status_changed_by")
    fieldsets = (
        (None, {"fields": ("headline", "slug", "standfirst", "based_on")}),
        ("Byline and placing", {"fields": ("section", "tags", "authors", "publisher")}),
        (
            "Publication",
            {
                "fields": (
                    "status",
                    "published_at",
                    "embargoed_until",
                    "expires_at",
                    "status_changed_at",
                    "status_changed_by",
                )
            },
        ),
    )
    inlines = (ArticlePersonInline, CaptionInline, QuoteInline, BlockInline, CorrectionInline)
    actions = ("submit_for_review", "publish", "unpublish")

    class Media:
        # The story's form fits the screen: its tabular inlines narrow with the page.
        css = {"all": ("articles/admin/story_form.css",)}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in STORY_TIMES:
            kwargs["widget"] = NamedSplitDateTime(capfirst(db_field.verbose_name))
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="state", ordering="status")
    def state(self, article):
        """
        Where the story stands, in words, with a class the newsroom's
        stylesheet colours; when it went or goes live, if it is published.
        """
        state, words = story_state(article)
        return format_html(
            '<span class="story-state story-state-{}">{}</span>', state.replace("_", "-"), words
        )

    # Who may do what: the story policy's answers.

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_view_permission(self, request, obj=None):
        # The admin is the newsroom's: a role is needed to enter it at all,
        # even to read a story that every reader may read on the site.
        newsroom = story_policy.user_has_permission(
            request.user, "view"
        ) or story_policy.user_has_permission(request.user, "change")
        if obj is None or not newsroom:
            return newsroom
        return story_policy.user_has_permission_for_instance(request.user, "view", obj)

    def has_add_permission(self, request):
        return story_policy.user_has_permission(request.user, "add")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return story_policy.user_has_permission(request.user, "change")
        return story_policy.user_has_permission_for_instance(request.user, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return story_policy.user_has_permission(request.user, "delete")
        return story_policy.user_has_permission_for_instance(request.user, "delete", obj)

    def has_publish_permission(self, request, obj=None):
        if obj is None:
            return story_policy.user_has_permission(request.user, "publish")
        return story_policy.user_has_permission_for_instance(request.user, "publish", obj)

    def has_recover_permission(self, request):
        return story_policy.user_has_permission(request.user, "recover")

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if not story_policy.user_has_permission(request.user, "schedule"):
            readonly += STORY_TIMES
        if not story_policy.user_has_permission(request.user, "byline"):
            readonly += ("authors",)
        return readonly

    # Saving: the form and its inlines are one edit of the story.

    def form_edit(self, request, article=None):
        """The one ``StoryFormEdit`` of this request's form."""
        edit = getattr(request, "story_form_edit", None)
        if edit is None or (article is not None and edit.article is not article):
            edit = request.story_form_edit = StoryFormEdit(request, article)
        return edit

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        admin_site = self

        class EditedStoryForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                admin_site.form_edit(request, self.instance).form = self

        return EditedStoryForm

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, StoryPartInline):
            kwargs["story_edit"] = self.form_edit(request, obj)
        return kwargs

    def save_model(self, request, obj, form, change):
        # The story is saved with its parts, in save_related(), as one edit.
        pass

    def save_related(self, request, form, formsets, change):
        request.story_changes = self.form_edit(request, form.instance).save()

    def construct_change_message(self, request, form, formsets, add=False):
        changes = getattr(request, "story_changes", [])
        return "; ".join(changes).capitalize() + "." if changes else "No changes."

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if (
            request.method == "POST"
            and "_publish" in request.POST
            and not self.has_publish_permission(request)
        ):
            raise PermissionDenied
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Someone saved between this form's check and its save: show the form
            # again, which now finds the conflict and keeps the editor's input.
            request.story_form_edit = None
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        status = obj.status if obj else Article.Status.DRAFT
        may_change = self.has_change_permission(request, obj)
        context["show_submit_for_review"] = may_change and status in (
            Article.Status.DRAFT,
            Article.Status.UNPUBLISHED,
        )
        context["show_publish"] = (
            status != Article.Status.PUBLISHED and self.has_publish_permission(request, obj)
        )
        if obj is not None and obj.pk:
            context["show_send_back"] = (
                status == Article.Status.IN_REVIEW and self.has_publish_permission(request, obj)
            )
            context["send_back_url"] = reverse(
                f"{self.admin_site.name}:articles_article_send_back", args=[obj.pk]
            )
            context["editorial_notes"] = obj.editorial_notes.select_related("revision__user")[:5]
        context["error_summary"] = error_summary(
            context["adminform"].form, context["inline_admin_formsets"]
        )
        conflict = getattr(getattr(request, "story_form_edit", None), "conflict", None)
        if conflict is not None:
            context["conflict"] = conflict
            if conflict.based_on is not None:
                context["conflict_comparison"] = compare(conflict.based_on, conflict.latest)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def delete_model(self, request, obj):
        DeleteStory(obj, by=request.user).execute()

    def delete_queryset(self, request, queryset):
        for article in queryset:
            DeleteStory(article, by=request.user).execute()

    # History, versions and deleted stories: only the stories the policy allows.

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None:
            for name, value in getattr(request, "story_workflow", {}).items():
                setattr(article, name, value)
        return article

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, article):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # Restoring a version brings back the story's words, pictures and
        # quotes, not its place in the workflow: a live story stays live (and
        # stays out of reach of those who may not change it).
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        request.story_workflow = {name: getattr(article, name) for name in WORKFLOW_FIELDS}
        return super().revision_view(request, object_id, version_id, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    # The workflow

    def get_urls(self):
        send_back = path(
            "<path:object_id>/send-back/",
            self.admin_site.admin_view(self.send_back_view),
            name="articles_article_send_back",
        )
        return [send_back, *super().get_urls()]

    def send_back_view(self, request, object_id):
        """An editor sends a story in review back to its reporter, with a note saying why."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_publish_permission(request, article):
            raise PermissionDenied
        form = SendBackForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                article.send_back(by=request.user, note=form.cleaned_data["note"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"“{article}” was sent back to draft with your note.")
                return redirect(f"{self.admin_site.name}:articles_article_change", article.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "form": form,
            "title": f"Send “{article}” back",
        }
        return TemplateResponse(request, "admin/articles/article/send_back.html", context)

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
        except (ValidationError, PermissionDenied) as error:
            refused = "was saved but not" if saved else "was not"
            reason = " ".join(error.messages) if isinstance(error, ValidationError) else error
            messages.error(request, f"“{article}” {refused} {STEPS[step]}: {reason}")
            return False
        if step == "publish" and article.is_embargoed:
            when = localize(localtime(article.embargoed_until))
            messages.success(
                request, f"“{article}” is out to partners, under embargo until {when}."
            )
        elif step == "publish" and not article.is_live:
            when = localize(localtime(article.live_from))
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
