"""
How the API reads a request body: JSON only, within limits no request passes
(``API_MAX_BODY_BYTES``, ``API_MAX_JSON_DEPTH``). Set as DRF's
``DEFAULT_PARSER_CLASSES``; apart from ``newsroom.api`` because DRF reads that
setting while ``rest_framework.views`` is being imported, which ``newsroom.api``
itself imports.
"""

import io

from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import APIException, ParseError


class RequestBodyTooLarge(APIException):
    """413 (RFC 9110 §15.5.14): a request body over ``settings.API_MAX_BODY_BYTES``."""

    status_code = 413
    default_code = "request_too_large"

    def __init__(self):
        super().__init__(f"The request body is larger than {settings.API_MAX_BODY_BYTES} bytes.")


def nested_deeper_than(data, depth):
    """Whether parsed JSON ``data`` has arrays or objects nested more than ``depth`` deep."""
    level = [data]
    for _ in range(depth):
        level = [
            child
            for value in level
            if isinstance(value, (dict, list))
            for child in (value.values() if isinstance(value, dict) else value)
        ]
        if not level:
            return False
    return any(isinstance(value, (dict, list)) for value in level)


class JSONParser(parsers.BaseParser):
    """
    JSON, as DRF's ``JSONParser`` reads it, within limits that no request
    passes: a body over ``API_MAX_BODY_BYTES`` is a 413, refused unread when
    its Content-Length says so (and never read past the limit when it does
    not); arrays and objects nested more than ``API_MAX_JSON_DEPTH`` deep are
    a 400. Neither reaches the view, however large or deep the body.

    Not a subclass of DRF's ``JSONParser``: DRF reads the whole body (up to
    Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE``) before such a parser sees it.
    """

    media_type = "application/json"
    renderer_class = parsers.JSONParser.renderer_class

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.API_MAX_BODY_BYTES
        request = (parser_context or {}).get("request")
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0) if request else 0
        except ValueError:
            length = 0
        if length > limit:
            raise RequestBodyTooLarge()
        body = stream.read(limit + 1)
        if len(body) > limit:
            raise RequestBodyTooLarge()
        depth = settings.API_MAX_JSON_DEPTH
        too_deep = f"JSON nested too deep: arrays and objects may nest at most {depth} levels."
        try:
            data = parsers.JSONParser().parse(io.BytesIO(body), media_type, parser_context)
        except RecursionError:
            # Python's own parser gives up at a depth of about a thousand.
            raise ParseError(too_deep) from None
        if nested_deeper_than(data, depth):
            raise ParseError(too_deep)
        return data
