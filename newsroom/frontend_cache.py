"""
Telling shared caches (Varnish, a CDN) to drop what changed, as the page
cache (``newsroom.cache``) drops its own pages.

Public pages, feeds, sitemaps and API answers name what they show in
``Surrogate-Key`` and ``Cache-Tag`` (``all``, ``lists``, ``story:<id>``,
``person:<id>``). After each transaction that changes content commits,
``purge()`` hands the tags it touched, and the addresses of the stories it
changed, to the purger ``FRONTEND_CACHE_PURGER`` names (a dotted path to a
class with ``purge(tags, urls)``):

- ``NoPurger`` (the default): nothing to tell.
- ``HTTPPurger``: Varnish. A ``PURGE`` request to ``FRONTEND_CACHE_PURGE_URL``
  with the tags in ``xkey`` and ``Surrogate-Key`` (for vmod-xkey's
  ``xkey.purge()``), and one per address, with its path and the site's host.
- ``CloudflarePurger``: Cloudflare's API, purge by ``Cache-Tag`` and by
  address, in zone ``CLOUDFLARE_ZONE_ID`` with ``CLOUDFLARE_API_TOKEN``.

Nothing is purged when a story goes live or comes down by the clock, as
nothing is saved: the response's ``s-maxage`` never runs past the next such
moment (``newsroom.cache.shared_cache_control``). A purge that fails is
logged; the content is saved all the same, and shared caches hold the old
page at most ``PAGE_SHARED_MAX_AGE`` seconds.
"""

import json
import logging
import urllib.request
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

from newsroom.site import current_site

logger = logging.getLogger("newsroom.frontend_cache")

# How long a purge request may take before it is given up (seconds).
TIMEOUT = 5


def purge(tags, paths=()):
    """Purge ``tags`` and the pages at ``paths`` through ``FRONTEND_CACHE_PURGER``."""
    site = current_site()
    urls = sorted(site.absolute(path) for path in paths)
    purger = import_string(settings.FRONTEND_CACHE_PURGER)()
    try:
        purger.purge(sorted(tags), urls)
    except Exception:
        logger.exception("Could not purge %s from the shared caches", ", ".join(sorted(tags)))


class NoPurger:
    """No shared cache to tell."""

    def purge(self, tags, urls):
        pass


def _send(request):
    with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310 (our setting)
        return response.status


class HTTPPurger:
    """Varnish (or any cache that takes ``PURGE``): by surrogate key, then by address."""

    def __init__(self, url=None):
        self.url = url or settings.FRONTEND_CACHE_PURGE_URL

    def purge(self, tags, urls):
        if not self.url:
            raise ValueError("Set FRONTEND_CACHE_PURGE_URL to purge through HTTPPurger.")
        if tags:
            keys = " ".join(tags)
            _send(
                urllib.request.Request(
                    self.url, method="PURGE", headers={"xkey": keys, "Surrogate-Key": keys}
                )
            )
        for url in urls:
            address = urlsplit(url)
            headers = {"Host": address.netloc} if address.netloc else {}
            path = address.path + (f"?{address.query}" if address.query else "")
            _send(urllib.request.Request(urljoin(self.url, path), method="PURGE", headers=headers))


class CloudflarePurger:
    """Cloudflare: purge by cache tag and by address, as many as one call may take at a time."""

    API = "https://api.cloudflare.com/client/v4/zones/{zone}/purge_cache"
    # The most tags, or addresses, one purge_cache call may name.
    BATCH = 30

    def __init__(self, zone=None, token=None):
        self.zone = zone or settings.CLOUDFLARE_ZONE_ID
        self.token = token or settings.CLOUDFLARE_API_TOKEN

    def purge(self, tags, urls):
        if not (self.zone and self.token):
            raise ValueError(
                "Set CLOUDFLARE_ZONE_ID and CLOUDFLARE_API_TOKEN to purge Cloudflare."
            )
        for field, items in (
            ("tags", list(tags)),
            ("files", [url for url in urls if "://" in url]),
        ):
            for start in range(0, len(items), self.BATCH):
                self.call({field: items[start : start + self.BATCH]})

    def call(self, body):
        request = urllib.request.Request(
            self.API.format(zone=self.zone),
            data=json.dumps(body).encode(),
            method="POST",
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
            },
        )
        return _send(request)
