"""
No silent overwrite through the API: a PUT, PATCH or DELETE must send back
the story's ETag in If-Match (428 without it, 412 once someone else has
changed the story), and every write answers with the story's new ETag so
that a client can chain its writes without reading the story again.
"""

import pytest

from articles.models import Article
from articles.tests.factories import ArticleFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/articles/a-draft/"


@pytest.fixture
def draft(editor):
    story = ArticleFactory(slug="a-draft", headline="The first headline", created_by=editor)
    ParagraphFactory(article=story, position=1, text="The first words.")
    return story


@pytest.fixture
def client(api_as, editor):
    return api_as(editor)


def rewrite(draft, headline):
    """A whole story for PUT: the draft with a new headline and body."""
    return {
        "headline": headline,
        "slug": "a-draft",
        "standfirst": draft.standfirst,
        "section": draft.section.slug,
        "body": [{"type": "paragraph", "text": "Other words."}],
    }


def write(client, method, draft, headline="A new headline", **headers):
    """The PUT, PATCH or DELETE of the draft, with these headers (``HTTP_IF_MATCH=…``)."""
    if method == "put":
        return client.put(URL, rewrite(draft, headline), **headers)
    if method == "patch":
        return client.patch(URL, {"headline": headline}, **headers)
    return client.delete(URL, **headers)


def unchanged(draft):
    """Whether the draft is still as the fixture made it."""
    story = Article.objects.filter(pk=draft.pk).first()
    return (
        story is not None
        and story.headline == "The first headline"
        and list(story.blocks.values_list("text", flat=True)) == ["The first words."]
    )


def changed_as_asked(draft, method):
    story = Article.objects.filter(pk=draft.pk).first()
    if method == "delete":
        return story is None
    return story.headline == "A new headline"


WRITES = ["put", "patch", "delete"]


@pytest.mark.parametrize("method", WRITES)
def test_a_write_without_if_match_is_428_saying_what_to_send_and_changes_nothing(
    client, draft, method
):
    response = write(client, method, draft)
    assert response.status_code == 428
    assert response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Precondition Required",
        "status": 428,
        "detail": "Send If-Match with the story's ETag from a GET (or from the response to "
        "your last write) so that no one's changes are overwritten.",
        "code": "precondition_required",
    }
    assert unchanged(draft)


@pytest.mark.parametrize("method", WRITES)
def test_a_write_from_a_stale_etag_is_412_and_changes_nothing(
    api_as, superuser, client, draft, method
):
    read_earlier = client.current_etag(URL)
    colleague = api_as(superuser)
    meanwhile = colleague.patch(
        URL, {"standfirst": "Someone else's change."}, HTTP_IF_MATCH=read_earlier
    )
    assert meanwhile.status_code == 200
    response = write(client, method, draft, HTTP_IF_MATCH=read_earlier)
    assert response.status_code == 412
    assert "changed since" in response.json()["detail"]
    assert "GET it again" in response.json()["detail"]
    story = Article.objects.get(pk=draft.pk)
    assert (story.headline, story.standfirst) == ("The first headline", "Someone else's change.")


@pytest.mark.parametrize("method", WRITES)
def test_a_write_with_the_etag_of_a_get_goes_through(client, draft, method):
    response = write(client, method, draft, HTTP_IF_MATCH=client.current_etag(URL))
    assert response.status_code == (204 if method == "delete" else 200), response.content
    assert changed_as_asked(draft, method)


@pytest.mark.parametrize("method", WRITES)
def test_writes_chain_on_the_etag_each_response_carries(client, draft, method):
    first = client.patch(
        URL, {"standfirst": "First change."}, HTTP_IF_MATCH=client.current_etag(URL)
    )
    assert first.status_code == 200
    # The ETag of a write's response is the one GET now gives the story.
    assert first["ETag"] == client.current_etag(URL)
    response = write(client, method, draft, HTTP_IF_MATCH=first["ETag"])
    assert response.status_code == (204 if method == "delete" else 200), response.content
    assert changed_as_asked(draft, method)
    if method != "delete":
        assert response["ETag"] == client.current_etag(URL) != first["ETag"]


def test_a_new_story_and_each_workflow_step_answer_with_the_etag_to_write_with(client, draft):
    created = client.post("/api/v1/articles/", rewrite(draft, "A story") | {"slug": "new"})
    assert created.status_code == 201
    assert created["ETag"] == client.current_etag("/api/v1/articles/new/")
    etag = created["ETag"]
    for step in ["submit", "publish", "unpublish"]:
        response = client.post(f"/api/v1/articles/new/{step}/", HTTP_IF_MATCH=etag)
        assert response.status_code == 200, (step, response.content)
        assert response["ETag"] == client.current_etag("/api/v1/articles/new/") != etag
        etag = response["ETag"]
    deleted = client.delete("/api/v1/articles/new/", HTTP_IF_MATCH=etag)
    assert deleted.status_code == 204


