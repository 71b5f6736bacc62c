"""The site's navigation, on every page, and what the page cache asks of it."""

from functools import partial

from .models import Section


def live_sections(request):
    """
    The sections with live stories, in navigation order; looked up once per
    request, as the page cache and the navigation both need them.
    """
    if not hasattr(request, "_live_sections"):
        request._live_sections = list(Section.objects.with_live_stories())
    return request._live_sections


def navigation(request):
    """Context processor: ``nav_sections``, looked up only if the page shows it."""
    return {"nav_sections": partial(live_sections, request)}


def live_counts(request):
    """
    What is live now, for the page cache's key (``PAGE_CACHE_LIVE_STATE``):
    how many stories each section has live, the newest one's time and when
    its last story expired. A scheduled or embargoed story coming due, or a
    story reaching its expiry time, changes it, though nothing was saved.
    """
    return [
        (
            section.pk,
            section.live_count,
            section.latest_published_at,
            section.latest_expired_at,
        )
        for section in live_sections(request)
    ]
