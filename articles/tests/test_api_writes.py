"""
Writing through the API with a token: who may do what (the permission
matrix), fields a role does not own, and the model's rules (validation,
workflow, a live story that must stay publishable) answered as 400s.
"""

import datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Block
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "owner", "other_reporter", "editor", "superuser"]
DRAFT = "/api/v1/articles/a-draft/"


@pytest.fixture
def client_as(request, api, api_as, reporter):
    """``client_as(role)``: a client for one of ``ROLES`` (``owner`` started the stories)."""

    def client(role):
        if role == "anonymous":
            return api
        user = reporter if role == "owner" else request.getfixturevalue(role)
        return api_as(user)

    return client


def new_story(**fields):
    return {
        "headline": "Police chief to retire",
        "slug": "police-chief-to-retire",
        "standfirst": "After seven years in the job.",
        "section": SectionFactory().slug,
        "body": [
            {"type": "paragraph", "text": "He said: “It is time.”"},
            {"type": "subheading", "text": "A career"},
        ],
        **fields,
    }


@pytest.fixture
def draft(reporter):
    """A draft the reporter started: a paragraph, the quote it prints and a picture."""
    story = ArticleFactory(slug="a-draft", created_by=reporter)
    ParagraphFactory(article=story, position=1, text="He said: “We will carry on.”")
    QuoteFactory(article=story, text="We will carry on.")
    CaptionFactory(article=story)
    return story


@pytest.fixture
def live_story(reporter):
    story = LiveArticleFactory(slug="a-live-story", created_by=reporter)
    ParagraphFactory(article=story, position=1, text="He said: “We will carry on.”")
    QuoteFactory(article=story, text="We will carry on.")
    return story


# The permission matrix -----------------------------------------------------------

