"""Comparing two versions of a story in the admin: what changed, word by word, block by block."""

import pytest
import reversion
from django.template.loader import render_to_string
from django.urls import reverse
from reversion.models import Version

from articles.diffs import compare
from articles.models import ArticlePerson, Block
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    ParagraphFactory,
    QuoteFactory,
    TagFactory,
    newsroom_account,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

BEFORE = "The council voted to close the library."
AFTER = "The council voted to save the library on Monday."


def save_version(article):
    """Save the story as it stands, parts and all, as a new version in its history."""
    with reversion.create_revision():
        article.save()


def versions(article):
    """The story's versions, oldest first."""
    return list(Version.objects.get_for_object(article).order_by("pk"))


def paragraphs(article, count):
    return [
        ParagraphFactory(article=article, position=place, text=f"Paragraph number {place}.")
        for place in range(1, count + 1)
    ]


def compare_url(article, old, new):
    url = reverse("admin:articles_article_compare", args=[article.pk])
    return f"{url}?from={old}&to={new}"


def test_a_rewritten_paragraph_marks_the_words_taken_out_and_put_in():
    article = ArticleFactory()
    paragraph = ParagraphFactory(article=article, text=BEFORE)
    save_version(article)
    paragraph.text = AFTER
    paragraph.save()
    save_version(article)

    (change,) = compare(*versions(article)).blocks

    assert (change.pk, change.changed, change.moved) == (paragraph.pk, True, False)
    assert change.marked == (
        "The council voted to <del>close</del> <ins>save</ins> the library <ins>on Monday</ins>."
    )


def test_words_are_escaped_before_they_are_marked():
    article = ArticleFactory()
    paragraph = ParagraphFactory(article=article, text="Use <b>bold</b> & more")
    save_version(article)
    paragraph.text = "Use <i>bold</i> & more"
    paragraph.save()
    save_version(article)

    (change,) = compare(*versions(article)).blocks

    assert (
        change.marked
        == "Use &lt;<del>b</del><ins>i</ins>&gt;bold&lt;/<del>b</del><ins>i</ins>&gt; &amp; more"
    )


def test_a_block_moved_up_the_body_is_the_only_block_reported_moved():
    article = ArticleFactory()
    first, second, third, fourth, fifth = paragraphs(article, 5)
    save_version(article)
    # The form numbers the body afresh on every save: new positions are not moves.
    for position, block in enumerate([fourth, first, second, third, fifth], 1):
        block.position = position * 10
        block.save()
    save_version(article)

    (change,) = compare(*versions(article)).blocks

    assert (change.pk, change.moved, change.changed) == (fourth.pk, True, False)
    assert (change.old_place, change.new_place) == (4, 1)
    assert change.marked == "Paragraph number 4."


def test_added_and_removed_blocks_are_listed_where_they_stand():
    article = ArticleFactory()
    first, second, third = paragraphs(article, 3)
    save_version(article)
    removed = second.pk
    second.delete()
    added = ParagraphFactory(article=article, position=4, text="A new ending.")
    save_version(article)

    changes = compare(*versions(article)).blocks

    assert [(change.pk, change.added, change.removed) for change in changes] == [
        (removed, False, True),
        (added.pk, True, False),
    ]
    assert [change.marked for change in changes] == [
        "<del>Paragraph number 2.</del>",
        "<ins>A new ending.</ins>",
    ]


def test_a_picture_block_showing_another_picture_is_reported_changed():
    article = ArticleFactory()
    fire = CaptionFactory(article=article, caption="The fire at its height")
    crowd = CaptionFactory(article=article, caption="The crowd at the gates")
    block = Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=fire)
    save_version(article)
    block.caption = crowd
    block.save()
    save_version(article)

    comparison = compare(*versions(article))

    (change,) = comparison.blocks
    assert change.kind == "Captioned image"
    assert change.marked == "<del>The fire at its height</del> <ins>The crowd at the gates</ins>"
    assert comparison.captions == ()


def test_a_removed_quote_is_reported_with_its_words_and_speaker():
    article = ArticleFactory()
    speaker = PersonFactory(name="Mike Barton")
    quote = QuoteFactory(article=article, text="We will carry on.", speaker=speaker)
    save_version(article)
    removed = quote.pk
    quote.delete()
    save_version(article)

    (change,) = compare(*versions(article)).quotes

    assert (change.pk, change.action) == (removed, "removed")
    marked = {field.name: field.marked for field in change.fields}
    assert marked["text"] == "<del>We will carry on.</del>"
    assert marked["speaker"] == "<del>Mike Barton</del>"


def test_a_changed_caption_reports_the_fields_that_changed():
    article = ArticleFactory()
    caption = CaptionFactory(
        article=article, caption="Police at the scene", alt_text="A police car"
    )
    save_version(article)
    caption.caption = "Police and firefighters at the scene"
    caption.alt_text = "A police car beside a fire engine"
    caption.save()
    save_version(article)

    (change,) = compare(*versions(article)).captions

    assert (change.pk, change.action) == (caption.pk, "changed")
    marked = {field.name: field.marked for field in change.fields}
    assert marked == {
        "caption": "Police <ins>and firefighters</ins> at the scene",
        "alt_text": "A police car <ins>beside a fire engine</ins>",
    }


