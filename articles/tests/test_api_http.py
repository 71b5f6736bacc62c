"""
The API over HTTP: conditional GETs (ETag, Last-Modified, 304), caching
headers, JSON errors everywhere under /api/, rate limits, and the schema and
docs pages.
"""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.utils.http import http_date
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from articles.api.views import ArticleViewSet
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import LiveArticleFactory

pytestmark = pytest.mark.django_db

READS = [
    "/api/v1/articles/",
    f"/api/v1/articles/{STORY_SLUG}/",
    f"/api/v1/articles/{STORY_SLUG}/?format=ninjs",
    "/api/v1/quotes/",
    "/api/v1/captions/",
    "/api/v1/people/",
    "/api/v1/people/mike-barton/",
    "/api/v1/organisations/",
]


@pytest.mark.parametrize("url", READS)
def test_reads_carry_an_etag_and_last_modified_and_answer_304(api, story, url):
    response = api.get(url)
    assert response.status_code == 200
    etag = response["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{64}"', etag)
    last_modified = response["Last-Modified"]
    assert last_modified.endswith("GMT")
    not_modified = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    assert not_modified["ETag"] == etag
    assert api.get(url, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert api.get(url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_a_change_to_the_story_changes_its_etag_and_last_modified(api, story):
    url = f"/api/v1/articles/{STORY_SLUG}/"
    before = api.get(url)
    story.headline = "Durham Police chief Mike Barton to retire in June"
    story.save()
    after = api.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] == http_date(story.last_modified.timestamp())
    before_list = api.get("/api/v1/articles/")
    story.standfirst = "Changed again."
    story.save()
    listed = api.get("/api/v1/articles/", HTTP_IF_NONE_MATCH=before_list["ETag"])
    assert listed.status_code == 200
    assert listed["ETag"] != before_list["ETag"]


def test_a_list_says_when_its_newest_row_changed(api):
    older, newer = LiveArticleFactory(), LiveArticleFactory()
    older.save()
    response = api.get("/api/v1/articles/")
    assert response["Last-Modified"] == http_date(older.last_modified.timestamp())
    assert newer.last_modified <= older.last_modified


def test_sections_have_an_etag_but_no_last_modified(api, story):
    response = api.get("/api/v1/sections/")
    assert response.has_header("ETag")
    assert not response.has_header("Last-Modified")


def test_responses_vary_by_credentials_and_are_private_with_a_token(api, api_as, reader, story):
    public = api.get("/api/v1/articles/")
    assert {"Accept", "Authorization", "Cookie"} <= set(re.split(r",\s*", public["Vary"]))
    assert "public" in public["Cache-Control"]
    private = api_as(reader).get("/api/v1/articles/")
    assert "private" in private["Cache-Control"]
    assert "public" not in private["Cache-Control"]


def test_head_answers_like_get_without_a_body(api, story):
    response = api.head("/api/v1/articles/")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == api.get("/api/v1/articles/")["ETag"]


# Errors are JSON -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "detail"),
    [
        ("/api/", "No API endpoint at /api/."),
        ("/api/v2/articles/", "No API endpoint at /api/v2/articles/."),
        ("/api/v1/nothing/here", "No API endpoint at /api/v1/nothing/here."),
        (
            "/api/v1/articles",
            "No API endpoint at /api/v1/articles. Did you mean /api/v1/articles/?",
        ),
    ],
)
def test_unknown_api_addresses_are_a_json_404(api, url, detail):
    response = api.get(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == detail


def test_a_method_an_endpoint_does_not_take_is_a_json_405(api, api_as, editor):
    response = api_as(editor).post("/api/v1/quotes/", {"text": "x"})
    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "POST" not allowed.'


def test_an_unexpected_error_is_a_json_500_and_is_logged(api, monkeypatch, caplog):
    def broken(self, request, *args, **kwargs):
        raise RuntimeError("the database caught fire")

    monkeypatch.setattr(ArticleViewSet, "list", broken)
    client = APIClient(raise_request_exception=False)
    response = client.get("/api/v1/articles/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "A server error occurred."
    assert "the database caught fire" not in response.content.decode()
    assert any(record.exc_info for record in caplog.records if record.name == "newsroom.api")


# Rate limits -------------------------------------------------------------------------


def test_anonymous_clients_are_throttled_with_a_429(api, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": None})
    statuses = [api.get("/api/v1/sections/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/sections/")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"].startswith("Request was throttled.")


def test_clients_with_a_token_are_throttled_per_account(api, api_as, reader, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"anon": None, "user": "2/min"})
    client = api_as(reader)
    assert [client.get("/api/v1/sections/").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/v1/sections/").status_code == 200


def test_rate_limits_come_from_the_settings(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    assert set(rates) == {"anon", "user"}
    assert all(re.fullmatch(r"\d+/(s|sec|m|min|h|hour|d|day)", rate) for rate in rates.values())


# The schema and its docs ---------------------------------------------------------------


@pytest.fixture
def schema(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_schema_documents_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/articles/",
        "/api/v1/articles/{slug}/",
        "/api/v1/articles/{slug}/ninjs/",
        "/api/v1/articles/{slug}/submit/",
        "/api/v1/articles/{slug}/publish/",
        "/api/v1/articles/{slug}/unpublish/",
        "/api/v1/quotes/",
        "/api/v1/articles/{slug}/send-back/",
        "/api/v1/captions/",
        "/api/v1/sections/",
        "/api/v1/people/",
        "/api/v1/people/{slug}/",
        "/api/v1/organisations/",
    }


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        (
            "/api/v1/articles/",
            {
                "section",
                "tag",
                "person",
                "author",
                "featuring",
                "published_after",
                "published_before",
                "q",
                "ordering",
                "page",
                "page_size",
            },
        ),
        (
            "/api/v1/quotes/",
            {
                "speaker",
                "article",
                "source",
                "q",
                "said_after",
                "said_before",
                "ordering",
                "page",
                "page_size",
            },
        ),
        ("/api/v1/people/", {"organisation", "position", "q", "ordering", "page", "page_size"}),
        ("/api/v1/captions/", {"person", "article", "ordering", "page", "page_size"}),
    ],
)
def test_the_schema_documents_each_filter_with_its_help(schema, path, filters):
    parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
    assert set(parameters) == filters
    for name in filters:
        assert parameters[name].get("description"), name
    for name in {"person", "speaker", "organisation"} & filters:
        assert "empty list" in parameters[name]["description"]
    ordering = parameters["ordering"]["schema"]
    assert ordering["type"] == "string"
    assert not re.fullmatch(ordering["pattern"], "status")


def test_the_schema_documents_partial_dates_and_the_absent_url_of_organisations(schema):
    components = schema["components"]["schemas"]
    assert set(components["PartialDate"]["properties"]) == {"date", "precision"}
    assert "url" not in components["Organisation"]["properties"]
    assert "no public page" in components["Organisation"]["description"]
    assert components["TimelineEntry"]["properties"]["start"]["oneOf"] == [
        {"$ref": "#/components/schemas/PartialDate"},
        {"type": "null"},
    ]


def test_the_docs_work_offline(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    stylesheets = re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert scripts
    assert stylesheets
    # Swagger UI's start-up script is the docs' own (?script), not inline, for
    # the Content-Security-Policy; everything else is our static files.
    start = "/api/docs/?script="
    assert start in scripts
    for address in scripts + stylesheets:
        if address != start:
            assert address.startswith("/static/"), address
            assert finders.find(address.removeprefix("/static/")), address
    assert "/api/schema/" in api.get(start).content.decode()
