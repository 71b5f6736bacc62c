"""
The page cache: each public page, sitemap and anonymous API answer is
rendered once and served from the cache until something it shows changes,
with no database query on a hit.

A cached page is stored under its URL (with the query parameters its view
names, and for an API answer its media type: ``page_key()``) with three
things that say whether it may still be served:

- its *tags*, what it shows (``story:<id>`` on a story's page and API
  detail, ``person:<id>`` on every page and answer that names a person: their
  profile and its lists, the stories they are in, are quoted in or bylined
  to; ``lists`` on every page that lists stories or people, sitemaps too;
  ``all`` on every page), each with the version the tag had when the page
  was rendered. A change to content gives each tag it touches a new version
  (``content_changed``; each app connects it to its own models in its
  ``signals`` module), so only the pages showing it are rendered again: an
  edit to one story leaves every other story's page in the cache, an edit to
  a person (or their career) every story's page that does not name them. A
  change this module cannot trace to one story or person (a section, a tag,
  an organisation, the front page's lineup) touches ``all``.
- the *state* token: what the clock has done to the site. Stories go live and
  come down by the clock alone (a publication time, an embargo's end, an
  expiry), with nothing saved. Beside the pages the cache keeps the state
  (``PAGE_CACHE_LIVE_STATE`` computes it: the next moment any story's
  visibility changes, and which sections the navigation shows); a hit only
  compares ``timezone.now()`` with that moment. When it has passed, the state
  moves on and every page rendered before it is rendered again. The state is
  computed again after content changes (it may have scheduled a story or
  emptied a section) by the next request, which marks nothing else stale.

So a hit reads the state and the page (one ``get_many``), then the versions of
the page's tags (a second), and asks the database nothing. Views use it through
``cached_page`` (pages, sitemaps) or, in the API, ``newsroom.api.CachedReadMixin``,
both built on ``cached()`` and ``store()``; ``PageCacheMiddleware`` answers
most hits before the request reaches them (or sessions, CSRF, authentication
and URL resolving), and keeps what they render as it is sent, compressed once.
Under the same state and tags it keeps what a list says about itself (its
count: ``list_fact()``), for every page of the list.

Only anonymous readers are served from the cache; logged-in editors always get
a fresh, private page, and API callers with a token a fresh, private answer.
Every page carries an ETag, and a browser that sends it back gets 304 Not
Modified. Public pages say how long a shared cache (a CDN, Varnish) may keep
them (``shared_cache_control``) and name their tags in ``Surrogate-Key`` and
``Cache-Tag``, by which ``newsroom.frontend_cache`` purges them when content
changes.

The cache is Django's default cache: in production it must be one the web
processes share (``CACHE_URL=redis://…``), or an edit invalidates only the
pages of the process that saved it.
"""

import hashlib
import math
import threading
import uuid
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.exception import response_for_exception
from django.db import transaction
from django.http import Http404, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag
from django.utils.module_loading import import_string

from accounts.sessions import signed_in
from newsroom.compression import compressed

# The tags every page carries, and every page listing stories or people.
ALL = "all"
LISTS = "lists"

STATE_KEY = "newsroom:page-state"
# Set by a content change: the state must be computed again before it is trusted.
STALE_KEY = "newsroom:page-state-stale"
# The last moment the clock was seen to pass (or a token, if it was lost).
EPOCH_KEY = "newsroom:page-epoch"
PAGE_KEY = "newsroom:page:{}"
TAG_KEY = "newsroom:tag:{}"
LIST_FACT_KEY = "newsroom:list-fact:{}"

# How many characters of tags a Surrogate-Key or Cache-Tag header may hold
# (Fastly allows 16 KB, Cloudflare 16 KB in all; well under both).
SURROGATE_KEY_MAX = 1024


def story_tag(pk):
    return f"story:{pk}"


def person_tag(pk):
    return f"person:{pk}"