DRAFT_MATRIX = {
    # role: (read, create, update, submit, publish, delete)
    "anonymous": (404, 401, 401, 401, 401, 401),
    "reader": (404, 403, 404, 404, 404, 404),
    "owner": (200, 201, 200, 200, 403, 403),
    "other_reporter": (404, 201, 404, 404, 404, 404),
    "editor": (200, 201, 200, 200, 200, 204),
    "superuser": (200, 201, 200, 200, 200, 204),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_read_create_update_submit_publish_and_delete_a_draft(client_as, draft, role):
    client = client_as(role)
    read, create, update, submit, publish, delete = DRAFT_MATRIX[role]
    url = "/api/v1/articles/a-draft/"
    assert client.get(url).status_code == read
    assert client.post("/api/v1/articles/", new_story()).status_code == create
    changed = client.patch(url, {"headline": "New headline"}, **client.if_match(url))
    assert changed.status_code == update
    assert client.post(f"{url}submit/").status_code == submit
    assert client.post(f"{url}publish/").status_code == publish
    assert client.delete(url, **client.if_match(url)).status_code == delete
    draft_left = Article.objects.filter(slug="a-draft").first()
    assert (draft_left is None) == (delete == 204)
    if draft_left and update == 200:
        assert draft_left.headline == "New headline"


LIVE_MATRIX = {
    # role: (read, update, unpublish, delete)
    "anonymous": (200, 401, 401, 401),
    "reader": (200, 403, 403, 403),
    "owner": (200, 403, 403, 403),
    "other_reporter": (200, 403, 403, 403),
    "editor": (200, 200, 200, 204),
    "superuser": (200, 200, 200, 204),
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_unpublish_and_delete_a_live_story(client_as, live_story, role):
    client = client_as(role)
    read, update, unpublish, delete = LIVE_MATRIX[role]
    url = "/api/v1/articles/a-live-story/"
    assert client.get(url).status_code == read
    changed = client.patch(url, {"standfirst": "Changed."}, **client.if_match(url))
    assert changed.status_code == update
    assert client.post(f"{url}unpublish/").status_code == unpublish
    assert client.delete(url, **client.if_match(url)).status_code == delete


def test_refusals_are_json_with_a_reason(client_as, draft):
    anonymous = client_as("anonymous").post("/api/v1/articles/", new_story())
    assert anonymous.status_code == 401
    assert anonymous["WWW-Authenticate"] == 'Bearer realm="api"'
    assert anonymous.json()["detail"] == "Authentication credentials were not provided."
    reporter = client_as("owner").post("/api/v1/articles/a-draft/publish/")
    assert reporter.json()["detail"] == "Your newsroom role does not allow this."
    unknown = client_as("anonymous").get(
        "/api/v1/articles/", HTTP_AUTHORIZATION="Token not-a-real-token"
    )
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == "Invalid token."


# Writing a story -------------------------------------------------------------------


def test_a_reporter_starts_a_draft_that_records_who_started_it(api_as, reporter):
    response = api_as(reporter).post("/api/v1/articles/", new_story())
    assert response.status_code == 201, response.content
    assert response["Location"] == "http://testserver/api/v1/articles/police-chief-to-retire/"
    data = response.json()
    assert data["status"] == "draft"
    assert data["published_at"] is None
    assert [block["type"] for block in data["body"]] == ["paragraph", "subheading"]
    article = Article.objects.get(slug="police-chief-to-retire")
    assert article.created_by == reporter
    assert not article.is_live
    versions = Version.objects.get_for_object(article)
    assert versions.count() == 1
    assert versions[0].revision.user == reporter


@pytest.mark.parametrize("role", ["owner", "editor"])
@pytest.mark.parametrize(
    "field",
    [
        ("status", "published"),
        ("published_at", "2019-01-01T00:00:00Z"),
        ("created_by", 1),
        ("status_changed_by", 1),
    ],
)
def test_nobody_sets_the_workflow_fields_in_the_body(client_as, draft, role, field):
    name, value = field
    client = client_as(role)
    created = client.post("/api/v1/articles/", new_story(**{name: value}))
    assert created.status_code == 400
    assert list(created.json()["errors"]) == [name]
    changed = client.patch(DRAFT, {name: value}, **client.if_match(DRAFT))
    assert changed.status_code == 400
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None


def test_only_editors_set_the_byline(client_as, draft):
    PersonFactory(slug="jane-reporter")
    owner, editor = client_as("owner"), client_as("editor")
    refused = owner.patch(DRAFT, {"authors": ["jane-reporter"]}, **owner.if_match(DRAFT))
    assert refused.status_code == 400
    assert refused.json()["errors"] == {"authors": ["Only editors set the byline."]}
    allowed = editor.patch(DRAFT, {"authors": ["jane-reporter"]}, **editor.if_match(DRAFT))
    assert allowed.status_code == 200
    assert [author["slug"] for author in allowed.json()["authors"]] == ["jane-reporter"]


def test_the_body_is_replaced_in_the_order_sent_with_pictures_and_pull_quotes(
    api_as, editor, draft
):
    caption, quote = draft.captions.get(), draft.quotes.get()
    body = [
        {"type": "subheading", "text": "First"},
        {"type": "image", "caption": caption.pk},
        {"type": "paragraph", "text": "He said: “We will carry on.”"},
        {"type": "quote", "quote": quote.pk},
    ]
    client = api_as(editor)
    response = client.patch(DRAFT, {"body": body}, **client.if_match(DRAFT))
    assert response.status_code == 200, response.content
    blocks = response.json()["body"]
    assert [block["type"] for block in blocks] == ["subheading", "image", "paragraph", "quote"]
    assert blocks[1]["caption"]["id"] == caption.pk
    assert blocks[3]["quote"]["id"] == quote.pk
    assert list(draft.blocks.values_list("position", "kind")) == [
        (1, "subheading"),
        (2, "image"),
        (3, "paragraph"),
        (4, "quote"),
    ]


def test_quotes_are_written_on_their_story_keeping_their_ids(api_as, reporter, draft):
    kept = draft.quotes.get()
    speaker = PersonFactory(slug="ron-hogg")
    client = api_as(reporter)
    response = client.patch(
        DRAFT,
        {
            "quotes": [
                {"id": kept.pk, "text": "We will carry on.", "speaker": speaker.slug},
                {
                    "text": "carry on",
                    "speaker": speaker.slug,
                    "source": "a statement",
                    "said_on": {"date": "2019-06", "precision": "month"},
                },
            ]
        },
        **client.if_match(DRAFT),
    )
    assert response.status_code == 200, response.content
    quotes = response.json()["quotes"]
    assert quotes[0]["id"] == kept.pk
    assert quotes[0]["speaker"]["slug"] == "ron-hogg"
    assert quotes[1]["said_on"] == {"date": "2019-06", "precision": "month"}
    assert draft.quotes.count() == 2


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        (
            {"body": [{"type": "paragraph", "text": ""}]},
            {"body": {"0": {"text": ["A paragraph needs its text."]}}},
        ),
        (
            {"body": [{"type": "paragraph", "text": "Words", "quote": None}, {"type": "image"}]},
            {"body": {"1": {"caption": ["Choose the picture this block shows."]}}},
        ),
        (
            {"body": [{"type": "image", "caption": 999999}]},
            {"body": {"0": {"caption": ["Not one of this story's pictures."]}}},
        ),
        (
            {"quotes": [{"id": 999999, "text": "x", "speaker": "a-speaker"}]},
            {"quotes": {"0": {"id": ["The story has no quote 999999."]}}},
        ),
        (
            {"quotes": [{"text": "x", "speaker": "a-speaker", "said_on": {"date": "2019"}}]},
            {"quotes": {"0": {"said_on": {"precision": ["This field is required."]}}}},
        ),
        (
            {
                "quotes": [
                    {
                        "text": "x",
                        "speaker": "a-speaker",
                        "said_on": {"date": "2019-06-07", "precision": "year"},
                    }
                ]
            },
            {
                "quotes": {
                    "0": {"said_on": {"date": ["A date known to the year is written like 2019."]}}
                }
            },
        ),
        (
            {"section": "no-such-section"},
            {"section": ["Object with slug=no-such-section does not exist."]},
        ),
        (
            {"tags": ["nul\x00byte"]},
            {
                "tags": [
                    "“nul\x00byte” is not a slug: letters, numbers, hyphens and underscores only."
                ]
            },
        ),
        ({"publisher": 42}, None),
        ({"slug": "a live story"}, None),
        ({"headline": ""}, {"headline": ["This field may not be blank."]}),
        (
            {"people": [{"person": "a-speaker"}, {"person": "a-speaker"}]},
            {"people": {"1": {"person": ["This person is already listed in the story."]}}},
        ),
    ],
)
def test_bad_writes_are_400s_with_the_models_messages_and_change_nothing(
    api_as, editor, draft, change, errors
):
    PersonFactory(slug="a-speaker")
    before = (draft.headline, list(draft.blocks.values_list("text", flat=True)))
    client = api_as(editor)
    response = client.patch(DRAFT, change, **client.if_match(DRAFT))
    assert response.status_code == 400
    if errors is not None:
        assert response.json()["errors"] == errors
    draft.refresh_from_db()
    assert (draft.headline, list(draft.blocks.values_list("text", flat=True))) == before
    assert draft.quotes.count() == 1
    assert draft.article_people.count() == 0


