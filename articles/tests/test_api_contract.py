"""
What a consumer may rely on: the schema says who may call what, names
operations as a person would, marks every always-present field required and
every nullable one nullable; every error is one documented shape, an RFC 9457
problem; tokens come as ``Bearer`` (or ``Token``); ``ordering`` takes several
fields in one value and a repeated parameter is refused; ninjs has its own
operation; and a story read can be written back as it was read.
"""

import json
import re
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token

from articles.models import Block
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    TagFactory,
)
from newsroom.tests.schema_check import api_schema, check_response
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STORY = f"/api/v1/articles/{STORY_SLUG}/"
IPTC_NINJS = Path(__file__).resolve().parent.parent / "api" / "schemas" / "ninjs-schema_2.4.json"


@pytest.fixture(scope="module")
def schema():
    return api_schema()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


# The schema ---------------------------------------------------------------------


def test_the_schema_is_openapi_3_1_with_an_operation_name_for_each_call(schema):
    assert schema["openapi"] == "3.1.0"
    assert {operation["operationId"] for _, _, operation in operations(schema)} == {
        "list_articles",
        "create_article",
        "get_article",
        "get_article_ninjs",
        "replace_article",
        "update_article",
        "delete_article",
        "submit_article",
        "publish_article",
        "unpublish_article",
        "send_back_article",
        "list_quotes",
        "list_captions",
        "list_sections",
        "list_people",
        "get_person",
        "list_organisations",
    }


def test_reads_need_no_account_and_writes_a_bearer_token(schema):
    assert schema["components"]["securitySchemes"] == {
        "token": {
            "type": "http",
            "scheme": "bearer",
            "description": schema["components"]["securitySchemes"]["token"]["description"],
        }
    }
    for path, method, operation in operations(schema):
        expected = [{"token": []}, {}] if method == "get" else [{"token": []}]
        assert operation["security"] == expected, (path, method)


def test_every_error_each_operation_can_answer_is_a_documented_problem(schema):
    for path, method, operation in operations(schema):
        responses = operation["responses"]
        expected = {"400", "401", "404", "405", "406", "429", "500"}
        if method != "get":
            expected |= {"403", "409"}
        if "requestBody" in operation:
            expected |= {"413", "415"}
        if method in ("put", "patch", "delete"):
            expected |= {"412", "428"}
        errors = {code for code in responses if code >= "400"}
        assert errors >= expected, (path, method, expected - errors)
        for code in errors:
            assert responses[code]["content"] == {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            }, (path, method, code)
        assert responses["401"]["headers"]["WWW-Authenticate"]["required"]
        assert responses["405"]["headers"]["Allow"]["required"]
        assert "Retry-After" in responses["429"]["headers"]
        if method == "get":
            assert "content" not in responses["304"]
            for code in ["200", "304"]:
                headers = responses[code]["headers"]
                assert headers["ETag"]["required"], (path, code)
                assert headers["Cache-Control"]["required"], (path, code)
                assert "Last-Modified" in headers
    created = schema["paths"]["/api/v1/articles/"]["post"]["responses"]["201"]
    assert created["headers"]["Location"]["required"]
    assert created["headers"]["ETag"]["required"]
    for path in ["/api/v1/articles/{slug}/", "/api/v1/articles/{slug}/ninjs/"]:
        responses = schema["paths"][path]["get"]["responses"]
        assert responses["301"]["headers"]["Location"]["required"]
        assert "410" in responses


def test_the_problem_is_rfc_9457_with_field_errors_inside(schema):
    components = schema["components"]["schemas"]
    problem = components["Problem"]
    assert problem["required"] == ["type", "title", "status", "detail", "code"]
    assert problem["properties"]["errors"] == {"$ref": "#/components/schemas/FieldErrors"}
    assert components["FieldErrors"]["additionalProperties"]["oneOf"] == [
        {"type": "array", "items": {"type": "string"}},
        {"$ref": "#/components/schemas/FieldErrors"},
    ]