# Tags and their versions


def tag_versions(tags):
    """The current version of each tag, giving one to a tag that has none yet."""
    keys = {TAG_KEY.format(tag): tag for tag in tags}
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    return {keys[key]: version for key, version in found.items()}


def invalidate(tags, stale=False):
    """
    Give each tag a new version: no page rendered before shows as current.
    With ``stale``, the state is to be computed again too (content changed).
    """
    values = {TAG_KEY.format(tag): uuid.uuid4().hex for tag in tags}
    if stale:
        values[STALE_KEY] = True
    cache.set_many(values, None)


def tag_request(request, *tags):
    """Say that the page being rendered for ``request`` shows ``tags`` (for views)."""
    if not hasattr(request, "_cache_tags"):
        request._cache_tags = set()
    request._cache_tags.update(tags)


def tags_of(request):
    """What the page rendered for ``request`` shows: ``lists`` unless the view said."""
    return {ALL, *(getattr(request, "_cache_tags", None) or {LISTS})}


# Content changes


def changed_tags(sender, instance=None, **kwargs):
    """
    The tags a change to ``instance`` touches: a story, or a row of one (its
    body, a picture, a quote, a correction, a person named in it, a place on
    the front page), touches its own page and every list; a person, or a row
    of their career, touches the pages that show them and every list (lists
    name people); anything else (a section, a tag, an organisation), or a
    change whose row is not known, touches every page.
    """
    story_ids, person_ids = set(), set()
    if instance is not None:
        label = instance._meta.label
        if label == "articles.Article":
            story_ids.add(instance.pk)
        elif getattr(instance, "article_id", None) is not None:
            story_ids.add(instance.article_id)
        elif label == "people.Person":
            person_ids.add(instance.pk)
        elif getattr(instance, "person_id", None) is not None:
            person_ids.add(instance.person_id)
        if kwargs.get("reverse") and kwargs.get("model") is not None:
            # An m2m change from the other side (a tag's stories): pk_set are stories.
            if kwargs["model"]._meta.label == "articles.Article":
                story_ids = set(kwargs.get("pk_set") or ())
            else:
                story_ids = set()
            person_ids = set()
    if story_ids and None not in story_ids:
        return {LISTS, *(story_tag(pk) for pk in story_ids)}
    if person_ids and None not in person_ids:
        return {LISTS, *(person_tag(pk) for pk in person_ids)}
    return {ALL}


# The tags changed in each database's transaction (per thread), not yet
# invalidated after commit.
_local = threading.local()


def content_changed(sender, instance=None, using=None, **kwargs):
    """
    Receiver for post_save, post_delete and m2m_changed of every model a page
    shows (and called directly after writes that send no signals, with the
    story as ``instance`` where there is one). It invalidates the tags the
    change touches at once and again when the transaction commits, so that a
    page rendered meanwhile from the old rows is not kept; marks the state to
    be computed again; and, after commit, tells shared caches to drop the
    pages (``newsroom.frontend_cache``). A transaction saving many rows does
    the after-commit part once.
    """
    alias = using or "default"
    tags = changed_tags(sender, instance, **kwargs)
    if not hasattr(_local, "pending"):
        _local.pending = {}
    pending = _local.pending.setdefault(alias, {"tags": set(), "urls": set()})
    invalidate(tags, stale=True)
    pending["tags"] |= tags
    url = _public_url(instance)
    if url:
        pending["urls"].add(url)
    transaction.on_commit(lambda: _after_commit(alias), using=using)


def _public_url(instance):
    if instance is None or instance._meta.label != "articles.Article" or not instance.slug:
        return None
    return instance.get_absolute_url()


def _after_commit(alias):
    pending = getattr(_local, "pending", {}).pop(alias, None)
    if not pending or not pending["tags"]:
        # An earlier callback of the same transaction did it all.
        return
    invalidate(pending["tags"], stale=True)
    from newsroom.frontend_cache import purge

    purge(pending["tags"], pending["urls"])


