"""The site's navigation, on every page, and what the page cache asks of it."""

from functools import partial

from newsroom.cache import live_signature

from .models import Article, Section


def live_sections(request):
    """
    The sections with live stories, in navigation order; looked up once per
    request, as the navigation and the front page both need them. They are
    read from the page cache's state (``live_state``), which holds them, so
    a page asks the database for them only when the state is worked out
    again (or from a state kept before it held them).
    """
    if not hasattr(request, "_live_sections"):
        signature = live_signature(request)
        if signature is None:
            request._live_sections = list(Section.objects.live())
        else:
            request._live_sections = [
                Section(pk=pk, slug=slug, name=name) for pk, slug, name in signature
            ]
    return request._live_sections


def navigation(request):
    """Context processor: ``nav_sections``, looked up only if the page shows it."""
    return {"nav_sections": partial(live_sections, request)}


def live_state(request):
    """
    What the page cache keeps beside its pages (``PAGE_CACHE_LIVE_STATE``),
    computed when content has changed or the clock has passed the last
    moment it gave: which sections have live stories, with the slug and name
    the navigation on every page shows, and the next moment a story goes live
    or comes down by the clock, until which a cached page stays true with
    nothing saved (``Article.objects.timetable()``, one query).
    """
    return Article.objects.timetable()