def response_components(schema):
    """The components responses are made of (ninjs, whose parts may be absent, aside)."""
    written_here = {"Problem", "FieldErrors", "SlugReference", "IdReference"}
    for name, component in schema["components"]["schemas"].items():
        if (
            component.get("type") == "object"
            and not name.endswith("Request")
            and not name.startswith("Ninjs")
            and name not in written_here
        ):
            yield name, component


def test_every_field_a_response_carries_is_required_and_typed(schema):
    for name, component in response_components(schema):
        assert set(component.get("required", [])) == set(component["properties"]), name
        for field, definition in component["properties"].items():
            assert set(definition) & {"type", "$ref", "oneOf", "allOf"}, (name, field)
    components = schema["components"]["schemas"]
    for name in ["Organisation", "PersonDetail"]:
        assert components[name]["properties"]["aliases"]["type"] == "array"
        assert components[name]["properties"]["aliases"]["items"] == {"type": "string"}


def nullable(definition):
    return "null" in definition.get("type", []) or {"type": "null"} in definition.get("oneOf", [])


@pytest.mark.parametrize(
    ("component", "field"),
    [
        ("ArticleDetail", "publisher"),
        ("ArticleDetail", "published_at"),
        ("StoryQuote", "said_on"),
        ("Quote", "said_on"),
        ("PersonDetail", "portrait"),
        ("Portrait", "width"),
        ("TimelineEntry", "organisation"),
        ("TimelineEntry", "start"),
        ("TimelineEntry", "end"),
        ("PaginatedArticleList", "next"),
        ("PaginatedArticleList", "previous"),
        ("Image", "width"),
    ],
)
def test_what_can_be_null_is_nullable(schema, component, field):
    definition = schema["components"]["schemas"][component]["properties"][field]
    assert nullable(definition)


def test_fields_always_there_are_never_null(schema):
    components = schema["components"]["schemas"]
    for component, field in [("ArticleDetail", "headline"), ("StoryQuote", "source")]:
        assert not nullable(components[component]["properties"][field])


def test_the_ninjs_component_is_a_profile_of_iptcs_schema(schema):
    """Every property the ninjs operation documents is one IPTC's schema defines, of its type."""
    iptc = json.loads(IPTC_NINJS.read_text())
    defined = iptc["$defs"]["ninjsType"]["properties"]
    components = schema["components"]["schemas"]
    documented = components["NinjsArticle"]["properties"]
    assert set(documented) <= set(defined)
    for name, definition in documented.items():
        if "$ref" in definition:
            definition = components[definition["$ref"].rsplit("/", 1)[1]]
        assert definition.get("type", "string") == defined[name]["type"], name
        if "enum" in definition:
            assert set(definition["enum"]) <= set(defined[name]["enum"]), name
    assert components["NinjsArticle"]["required"]


def test_the_checker_refuses_what_the_schema_does_not_document():
    """The schema check every API test relies on is not vacuous."""
    ok = json.dumps({"type": "about:blank", "title": "Not Found", "status": 404}).encode()
    problem = {"Content-Type": "application/problem+json"}
    with pytest.raises(AssertionError, match="not as the schema says"):
        # A problem without its detail and code.
        check_response("GET", STORY, 404, problem, ok)
    with pytest.raises(AssertionError, match="not as the schema says"):
        check_response("GET", STORY, 404, {"Content-Type": "application/json"}, ok)
    with pytest.raises(AssertionError, match="not as the schema says"):
        check_response("GET", "/api/v1/sections/", 418, problem, ok)
    with pytest.raises(AssertionError, match="no such operation"):
        check_response("POST", "/api/v1/sections/", 200, {}, b"{}")


# Problems -----------------------------------------------------------------------------