# The state: what the clock has done


def current_state(request, state=None, stale=False):
    """
    The state pages are cached under: ``state`` and ``stale`` as read from the
    cache, computed again (and stored) when missing, stale, or when the moment
    it was waiting for has passed.
    """
    now = timezone.now()
    passed = state is not None and state["next_change"] is not None and now >= state["next_change"]
    if state is not None and not stale and not passed:
        return state
    if passed:
        # Every process that sees this moment pass moves to the same epoch.
        cache.set(EPOCH_KEY, state["next_change"].isoformat(), None)
    elif state is None:
        # Nothing says what the clock did while the state was gone: start afresh.
        cache.set(EPOCH_KEY, uuid.uuid4().hex, None)
    cache.delete(STALE_KEY)
    signature, next_change = import_string(settings.PAGE_CACHE_LIVE_STATE)(request)
    epoch = cache.get(EPOCH_KEY)
    if epoch is None:
        epoch = uuid.uuid4().hex
        cache.add(EPOCH_KEY, epoch, None)
        epoch = cache.get(EPOCH_KEY, epoch)
    token = hashlib.md5(repr((epoch, signature)).encode(), usedforsecurity=False).hexdigest()
    state = {"token": token, "next_change": next_change, "signature": signature}
    cache.set(STATE_KEY, state, None)
    return state


# Pages


def page_key(request, query_params=(), variant=""):
    """
    The cache key of the page at this request's URL. Only the named query
    parameters count, so made-up ones cannot fill the cache; ``variant``
    tells apart answers at one URL (an API answer's media type).
    """
    query = urlencode(
        [(name, request.GET[name]) for name in sorted(query_params) if name in request.GET]
    )
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query} {variant}"
    digest = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
    return PAGE_KEY.format(digest)


def _cacheable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def cached(request, key):
    """
    The state now and what the cache holds under ``key`` if it may still be
    served (else None): one ``get_many`` for both, a second for the tags'
    versions, and no database query unless the state must be computed again.
    """
    found = cache.get_many([STATE_KEY, STALE_KEY, key])
    state = current_state(request, found.get(STATE_KEY), found.get(STALE_KEY, False))
    request._page_cache_state = state
    entry = found.get(key)
    return state, entry if _current(entry, state) else None


def live_signature(request):
    """
    What ``PAGE_CACHE_LIVE_STATE`` gave for the state the page for
    ``request`` is rendered under: the page cache read it before the view
    ran; a page it does not keep (a search, a preview, an editor's) reads it
    here, from the cache.
    """
    state = getattr(request, "_page_cache_state", None)
    if state is None:
        found = cache.get_many([STATE_KEY, STALE_KEY])
        state = current_state(request, found.get(STATE_KEY), found.get(STALE_KEY, False))
        request._page_cache_state = state
    return state.get("signature")


def list_fact(name, work_out, request=None):
    """
    What a public list says about itself that the database takes time to
    work out on a large archive (how many rows it holds, across all its
    pages; when a sitemap last changed), kept for ``LIST_FACT_TIMEOUT``
    seconds under ``name``, the state and the versions of ``lists`` and
    ``all``: it is worked out again (``work_out()``) once content changes
    (every change gives one of them a new version) or the clock moves a story
    in or out. Counting 94,000 live stories takes PostgreSQL about 35 ms even
    from an index alone; kept, every page of the list, in every page size and
    format, shares one count, and a page rendered again (its entry dropped by
    an edit elsewhere, expired, or never kept, as in ``make bench``'s uncached
    run) does not count again. The first to render a list after a change does.

    Only for lists that are the same for every reader who gets ``name``
    (anonymous ones), and that nothing but content and the state change: not
    the last two days' stories, which the clock shortens with nothing
    going live or coming down. ``request`` lends the state it was served
    under, if the page cache read it.
    """
    state = getattr(request, "_page_cache_state", None)
    keys = [TAG_KEY.format(ALL), TAG_KEY.format(LISTS)]
    found = cache.get_many(keys if state else [*keys, STATE_KEY, STALE_KEY])
    if state is None:
        state = current_state(request, found.get(STATE_KEY), found.get(STALE_KEY, False))
    if any(key not in found for key in keys):
        versions = tag_versions([ALL, LISTS])
        found = {TAG_KEY.format(tag): version for tag, version in versions.items()}
    identity = repr((state["token"], [found[key] for key in keys], name))
    key = LIST_FACT_KEY.format(hashlib.md5(identity.encode(), usedforsecurity=False).hexdigest())
    kept = cache.get(key)
    if kept is not None:
        return kept[0]
    value = work_out()
    # In a tuple, so that a fact that is None is kept too.
    cache.set(key, (value,), settings.LIST_FACT_TIMEOUT)
    return value


