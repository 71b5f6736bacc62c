"""The reader's pages for people: the index of everyone in the news, and each profile."""

from django.shortcuts import get_object_or_404, render

from newsroom.cache import cached_page
from newsroom.site import current_site, listing_page

from .models import Person

PEOPLE_PER_PAGE = 50


@cached_page(query_params=("page",))
def index(request):
    """Everyone a live story reaches, by name."""
    page, canonical_url = listing_page(request, Person.objects.public(), PEOPLE_PER_PAGE)
    return render(request, "people/index.html", {"page": page, "canonical_url": canonical_url})


@cached_page
def profile(request, slug):
    """A person's profile; someone no live story reaches is not found."""
    person = get_object_or_404(Person.objects.public().for_profile_page(), slug=slug)
    site = current_site(request)
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "schema_org": person.schema_org(site),
            "canonical_url": site.absolute(person.get_absolute_url()),
        },
    )
