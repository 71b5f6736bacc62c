"""The editors' pages for people, organisations and careers."""

from django.contrib import admin
from django.utils.html import format_html

from newsroom.policies import PolicyAdminMixin

from .forms import OrganisationForm, PersonForm
from .models import Organisation, Person, TimelineEntry
from .policies import organisation_policy, person_policy


def thumbnail(image, alt_text):
    """A small preview of a picture, with its alt text, or nothing when there is none."""
    if not image:
        return ""
    return format_html(
        '<img src="{}" alt="{}" style="max-width: 120px; max-height: 80px">',
        image.url,
        alt_text,
    )


class TimelineEntryInline(admin.TabularInline):
    """A person's career, edited on their profile: positions, education and honours."""

    model = TimelineEntry
    fields = (
        "kind",
        "title",
        "organisation",
        "place",
        "start_date",
        "start_precision",
        "end_date",
        "end_precision",
        "ended_undated",
        "honours_list",
        "note",
        "period",
    )
    readonly_fields = ("period",)
    autocomplete_fields = ("organisation",)
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


@admin.register(Person)
class PersonAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Profiles of the people in the news and of the reporters who write it."""

    policy = person_policy
    form = PersonForm
    list_display = ("name", "honorific", "description", "portrait_thumbnail")
    search_fields = ("name", "aliases", "description")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "honorific", "description", "aliases")}),
        ("Profile", {"fields": ("biography", "origin", "portrait", "portrait_alt_text")}),
    )
    inlines = (TimelineEntryInline,)

    @admin.display(description="portrait")
    def portrait_thumbnail(self, person):
        return thumbnail(person.portrait, person.portrait_alt_text)


@admin.register(Organisation)
class OrganisationAdmin(PolicyAdminMixin, admin.ModelAdmin):
    """Police forces, councils, universities, papers… that people's careers run through."""

    policy = organisation_policy
    form = OrganisationForm
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "aliases")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "aliases")
