"""The front page the editors arrange: the lead, then the stories pinned after it."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import formats, timezone

from ..models import (
    FrontPage,
    FrontPageSlot,
)
from ..policies import story_policy
from .stories import story_state


class FrontPageSlotForm(forms.ModelForm):
    """One pinned story and its place on the front page."""

    class Meta:
        model = FrontPageSlot
        fields = ("position", "article")

    def validate_unique(self):
        # The pinned stories are replaced as a whole (FrontPage.arrange()): a
        # story moving to the place another leaves is no clash. The lineup as
        # a whole is checked by the formset, with FrontPage.check_lineup().
        pass


class FrontPageSlotFormSet(forms.BaseInlineFormSet):
    """The pinned stories, read in the order of their places and checked as one lineup."""

    def get_form_kwargs(self, index):
        # An empty row offers the next place, so that an editor only picks the story.
        kwargs = super().get_form_kwargs(index)
        if index is not None and index >= self.initial_form_count():
            kwargs["initial"] = {"position": index + 1}
        return kwargs

    def validate_unique(self):
        # A place typed twice is read in the rows' order; a story pinned twice
        # is refused in clean(), in the newsroom's words.
        pass

    def lineup(self):
        """The stories to pin, in the order of their places (rows sharing one keep their order)."""
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data.get("article") and not form.cleaned_data.get("DELETE")
        ]
        return [row["article"] for row in sorted(rows, key=lambda row: row["position"])]

    def clean(self):
        super().clean()
        if not any(self.errors):
            FrontPage.check_lineup(self.lineup())


class FrontPageSlotInline(admin.TabularInline):
    """The stories pinned to the front page, by place: place 1 is the lead."""

    model = FrontPageSlot
    form = FrontPageSlotForm
    formset = FrontPageSlotFormSet
    fields = ("position", "article", "on_the_page")
    readonly_fields = ("on_the_page",)
    autocomplete_fields = ("article",)
    extra = 3
    max_num = FrontPage.MOST_PINNED

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description="on the page")
    def on_the_page(self, slot):
        """Whether readers see the pinned story now, and if not, why not."""
        if not slot.pk:
            return ""
        article = slot.article
        if article.is_live:
            return "Shown"
        state, words = story_state(article)
        if state == "expired":
            return f"No longer: {words.lower()}"
        if state in ("scheduled", "embargoed"):
            return f"Not yet: {words[0].lower()}{words[1:]}"
        return f"Skipped until published: {article.get_status_display().lower()}"

    # Pinned stories are the front page's rows: who may arrange it may change them.
    def has_view_permission(self, request, obj=None):
        return story_policy.user_has_permission(request.user, "front_page")

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    """
    Where editors choose the lead story and pin a few more in order; the rest
    of the live stories follow, newest first. Only those the story policy
    lets choose the front page (editors) see it. Saving arranges the front
    page through ``FrontPage.arrange()``: one version, recording who and when.
    """

    inlines = [FrontPageSlotInline]
    fields = ("readers_see", "last_arranged")
    readonly_fields = fields

    @admin.display(description="readers see")
    def readers_see(self, front_page):
        """The lead and the pinned stories now live, as the front page shows them."""
        lineup = FrontPage.objects.lineup(latest=0)
        if not lineup.stories:
            return "No live story yet."
        lead, *others = lineup.stories
        return "; ".join([f"Lead: {lead}", *(f"then {story}" for story in others)])

    @admin.display(description="last arranged")
    def last_arranged(self, front_page):
        if not front_page.arranged_at:
            return "Never: the newest story leads."
        when = formats.localize(timezone.localtime(front_page.arranged_at))
        return f"{when} by {front_page.arranged_by or 'the system'}"

    def has_view_permission(self, request, obj=None):
        return story_policy.user_has_permission(request.user, "front_page")

    has_change_permission = has_view_permission

    # There is one front page, made on first use; it is never added or deleted.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """The one front page has no list: it opens at once."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        front_page = FrontPage.objects.current()
        return redirect(reverse("admin:articles_frontpage_change", args=[front_page.pk]))

    def save_model(self, request, obj, form, change):
        # Saved with its pinned stories by arrange(), in save_related().
        pass

    def save_related(self, request, form, formsets, change):
        (slots,) = formsets
        form.instance.arrange(slots.lineup(), by=request.user)

    def construct_change_message(self, request, form, formsets, add=False):
        if any(formset.has_changed() for formset in formsets):
            return [{"changed": {"fields": ["pinned stories"]}}]
        return []
