"""The filters of the people endpoints, documented in the API schema by their help text."""

from django.db.models import Q
from django_filters import rest_framework as filters

from newsroom.api import SlugFilter
from people.models import Organisation, Person, TimelineEntry


class PersonFilter(filters.FilterSet):
    organisation = SlugFilter(
        field_name="timeline__organisation__slug",
        distinct=True,
        help_text="People whose career includes this organisation (its slug). "
        "A slug that matches nothing gives an empty list.",
    )
    position = filters.CharFilter(
        method="filter_position",
        max_length=255,
        help_text="People who have held a position whose title contains this "
        "(any case), e.g. `chief constable`.",
    )
    q = filters.CharFilter(
        method="filter_q",
        max_length=200,
        help_text="People whose name, description or aliases contain this (any case).",
    )

    class Meta:
        model = Person
        fields = ["organisation", "position", "q"]

    def filter_position(self, queryset, name, value):
        return queryset.filter(
            timeline__kind=TimelineEntry.Kind.POSITION, timeline__title__icontains=value
        ).distinct()

    def filter_q(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(description__icontains=value)
            | Q(aliases__icontains=value)
        )


class OrganisationFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(
        choices=Organisation.Kind.choices, help_text="Only organisations of this kind."
    )

    class Meta:
        model = Organisation
        fields = ["kind"]