@pytest.mark.parametrize("method", WRITES)
def test_if_match_star_matches_whatever_version_there_is(client, draft, method):
    response = write(client, method, draft, HTTP_IF_MATCH="*")
    assert response.status_code == (204 if method == "delete" else 200), response.content
    assert changed_as_asked(draft, method)


def test_any_etag_of_a_list_may_match(client, draft):
    current = client.current_etag(URL)
    response = write(client, "patch", draft, HTTP_IF_MATCH=f'"an-old-one", {current}')
    assert response.status_code == 200
    assert changed_as_asked(draft, "patch")


@pytest.mark.parametrize(
    "if_match",
    [
        pytest.param(lambda etag: f"W/{etag}", id="weak"),
        pytest.param(lambda etag: etag.strip('"'), id="unquoted"),
        pytest.param(lambda etag: '"something-else"', id="other"),
        pytest.param(lambda etag: "", id="empty"),
    ],
)
@pytest.mark.parametrize("method", WRITES)
def test_a_weak_or_malformed_etag_never_matches(client, draft, method, if_match):
    response = write(client, method, draft, HTTP_IF_MATCH=if_match(client.current_etag(URL)))
    assert response.status_code == 412
    assert unchanged(draft)


def test_the_ninjs_etag_is_not_the_one_writes_are_checked_against(client, draft):
    ninjs = client.get(URL, {"format": "ninjs"})
    assert ninjs.status_code == 200
    assert write(client, "patch", draft, HTTP_IF_MATCH=ninjs["ETag"]).status_code == 412
    assert unchanged(draft)


@pytest.mark.parametrize("step", ["submit", "publish"])
def test_a_workflow_step_need_not_send_if_match_but_a_stale_one_is_412(client, draft, step):
    stale = client.current_etag(URL)
    client.patch(URL, {"standfirst": "Changed."}, HTTP_IF_MATCH=stale)
    refused = client.post(f"{URL}{step}/", HTTP_IF_MATCH=stale)
    assert refused.status_code == 412
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    assert client.post(f"{URL}{step}/").status_code == 200


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("reader", 404), ("other_reporter", 404)]
)
def test_a_caller_who_may_not_write_is_refused_before_if_match_is_asked_for(
    request, api, api_as, draft, role, status
):
    client = api if role == "anonymous" else api_as(request.getfixturevalue(role))
    assert client.patch(URL, {"headline": "Mine now"}).status_code == status
    assert unchanged(draft)


@pytest.fixture
def schema(api):
    return api.get("/api/schema/", {"format": "json"}).json()


@pytest.mark.parametrize("method", WRITES)
def test_the_schema_says_writes_need_if_match_and_may_answer_412_or_428(schema, method):
    operation = schema["paths"]["/api/v1/articles/{slug}/"][method]
    [if_match] = [p for p in operation["parameters"] if p["name"] == "If-Match"]
    assert (if_match["in"], if_match["required"]) == ("header", True)
    for code in ["412", "428"]:
        content = operation["responses"][code]["content"]["application/problem+json"]
        assert content["schema"] == {"$ref": "#/components/schemas/Problem"}


@pytest.mark.parametrize("step", ["submit", "publish", "unpublish"])
def test_the_schema_says_workflow_steps_may_send_if_match(schema, step):
    operation = schema["paths"][f"/api/v1/articles/{{slug}}/{step}/"]["post"]
    [if_match] = [p for p in operation["parameters"] if p["name"] == "If-Match"]
    assert not if_match.get("required", False)
    assert "412" in operation["responses"]
    assert "428" not in operation["responses"]
    assert "ETag" in operation["responses"]["200"]["headers"]


def test_the_schema_says_which_responses_carry_the_etag(schema):
    story, stories = (
        schema["paths"]["/api/v1/articles/{slug}/"],
        schema["paths"]["/api/v1/articles/"],
    )
    assert "ETag" in story["get"]["responses"]["200"]["headers"]
    assert "ETag" in story["put"]["responses"]["200"]["headers"]
    assert "ETag" in story["patch"]["responses"]["200"]["headers"]
    assert "ETag" in stories["post"]["responses"]["201"]["headers"]
    assert "412" not in story["get"]["responses"]
