"""
The people endpoints: everyone a live story reaches, each with a profile, and
the organisations in their careers. Anyone may read them; nobody writes
through them. What is public is ``Person.objects.public()`` and
``Organisation.objects.public()``, for every caller alike.
"""

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, viewsets

from newsroom.api import CachedReadMixin
from people.models import Organisation, Person

from .filters import OrganisationFilter, PersonFilter
from .serializers import OrganisationSerializer, PersonDetailSerializer, PersonSerializer

PERSON_SLUG = OpenApiParameter(
    "slug",
    str,
    OpenApiParameter.PATH,
    description="The person's slug, as in their profile's address.",
    examples=[OpenApiExample("Mike Barton", value="mike-barton")],
)


@extend_schema_view(
    list=extend_schema(summary="People in the news", description=PersonSerializer.__doc__),
    retrieve=extend_schema(
        summary="A person's profile",
        description=PersonDetailSerializer.__doc__,
        parameters=[PERSON_SLUG],
    ),
)
class PersonViewSet(CachedReadMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filterset_class = PersonFilter
    ordering_fields = ["name", "updated_at"]

    def get_queryset(self):
        people = Person.objects.public()
        if self.action == "retrieve":
            people = people.for_profile_page()
        return people

    def get_serializer_class(self):
        return PersonDetailSerializer if self.action == "retrieve" else PersonSerializer

    def get_object(self):
        # The latest quotes and stories the profile shows, read for this one person.
        return super().get_object().read_latest()


@extend_schema_view(
    list=extend_schema(summary="Organisations", description=OrganisationSerializer.__doc__)
)
class OrganisationViewSet(CachedReadMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilter
    ordering_fields = ["name"]

    def get_queryset(self):
        # Asked at each request: what is public changes as stories go live.
        return Organisation.objects.public()