def store(request, key, state, tags, response, **extra):
    """
    Keep ``response`` (rendered) under ``key`` for the readers that come
    after, as current while ``state`` holds and no tag in ``tags`` changes;
    ``extra`` is kept beside it for the one who serves it. Behind
    ``PageCacheMiddleware`` it is kept by the middleware, once the
    middleware between the two has finished the response (``_as_finished()``),
    so that the middleware can serve it as it was sent.
    """
    entry = {"token": state["token"], "tags": tag_versions(tags), "response": _as_sent(response)}
    entry.update(extra)
    if getattr(request, "_page_cache_keeps", False):
        request._page_cache_entry = (key, entry)
    else:
        cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
    return entry


def _as_sent(response):
    """
    ``response`` as a reader gets it, its status, headers and body, without
    what made it (an API answer's data, a template's context): each hit
    unpickles it, and the data would cost as much again as the body.
    """
    return HttpResponse(response.content, status=response.status_code, headers=response.headers)


def _current(entry, state):
    """Whether a cached page may be served: rendered in this state, no tag changed since."""
    if entry is None or entry["token"] != state["token"]:
        return False
    versions = cache.get_many([TAG_KEY.format(tag) for tag in entry["tags"]])
    return all(
        versions.get(TAG_KEY.format(tag)) == version for tag, version in entry["tags"].items()
    )


def surrogate_keys(tags):
    """
    ``tags`` for ``Surrogate-Key`` (space-separated) and ``Cache-Tag``
    (comma-separated), the most specific first; bounded in length. Past the
    bound the most specific are dropped (people's before stories') and
    ``lists`` stands in for them: every purge of a story or a person names
    it too, so the response is still purged with what it shows.
    """
    ordered = sorted(tags, key=lambda tag: (tag in (ALL, LISTS), tag))
    if len(" ".join(ordered)) > SURROGATE_KEY_MAX:
        general = [tag for tag in ordered if tag in (ALL, LISTS)]
        ordered = [tag for tag in ordered if tag not in (ALL, LISTS)]
        general = sorted({*general, LISTS})
        while ordered and len(" ".join(ordered + general)) > SURROGATE_KEY_MAX:
            ordered.pop(0)
        ordered += general
    return ordered


def shared_cache_control(response, tags, next_change=None):
    """
    Let shared caches keep a public response: ``s-maxage`` of
    ``PAGE_SHARED_MAX_AGE`` (they are purged when it changes) but never past
    the next moment a story goes live or comes down by the clock, which no
    purge announces; ``stale-while-revalidate`` only when no such moment
    comes within it. Browsers keep it ``PAGE_BROWSER_MAX_AGE`` (0 by default:
    a browser's copy cannot be purged, so it revalidates with its ETag).
    """
    shared = settings.PAGE_SHARED_MAX_AGE
    stale = settings.PAGE_STALE_WHILE_REVALIDATE
    if next_change is not None:
        left = max(0, math.ceil((next_change - timezone.now()).total_seconds()))
        if left < shared + stale:
            stale = 0
            shared = min(shared, left)
    browser = min(settings.PAGE_BROWSER_MAX_AGE, shared)
    if response.has_header("Cache-Control"):
        patch_cache_control(response, **_directives(browser, shared, stale))
    else:
        response["Cache-Control"] = _cache_control(browser, shared, stale)
    response["Surrogate-Key"], response["Cache-Tag"] = _surrogate_headers(frozenset(tags))


