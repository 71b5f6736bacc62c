"""
The edit path: a story and its parts change together or not at all, as one
version; a stale admin form is refused without losing anyone's work; an
editor sends a story back with a note that readers never see.
"""

import pytest
import reversion
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse
from reversion.models import Version

from articles.editing import EditRefused, EditStory
from articles.models import Article, Block, Caption, Quote
from articles.tests.factories import ArticleFactory, SectionFactory, jpeg_bytes, newsroom_account
from articles.tests.test_admin import (
    full_story,
    inline_prefixes,
    saved_rows,
    story_fields,
    story_post,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def staff(username, group):
    return newsroom_account(username, group, is_staff=True, first_name=username.title())


@pytest.fixture
def anna(db):
    return staff("anna", "Editors")


@pytest.fixture
def ben(db):
    return staff("ben", "Editors")


@pytest.fixture
def writer(db):
    return staff("writer", "Reporters")


def new_story_edit(by, *, quote_text="We will carry on."):
    """A whole new story: a paragraph, a new picture and a new quote placed in its body."""
    article = Article(slug="new-story")
    picture = Caption(
        image=ContentFile(jpeg_bytes(), name="scene.jpg"),
        caption="The scene",
        credit="Durham Police",
        alt_text="A police car",
    )
    quote = Quote(text=quote_text, speaker=PersonFactory(name="Mike Barton"))
    return EditStory(
        article,
        by=by,
        fields={"headline": "New", "standfirst": "What happened.", "section": SectionFactory()},
        captions=[(picture, {"people": [quote.speaker]})],
        quotes=[quote],
        blocks=[
            Block(kind=Block.Kind.PARAGRAPH, text="He said: “We will carry on.”"),
            Block(kind=Block.Kind.IMAGE, caption=picture),
            Block(kind=Block.Kind.QUOTE, quote=quote),
        ],
    )


def test_a_new_story_places_its_new_picture_and_quote_in_one_save_as_one_version(anna):
    edit = new_story_edit(anna)
    edit.save()
    article = Article.objects.get(slug="new-story")
    assert article.created_by == anna
    assert [(block.kind, block.position) for block in article.blocks.all()] == [
        ("paragraph", 1),
        ("image", 2),
        ("quote", 3),
    ]
    assert article.blocks.get(kind="image").caption == article.captions.get()
    assert list(article.captions.get().people.all()) == [article.quotes.get().speaker]
    (version,) = Version.objects.get_for_object(article)
    assert version.revision.user == anna
    assert {v.content_type.model for v in version.revision.version_set.all()} >= {
        "article",
        "block",
        "caption",
        "quote",
    }


def test_an_edit_with_a_bad_row_saves_nothing_and_names_the_row(anna):
    edit = new_story_edit(anna)
    edit.parts["blocks"][0].row.text = ""
    with pytest.raises(EditRefused) as refused:
        edit.save()
    assert refused.value.rows == {"blocks": {0: {"text": ["A paragraph needs its text."]}}}
    assert not Article.objects.exists()
    assert not Caption.objects.exists()


def test_an_edit_that_changes_nothing_makes_no_version(anna):
    article = full_story()
    article.publish(by=anna)
    versions = Version.objects.get_for_object(article).count()
    changes = EditStory(
        article,
        by=anna,
        fields={"headline": article.headline},
        quotes=list(article.quotes.all()),
        blocks=list(article.blocks.all()),
    ).save()
    assert changes == []
    assert Version.objects.get_for_object(article).count() == versions


def test_a_reporter_cannot_edit_a_story_someone_else_started(writer):
    article = full_story()
    with pytest.raises(PermissionDenied):
        EditStory(article, by=writer, fields={"headline": "Mine now"}).save()
    article.refresh_from_db()
    assert article.headline != "Mine now"


# Two editors on one story


def open_form(client, article):
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert page.status_code == 200
    return page


def post_form(client, article, page, **changes):
    form = page.context["adminform"].form
    fields = {**story_fields(article), "based_on": form["based_on"].value(), **changes}
    return client.post(
        reverse("admin:articles_article_change", args=[article.pk]),
        story_post(inline_prefixes(page), fields, saved_rows(article)),
    )


def test_a_stale_save_is_refused_with_who_when_and_their_change_and_keeps_the_edits(
    client, anna, ben
):
    article = full_story(headline="Police chief to retire")
    with reversion.create_revision():
        article.save()
    client.force_login(anna)
    annas_form = open_form(client, article)
    client.force_login(ben)
    bens_save = post_form(
        client, article, open_form(client, article), standfirst="Ben's better standfirst."
    )
    assert bens_save.status_code == 302

    client.force_login(anna)
    refused = post_form(client, Article.objects.get(pk=article.pk), annas_form, headline="Anna's")

    assert refused.status_code == 200
    page = refused.content.decode()
    reasons = " ".join(refused.context["adminform"].form.non_field_errors())
    assert "Ben saved “Police chief to retire” at" in reasons
    assert "Nothing was saved" in reasons
    assert 'value="Anna&#x27;s"' in page
    assert "<del>What happened, in a sentence</del><ins>Ben&#x27;s better standfirst</ins>" in page
    stored = Article.objects.get(pk=article.pk)
    assert (stored.headline, stored.standfirst) == (
        "Police chief to retire",
        "Ben's better standfirst.",
    )

    # Anna has seen Ben's change; saving again keeps her version, and both are in the history.
    resaved = post_form(client, stored, refused, headline="Anna's", standfirst=stored.standfirst)
    assert resaved.status_code == 302
    stored.refresh_from_db()
    assert (stored.headline, stored.standfirst) == ("Anna's", "Ben's better standfirst.")
    users = [v.revision.user for v in Version.objects.get_for_object(stored)]
    assert users[:2] == [anna, ben]


# Sending back


def test_an_editor_sends_a_story_back_with_a_note_its_reporter_sees(client, anna, writer, api):
    article = full_story(created_by=writer)
    article.submit_for_review(by=writer)
    client.force_login(anna)
    url = reverse("admin:articles_article_send_back", args=[article.pk])

    empty = client.post(url, {"note": "  "})
    assert empty.status_code == 200
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW

    sent = client.post(url, {"note": "The second quote is not in the text."})
    assert sent.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    latest = Version.objects.get_for_object(article).first()
    assert latest.revision.get_comment() == "Sent back: The second quote is not in the text."
    assert latest.revision.editorial_notes.get().text == "The second quote is not in the text."

    client.force_login(writer)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "The second quote is not in the text." in page.content.decode()

    article.publish(by=anna)
    public = client.get(article.get_absolute_url()).content.decode()
    assert "second quote is not in the text" not in public
    assert (
        "second quote is not in the text"
        not in api.get(f"/api/v1/articles/{article.slug}/").content.decode()
    )


def test_a_reporter_cannot_send_a_story_back(client, writer):
    article = ArticleFactory(created_by=writer, status=Article.Status.IN_REVIEW)
    client.force_login(writer)
    response = client.post(
        reverse("admin:articles_article_send_back", args=[article.pk]), {"note": "No."}
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Article.Status.IN_REVIEW
