"""
The OpenAPI schema at /api/schema/ describes what the API really answers:
real responses (the story, people, errors, writes, drafts) are checked
against it.
"""

import datetime

import pytest
import requests
import schemathesis
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from articles.models import Article
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import ArticleFactory, ParagraphFactory, QuoteFactory

pytestmark = pytest.mark.django_db

STORY = f"/api/v1/articles/{STORY_SLUG}/"


@pytest.fixture
def openapi(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return schemathesis.openapi.from_dict(response.json())


@pytest.fixture
def conforms(openapi):
    """``conforms(response, template)``: the response is one the schema documents, exactly."""

    def check(response, template):
        request = response.wsgi_request
        operation = openapi[template][request.method]
        documented = operation.definition.raw["responses"]
        assert str(response.status_code) in documented, response.status_code
        operation.validate_response(
            schemathesis.Response(
                status_code=response.status_code,
                headers={name.lower(): [value] for name, value in response.headers.items()},
                content=response.content,
                request=requests.Request(request.method, request.build_absolute_uri()).prepare(),
                elapsed=0.0,
                verify=False,
            )
        )
        return response

    return check


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("/api/v1/articles/", "/api/v1/articles/"),
        (STORY, "/api/v1/articles/{slug}/"),
        (f"{STORY}?format=ninjs", "/api/v1/articles/{slug}/"),
        ("/api/v1/quotes/?page_size=3", "/api/v1/quotes/"),
        ("/api/v1/captions/", "/api/v1/captions/"),
        ("/api/v1/sections/", "/api/v1/sections/"),
        ("/api/v1/people/", "/api/v1/people/"),
        ("/api/v1/people/mike-barton/", "/api/v1/people/{slug}/"),
        ("/api/v1/people/ron-hogg/", "/api/v1/people/{slug}/"),
        ("/api/v1/organisations/", "/api/v1/organisations/"),
    ],
)
def test_reads_of_the_story_match_the_schema(api, story, conforms, url, template):
    assert conforms(api.get(url), template).status_code == 200


@pytest.mark.parametrize(
    ("url", "template", "status"),
    [
        ("/api/v1/articles/?published_after=never", "/api/v1/articles/", 400),
        ("/api/v1/articles/?ordering=status", "/api/v1/articles/", 400),
        ("/api/v1/articles/?page=99", "/api/v1/articles/", 404),
        ("/api/v1/quotes/?page_size=0", "/api/v1/quotes/", 400),
        ("/api/v1/articles/no-such-story/", "/api/v1/articles/{slug}/", 404),
        ("/api/v1/articles/no-such-story/?format=ninjs", "/api/v1/articles/{slug}/", 404),
        ("/api/v1/people/nobody/", "/api/v1/people/{slug}/", 404),
    ],
)
def test_errors_match_the_schema(api, story, conforms, url, template, status):
    assert conforms(api.get(url), template).status_code == status


def test_a_bad_token_and_a_rate_limit_match_the_schema(api, story, conforms, monkeypatch):
    bad = api.get("/api/v1/sections/", HTTP_AUTHORIZATION="Token nope")
    assert conforms(bad, "/api/v1/sections/").status_code == 401
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1/min", "user": None})
    api.get("/api/v1/sections/")
    assert conforms(api.get("/api/v1/sections/"), "/api/v1/sections/").status_code == 429


def test_drafts_and_scheduled_stories_read_by_staff_match_the_schema(api_as, editor, conforms):
    ArticleFactory(slug="a-draft")
    ArticleFactory(
        slug="scheduled",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    client = api_as(editor)
    conforms(client.get("/api/v1/articles/"), "/api/v1/articles/")
    for slug in ["a-draft", "scheduled"]:
        conforms(client.get(f"/api/v1/articles/{slug}/"), "/api/v1/articles/{slug}/")
        conforms(
            client.get(f"/api/v1/articles/{slug}/", {"format": "ninjs"}),
            "/api/v1/articles/{slug}/",
        )


def test_writes_and_their_refusals_match_the_schema(api, api_as, reporter, editor, conforms):
    section = "news"
    ArticleFactory(slug="placeholder")  # makes the "news" section
    client = api_as(reporter)
    created = client.post(
        "/api/v1/articles/",
        {
            "headline": "A new story",
            "slug": "a-new-story",
            "standfirst": "It happened.",
            "section": section,
            "body": [{"type": "paragraph", "text": "She said: “Yes.”"}],
        },
    )
    assert conforms(created, "/api/v1/articles/").status_code == 201
    story = Article.objects.get(slug="a-new-story")
    QuoteFactory(article=story, text="Yes.")
    ParagraphFactory(article=story, position=9, text="More.")
    detail, url = "/api/v1/articles/{slug}/", "/api/v1/articles/a-new-story/"
    changed = client.patch(url, {"headline": "B"}, **client.if_match(url))
    assert conforms(changed, detail).status_code == 200
    invalid = client.patch(url, {"status": "x"}, HTTP_IF_MATCH=changed["ETag"])
    assert conforms(invalid, detail).status_code == 400
    assert conforms(client.patch(url, {"headline": "C"}), detail).status_code == 428
    stale = client.patch(url, {"headline": "C"}, HTTP_IF_MATCH=created["ETag"])
    assert conforms(stale, detail).status_code == 412
    refused = client.post("/api/v1/articles/a-new-story/publish/")
    assert conforms(refused, "/api/v1/articles/{slug}/publish/").status_code == 403
    submitted = client.post("/api/v1/articles/a-new-story/submit/")
    assert conforms(submitted, "/api/v1/articles/{slug}/submit/").status_code == 200
    again = client.post("/api/v1/articles/a-new-story/submit/")
    assert conforms(again, "/api/v1/articles/{slug}/submit/").status_code == 400
    published = api_as(editor).post("/api/v1/articles/a-new-story/publish/")
    assert conforms(published, "/api/v1/articles/{slug}/publish/").status_code == 200
    unpublished = api_as(editor).post("/api/v1/articles/a-new-story/unpublish/")
    assert conforms(unpublished, "/api/v1/articles/{slug}/unpublish/").status_code == 200
    anonymous = api.delete("/api/v1/articles/a-new-story/")
    assert conforms(anonymous, detail).status_code == 401
    editor_client = api_as(editor)
    deleted = editor_client.delete(url, **editor_client.if_match(url))
    assert conforms(deleted, detail).status_code == 204
