"""
What every part of Newsroom's JSON API (``/api/v1/``) shares: pages of
results, ordering that refuses what it does not know (and parameters given
twice), errors that are always RFC 9457 problems (``application/problem+json``),
request bodies of bounded size and depth (413 and 400), HTTP caching
(ETag, Last-Modified, 304 Not Modified), and writes that must name the
version they change (If-Match; 412 and 428).

Each app serves its own endpoints from its ``api`` package
(``articles/api``, ``people/api``); ``newsroom/api_urls.py`` mounts them, and
``newsroom/openapi.py`` keeps the schema true to them.
"""

import copy
import hashlib
import logging
from http import HTTPStatus
from urllib.parse import urlencode

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import EmptyPage
from django.core.signals import got_request_exception
from django.core.validators import validate_slug
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_header_parameters
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters, serializers
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from newsroom.cache import (
    ALL,
    LISTS,
    cached,
    object_tags,
    page_key,
    public_cache_control,
    store,
)
from newsroom.pagination import Paginator
from newsroom.parsers import RequestBodyTooLarge
from newsroom.site import current_site

logger = logging.getLogger("newsroom.api")

# How long a shared cache may keep an anonymous reader's response.
PUBLIC_MAX_AGE = 60

# Every error under /api/ is an RFC 9457 problem details document of this type.
PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status, detail, code, errors=None):
    """
    The body of an error response (RFC 9457 problem details): ``type`` is
    ``about:blank`` and ``title`` the status's own phrase, as the RFC says
    when the status alone tells what kind of problem it is; ``detail`` says
    what went wrong in words, ``code`` the same for programs (DRF's error
    codes: ``invalid``, ``not_found``, ``precondition_failed``…), and
    ``errors``, for bad input, each field's messages.
    """
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def field_errors(detail):
    """
    DRF's validation errors as the ``errors`` of a problem: each field's
    messages as a list of strings, a nested object's as an object, and a
    list's items by their position from 0 (only those in error), so that
    every level is an object or a list of messages.
    """
    if isinstance(detail, dict):
        return {str(name): field_errors(value) for name, value in detail.items() if value}
    if isinstance(detail, list):
        if all(isinstance(item, str) for item in detail):
            return [str(item) for item in detail]
        return {str(position): field_errors(item) for position, item in enumerate(detail) if item}
    return [str(detail)]


def errors_summary(errors, limit=5):
    """A problem's ``detail`` for bad input: its messages in one line, each after its field."""
    lines = []

    def walk(errors, path):
        for name, value in errors.items():
            here = path if name == api_settings.NON_FIELD_ERRORS_KEY else [*path, name]
            if isinstance(value, dict):
                walk(value, here)
            else:
                where = ".".join(here)
                lines.extend(f"{where}: {message}" if where else message for message in value)

    walk(errors, [])
    shown = " ".join(lines[:limit])
    if len(lines) > limit:
        shown += f" (and {len(lines) - limit} more: see errors)"
    return shown or "The request is not valid."


