"""The editors' pages for people, organisations and careers."""

from django.contrib import admin
from django.utils.html import format_html

from newsroom.policies import PolicyAdminMixin

from .forms import OrganisationForm, PersonForm, TimelineEntryForm
from .models import Organisation, Person, TimelineEntry
from .policies import organisation_policy, person_policy


def thumbnail(image, alt_text):
    """A small preview of a picture, with its alt text, or nothing when there is none."""
    if not image:
        return ""
    return format_html(
        '<img class="portrait-thumbnail" src="{}" alt="{}">',
        image.url,
        alt_text,
    )


class TimelineEntryInline(admin.StackedInline):
    """
    A person's career, edited on their profile: positions, education and
    honours, one stacked entry each so the form fits the screen, each date in
    one box as people write it ("2015", "June 2015", "7 June 2015"). Who may
    change the career is who may change the person (``person_policy``).
    """

    model = TimelineEntry
    form = TimelineEntryForm
    fieldsets = (
        (
            None,
            {
                "fields": (
                    ("kind", "title"),
                    "organisation",
                    "place",
                    ("start", "end"),
                    "period",
                    ("ended_undated", "honours_list"),
                    "note",
                )
            },
        ),
    )
    readonly_fields = ("period",)
    autocomplete_fields = ("organisation",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")

    def _person_allows(self, request, obj):
        return obj is None or person_policy.user_has_permission_for_instance(
            request.user, "change", obj
        )

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self._person_allows(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._person_allows(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._person_allows(request, obj)


class ProfileAdminMixin(PolicyAdminMixin):
    """
    The admin of a kind of profile under ``people.policies.ProfilePolicy``:
    each row is loaded knowing whether a live story shows it (asked once, not
    at every permission check), the list says so, and a profile only editors
    may change says why it is read-only.
    """

    EDITORS_ONLY = (
        "Readers see this in a live story, so only editors can change it. "
        "Ask an editor for the change."
    )

    class Media:
        css = {"all": ["people/admin/profiles.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).with_live_flag()

    @admin.display(boolean=True, description="in a live story", ordering="in_live_story")
    def in_live_story(self, profile):
        return profile.in_live_story

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            (name, options), *rest = fieldsets
            fieldsets = [(name, {**options, "description": self.EDITORS_ONLY}), *rest]
        return fieldsets


@admin.register(Person)
class PersonAdmin(ProfileAdminMixin, admin.ModelAdmin):
    """Profiles of the people in the news and of the reporters who write it."""

    policy = person_policy
    form = PersonForm
    list_display = ("name", "honorific", "description", "in_live_story", "portrait_thumbnail")
    search_fields = ("name", "aliases", "description")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "honorific", "description", "aliases")}),
        (
            "Profile",
            {"fields": ("biography", "origin", "portrait", "portrait_alt_text", "same_as")},
        ),
    )
    inlines = (TimelineEntryInline,)

    @admin.display(description="portrait")
    def portrait_thumbnail(self, person):
        return thumbnail(person.portrait, person.portrait_alt_text)


@admin.register(Organisation)
class OrganisationAdmin(ProfileAdminMixin, admin.ModelAdmin):
    """Police forces, councils, universities, papers… that people's careers run through."""

    policy = organisation_policy
    form = OrganisationForm
    list_display = ("name", "kind", "in_live_story")
    list_filter = ("kind",)
    search_fields = ("name", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "aliases")