def _directives(browser, shared, stale):
    directives = {"public": True, "max_age": browser, "s_maxage": shared}
    if stale:
        directives["stale_while_revalidate"] = stale
    return directives


# A cache hit sets these headers on every request: their values are worked out
# once for each set of inputs, not parsed and formatted again each time.
@lru_cache(maxsize=1024)
def _cache_control(browser, shared, stale):
    response = HttpResponse()
    patch_cache_control(response, **_directives(browser, shared, stale))
    return response["Cache-Control"]


@lru_cache(maxsize=4096)
def _surrogate_headers(tags):
    keys = surrogate_keys(tags)
    return " ".join(keys), ",".join(keys)


def public_cache_control(request, response, tags=(LISTS,), changes_at=None, state=None):
    """
    ``shared_cache_control`` for a public response that is not a page (a
    feed, an API answer): ``changes_at`` is when what it shows changes by
    the clock, if it knows; the state (read here unless given) knows when
    anything does.
    """
    if state is None:
        found = cache.get_many([STATE_KEY, STALE_KEY])
        state = current_state(request, found.get(STATE_KEY), found.get(STALE_KEY, False))
    moments = [moment for moment in (state["next_change"], changes_at) if moment is not None]
    shared_cache_control(response, {ALL, *tags}, min(moments, default=None))


def object_tags(obj):
    """
    The tags of a response showing ``obj`` (a story's page, an API detail): a
    story's own and those of the people it names (``named_people()``); a
    person's own and ``lists``, as their profile lists their latest stories.
    """
    label = obj._meta.label
    if label == "articles.Article":
        return {story_tag(obj.pk), *(person_tag(pk) for pk in obj.named_people())}
    if label == "people.Person":
        return {person_tag(obj.pk), LISTS}
    return {LISTS}


def private_cache_control(response):
    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)


def cached_page(view=None, *, query_params=()):
    """
    Serve a public page from the cache to anonymous readers, render it for
    everyone else, and answer a matching If-None-Match with 304. Use as
    ``@cached_page`` or ``@cached_page(query_params=("page",))``; a view
    names what its page shows with ``tag_request()``.
    """
    if view is None:
        return lambda view: cached_page(view, query_params=query_params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or signed_in(request):
            response = view(request, *args, **kwargs)
            private_cache_control(response)
        else:
            response = _public_page(request, view, args, kwargs, query_params)
        if not response.streaming and not response.has_header("ETag"):
            set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)

    return wrapper


def _public_page(request, view, args, kwargs, query_params):
    key = page_key(request, query_params)
    state, entry = cached(request, key)
    if entry is not None:
        response = entry["response"]
        tags = entry["tags"]
    else:
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            # Answered here as Django would, to say how long it may be kept.
            response = response_for_exception(request, exc)
        tags = tags_of(request)
        if isinstance(response, SimpleTemplateResponse):
            # A view's TemplateResponse (a sitemap's) is kept as its readers get it.
            response.render()
        if not _cacheable(response):
            if response.status_code == 404 and not response.has_header("Cache-Control"):
                # A story not live yet: a CDN may keep "not found" only until it is.
                shared_cache_control(response, {ALL, LISTS}, state["next_change"])
            return response
        set_response_etag(response)
        store(request, key, state, tags, response)
    shared_cache_control(response, tags, state["next_change"])
    return response


# Hits served before the rest of the stack