class Pagination(PageNumberPagination):
    """
    Every list comes in pages: ``count``, ``next``, ``previous``, ``results``.

    ``page_size`` is at most ``max_page_size`` (a larger one is served as the
    largest); a page number or size that is not a whole number from 1 is a
    400, and a page past the last a 404, each with a message that says so.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    last_page_strings = ()
    # Deep pages skip rows in the index alone (newsroom.pagination).
    django_paginator_class = Paginator

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        number = self.get_page_number(request, None)
        paginator = self.django_paginator_class(
            queryset, page_size, count_name=self.count_name(request, view), request=request
        )
        try:
            self.page = paginator.page(number)
        except EmptyPage:
            raise NotFound(
                f"There is no page {number}: the last page is {paginator.num_pages}."
            ) from None
        return list(self.page)

    def count_name(self, request, view):
        """
        What the list's count is kept under (``newsroom.pagination``): its
        path and filters, for an answer that is the same for every anonymous
        client (one the page cache would keep: ``CachedReadMixin``); None for
        any other, counted each time.
        """
        if getattr(view, "answer_key", None) is None:
            return None
        paging = {self.page_query_param, self.page_size_query_param}
        paging.add(api_settings.URL_FORMAT_OVERRIDE)
        filters = sorted(
            (name, value) for name, value in request.query_params.items() if name not in paging
        )
        return f"{request.path}?{urlencode(filters)}"

    def get_page_size(self, request):
        return min(self._whole_number(request, self.page_size_query_param), self.max_page_size)

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param)

    def _whole_number(self, request, name):
        raw = request.query_params.get(name)
        if raw is None:
            return self.page_size if name == self.page_size_query_param else 1
        try:
            number = int(raw)
        except ValueError:
            number = 0
        if number < 1:
            raise ValidationError({name: [f"Must be a whole number from 1; got “{raw[:50]}”."]})
        return number

    def get_paginated_response_schema(self, schema):
        page = {"type": ["string", "null"], "format": "uri"}
        return {
            "type": "object",
            "properties": {
                "count": {"type": "integer", "description": "How many results in all pages."},
                "next": {**page, "description": "The next page; null on the last."},
                "previous": {**page, "description": "The page before; null on the first."},
                "results": schema,
            },
            "required": ["count", "next", "previous", "results"],
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page to show, from 1. A page past the last is a 404.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Results per page: {self.page_size} unless set; at most "
                    f"{self.max_page_size} (a larger size is served as {self.max_page_size})."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
        ]


class OrderingFilter(filters.OrderingFilter):
    """
    ``?ordering=`` over the view's ``ordering_fields`` only, comma-separated,
    ``-`` for descending. Where DRF silently ignores a field it does not
    know, this answers 400 and names the fields it does. Without ``ordering``
    the list keeps its own order (newest first, or best match for a search).
    """

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param, "")
        if not raw.strip():
            return None
        terms = [term.strip() for term in raw.split(",")]
        known = self.known_fields(view)
        unknown = [term for term in terms if term.removeprefix("-") not in known]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"Cannot order by {', '.join(repr(term) for term in unknown)}: "
                        f"choose from {', '.join(known)}, each optionally with a leading “-”."
                    ]
                }
            )
        # The primary key last, so that pages never overlap however many rows tie.
        return [*terms, "-pk" if terms[0].startswith("-") else "pk"]

    @staticmethod
    def known_fields(view):
        return list(getattr(view, "ordering_fields", ()))

    def get_schema_operation_parameters(self, view):
        known = self.known_fields(view)
        term = f"-?({'|'.join(known)})"
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": (
                    f"Order the results by one or more of {', '.join(f'`{f}`' for f in known)}, "
                    "comma-separated (`ordering=a,b`, once: a repeated parameter is a 400); "
                    "a leading “-” reverses one. Any other field is a 400."
                ),
                # One string, as DRF documents it: clients send a list as repeated
                # parameters, which this would refuse.
                "schema": {"type": "string", "pattern": f"^{term}(,{term})*$"},
            }
        ]


class SlugFilter(django_filters.CharFilter):
    """
    A filter by slug. A value that cannot be a slug is a 400; a slug that
    matches nothing (or nothing the caller may see) gives an empty list.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("validators", [validate_slug])
        super().__init__(*args, **kwargs)


def strong_etag(content):
    """
    The strong ETag of a representation: the SHA-256 of its bytes, quoted, so
    it changes whenever anything in it does. GET's ETag and the one a write's
    If-Match is checked against are both made here.
    """
    return f'"{hashlib.sha256(content).hexdigest()}"'


