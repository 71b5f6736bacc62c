"""
The page cache: each public page is rendered once and served from the cache
until something it shows changes.

A cached page is keyed by its URL and by two things that change when content
does:

- the content *generation*, a token in the cache that every save or delete of
  a story, picture, quote, person… replaces (see ``content_changed``; each app
  connects it to its own models in its ``signals`` module). A page cached
  under an older generation is never read again.
- the *live state* (``PAGE_CACHE_LIVE_STATE``, a function of the request): a
  scheduled story goes live when its time comes, with nothing saved, so each
  request asks the database, in one query, what is live now.

Only anonymous readers are served from the cache; logged-in editors always get
a fresh page. Every page carries an ETag, and a browser that sends it back
gets 304 Not Modified.

The cache is Django's default cache: in production it must be one the web
processes share (``CACHE_URL=redis://…``), or an edit invalidates only the
pages of the process that saved it.
"""

import hashlib
import uuid
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.module_loading import import_string

GENERATION_KEY = "newsroom:content-generation"


def generation():
    """The current content generation (a token that changes on every content edit)."""
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        token = cache.get(GENERATION_KEY)
    return token


def bump():
    """Start a new content generation: every page cached so far is stale."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def content_changed(sender, using=None, **kwargs):
    """
    Receiver for post_save, post_delete and m2m_changed of every model a page
    shows. It bumps the generation at once and again when the transaction
    commits, so that a page rendered meanwhile from the old rows is not kept.
    """
    bump()
    transaction.on_commit(bump, using=using)


def live_state_key(request):
    """What is live now, as ``PAGE_CACHE_LIVE_STATE`` reports it, hashed for a key."""
    state = import_string(settings.PAGE_CACHE_LIVE_STATE)(request)
    return hashlib.md5(repr(state).encode(), usedforsecurity=False).hexdigest()


def page_key(request, query_params=()):
    """
    The cache key of the page at this request's URL. Only the named query
    parameters count, so made-up ones cannot fill the cache.
    """
    query = urlencode([(name, request.GET[name]) for name in query_params if name in request.GET])
    url = f"{request.build_absolute_uri(request.path)}?{query}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return f"newsroom:page:{generation()}:{live_state_key(request)}:{digest}"


def _cacheable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def cached_page(view=None, *, query_params=()):
    """
    Serve a public page from the cache to anonymous readers, render it for
    everyone else, and answer a matching If-None-Match with 304. Use as
    ``@cached_page`` or ``@cached_page(query_params=("page",))``.
    """
    if view is None:
        return lambda view: cached_page(view, query_params=query_params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        else:
            key = page_key(request, query_params)
            response = cache.get(key)
            if response is None:
                response = view(request, *args, **kwargs)
                if _cacheable(response):
                    set_response_etag(response)
                    patch_cache_control(response, max_age=0, must_revalidate=True)
                    cache.set(key, response, settings.PAGE_CACHE_TIMEOUT)
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    return wrapper
