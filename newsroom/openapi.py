"""
The OpenAPI schema of the JSON API (``/api/schema/``), made by drf-spectacular
from the views and serializers, and kept true to what the API answers, so a
client generated from it can trust it:

- operations named as a person would call them (``list_articles``,
  ``get_article``, ``publish_article``);
- reads that need no account described as such (``{}`` beside the token);
- every field a response always carries required, every nullable one nullable
  (OpenAPI 3.1, ``SPECTACULAR_SETTINGS``);
- every error each operation can answer, as one shape, ``Problem`` (RFC 9457,
  ``application/problem+json``, see ``newsroom.api.problem``), with the
  headers that go with each status, and 304 for the conditional reads.
"""

from django.conf import settings
from drf_spectacular import openapi
from drf_spectacular.plumbing import get_doc
from rest_framework.permissions import SAFE_METHODS

from newsroom.api import PROBLEM_CONTENT_TYPE, CachedReadMixin

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}

PROBLEM_SCHEMA = {
    "type": "object",
    "description": (
        "An error, as RFC 9457 problem details (`application/problem+json`), whatever "
        "went wrong: `title` is the status's own phrase (`type` is `about:blank`), "
        "`detail` says what was wrong in words and `code` the same for programs "
        "(`invalid`, `not_found`, `not_authenticated`, `permission_denied`, "
        "`precondition_failed`, `precondition_required`, `throttled`…). Bad input "
        "(`code` `invalid`) names each field in error under `errors`."
    ),
    "properties": {
        "type": {
            "type": "string",
            "format": "uri-reference",
            "description": "`about:blank`: the status says what kind of problem it is.",
        },
        "title": {"type": "string", "description": "The status's phrase, e.g. `Not Found`."},
        "status": {"type": "integer", "minimum": 400, "maximum": 599},
        "detail": {"type": "string", "description": "What was wrong, for a person."},
        "code": {"type": "string", "description": "What was wrong, for a program."},
        "errors": {"$ref": "#/components/schemas/FieldErrors"},
    },
    "required": ["type", "title", "status", "detail", "code"],
}
FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": (
        "Bad input, field by field: each field or query parameter's name with its "
        "messages; for an object, its own fields' errors; for a list, the errors of "
        'each item in error, keyed by its position from 0 (`"body": {"3": '
        '{"text": ["…"]}}`). Errors about the request as a whole are under '
        "`non_field_errors`."
    ),
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"$ref": "#/components/schemas/FieldErrors"},
        ]
    },
}

# Another record in a request, as a response shows it: by ``slug`` or by
# ``id`` (the record's other fields may come too, and are ignored), so what
# was read can be written back.
SLUG_REFERENCE_SCHEMA = {
    "type": "object",
    "description": "Another record by its slug, as responses show it; its other fields "
    "(`name`, `url`…) may be sent too, and are ignored.",
    "properties": {"slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"}},
    "required": ["slug"],
}
ID_REFERENCE_SCHEMA = {
    "type": "object",
    "description": "One of the story's own pictures or quotes by its id, as responses show "
    "it; its other fields may be sent too, and are ignored.",
    "properties": {"id": {"type": "integer"}},
    "required": ["id"],
}


def header(description, required=False, schema=None):
    return {
        "description": description,
        "required": required,
        "schema": schema or {"type": "string"},
    }


CACHE_HEADERS = {
    "ETag": header(
        "The strong ETag of the response's body: send it back in If-None-Match to get 304 "
        "while nothing has changed.",
        required=True,
    ),
    "Cache-Control": header(
        "Anonymous reads: `public`, with the `s-maxage` and `stale-while-revalidate` a "
        "shared cache may keep them (never past the next story to go live or expire); "
        "`private` with a token.",
        required=True,
    ),
    "Vary": header("`Accept, Authorization, Cookie`.", required=True),
    "Surrogate-Key": header(
        "Anonymous reads: what the response shows, space-separated (`all`, `lists`, "
        "`story:<id>`), by which shared caches are purged when it changes."
    ),
    "Cache-Tag": header("The same as `Surrogate-Key`, comma-separated (for Cloudflare)."),
    "Last-Modified": header(
        "When what is shown last changed, where the rows say so: send it back in "
        "If-Modified-Since to get 304 while nothing has changed."
    ),
}

