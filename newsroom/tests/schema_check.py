"""
Responses from the API checked against its own OpenAPI schema with
openapi-core, a validator the project did not write: the status must be one
the operation documents, and the body, its media type and the documented
headers as the schema says. The root conftest checks every response a test
gets from /api/v1/ through Django's test client; the generated client's test
checks the live server's too.

An address the schema does not know must be a 404 problem, and a method its
path does not take a 405 problem with ``Allow`` (or the 401, 403 or 429 that
comes before it); a HEAD is checked as far as
its status goes (it has no body) and OPTIONS, which the schema does not
describe, is left alone.
"""

import functools
import json
from urllib.parse import parse_qsl, urlsplit

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from openapi_core import Config, OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse
from openapi_schema_validator import OAS31Validator

API_PREFIX = "/api/v1/"


@functools.cache
def api_schema():
    """The API's OpenAPI schema as ``/api/schema/`` serves it, made once per test session."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))


@functools.cache
def openapi():
    # ninjs and problems are JSON under their own media types.
    config = Config(
        extra_media_type_deserializers={
            "application/ninjs+json": json.loads,
            "application/problem+json": json.loads,
        }
    )
    return OpenAPI.from_dict(api_schema(), config=config)


@functools.cache
def problem_validator():
    schema = api_schema()
    return OAS31Validator(
        {"$ref": "#/components/schemas/Problem", "components": schema["components"]}
    )


def errors_in(error):
    """What openapi-core found wrong, down to each schema error, in words."""
    found = [f"{type(error).__name__}: {error}"]
    for nested in (error.__cause__, *getattr(error, "schema_errors", ())):
        if nested is not None:
            found.extend(f"  {line}" for line in errors_in(nested))
    return found


def check_response(method, url, status, headers, body, request_headers=None):
    """
    Fail with an AssertionError naming what is wrong unless the response to
    ``method url`` is one the schema documents. ``headers`` is a mapping of the
    response's headers, ``body`` its bytes.
    """
    method = method.lower()
    address = urlsplit(url)
    if not address.path.startswith(API_PREFIX) or method == "options":
        return
    content_type = next(
        (value for name, value in headers.items() if name.lower() == "content-type"), ""
    )
    where = f"{method.upper()} {url} answered {status} ({content_type or 'no body'})"
    request = MockRequest(
        f"{address.scheme or 'http'}://{address.netloc or 'testserver'}",
        "get" if method == "head" else method,
        address.path,
        args=dict(parse_qsl(address.query)),
        headers=dict(request_headers or {}),
    )
    response = MockResponse(
        b"" if method == "head" else body,
        status_code=status,
        headers=dict(headers),
        content_type=content_type,
    )
    try:
        openapi().validate_response(request, response)
    except (PathNotFound, OperationNotFound) as error:
        unknown = error
    except Exception as error:
        if method == "head" and status < 300:
            # What is wrong is the missing body, which a HEAD never has.
            return
        raise AssertionError(
            f"{where}, not as the schema says:\n" + "\n".join(errors_in(error))
        ) from error
    else:
        return
    # A method the path does not take is a 405, unless the token, the
    # permissions or the rate limit refuse the request first.
    expected = {404} if isinstance(unknown, PathNotFound) else {401, 403, 405, 429}
    assert status in expected, f"{where}, but the schema has no such operation: {unknown}"
    if status == 405:
        assert "Allow" in headers, f"{where} without Allow"
    check_problem(where, content_type, body)


def check_problem(where, content_type, body):
    """The body is a problem (RFC 9457), as every error under /api/ is."""
    assert content_type.startswith("application/problem+json"), where
    errors = [error.message for error in problem_validator().iter_errors(json.loads(body))]
    assert not errors, f"{where}: not a problem: {errors}"


def check_test_response(response):
    """``check_response()`` for a response from Django's (or DRF's) test client."""
    request = response.wsgi_request
    check_response(
        request.method,
        request.get_full_path(),
        response.status_code,
        response.headers,
        getattr(response, "content", b""),
        request_headers=request.headers,
    )
