"""
The reader's pages for stories: the front page, a story, a section, a tag,
the corrections.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from newsroom.cache import cached_page, object_tags, tag_request
from newsroom.site import current_site, listing_page

from .context_processors import live_sections
from .models import Article, Correction, FrontPage, Section, ShareLink, Tag
from .policies import story_policy
from .previews import PREVIEW_HEADERS, banner
from .search import clean_query, search_page

STORIES_PER_PAGE = 20
CORRECTIONS_PER_PAGE = 20
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
    newest = (
        Article.objects.live()
        .exclude(pk__in=shown)
        .newest_in_sections(live_sections(request), NEWEST_PER_SECTION)
    )
    for section in live_sections(request):
        section.newest_stories = newest[section.pk]
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
    """
    A story as readers see it; a story that is not live is not found, unless
    it has expired or moved (``story_elsewhere()``).
    """
    try:
        article = Article.objects.live().for_story_page().get(slug=slug)
    except Article.DoesNotExist:
        return story_elsewhere(request, slug)
    # Its own page and its people's: an edit to another story, or to someone
    # it does not name, leaves it in the cache.
    tag_request(request, *object_tags(article))
    return render(request, "articles/story.html", story_context(request, article))


# How long browsers and shared caches may keep a story's "gone" page, and the
# redirect from an old address: not long, as an editor may move the expiry
# time or take the old slug back.
GONE_MAX_AGE = 60
MOVED_MAX_AGE = 3600


def story_elsewhere(request, slug):
    """
    A story's address where no live story is: ``410 Gone`` (a page that says
    the story is no longer available, and nothing of it) when the story there
    has passed its expiry time; a ``301`` to the story's address now when
    ``slug`` is one a live story had before a rewrite (for GET and HEAD: a
    form posted to an old address is not carried over); else 404.
    """
    article = Article.objects.only(
        "slug", "status", "published_at", "embargoed_until", "expires_at"
    ).at_address(slug)
    if article is not None and article.is_expired:
        response = render(request, "articles/gone.html", {"noindex": True}, status=410)
        patch_cache_control(response, max_age=GONE_MAX_AGE)
        return response
    if (
        article is not None
        and article.slug != slug
        and article.is_live
        and request.method in ("GET", "HEAD")
    ):
        query = request.META.get("QUERY_STRING")
        url = article.get_absolute_url() + (f"?{query}" if query else "")
        response = HttpResponsePermanentRedirect(url)
        patch_cache_control(response, max_age=MOVED_MAX_AGE)
        return response
    raise Http404("No story at this address.")


def story_context(request, article):
    """
    What the story page shows of ``article`` (read through
    ``for_story_page()``): the same for readers and for a preview.
    """
    site = current_site(request)
    body = article.body_with_quotes()
    # Each speaker's page, worked out once however often they are quoted: the
    # body links every quote and pull quote to it.
    speaker_urls = {}
    for quote in article.quotes.all():
        if quote.speaker_id not in speaker_urls:
            speaker_urls[quote.speaker_id] = quote.speaker.get_absolute_url()
        quote.speaker_url = speaker_urls[quote.speaker_id]
    return {
        "article": article,
        "body": body,
        "people_in_story": article.people_in_story(),
        "schema_org": article.schema_org(site),
        "canonical_url": site.absolute(article.get_absolute_url()),
        "current_section": article.section,
    }


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


@cached_page(query_params=("page",))
def corrections(request):
    """
    Every correction, clarification and update printed with a live story,
    newest first, each linked to its story.
    """
    page, canonical_url = listing_page(
        request, Correction.objects.live().newest_first(), CORRECTIONS_PER_PAGE
    )
    return render(
        request, "articles/corrections.html", {"page": page, "canonical_url": canonical_url}
    )


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


# Previews: never through the page cache (cached_page), always private and noindex.


def _preview_page(request, article, link=None, edit_url=""):
    """
    ``article`` (read through ``for_story_page()``) on its own page template
    with the preview banner. A story that has gone live meanwhile is not
    previewed: its page is what everyone should read.
    """
    if article.is_live:
        response = redirect(article.get_absolute_url())
    else:
        context = {
            **story_context(request, article),
            "preview": banner(article, link=link, edit_url=edit_url),
            "noindex": True,
        }
        response = render(request, "articles/story.html", context)
    for header, value in PREVIEW_HEADERS.items():
        response[header] = value
    return response


@require_safe
def preview(request, pk):
    """
    A story that is not live, as readers will see it, for those the story
    policy lets preview it: editors, and the reporter who started it. Someone
    signed out is sent to sign in; an account that may not preview the story
    finds nothing, as if there were no such story.
    """
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    article = get_object_or_404(Article.objects.for_story_page(), pk=pk)
    if not article.is_live and not story_policy.user_has_permission_for_instance(
        request.user, "preview", article
    ):
        raise Http404("No such story.")
    edit_url = reverse("admin:articles_article_change", args=[article.pk])
    return _preview_page(request, article, edit_url=edit_url)


@require_safe
def shared_preview(request, token):
    """
    The preview a share link opens, for anyone holding it, signed in or not.
    A link that is expired, revoked, mistyped or made up is the site's plain
    404, which says nothing of any story.
    """
    link = ShareLink.objects.valid().for_token(token).first()
    if link is None:
        raise Http404("No such link.")
    article = Article.objects.for_story_page().get(pk=link.article_id)
    return _preview_page(request, article, link=link)
