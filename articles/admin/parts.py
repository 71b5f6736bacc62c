"""Pictures and quotes on their own, each edited through its story's edit path."""

from django.contrib import admin

from ..editing import EditStory
from ..forms import (
    CaptionForm,
    QuoteForm,
)
from ..models import (
    Article,
    Caption,
    Quote,
)
from ..policies import story_policy
from .stories import CAPTION_LAYOUT, CaptionPreview


class StoryPartAdmin(admin.ModelAdmin):
    """
    The lists of pictures and quotes across stories. A part is changed as
    its story is, through the edit path and under the story policy: a
    reporter's only in their own unpublished stories, and never so that a
    live story breaks a publication rule.
    """

    list_select_related = ("article",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(article__in=Article.objects.visible_to(request.user))
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        # The story's body may show this part, so it stays with its story.
        return (*readonly, "article") if obj else readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = story_policy.instances_user_has_permission_for(
                request.user, "change"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None
            or story_policy.user_has_permission_for_instance(request.user, "change", obj.article)
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None
            or story_policy.user_has_permission_for_instance(request.user, "change", obj.article)
        )

    def save_model(self, request, obj, form, change):
        form.edit(by=request.user).save()

    def save_related(self, request, form, formsets, change):
        # The people in a picture were saved with it, by the edit path.
        pass

    def delete_model(self, request, obj):
        name = {Caption: "captions", Quote: "quotes"}[type(obj)]
        rows = [row for row in getattr(obj.article, name).all() if row.pk != obj.pk]
        EditStory(obj.article, by=request.user, **{name: rows}).save()

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


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
    fields = ("article", "text", "speaker", "source", "said")