class PreconditionRequired(APIException):
    """428 (RFC 6585 §3): a write that must say, with If-Match, which version it changes."""

    status_code = 428
    default_detail = (
        "Send If-Match with the ETag from a GET (or from the response to your last "
        "write) so that no one's changes are overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(APIException):
    """412 (RFC 9110 §15.5.13): the version the write names is no longer the current one."""

    status_code = 412
    default_detail = "It has changed since you read it: GET it again and send its new ETag."
    default_code = "precondition_failed"


class OneValueEachMixin:
    """
    Every query parameter given once: the filters, ``ordering``, ``page`` and
    ``page_size`` each read one value, and would silently use the last of
    several (``ordering=a&ordering=b`` orders by ``b`` alone). Several are a
    400 that says how to ask instead.
    """

    def initial(self, request, *args, **kwargs):
        # After the token, permissions and throttles: a 401, 403 or 429 comes first.
        super().initial(request, *args, **kwargs)
        repeated = {
            name: [
                f"Give “{name}” once: several fields go in one value, comma-separated "
                f"({name}=a,b)."
                if name == api_settings.ORDERING_PARAM
                else f"Give “{name}” once: it takes one value."
            ]
            for name, values in request.query_params.lists()
            if len(values) > 1
        }
        if repeated:
            raise ValidationError(repeated)


class _Cached(Exception):
    """Raised by ``CachedReadMixin.initial()`` to serve the answer the page cache keeps."""


class CachedReadMixin(OneValueEachMixin):
    """
    HTTP caching for a view's reads. Every 200 to GET or HEAD carries a
    strong ETag (a hash of the body, so it changes whenever anything shown
    does) and, where the rows shown say when they changed, a Last-Modified;
    a client sending either back gets 304 Not Modified. Anonymous responses
    may be kept by shared caches, which are purged when what they show
    changes (``newsroom.cache.public_cache_control``, ``Surrogate-Key``);
    authenticated ones are private.

    Anonymous answers are kept in the page cache too (``newsroom.cache``),
    with the same tags and the same state as pages: the next reader is
    served with no database query, until something the answer shows changes
    or the clock moves a story. An answer is kept only when nothing but the
    view's own query parameters are given (``known_query_params()``: made-up
    ones cannot fill the cache), under its URL with those parameters and the
    media type it was rendered in; an answer in a media type with parameters
    (``indent=4``), an error, or an answer to an account is never kept.

    Views say when a row last changed with ``last_modified_of()``, and when
    it will change by itself, with nothing saved (a story reaching its expiry
    time), with ``changes_at_of()``: no shared cache keeps a response past it.
    """

    last_modified = None
    changes_at = None
    # What the response shows, as the page cache names it (newsroom/cache.py):
    # a list shows ``lists``; a detail its object's tags (``get_object()``).
    cache_tags = (LISTS,)
    # Set by initial(): where the page cache keeps the answer (None: nowhere),
    # the state it is kept under, and what it had there.
    answer_key = None
    cache_state = None
    cached_answer = None

    def last_modified_of(self, obj):
        return getattr(obj, "updated_at", None)

    def changes_at_of(self, obj):
        return None

    def known_query_params(self):
        """
        The query parameters that may change the view's answers: its filters,
        its pages, ordering (and search, where a view has it) and ``format``.
        """
        names = {api_settings.URL_FORMAT_OVERRIDE}
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names.update(filterset.base_filters)
        for param in ("page", "page_size", "cursor", "limit", "offset"):
            # Whichever of DRF's pagination styles the view's paginator has.
            names.add(getattr(self.paginator, f"{param}_query_param", None))
        for backend in self.filter_backends:
            names.add(getattr(backend, "ordering_param", None))
            names.add(getattr(backend, "search_param", None))
        names.discard(None)
        return names

    def answer_cache_key(self, request):
        """
        Where the page cache keeps the answer to ``request``, or None when it
        is not to be kept: not an anonymous read, a query parameter the view
        does not know, or a media type with parameters of its own.
        """
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            return None
        if request.auth is not None or not set(request.query_params) <= self.known_query_params():
            return None
        _, params = parse_header_parameters(request.accepted_media_type)
        params.pop("q", None)
        if params:
            return None
        return page_key(
            request, list(request.query_params), variant=request.accepted_renderer.media_type
        )

    def answers_in_first_media_type(self, request):
        """Whether the answer is what a request leaving the media type to the view gets."""
        return type(request.accepted_renderer) is type(self.get_renderers()[0])

    @classmethod
    def admits(cls, request):
        """
        Whether the anonymous ``request`` that the page cache answers before
        the view is reached (``newsroom.cache.PageCacheMiddleware``) is within
        the view's throttles: a hit counts towards the client's rate as the
        view's own answer would.
        """
        view = cls()
        throttles = view.get_throttles()
        if not throttles:
            return True
        # No authenticators: the middleware answers only requests without a token.
        anonymous = Request(request)
        # Each throttle counts the request, as in DRF's check_throttles().
        admitted = [throttle.allow_request(anonymous, view) for throttle in throttles]
        return all(admitted)

    def initial(self, request, *args, **kwargs):
        # After the token, permissions, throttles and the request's own checks.
        super().initial(request, *args, **kwargs)
        self.answer_key = self.answer_cache_key(request)
        if self.answer_key is not None:
            self.cache_state, self.cached_answer = cached(request, self.answer_key)
            if self.cached_answer is not None:
                raise _Cached()

    def handle_exception(self, exc):
        if isinstance(exc, _Cached):
            return self.cached_answer["response"]
        return super().handle_exception(exc)

    def get_object(self):
        obj = super().get_object()
        self.last_modified = self.last_modified_of(obj)
        self.changes_at = self.changes_at_of(obj)
        self.cache_tags = object_tags(obj)
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page:
            self.last_modified = max(
                filter(None, (self.last_modified_of(obj) for obj in page)), default=None
            )
            self.changes_at = min(
                filter(None, (self.changes_at_of(obj) for obj in page)), default=None
            )
        return page

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Accept", "Authorization", "Cookie"))
        if response.status_code >= 400:
            # Errors are problems, whatever format the request asked for.
            response.content_type = PROBLEM_CONTENT_TYPE
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if self.cached_answer is not None:
            answer = self.cached_answer
            tags, changes_at = answer["tags"], answer["changes_at"]
            last_modified = answer["last_modified"]
        else:
            response.render()
            response["ETag"] = strong_etag(response.content)
            last_modified = None
            if self.last_modified is not None:
                last_modified = int(self.last_modified.timestamp())
                response["Last-Modified"] = http_date(last_modified)
            # Every answer shows ``all`` too: a change no tag traces reaches it.
            tags, changes_at = {ALL, *self.cache_tags}, self.changes_at
            if self.answer_key is not None and not response.cookies:
                # Kept before the headers that say how long others may keep it,
                # which are worked out again for each reader.
                store(
                    request._request,
                    self.answer_key,
                    self.cache_state,
                    tags,
                    response,
                    last_modified=last_modified,
                    changes_at=changes_at,
                    first_media_type=self.answers_in_first_media_type(request),
                    gate=type(self),
                )
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, max_age=0)
        else:
            # Shared caches may keep it (they are purged when it changes), but
            # not past the moment it changes by the clock.
            public_cache_control(request, response, tags, changes_at, state=self.cache_state)
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )


