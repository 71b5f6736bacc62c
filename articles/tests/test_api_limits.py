"""
What the API takes in one request: a body of at most API_MAX_BODY_BYTES
(413 above it, unread when Content-Length says so), JSON nested at most
API_MAX_JSON_DEPTH deep, and stories within the newsroom's limits on blocks,
quotes, people, tags and authors (400 naming the limit). Every refusal is
JSON, is documented in the schema, and changes nothing; none is a 500.
"""

import json

import pytest
from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

from articles.models import Article
from articles.tests.factories import SectionFactory, TagFactory
from newsroom.api import exception_handler
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


def new_story(**fields):
    return {
        "headline": "Police chief to retire",
        "slug": "police-chief-to-retire",
        "standfirst": "After seven years in the job.",
        "section": SectionFactory().slug,
        "body": [{"type": "paragraph", "text": "He said: “It is time.”"}],
        **fields,
    }


def post_json(client, url, payload, **extra):
    """POST ``payload`` as the JSON bytes given (or ``json.dumps`` of it)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return client.post(url, body, content_type="application/json", **extra)


def nested(depth):
    """Arrays nested ``depth`` deep: ``nested(2)`` is ``[[]]``."""
    return "[" * depth + "]" * depth


def assert_json_error(response, status):
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.fixture
def editor_api(api_as, editor):
    return api_as(editor)


# Body size -----------------------------------------------------------------


def test_a_body_over_the_limit_is_a_json_413_and_no_story_is_saved(editor_api):
    limit = settings.API_MAX_BODY_BYTES
    payload = new_story(standfirst="x" * (limit + 1))
    response = post_json(editor_api, ARTICLES, payload)
    error = assert_json_error(response, 413)
    assert error["detail"] == f"The request body is larger than {limit} bytes."
    assert (error["status"], error["code"]) == (413, "request_too_large")
    assert not Article.objects.exists()


def test_a_body_at_the_limit_is_read(editor_api):
    payload = json.dumps(new_story()).encode()
    padded = payload[:-1] + b" " * (settings.API_MAX_BODY_BYTES - len(payload)) + b"}"
    assert len(padded) == settings.API_MAX_BODY_BYTES
    assert post_json(editor_api, ARTICLES, padded).status_code == 201


def test_a_content_length_over_the_limit_is_refused_before_the_body_is_read(editor_api):
    # The body sent is small; Content-Length claims more than the limit, and a
    # read of that many bytes would fail the test client's own check.
    response = post_json(
        editor_api,
        ARTICLES,
        new_story(),
        CONTENT_LENGTH=str(settings.API_MAX_BODY_BYTES + 1),
    )
    assert_json_error(response, 413)
    assert not Article.objects.exists()


def test_the_api_body_limit_applies_to_every_write_that_takes_a_body(editor_api):
    story = post_json(editor_api, ARTICLES, new_story())
    assert story.status_code == 201
    url = f"{ARTICLES}police-chief-to-retire/"
    big = {"note": "x" * settings.API_MAX_BODY_BYTES}
    assert_json_error(post_json(editor_api, f"{url}publish/", big), 413)
    patch = editor_api.patch(
        url, json.dumps(big), content_type="application/json", **editor_api.if_match(url)
    )
    assert_json_error(patch, 413)


def test_django_refusing_a_body_is_a_413_and_a_suspicious_request_a_400():
    too_big = exception_handler(RequestDataTooBig("too big"), {})
    assert too_big.status_code == 413
    assert str(settings.API_MAX_BODY_BYTES) in too_big.data["detail"]
    too_many = exception_handler(TooManyFieldsSent("too many"), {})
    assert too_many.status_code == 400
    assert too_many.data["detail"] == "The request could not be read."


# Nesting -------------------------------------------------------------------


def test_json_nested_as_deep_as_the_limit_is_read(editor_api):
    depth = settings.API_MAX_JSON_DEPTH
    # The story's own object is one level; an unknown field is ignored.
    extra = json.loads(nested(depth - 1))
    response = post_json(editor_api, ARTICLES, new_story(extra=extra))
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("depth", [33, 1000, 100_000])
def test_json_nested_deeper_than_the_limit_is_a_400_naming_the_limit(editor_api, depth):
    assert depth > settings.API_MAX_JSON_DEPTH
    body = b'{"headline": ' + nested(depth - 1).encode() + b"}"
    error = assert_json_error(post_json(editor_api, ARTICLES, body), 400)
    assert error["detail"] == (
        "JSON nested too deep: arrays and objects may nest at most "
        f"{settings.API_MAX_JSON_DEPTH} levels."
    )
    assert not Article.objects.exists()


# A story's size ------------------------------------------------------------


def paragraphs(count):
    return [{"type": "paragraph", "text": f"Paragraph {n}."} for n in range(count)]


def test_a_body_of_more_blocks_than_the_limit_is_a_400_naming_it(editor_api):
    limit = settings.STORY_LIMITS["blocks"]
    response = post_json(editor_api, ARTICLES, new_story(body=paragraphs(limit + 1)))
    assert assert_json_error(response, 400)["errors"] == {
        "body": [f"A story holds at most {limit} body blocks; this one would have {limit + 1}."]
    }
    assert not Article.objects.exists()


def test_ten_thousand_blocks_are_refused_before_any_work(
    editor_api, editor, django_assert_max_num_queries
):
    payload = new_story(body=paragraphs(10_000), tags=[f"tag-{n}" for n in range(10_000)])
    # The token and the account's permissions only: no tag, section or block is looked at.
    with django_assert_max_num_queries(3):
        response = post_json(editor_api, ARTICLES, payload)
    error = assert_json_error(response, 400)
    assert set(error["errors"]) == {"body", "tags"}
    assert "at most 50 tags" in error["errors"]["tags"][0]


@pytest.mark.parametrize(
    ("field", "part", "noun"),
    [("quotes", "quotes", "quotes"), ("people", "people", "people"), ("tags", "tags", "tags")],
)
def test_too_many_quotes_people_or_tags_are_a_400_naming_the_limit(editor_api, field, part, noun):
    limit = settings.STORY_LIMITS[part]
    speaker = PersonFactory()
    rows = {
        "quotes": lambda n: {"text": "It is time.", "speaker": speaker.slug},
        "people": lambda n: {"person": speaker.slug},
        "tags": lambda n: TagFactory.build().slug,
    }[field]
    response = post_json(
        editor_api, ARTICLES, new_story(**{field: [rows(n) for n in range(limit + 1)]})
    )
    assert assert_json_error(response, 400)["errors"] == {
        field: [f"A story holds at most {limit} {noun}; this one would have {limit + 1}."]
    }


def test_too_many_authors_are_a_400_naming_the_limit(editor_api):
    limit = settings.STORY_LIMITS["authors"]
    authors = [person.slug for person in PersonFactory.create_batch(limit + 1)]
    response = post_json(editor_api, ARTICLES, new_story(authors=authors))
    assert assert_json_error(response, 400)["errors"] == {
        "authors": [
            f"A story holds at most {limit} authors in its byline; "
            f"this one would have {limit + 1}."
        ]
    }


# The schema ----------------------------------------------------------------


def test_the_schema_documents_413_on_every_operation_that_takes_a_body(api):
    schema = api.get("/api/schema/", {"format": "json"}).json()
    operations = [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    with_body = [(p, m, o) for p, m, o in operations if "requestBody" in o]
    assert {(p, m) for p, m, _ in with_body} >= {
        ("/api/v1/articles/", "post"),
        ("/api/v1/articles/{slug}/", "put"),
        ("/api/v1/articles/{slug}/", "patch"),
    }
    for path, method, operation in operations:
        documented = "413" in operation["responses"]
        assert documented == ("requestBody" in operation), (path, method)
    for _, _, operation in with_body:
        content = operation["responses"]["413"]["content"]["application/problem+json"]
        assert content["schema"] == {"$ref": "#/components/schemas/Problem"}