# The problems an operation may answer with: what each means, and its headers.
PROBLEMS = {
    "400": ("Bad input: `errors` names each field or parameter in error.", {}),
    "401": (
        "The token is missing, unknown or for an inactive account.",
        {"WWW-Authenticate": header('`Bearer realm="api"`.', required=True)},
    ),
    "403": ("The account's role does not allow this.", {}),
    "404": ("No such object (or none the caller may see), or no such page.", {}),
    "405": (
        "The address does not take this method.",
        {"Allow": header("The methods it takes.", required=True)},
    ),
    "406": ("None of the media types the Accept header names can be given.", {}),
    "409": ("Other records still use this one.", {}),
    "412": (
        "If-Match names no current version: the object changed since that ETag was "
        "given. GET it again and send its new ETag.",
        {},
    ),
    "413": (
        "The request body is larger than the API takes: "
        f"{settings.API_MAX_BODY_BYTES} bytes (`API_MAX_BODY_BYTES`).",
        {},
    ),
    "415": ("The body is not JSON (`Content-Type: application/json`).", {}),
    "428": (
        "If-Match is missing: send the ETag from a GET (or from the response to your last write).",
        {},
    ),
    "429": (
        "Too many requests, or too many failed tokens from this client: wait as long "
        "as `Retry-After` says.",
        {"Retry-After": header("Seconds to wait.", schema={"type": "integer"})},
    ),
    "500": ("Something went wrong on the server; it has been logged.", {}),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's AutoSchema, with the house rules above."""

    # The verb of each of a viewset's own actions in an operation's name.
    VERBS = {
        "list": "list",
        "retrieve": "get",
        "create": "create",
        "update": "replace",
        "partial_update": "update",
        "destroy": "delete",
    }

    def get_operation_id(self):
        """
        ``<verb>_<noun>``: ``list_articles`` and ``list_people`` (the address's
        plural), ``get_article``, ``create_article``, ``replace_article`` (PUT),
        ``update_article`` (PATCH), ``delete_article``; an extra action is its
        own verb, ``publish_article``, or for a read, ``get_article_ninjs``.
        """
        action = getattr(self.view, "action", None)
        basename = getattr(self.view, "basename", None)
        if action is None or basename is None:
            return super().get_operation_id()
        if action == "list":
            return f"list_{self._tokenize_path()[0].replace('-', '_')}"
        if action in self.VERBS:
            return f"{self.VERBS[action]}_{basename}"
        if self.method in SAFE_METHODS:
            return f"get_{basename}_{action}"
        return f"{action}_{basename}"

    def get_description(self):
        # inspect.getdoc() would give a view without a docstring its mixin's
        # (CachedReadMixin's, on HTTP caching): no description is better.
        description = super().get_description()
        view_class = type(self.view)
        if view_class.__doc__ is None and description == get_doc(view_class):
            return ""
        return description

    def get_auth(self):
        """
        The token, and for a read that needs no account, no security at all
        (``{}``): besides DRF's own open permissions, any permission class
        whose ``reads_need_no_account`` says so.
        """
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            permissions = self.view.get_permissions()
            if permissions and all(
                getattr(permission, "reads_need_no_account", False) for permission in permissions
            ):
                auths.append({})
        elif self.method not in SAFE_METHODS and {} in auths:
            auths.remove({})
        return auths

    def _map_basic_serializer(self, serializer, direction):
        """
        A serializer writes every one of its fields (``null`` where there is
        nothing), so in a response each is required; those whose
        representation leaves absent fields out say ``fields_may_be_absent``.
        """
        schema = super()._map_basic_serializer(serializer, direction)
        may_be_absent = getattr(serializer, "fields_may_be_absent", False)
        if direction == "response" and not may_be_absent and schema.get("properties"):
            schema["required"] = list(schema["properties"])
        return schema

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is not None:
            self.document_headers(operation)
            self.document_problems(operation)
        return operation

    def document_headers(self, operation):
        """The caching headers of reads and their 304; Location with every 201."""
        responses = operation["responses"]
        if self.method == "GET" and isinstance(self.view, CachedReadMixin):
            for code, response in responses.items():
                if code == "200":
                    response.setdefault("headers", {}).update(CACHE_HEADERS)
            responses["304"] = {
                "description": (
                    "Not Modified: If-None-Match names the current ETag, or nothing has "
                    "changed since If-Modified-Since. No body."
                ),
                "headers": CACHE_HEADERS,
            }
        for code, response in responses.items():
            if code.startswith("3") and code != "304":
                location = response.setdefault("headers", {}).setdefault(
                    "Location", header("Where it is now.")
                )
                location["required"] = True
        if "201" in responses:
            responses["201"].setdefault("headers", {})["Location"] = header(
                "The address of what was made.", required=True
            )

    def document_problems(self, operation):
        """Every problem the operation may answer with (``PROBLEMS``)."""
        codes = ["400", "401", "404", "405", "406", "429", "500"]
        if self.method not in SAFE_METHODS:
            codes += ["403", "409"]
        if_match = [
            parameter
            for parameter in operation.get("parameters", [])
            if parameter.get("in") == "header" and parameter.get("name", "").lower() == "if-match"
        ]
        if if_match:
            codes += ["412", "428"] if if_match[0].get("required") else ["412"]
        if "requestBody" in operation:
            codes += ["413", "415"]
        responses = operation["responses"]
        for code in sorted(codes):
            description, headers = PROBLEMS[code]
            response = responses.setdefault(code, {"description": description})
            response.setdefault("content", {PROBLEM_CONTENT_TYPE: {"schema": PROBLEM_REF}})
            if headers:
                response.setdefault("headers", {}).update(headers)
        # Problems the view documents itself (extend_schema) are problems too.
        # (drf-spectacular gives them the view's own media type: JSON, ninjs).
        for code, response in responses.items():
            content = response.get("content", {})
            if code >= "400" and content and PROBLEM_CONTENT_TYPE not in content:
                response["content"] = {PROBLEM_CONTENT_TYPE: next(iter(content.values()))}
        operation["responses"] = dict(sorted(responses.items()))


def add_problem_components(result, generator, request, public):
    """
    drf-spectacular postprocessing hook: the components written here rather
    than made from a serializer, ``Problem`` and ``FieldErrors`` (recursive),
    ``SlugReference`` and ``IdReference``.
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = PROBLEM_SCHEMA
    schemas["FieldErrors"] = FIELD_ERRORS_SCHEMA
    schemas["SlugReference"] = SLUG_REFERENCE_SCHEMA
    schemas["IdReference"] = ID_REFERENCE_SCHEMA
    return result