class ConditionalWriteMixin:
    """
    No silent overwrite (RFC 9110 §13.1.1, RFC 6585 §3): a PUT, PATCH or
    DELETE must send ``If-Match`` with the object's current ETag, as its GET
    or the response to the caller's last write gave it. Without If-Match the
    answer is 428; with ETags none of which is current, 412; either way
    nothing changes. Other writes to an object (workflow steps) may send
    If-Match and get the same 412, but need not.

    The check is made in ``get_object()``, after the permission checks (a
    caller who may not write learns nothing about versions). For it to hold
    until the write, the view reads the object ``select_for_update()`` and
    makes the check and the write in one ``transaction.atomic()``.

    Views give an object's current ETag with ``current_etag(obj)``, made with
    ``etag_of()`` from what a GET of the object would render, and send the
    new ETag with each write's response.
    """

    # The actions that must send If-Match; any other write to an object may.
    if_match_required = ("update", "partial_update", "destroy")
    # What the 428 and 412 messages call the object.
    object_noun = "object"

    def current_etag(self, obj):
        raise NotImplementedError("Say what a GET of the object would carry as its ETag.")

    def etag_of(self, data):
        """
        The ETag ``data`` would carry as the body of a 200 to this request:
        rendered as DRF renders a response (``Response.rendered_content``),
        then hashed as ``CachedReadMixin`` hashes GET's body.
        """
        rendered = self.request.accepted_renderer.render(
            data, self.request.accepted_media_type, self.get_renderer_context()
        )
        return strong_etag(rendered)

    def get_object(self):
        obj = super().get_object()
        if self.action is not None and self.request.method not in SAFE_METHODS:
            self.check_if_match(obj)
        return obj

    def check_if_match(self, obj):
        header = self.request.headers.get("If-Match")
        if header is None:
            if self.action in self.if_match_required:
                raise PreconditionRequired(
                    f"Send If-Match with the {self.object_noun}'s ETag from a GET (or from "
                    "the response to your last write) so that no one's changes are "
                    "overwritten."
                )
            return
        # RFC 9110 §13.1.1: "*" matches whatever exists; otherwise one of the ETags
        # listed must be the current one by strong comparison, so a weak ETag
        # (W/"…") never matches. The current ETag is worked out only when needed.
        etags = parse_etags(header)
        if etags != ["*"] and self.current_etag(obj) not in etags:
            raise PreconditionFailed(
                f"The {self.object_noun} has changed since that ETag was given: GET it "
                "again, make your change to what it now says, and send If-Match with "
                "its new ETag."
            )


def model_errors(error):
    """
    A model's ValidationError (from ``full_clean()`` or a workflow step) as
    serializer errors: each field's messages, and the errors about the
    record as a whole under ``non_field_errors`` as DRF names them.
    """
    errors = as_serializer_error(error)
    if NON_FIELD_ERRORS in errors:
        errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
    return errors


