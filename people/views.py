"""
The reader's pages for people: the index of everyone in the news, each
profile, and the paginated lists of all the stories, quotes and pictures a
profile shows only the latest few of.
"""

from django.shortcuts import get_object_or_404, render

from newsroom.cache import LISTS, cached_page, person_tag, tag_request
from newsroom.site import current_site, listing_page

from .models import LATEST_ON_PROFILE, Person

PEOPLE_PER_PAGE = 50
# A person's lists come in pages of fixed size: no reader can ask for more.
STORIES_PER_PAGE = 20
QUOTES_PER_PAGE = 20
PICTURES_PER_PAGE = 20


@cached_page(query_params=("page",))
def index(request):
    """Everyone a live story reaches, by name."""
    page, canonical_url = listing_page(request, Person.objects.public(), PEOPLE_PER_PAGE)
    return render(request, "people/index.html", {"page": page, "canonical_url": canonical_url})


@cached_page
def profile(request, slug):
    """A person's profile; someone no live story reaches is not found."""
    person = get_object_or_404(Person.objects.public().for_profile_page(), slug=slug)
    person.read_latest()
    # Their own, and a list: it shows their latest stories, quotes and pictures.
    tag_request(request, person_tag(person.pk), LISTS)
    site = current_site(request)
    return render(
        request,
        "people/profile.html",
        {
            "person": person,
            "latest": LATEST_ON_PROFILE,
            "schema_org": person.schema_org(site),
            "canonical_url": site.absolute(person.get_absolute_url()),
        },
    )


def _person_list(request, slug, template, items, per_page):
    """A page of one of a public person's lists, ``items(person)``."""
    person = get_object_or_404(Person.objects.public(), slug=slug)
    tag_request(request, person_tag(person.pk), LISTS)
    page, canonical_url = listing_page(request, items(person), per_page)
    return render(
        request, template, {"person": person, "page": page, "canonical_url": canonical_url}
    )


@cached_page(query_params=("page",))
def stories(request, slug):
    """Every live story a person is in, newest first."""
    return _person_list(
        request,
        slug,
        "people/stories.html",
        lambda person: person.stories_featuring().for_listing(),
        STORIES_PER_PAGE,
    )


@cached_page(query_params=("page",))
def quotes(request, slug):
    """Every live quote of a person's, newest story first."""
    return _person_list(request, slug, "people/quotes.html", Person.quotes_said, QUOTES_PER_PAGE)


@cached_page(query_params=("page",))
def pictures(request, slug):
    """Every live picture of a person, newest story first."""
    return _person_list(
        request, slug, "people/pictures.html", Person.pictures_of, PICTURES_PER_PAGE
    )