JSON = "application/json"
# Accept headers that leave the media type to an API view's first renderer.
ANY_MEDIA_TYPE = frozenset({"", "*/*"})


class PageCacheMiddleware:
    """
    Serve the page cache's hits before sessions, CSRF, authentication, URL
    resolving and DRF are reached (as Django's ``FetchFromCacheMiddleware``
    does), and keep each page and API answer as the middleware between this
    and the view finished it (its ``Content-Security-Policy``, framing and
    ``Vary`` headers), so that a hit is what the first reader was sent.

    The key here is worked out from the request alone (``_early_keys()``):
    its path with every query parameter, and for an API answer the JSON media
    type. A request it does not serve (a query parameter the view ignores,
    another ``Accept`` header) goes on to the view, whose own lookup
    (``cached_page``, ``newsroom.api.CachedReadMixin``) still finds the page
    under the parameters the view counts. It sits inside the compression
    middleware, which compresses a hit as any response, and outside
    everything that reads the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        keys = _early_keys(request)
        if keys is not None:
            response = _early_hit(request, keys)
            if response is not None:
                return response
        request._page_cache_keeps = True
        response = self.get_response(request)
        kept = request.__dict__.pop("_page_cache_entry", None)
        if kept is not None and _cacheable(response):
            key, entry = kept
            entry["response"] = _as_finished(response, entry["response"])
            if not response.has_header("Content-Encoding"):
                entry["compressed"] = compressed(response.content)
            cache.set(key, entry, settings.PAGE_CACHE_TIMEOUT)
        return response


def _early_keys(request):
    """
    The keys the answer to ``request`` may be kept under, each with whether
    its entry must be in the view's first media type (the request left the
    choice to the view); None for a request no cache answers: not a read, a
    signed-in editor's (a session cookie; who it is is not known yet), an
    API token's, or one giving a query parameter twice (which views refuse).
    """
    if request.method not in ("GET", "HEAD") or "HTTP_AUTHORIZATION" in request.META:
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    names = list(request.GET)
    if any(len(values) > 1 for _, values in request.GET.lists()):
        return None
    keys = {page_key(request, names): False}
    accept = request.META.get("HTTP_ACCEPT", "").strip()
    if accept in ANY_MEDIA_TYPE or accept == JSON:
        keys[page_key(request, names, variant=JSON)] = accept != JSON
    return keys


def _early_hit(request, keys):
    """The response the cache keeps for ``request`` under one of ``keys``, or None."""
    found = cache.get_many([STATE_KEY, STALE_KEY, *keys])
    entries = [
        found[key]
        for key, first_media_type in keys.items()
        if key in found and (found[key].get("first_media_type", True) or not first_media_type)
    ]
    if not entries:
        return None
    state = current_state(request, found.get(STATE_KEY), found.get(STALE_KEY, False))
    entry = entries[0]
    if not _current(entry, state):
        return None
    gate = entry.get("gate")
    if gate is not None and not gate.admits(request):
        # Refused (an API client over its rate): the view answers why.
        return None
    response = entry["response"]
    response.compressed_content = entry.get("compressed")
    moments = [moment for moment in (state["next_change"], entry.get("changes_at")) if moment]
    shared_cache_control(response, entry["tags"], min(moments, default=None))
    return get_conditional_response(
        request,
        etag=response.get("ETag"),
        last_modified=entry.get("last_modified"),
        response=response,
    )


# Set for each reader from the state and the page's tags.
PER_READER = ("Cache-Control", "Surrogate-Key", "Cache-Tag")


def _as_finished(response, as_rendered):
    """
    ``response`` as the middleware finished it, with the headers that are set
    again for each reader as the view rendered them (``as_rendered``).
    """
    finished = _as_sent(response)
    for header in PER_READER:
        if header in as_rendered:
            finished[header] = as_rendered[header]
        elif header in finished:
            del finished[header]
    return finished