def exception_handler(exc, context):
    """
    Every error as a problem (``problem()``, ``application/problem+json``):
    DRF's own errors, with a ValidationError's messages under ``errors``;
    a model's ValidationError (from ``full_clean()`` or a workflow step) is a
    400 with the model's own messages; a body over Django's own size limit a
    413, as over the API's, and any other request Django finds suspicious a
    400; a row another row still needs is a 409; anything unexpected is
    logged and answered with a 500, never an HTML page.
    """
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(model_errors(exc))
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestBodyTooLarge()
    elif isinstance(exc, SuspiciousOperation):
        exc = ParseError("The request could not be read.")
    response = drf_exception_handler(exc, context)
    if response is not None:
        if isinstance(exc, ValidationError):
            detail = exc.detail
            if not isinstance(detail, dict):
                detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
            errors = field_errors(detail)
            response.data = problem(
                response.status_code, errors_summary(errors), "invalid", errors
            )
        else:
            detail = exc.detail if isinstance(exc, APIException) else response.data["detail"]
            code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
            response.data = problem(response.status_code, str(detail), code)
        response.content_type = PROBLEM_CONTENT_TYPE
        return response
    if isinstance(exc, (ProtectedError, RestrictedError)):
        return problem_response(
            409, "Other records still use this one; change them first.", "protected"
        )
    request = context.get("request")
    logger.error("Unexpected error in the API", exc_info=exc)
    got_request_exception.send(sender=None, request=getattr(request, "_request", request))
    return problem_response(500, "A server error occurred.", "error")


def problem_response(status, detail, code):
    """A DRF response carrying a problem."""
    return Response(
        problem(status, detail, code), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


@csrf_exempt
def not_found(request, path=""):
    """The 404 problem for any address under /api/ that is not an endpoint."""
    detail = f"No API endpoint at {request.path}."
    if not request.path.endswith("/"):
        try:
            resolved = resolve(f"{request.path}/")
        except Resolver404:
            resolved = None
        if resolved is not None and resolved.func is not not_found:
            detail += f" Did you mean {request.path}/?"
    return JsonResponse(
        problem(404, detail, "not_found"), status=404, content_type=PROBLEM_CONTENT_TYPE
    )


# Addresses and summaries that more than one app's API shows: the public page
# of a story, a person, a section…, absolute on the site that is serving.


def absolute_url(field, path):
    """``path`` as an absolute address on the public site (``field`` knows the request)."""
    return current_site(field.context.get("request")).absolute(path)


def page_url(field, obj):
    """
    The absolute address of ``obj``'s public page (``get_absolute_url()``),
    found once per object in a response and kept in its serializer's
    context: a list shows the same section and byline on every row, a story
    the same speaker on every quote, and ``reverse()`` costs more than the
    rest of such a row.
    """
    if obj.pk is None:
        return absolute_url(field, obj.get_absolute_url())
    urls = field.context.setdefault("page_urls", {})
    key = (obj._meta.label, obj.pk)
    if key not in urls:
        urls[key] = absolute_url(field, obj.get_absolute_url())
    return urls[key]


@extend_schema_field(
    {"type": "string", "format": "uri", "description": "The object's public page."}
)
class PageURLField(serializers.Field):
    """The absolute address of the object's public page (``get_absolute_url()``)."""

    def __init__(self, fragment=None, **kwargs):
        # ``fragment`` makes an address inside the page, e.g. "quote-{pk}".
        self.fragment = fragment
        kwargs.setdefault("source", "*")
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        url = page_url(self, obj)
        return f"{url}#{self.fragment.format(pk=obj.pk)}" if self.fragment else url


class ReadModelSerializer(serializers.ModelSerializer):
    """
    A ModelSerializer for answers, which works out its fields from the model
    once per class rather than each time one is made: DRF reads the model's
    fields, their options and their unique constraints for every serializer
    it makes, and a story's detail makes a dozen nested ones per answer. Each
    serializer still gets fields of its own (DRF binds a field to one parent).
    Not for a serializer whose fields depend on who asks or what it is given.
    """

    def get_fields(self):
        cls = type(self)
        built = cls.__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            cls._built_fields = built
        return copy.deepcopy(built)


class StorySummarySerializer(serializers.Serializer):
    """A live story that something belongs to or appears in."""

    slug = serializers.SlugField(read_only=True)
    url = PageURLField()
    headline = serializers.CharField(read_only=True)
    published_at = serializers.DateTimeField(read_only=True)
