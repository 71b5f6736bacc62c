"""The reader's pages for stories: the front page, a story, a section, a tag."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from newsroom.cache import cached_page
from newsroom.site import current_site, listing_page

from .context_processors import live_sections
from .models import Article, FrontPage, Section, Tag
from .search import clean_query, search_page

STORIES_PER_PAGE = 20
LATEST_ON_FRONT = 10
NEWEST_PER_SECTION = 3


@cached_page
def front(request):
    """
    The front page: the lead and the stories the editors pinned after it
    (``FrontPage``), the latest of the rest, then each section's newest not
    already shown: no story appears twice.
    """
    lineup = FrontPage.objects.lineup(latest=LATEST_ON_FRONT)
    shown = [story.pk for story in lineup.stories]
    prefetch_related_objects(
        live_sections(request),
        Prefetch(
            "articles",
            queryset=Article.objects.live().exclude(pk__in=shown)[:NEWEST_PER_SECTION],
            to_attr="newest_stories",
        ),
    )
    site = current_site(request)
    return render(
        request,
        "front.html",
        {
            "lead": lineup.lead,
            "pinned": lineup.pinned,
            "latest": lineup.latest,
            # A section whose stories are all higher up the page has nothing more to show.
            "sections": [section for section in live_sections(request) if section.newest_stories],
            "canonical_url": site.absolute("/"),
        },
    )


@cached_page
def story(request, slug):
    """A story as readers see it; a story that is not live is not found."""
    article = get_object_or_404(Article.objects.live().for_story_page(), slug=slug)
    site = current_site(request)
    return render(
        request,
        "articles/story.html",
        {
            "article": article,
            "body": article.body_with_quotes(),
            "people_in_story": article.people_in_story(),
            "schema_org": article.schema_org(site),
            "canonical_url": site.absolute(article.get_absolute_url()),
            "current_section": article.section,
        },
    )


def _listing(request, template, stories, **context):
    """A page of stories, newest first, with ``?page=`` to go further back."""
    page, canonical_url = listing_page(request, stories, STORIES_PER_PAGE)
    return render(request, template, {"page": page, "canonical_url": canonical_url, **context})


@cached_page(query_params=("page",))
def section(request, slug):
    """A section's live stories."""
    section = get_object_or_404(Section, slug=slug)
    return _listing(
        request,
        "articles/section.html",
        section.articles.live().for_listing(),
        section=section,
        current_section=section,
    )


@cached_page(query_params=("page",))
def tag(request, slug):
    """A tag's live stories; a tag on no live story is not found."""
    tag = get_object_or_404(Tag.objects.live(), slug=slug)
    return _listing(request, "articles/tag.html", tag.articles.live().for_listing(), tag=tag)


def search(request):
    """
    The reader's search (``?q=``): live stories, best match first, a page at a
    time, each with the passage that matched. A query with nothing to search
    for (empty, or only punctuation) gets the search form back.
    """
    query = clean_query(request.GET.get("q", ""))
    page = search_page(query, request.GET.get("page")) if query else None
    return render(
        request,
        "articles/search.html",
        # The query rides along in the pagination links.
        {"query": query, "page": page, "base_query": urlencode({"q": query})},
    )


def robots(request):
    """``/robots.txt``: crawl everything public, not the admin; here are the sitemaps."""
    site = current_site(request)
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        "",
        f"Sitemap: {site.absolute(reverse('articles:sitemap'))}",
        f"Sitemap: {site.absolute(reverse('articles:sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