def test_a_slug_already_taken_is_a_400(api_as, reporter, draft):
    response = api_as(reporter).post("/api/v1/articles/", new_story(slug="a-draft"))
    assert response.status_code == 400
    assert response.json()["errors"] == {"slug": ["article with this slug already exists."]}


def test_malformed_json_and_other_media_types_are_json_errors(api_as, reporter):
    client = api_as(reporter)
    broken = client.post("/api/v1/articles/", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json()["detail"].startswith("JSON parse error")
    form = client.post("/api/v1/articles/", {"headline": "x"}, format="multipart")
    assert form.status_code == 415
    assert "detail" in form.json()
    not_a_dict = client.post("/api/v1/articles/", [1, 2], format="json")
    assert not_a_dict.status_code == 400


# The workflow --------------------------------------------------------------------


def test_a_reporter_submits_and_an_editor_publishes(api_as, reporter, editor, api, draft):
    submitted = api_as(reporter).post("/api/v1/articles/a-draft/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["status"] == "in_review"
    published = api_as(editor).post("/api/v1/articles/a-draft/publish/")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    draft.refresh_from_db()
    assert draft.is_live
    assert draft.status_changed_by == editor
    assert api.get("/api/v1/articles/a-draft/").status_code == 200


def test_publishing_at_a_time_to_come_schedules_the_story(api_as, editor, api, draft):
    when = timezone.now() + datetime.timedelta(days=2)
    response = api_as(editor).post("/api/v1/articles/a-draft/publish/", {"at": when.isoformat()})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert not draft.is_live
    assert api.get("/api/v1/articles/a-draft/").status_code == 404


def test_a_story_that_breaks_a_publication_rule_is_not_published(api_as, editor, draft):
    QuoteFactory(article=draft, text="Words nobody printed")
    draft.captions.update(alt_text="")
    response = api_as(editor).post("/api/v1/articles/a-draft/publish/")
    assert response.status_code == 400
    messages = response.json()["errors"]["non_field_errors"]
    assert any("needs alt text" in message for message in messages)
    assert any("does not appear word for word" in message for message in messages)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("submit", "Only a draft or an unpublished story can be submitted for review."),
        ("unpublish", None),
    ],
)
def test_a_step_the_workflow_does_not_allow_is_a_400(
    api_as, editor, live_story, draft, step, message
):
    slug = "a-live-story" if step == "submit" else "a-draft"
    response = api_as(editor).post(f"/api/v1/articles/{slug}/{step}/")
    assert response.status_code == 400
    expected = message or "Only a published story can be unpublished."
    assert response.json()["errors"] == {"non_field_errors": [expected]}
    assert response.json()["detail"] == expected


