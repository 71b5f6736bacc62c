"""
The body on the story's form: blocks in the order their positions give, and
pictures and quotes added in the same form placed in the body before the
story is ever saved (a block names them ``new-<form index>``), in one submit
through the edit path.
"""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, Block, Caption, Quote
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    jpeg_bytes,
    newsroom_account,
)
from articles.tests.test_admin import (
    admin_url,
    form_errors,
    inline_prefixes,
    saved_rows,
    story_fields,
    story_post,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:articles_article_add")


@pytest.fixture
def editor(client):
    editor = newsroom_account("editor", "Editors", is_staff=True)
    client.force_login(editor)
    return editor


def new_story_fields(section):
    return {
        "headline": "Chief Constable to retire",
        "slug": "chief-constable-to-retire",
        "standfirst": "Mike Barton is to step down.",
        "section": section.pk,
        "published_at_0": "",
        "published_at_1": "",
    }


def new_picture(caption="Mike Barton at headquarters", **fields):
    return {
        "image": SimpleUploadedFile("barton.jpg", jpeg_bytes(), "image/jpeg"),
        "caption": caption,
        "credit": "Durham Police",
        "alt_text": "Mike Barton in uniform",
        "focal_point_x": 0.5,
        "focal_point_y": 0.5,
        **fields,
    }


def new_quote(speaker, text="It has been an honour"):
    return {"text": text, "speaker": speaker.pk, "said_on_precision": "day"}


def body_forms(response):
    """The body's forms on a page shown again after a refused save."""
    return next(
        inline.formset.forms
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Block
    )


def post_new_story(client, pictures, quotes, blocks):
    prefixes = inline_prefixes(client.get(ADD_URL))
    rows = {Caption: pictures, Quote: quotes, Block: blocks}
    return client.post(ADD_URL, story_post(prefixes, new_story_fields(SectionFactory()), rows))


def test_a_new_story_places_its_new_picture_and_quote_in_the_body_in_one_submit(client, editor):
    barton = PersonFactory(name="Mike Barton")
    hogg = PersonFactory(name="Ron Hogg")
    # The forms come in the order they were added; the positions give the body's order.
    blocks = [
        {"position": 1, "kind": "paragraph", "text": "“It has been an honour,” he wrote."},
        {"position": 5, "kind": "quote", "quote": "new-1"},
        {"position": 2, "kind": "image", "caption": "new-0"},
        {"position": 3, "kind": "subheading", "text": "The Al Capone approach"},
        {"position": 4, "kind": "paragraph", "text": "Mr Hogg backed the Al Capone approach."},
        {"position": 6, "kind": "quote", "quote": "new-0"},
    ]

    response = post_new_story(
        client,
        pictures=[new_picture()],
        quotes=[new_quote(barton), new_quote(hogg, "Al Capone approach")],
        blocks=blocks,
    )

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="chief-constable-to-retire")
    picture = article.captions.get()
    honour, capone = article.quotes.all()
    assert (picture.caption, honour.text, capone.text) == (
        "Mike Barton at headquarters",
        "It has been an honour",
        "Al Capone approach",
    )
    assert [(b.position, b.kind, b.text, b.caption, b.quote) for b in article.blocks.all()] == [
        (1, "paragraph", "“It has been an honour,” he wrote.", None, None),
        (2, "image", "", picture, None),
        (3, "subheading", "The Al Capone approach", None, None),
        (4, "paragraph", "Mr Hogg backed the Al Capone approach.", None, None),
        (5, "quote", "", None, capone),
        (6, "quote", "", None, honour),
    ]


def test_a_saved_story_places_a_picture_added_in_the_same_submit(client, editor):
    article = ArticleFactory()
    ParagraphFactory(article=article, position=1, text="First.")
    saved = CaptionFactory(article=article)
    url = admin_url(article, "change", article.pk)
    prefixes = inline_prefixes(client.get(url))
    rows = saved_rows(article)
    # The saved picture is form 0 of its inline: the new one is form 1.
    rows[Caption].append(new_picture("The new picture"))
    rows[Block] += [
        {"position": 2, "kind": "image", "caption": "new-1"},
        {"position": 3, "kind": "image", "caption": saved.pk},
    ]

    response = client.post(url, story_post(prefixes, story_fields(article), rows))

    assert response.status_code == 302, form_errors(response)
    added = article.captions.exclude(pk=saved.pk).get()
    assert added.caption == "The new picture"
    assert [(b.kind, b.caption) for b in article.blocks.all()] == [
        ("paragraph", None),
        ("image", added),
        ("image", saved),
    ]