def test_bad_input_is_a_problem_naming_each_field(api_as, editor):
    story = ArticleFactory(slug="a-draft")
    client = api_as(editor)
    url = f"/api/v1/articles/{story.slug}/"
    response = client.patch(
        url,
        {"headline": "", "body": [{"type": "paragraph", "text": "Fine."}, {"type": "nonsense"}]},
        **client.if_match(url),
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "about:blank"
    assert (problem["title"], problem["status"], problem["code"]) == (
        "Bad Request",
        400,
        "invalid",
    )
    assert problem["errors"] == {
        "headline": ["This field may not be blank."],
        "body": {"1": {"type": ['"nonsense" is not a valid choice.']}},
    }
    assert "headline: This field may not be blank." in problem["detail"]
    assert 'body.1.type: "nonsense" is not a valid choice.' in problem["detail"]


@pytest.mark.parametrize(
    ("method", "url", "extra", "status", "code"),
    [
        ("get", "/api/v1/nowhere/", {}, 404, "not_found"),
        ("get", STORY, {"HTTP_ACCEPT": "text/html"}, 406, "not_acceptable"),
        ("get", f"{STORY}ninjs/", {"HTTP_ACCEPT": "application/json"}, 406, "not_acceptable"),
        ("get", "/api/v1/sections/", {"HTTP_AUTHORIZATION": "Bearer nope"}, 401, None),
    ],
)
def test_http_errors_are_problems(api, story, method, url, extra, status, code):
    response = getattr(api, method)(url, **extra)
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == status
    assert problem["detail"]
    if code:
        assert problem["code"] == code
    if status == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_method_an_address_does_not_take_is_a_405_problem(api_as, editor):
    response = api_as(editor).post("/api/v1/sections/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["code"] == "method_not_allowed"


def test_a_body_that_is_not_json_is_a_415_problem(api_as, editor):
    response = api_as(editor).post("/api/v1/articles/", {"headline": "x"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


# Tokens -----------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "Token", "token"])
def test_a_token_is_taken_under_bearer_or_token(api, editor, scheme):
    ArticleFactory(slug="a-draft")
    token, _ = Token.objects.get_or_create(user=editor)
    assert api.get("/api/v1/articles/a-draft/").status_code == 404
    response = api.get("/api/v1/articles/a-draft/", HTTP_AUTHORIZATION=f"{scheme} {token.key}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        ("Bearer", "Invalid token header. No credentials provided."),
        ("Bearer a b", "Invalid token header. Token string should not contain spaces."),
        ("Bearer not-a-token", "Invalid token."),
    ],
)
def test_a_bad_bearer_token_is_a_401_saying_why(api, header, detail):
    response = api.get("/api/v1/sections/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["detail"] == detail


def test_another_scheme_is_not_read_as_a_token(api):
    response = api.get("/api/v1/sections/", HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz")
    assert response.status_code == 200


# Ordering and repeated parameters ---------------------------------------------------


def test_ordering_takes_several_fields_in_one_value(api):
    for headline, day in [("B", 3), ("A", 1), ("B", 2)]:
        LiveArticleFactory(
            headline=headline, published_at=timezone.now() - timezone.timedelta(days=day)
        )
    response = api.get("/api/v1/articles/", {"ordering": "headline,-published_at"})
    assert response.status_code == 200
    days = [(story["headline"], story["published_at"]) for story in response.json()["results"]]
    assert [headline for headline, _ in days] == ["A", "B", "B"]
    assert days[1][1] > days[2][1]


@pytest.mark.parametrize(
    ("url", "query", "name"),
    [
        ("/api/v1/articles/", "ordering=headline&ordering=-published_at", "ordering"),
        ("/api/v1/articles/", "section=news&section=sport", "section"),
        ("/api/v1/quotes/", "page=1&page=2", "page"),
        ("/api/v1/people/", "q=a&q=b", "q"),
        (STORY, "format=json&format=ninjs", "format"),
    ],
)
def test_a_parameter_given_twice_is_a_400_saying_how(api, story, url, query, name):
    response = api.get(f"{url}?{query}")
    assert response.status_code == 400
    [message] = response.json()["errors"][name]
    assert f"Give “{name}” once" in message
    if name == "ordering":
        assert "comma-separated (ordering=a,b)" in message


# ninjs ------------------------------------------------------------------------------


def test_ninjs_has_an_operation_of_its_own_and_the_old_ways_still_work(api, story):
    own = api.get(f"{STORY}ninjs/")
    assert own.status_code == 200
    assert own["Content-Type"] == "application/ninjs+json"
    assert own["ETag"]
    by_format = api.get(STORY, {"format": "ninjs"})
    by_accept = api.get(STORY, HTTP_ACCEPT="application/ninjs+json")
    assert (
        json.loads(own.content) == json.loads(by_format.content) == json.loads(by_accept.content)
    )
    assert api.get("/api/v1/articles/no-such-story/ninjs/").status_code == 404


def test_a_hidden_storys_ninjs_is_a_404(api, hidden_story):
    assert api.get(f"/api/v1/articles/{hidden_story.slug}/ninjs/").status_code == 404


# A story read and written back --------------------------------------------------------


@pytest.fixture
def full_draft(reporter):
    """A reporter's draft with every part: tags, people, a picture, quotes, a pull quote."""
    story = ArticleFactory(slug="a-full-draft", created_by=reporter)
    story.tags.add(TagFactory(), TagFactory())
    speaker = PersonFactory(slug="a-speaker")
    story.article_people.create(person=speaker, role="subject")
    ParagraphFactory(article=story, position=1, text="She said: “<em>We will</em> carry on.”")
    quote = QuoteFactory(article=story, text="We will carry on.", speaker=speaker)
    caption = CaptionFactory(article=story)
    Block.objects.create(article=story, position=2, kind=Block.Kind.IMAGE, caption=caption)
    Block.objects.create(article=story, position=3, kind=Block.Kind.QUOTE, quote=quote)
    Block.objects.create(article=story, position=4, kind=Block.Kind.SUBHEADING, text="Next")
    return story


@pytest.mark.parametrize("method", ["put", "patch"])
def test_a_story_read_can_be_written_back_as_it_was_read(api_as, reporter, full_draft, method):
    client, url = api_as(reporter), "/api/v1/articles/a-full-draft/"
    read = client.get(url)
    response = getattr(client, method)(url, read.json(), HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.content
    written = response.json()
    assert {**written, "updated_at": None} == {**read.json(), "updated_at": None}
    assert written["body"][0]["html"] == "She said: “<em>We will</em> carry on.”"


def test_a_read_only_field_changed_in_what_is_written_back_is_refused(
    api_as, reporter, full_draft
):
    client, url = api_as(reporter), "/api/v1/articles/a-full-draft/"
    read = client.get(url)
    for change in [
        {"status": "published"},
        {"authors": [{"slug": PersonFactory().slug}]},
        {"published_at": timezone.now().isoformat()},
    ]:
        response = client.put(url, {**read.json(), **change}, HTTP_IF_MATCH=read["ETag"])
        assert response.status_code == 400
        assert list(response.json()["errors"]) == list(change)


def test_parts_are_written_as_responses_show_them(api_as, editor, full_draft):
    client, url = api_as(editor), "/api/v1/articles/a-full-draft/"
    read = client.get(url).json()
    section = LiveArticleFactory().section
    new_person = PersonFactory(slug="someone-else")
    response = client.patch(
        url,
        {
            "section": {"slug": section.slug, "name": "ignored", "url": "ignored"},
            "tags": read["tags"][:1],
            "people": [{"slug": new_person.slug, "role": "mentioned"}],
            "body": [read["body"][3], read["body"][1], read["body"][0], read["body"][2]],
            "quotes": [{**read["quotes"][0], "source": "a speech"}],
        },
        **client.if_match(url),
    )
    assert response.status_code == 200, response.content
    story = response.json()
    assert story["section"]["slug"] == section.slug
    assert story["tags"] == read["tags"][:1]
    assert [(p["slug"], p["role"]) for p in story["people"]] == [(new_person.slug, "mentioned")]
    assert [block["type"] for block in story["body"]] == [
        "subheading",
        "image",
        "paragraph",
        "quote",
    ]
    assert story["quotes"][0]["id"] == read["quotes"][0]["id"]
    assert story["quotes"][0]["source"] == "a speech"
    assert re.search(r"<em>We will</em>", story["body"][2]["html"])