def test_editing_a_live_story_must_keep_it_publishable(api_as, editor, api, live_story):
    url, client = "/api/v1/articles/a-live-story/", api_as(editor)
    before = api.get(url).json()
    response = client.patch(
        url,
        {"headline": "Changed", "body": [{"type": "paragraph", "text": "He said nothing."}]},
        **client.if_match(url),
    )
    assert response.status_code == 400
    [message] = response.json()["errors"]["non_field_errors"]
    assert "does not appear word for word" in message
    live_story.refresh_from_db()
    assert live_story.headline != "Changed"
    assert api.get(url).json()["body"] == before["body"]
    fine = client.patch(
        url,
        {"body": [{"type": "paragraph", "text": "She said: “We will carry on.” Then left."}]},
        **client.if_match(url),
    )
    assert fine.status_code == 200
    assert fine.json()["status"] == "published"


def test_a_quote_pulled_out_in_the_body_cannot_be_dropped_alone(api_as, editor, draft):
    quote = draft.quotes.get()
    Block.objects.create(article=draft, position=2, kind=Block.Kind.QUOTE, quote=quote)
    client = api_as(editor)
    response = client.patch(DRAFT, {"quotes": []}, **client.if_match(DRAFT))
    assert response.status_code == 400
    assert "pulled out in the body" in response.json()["errors"]["quotes"][0]
    both = client.patch(
        DRAFT,
        {"quotes": [], "body": [{"type": "paragraph", "text": "Plain."}]},
        **client.if_match(DRAFT),
    )
    assert both.status_code == 200
    assert draft.quotes.count() == 0


def test_an_editor_deletes_a_story_with_everything_in_it(api_as, editor, draft):
    Block.objects.create(
        article=draft, position=2, kind=Block.Kind.IMAGE, caption=draft.captions.get()
    )
    client = api_as(editor)
    assert client.delete(DRAFT, **client.if_match(DRAFT)).status_code == 204
    assert not Article.objects.filter(slug="a-draft").exists()
