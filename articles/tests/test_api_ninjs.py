"""The story as IPTC ninjs 2.4, validated against IPTC's published JSON schema."""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import ArticleFactory, ParagraphFactory

pytestmark = pytest.mark.django_db

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "api" / "schemas" / "ninjs-schema_2.4.json"
STORY_URL = f"http://testserver/articles/{STORY_SLUG}/"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def ninjs(client, slug=STORY_SLUG, **extra):
    response = client.get(f"/api/v1/articles/{slug}/", **extra)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/ninjs+json"
    return json.loads(response.content)


def test_the_shipped_schema_is_iptcs_ninjs_2_4(validator):
    assert validator.schema["$id"] == "http://www.iptc.org/std/ninjs/ninjs-schema_2.4.json#"
    assert validator.schema["title"] == "IPTC ninjs - News in JSON - version 2.4"
    assert isinstance(validator, jsonschema.Draft202012Validator)


def test_the_story_as_ninjs_is_valid_against_the_published_schema(api, story, validator):
    document = ninjs(api, data={"format": "ninjs"})
    errors = sorted(validator.iter_errors(document), key=str)
    assert errors == []
    # The schema is not vacuous: it refuses what ninjs does not define.
    assert list(validator.iter_errors({**document, "bylines": ["By someone"]}))
    unnamed = {key: value for key, value in document["associations"][0].items() if key != "name"}
    assert list(validator.iter_errors({**document, "associations": [unnamed]}))
    assert list(validator.iter_errors({**document, "pubstatus": "live"}))


def test_ninjs_is_also_chosen_by_the_accept_header(api, story):
    by_accept = ninjs(api, HTTP_ACCEPT="application/ninjs+json")
    assert by_accept == ninjs(api, data={"format": "ninjs"})


def test_the_ninjs_document_carries_the_story(api, story):
    document = ninjs(api, data={"format": "ninjs"})
    assert document["uri"] == STORY_URL
    assert document["type"] == "text"
    assert document["pubstatus"] == "usable"
    assert document["standard"]["version"] == "2.4"
    assert document["headlines"] == [
        {
            "role": "main",
            "contenttype": "text/plain",
            "value": "Durham Police chief Mike Barton to retire",
        }
    ]
    assert document["descriptions"][0]["value"].startswith("Chief Constable who promised")
    html, text = document["bodies"]
    assert html["contenttype"] == "text/html"
    assert html["value"].startswith("<p>KNOWN for his no-nonsense style")
    assert html["value"].count("<figure") == 2
    assert html["value"].count("<p>") == 25
    assert text["value"] == story.body_text()
    assert html["wordcount"] == len(story.body_text().split())
    assert document["by"] == "The Northern Echo"
    assert document["copyrightholder"] == "The Northern Echo"
    people = {(person["name"], person["rel"]) for person in document["people"]}
    assert people == {("Mike Barton", "subject"), ("Ron Hogg", "mentioned")}
    assert document["people"][0]["uri"] == "http://testserver/people/mike-barton/"
    assert {subject["name"] for subject in document["subjects"]} == {
        "News",
        "Policing",
        "Drugs policy",
        "Durham Constabulary",
    }
    for stamp in ("firstcreated", "versioncreated", "contentcreated"):
        datetime.datetime.fromisoformat(document[stamp])
    assert document["contentcreated"] == "2019-02-28T10:00:00+00:00"


def test_each_picture_is_an_association_with_caption_credit_alt_text_and_people(api, story):
    pictures = ninjs(api, data={"format": "ninjs"})["associations"]
    assert len(pictures) == 2
    first = pictures[0]
    caption = story.captions.first()
    assert first["type"] == "picture"
    assert first["name"] == f"picture-{caption.pk}"
    assert first["uri"] == f"{STORY_URL}#picture-{caption.pk}"
    assert first["by"] == "The Northern Echo"
    descriptions = {item["role"]: item["value"] for item in first["descriptions"]}
    assert descriptions["caption"] == "Mike Barton at Durham Police's Bikewise event"
    assert descriptions["alternative"].startswith("Placeholder image")
    assert first["people"] == [
        {"name": "Mike Barton", "rel": "pictured", "uri": "http://testserver/people/mike-barton/"}
    ]
    [rendition] = first["renditions"]
    assert rendition["contenttype"] == "image/jpeg"
    assert (rendition["width"], rendition["height"]) == (1200, 800)
    assert rendition["href"].startswith("http://testserver/media/captions/")


def test_a_draft_read_by_its_editor_is_withheld_ninjs(api_as, editor, validator):
    draft = ArticleFactory(slug="a-draft", headline="<b>Bold</b> & daring")
    ParagraphFactory(article=draft, text="<script>alert(1)</script><b onclick='x()'>Go</b>")
    document = ninjs(api_as(editor), "a-draft", data={"format": "ninjs"})
    assert list(validator.iter_errors(document)) == []
    assert document["pubstatus"] == "withheld"
    assert "contentcreated" not in document
    # A paragraph's markup is sanitised: bold kept, the script and the handler gone.
    assert document["bodies"][0]["value"] == "<p><b>Go</b></p>"
    assert document["headlines"][0]["value"] == "<b>Bold</b> & daring"


def test_a_scheduled_story_read_by_an_editor_says_when_its_embargo_lifts(api_as, editor):
    when = timezone.now() + datetime.timedelta(days=1)
    ArticleFactory(slug="scheduled", status=Article.Status.PUBLISHED, published_at=when)
    document = ninjs(api_as(editor), "scheduled", data={"format": "ninjs"})
    assert document["pubstatus"] == "usable"
    assert datetime.datetime.fromisoformat(document["embargoed"]) == when


def test_ninjs_is_only_for_a_story_and_its_errors_are_json(api, story):
    missing = api.get("/api/v1/articles/no-such-story/", {"format": "ninjs"})
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"
    assert missing.json()["detail"] == "No Article matches the given query."
    assert api.get("/api/v1/articles/", {"format": "ninjs"}).status_code == 404