def test_people_and_tags_are_compared_by_name():
    article = ArticleFactory()
    kept, dropped = TagFactory(name="Policing"), TagFactory(name="Drugs policy")
    article.tags.add(kept, dropped)
    save_version(article)
    article.tags.remove(dropped)
    article.tags.add(TagFactory(name="Retirements"))
    ArticlePerson.objects.create(article=article, person=PersonFactory(name="Mike Barton"))
    save_version(article)

    comparison = compare(*versions(article))

    (tags,) = comparison.fields
    assert tags.marked == "<del>Drugs policy</del>, Policing, <ins>Retirements</ins>"
    (person,) = comparison.people
    assert (person.action, person.label) == ("added", "Mike Barton")


def test_a_new_headline_and_standfirst_are_marked_word_by_word():
    article = ArticleFactory(
        headline="Chief constable to retire", standfirst="He has led the force since 2012."
    )
    save_version(article)
    article.headline = "Durham chief constable to retire"
    article.standfirst = "He has led the force for seven years."
    save_version(article)

    comparison = compare(*versions(article))

    marked = {field.name: field.marked for field in comparison.fields}
    assert marked == {
        "headline": "<del>Chief</del> <ins>Durham chief</ins> constable to retire",
        "standfirst": "He has led the force <del>since 2012</del> <ins>for seven years</ins>.",
    }
    assert comparison.blocks == comparison.quotes == ()


@pytest.mark.parametrize("length", [3, 30])
def test_a_comparison_costs_the_same_queries_however_long_the_story(
    length, django_assert_max_num_queries
):
    article = ArticleFactory()
    article.tags.add(TagFactory())
    article.authors.add(PersonFactory())
    ArticlePerson.objects.create(article=article, person=PersonFactory())
    caption = CaptionFactory(article=article)
    caption.people.add(PersonFactory())
    QuoteFactory(article=article)
    body = paragraphs(article, length)
    Block.objects.create(article=article, position=99, kind=Block.Kind.IMAGE, caption=caption)
    save_version(article)
    for block in body:
        block.text += " And more."
        block.save()
    save_version(article)
    old, new = versions(article)

    with django_assert_max_num_queries(6):
        comparison = compare(old, new)
        page = render_to_string(
            "admin/articles/article/_story_diff.html", {"comparison": comparison}
        )

    assert len(comparison.blocks) == length
    assert page.count("<ins>And more.</ins>") == length


@pytest.fixture
def story_with_history():
    """A story with two versions: its paragraph, headline, caption and quotes changed."""
    article = ArticleFactory(headline="Chief constable to retire")
    paragraph = ParagraphFactory(article=article, text=BEFORE)
    caption = CaptionFactory(article=article, alt_text="A police car")
    quote = QuoteFactory(
        article=article, text="We will carry on.", speaker=PersonFactory(name="Mike Barton")
    )
    save_version(article)
    article.headline = "Durham chief constable to retire"
    paragraph.text = AFTER
    paragraph.save()
    caption.alt_text = "A police car beside a fire engine"
    caption.save()
    quote.delete()
    save_version(article)
    return article


def test_an_editor_compares_two_versions_on_the_story_history(client, story_with_history):
    client.force_login(newsroom_account("editor", "Editors", is_staff=True))
    old, new = versions(story_with_history)

    history = client.get(reverse("admin:articles_article_history", args=[story_with_history.pk]))
    response = client.get(compare_url(story_with_history, old.pk, new.pk))

    assert 'name="from"' in history.text
    assert f'<option value="{old.pk}" selected>' in history.text
    assert response.status_code == 200
    for shown in (
        "to <del>close</del> <ins>save</ins> the library",
        "<del>Chief</del> <ins>Durham chief</ins> constable",
        "A police car <ins>beside a fire engine</ins>",
        "<del>We will carry on.</del>",
        "<del>Mike Barton</del>",
    ):
        assert shown in response.text


def test_comparing_versions_is_refused_without_permission_to_view_the_story(
    client, story_with_history
):
    client.force_login(newsroom_account("intern", is_staff=True))
    old, new = versions(story_with_history)

    assert client.get(compare_url(story_with_history, old.pk, new.pk)).status_code == 403


def test_a_version_of_another_story_is_not_found(client, story_with_history):
    client.force_login(newsroom_account("editor", "Editors", is_staff=True))
    other = ArticleFactory()
    save_version(other)
    old, _ = versions(story_with_history)
    (elsewhere,) = versions(other)

    response = client.get(compare_url(story_with_history, old.pk, elsewhere.pk))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query", ["from=one&to=two", "from=1", "from=&to=", "from=99999999999999999999&to=1"]
)
def test_a_comparison_without_two_version_ids_is_a_bad_request(client, story_with_history, query):
    client.force_login(newsroom_account("editor", "Editors", is_staff=True))
    url = reverse("admin:articles_article_compare", args=[story_with_history.pk])

    response = client.get(f"{url}?{query}")

    assert response.status_code == 400
    assert "Choose two versions" in response.text
