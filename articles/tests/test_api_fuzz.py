"""
Schemathesis fuzzes every operation of the API's own OpenAPI schema against
the retirement story (and a draft): no request may get a server error, and
every response must be one the schema documents, shaped as it says.

Reads are sent anonymously and again with an editor's token; writes with the
editor's token, so they reach the model's rules rather than stop at a 401:
PUT, PATCH and DELETE once with the If-Match generated (almost always a 412
or 428) and once with ``If-Match: *``, so they get past that check too.
Examples per operation come from ``SCHEMATHESIS_MAX_EXAMPLES`` (10 by
default; CI sets more). Generation is derandomized, so a run is repeatable.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from articles.tests.factories import ArticleFactory
from newsroom.wsgi import application

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
    content_type_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)

# How many cases the fuzzing generated (by Schemathesis phase) and requests it sent,
# reported at the end of the module.
sent = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_cases(request):
    yield
    plugins = request.config.pluginmanager
    reporter, capture = (
        plugins.get_plugin("terminalreporter"),
        plugins.get_plugin("capturemanager"),
    )
    if reporter and capture and sent["cases"]:
        with capture.global_and_fixture_disabled():
            phases = ", ".join(
                f"{count} {name[6:]}"
                for name, count in sorted(sent.items())
                if name[:6] == "phase:"
            )
            reporter.write_line(
                f"\nschemathesis: {sent['cases']} generated cases ({phases}), "
                f"{sent['requests']} requests, {MAX_EXAMPLES} examples per operation"
            )


@pytest.fixture
def same_connection():
    """
    Keep the test's database connection (and its transaction) across requests, as
    Django's test client does: a WSGI request otherwise closes it when it finishes.
    """
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def world(same_connection, story, editor, monkeypatch):
    """The story, a draft, and an editor's token; no rate limits while fuzzing."""
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": None, "user": None})
    ArticleFactory(slug="a-draft", created_by=editor)
    token, _ = Token.objects.get_or_create(user=editor)
    return {"Authorization": f"Token {token.key}"}


# Schemathesis calls the app in-process and reads the body as sent: it does
# not undo the gzip that public answers get when a client accepts it.
UNCOMPRESSED = {"Accept-Encoding": "identity"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.django_db
def test_the_api_survives_fuzzing_and_keeps_to_its_schema(case, world):
    sent["cases"] += 1
    sent[f"phase:{case.meta.phase.name}" if case.meta else "phase:unknown"] += 1
    if case.method.upper() in ("GET", "HEAD"):
        sent["requests"] += 2
        case.call_and_validate(headers=UNCOMPRESSED, checks=CHECKS)
        case.call_and_validate(headers={**UNCOMPRESSED, **world}, checks=CHECKS)
    else:
        sent["requests"] += 1
        case.call_and_validate(headers={**UNCOMPRESSED, **world}, checks=CHECKS)
        if case.method.upper() in ("PUT", "PATCH", "DELETE"):
            sent["requests"] += 1
            case.call_and_validate(
                headers={**UNCOMPRESSED, **world, "If-Match": "*"}, checks=CHECKS
            )