@pytest.mark.parametrize(
    ("pictures", "reference", "message"),
    [
        ([], "new-3", "There is no new picture #4 on this form any more"),
        ([new_picture], "new-7", "There is no new picture #8 on this form any more"),
        ([new_picture], "new-x", "Choose the picture again."),
        ([new_picture], "new-", "Choose the picture again."),
        ([lambda: new_picture(DELETE="on")], "new-0", "The new picture #1 is marked for removal"),
        (
            [lambda: {"focal_point_x": 0.5, "focal_point_y": 0.5}],
            "new-0",
            "The new picture #1 is empty",
        ),
        ([lambda: new_picture(credit="")], "new-0", "The new picture #1 has errors"),
    ],
    ids=["none", "out-of-range", "not-a-number", "no-number", "deleted", "empty", "invalid"],
)
def test_a_block_naming_a_new_picture_that_is_not_there_is_an_error_and_nothing_is_saved(
    client, editor, pictures, reference, message
):
    response = post_new_story(
        client,
        pictures=[make() for make in pictures],
        quotes=[],
        blocks=[
            {"position": 1, "kind": "paragraph", "text": "First."},
            {"position": 2, "kind": "image", "caption": reference},
        ],
    )

    assert response.status_code == 200
    errors = body_forms(response)[1].errors
    assert list(errors) == ["caption"]
    assert len(errors["caption"]) == 1
    assert message in errors["caption"][0]
    assert not Article.objects.exists()
    assert not Caption.objects.exists()
    assert not Block.objects.exists()


def test_a_block_naming_a_new_quote_that_was_removed_above_is_an_error(client, editor):
    speaker = PersonFactory()
    response = post_new_story(
        client,
        pictures=[],
        quotes=[new_quote(speaker)],
        blocks=[
            {"position": 1, "kind": "paragraph", "text": "“It has been an honour,” he said."},
            {"position": 2, "kind": "quote", "quote": "new-1"},
        ],
    )

    assert response.status_code == 200
    assert body_forms(response)[1].errors == {
        "quote": ["There is no new quote #2 on this form any more: choose the quote again."]
    }
    assert not Quote.objects.exists()


def test_a_story_shown_again_keeps_the_new_picture_chosen_with_the_words_typed(client, editor):
    # Refused for its headline: the block still names the new picture.
    prefixes = inline_prefixes(client.get(ADD_URL))
    fields = {**new_story_fields(SectionFactory()), "headline": ""}
    rows = {
        Caption: [new_picture("Mike Barton at headquarters")],
        Block: [{"position": 1, "kind": "image", "caption": "new-0"}],
    }

    response = client.post(ADD_URL, story_post(prefixes, fields, rows))

    assert response.status_code == 200
    select = re.search(r'<select name="blocks-0-caption".*?</select>', response.text, re.DOTALL)
    assert (
        '<option value="new-0" selected>New picture #1: Mike Barton at headquarters</option>'
        in select.group()
    )


def test_the_add_page_offers_the_new_rows_above_to_the_body(client, editor):
    response = client.get(ADD_URL)

    select = re.search(r'<select name="blocks-0-caption".*?</select>', response.text, re.DOTALL)
    assert '<option value="new-0">New picture #1 (not written yet)</option>' in select.group()
    quote = re.search(r'<select name="blocks-0-quote".*?</select>', response.text, re.DOTALL)
    assert '<option value="new-0">New quote #1 (not written yet)</option>' in quote.group()
    assert "once the story is saved" not in response.text


def test_blocks_are_reordered_by_their_positions(client, editor):
    article = ArticleFactory()
    for position, text in enumerate(("One.", "Two.", "Three."), start=1):
        ParagraphFactory(article=article, position=position, text=text)
    quote = QuoteFactory(article=article, text="Two")
    Block.objects.create(article=article, position=4, kind=Block.Kind.QUOTE, quote=quote)
    url = admin_url(article, "change", article.pk)
    prefixes = inline_prefixes(client.get(url))
    rows = saved_rows(article)
    for row, position in zip(rows[Block], (3, 1, 4, 2), strict=True):
        row["position"] = position

    response = client.post(url, story_post(prefixes, story_fields(article), rows))

    assert response.status_code == 302, form_errors(response)
    assert [(b.position, str(b)) for b in article.blocks.all()] == [
        (1, "Two."),
        (2, "Pull quote: Two"),
        (3, "One."),
        (4, "Three."),
    ]


def test_a_new_block_given_only_a_position_by_the_script_is_left_out(client, editor):
    response = post_new_story(
        client,
        pictures=[],
        quotes=[],
        blocks=[
            {"position": 1, "kind": "paragraph", "text": "The only paragraph."},
            {"position": 2, "kind": "paragraph", "text": ""},
        ],
    )

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get()
    assert [b.text for b in article.blocks.all()] == ["The only paragraph."]


def test_the_change_page_reads_the_story_pictures_once_however_long_the_body(client, editor):
    def page_queries(blocks):
        article = ArticleFactory()
        CaptionFactory(article=article)
        QuoteFactory(article=article)
        for position in range(1, blocks + 1):
            ParagraphFactory(article=article, position=position)
        url = admin_url(article, "change", article.pk)
        client.get(url)
        with CaptureQueriesContext(connection) as counted:
            assert client.get(url).status_code == 200
        return len(counted)

    assert page_queries(12) == page_queries(2)
