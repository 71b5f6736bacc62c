import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError

from articles.models import Article, Block, Caption, Quote
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_second_story_with_the_same_slug_is_refused():
    ArticleFactory(slug="barton-to-retire")
    duplicate = ArticleFactory.build(slug="barton-to-retire", section=SectionFactory())
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert refused.value.message_dict["slug"] == ["Article with this Slug already exists."]


def test_a_published_story_needs_a_publication_time():
    article = ArticleFactory.build(
        section=SectionFactory(), status=Article.Status.PUBLISHED, published_at=None
    )
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert refused.value.message_dict["published_at"] == [
        "A published story needs a publication time."
    ]


def test_a_quote_that_is_not_in_the_story_blocks_publication():
    article = ArticleFactory()
    ParagraphFactory(article=article, text="He said: “We will carry on.”")
    speaker = PersonFactory(name="Mike Barton")
    QuoteFactory(article=article, speaker=speaker, text="We will give up.")
    assert article.publication_errors() == [
        "The quote “We will give up.” (Mike Barton) does not appear word for word "
        "in the story's text."
    ]
    with pytest.raises(ValidationError):
        article.publish()
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT


def test_a_quote_in_a_picture_caption_or_pull_quote_does_not_count_as_in_the_text():
    article = ArticleFactory()
    ParagraphFactory(article=article, text="Nothing quoted here.")
    quote = QuoteFactory(article=article, text="We will carry on.")
    Block.objects.create(article=article, position=5, kind=Block.Kind.QUOTE, quote=quote)
    CaptionFactory(article=article, caption="We will carry on.")
    assert len(article.publication_errors()) == 1


def test_a_picture_without_alt_text_blocks_publication():
    article = ArticleFactory()
    ParagraphFactory(article=article)
    CaptionFactory(article=article, caption="Mike Barton at a Bikewise event", alt_text=" ")
    assert article.publication_errors() == [
        "The picture “Mike Barton at a Bikewise event” needs alt text before the story "
        "can be published."
    ]


def test_publication_errors_can_check_an_edit_before_it_is_saved():
    article = ArticleFactory()
    paragraph = ParagraphFactory(article=article, text="He said: “We will carry on.”")
    QuoteFactory(article=article, text="We will carry on.")
    assert article.publication_errors() == []
    paragraph.text = "He said nothing."
    assert len(article.publication_errors(blocks=[paragraph])) == 1
    # Nothing was saved by asking.
    assert article.publication_errors() == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": Block.Kind.PARAGRAPH, "text": "  "}, "text", "A paragraph needs its text."),
        ({"kind": Block.Kind.SUBHEADING, "text": ""}, "text", "A subheading needs its text."),
        ({"kind": Block.Kind.IMAGE}, "caption", "Choose the picture this block shows."),
        ({"kind": Block.Kind.QUOTE}, "quote", "Choose the quote to pull out."),
    ],
)
def test_a_block_needs_the_content_its_kind_calls_for(fields, field, message):
    block = Block(article=ArticleFactory(), position=1, **fields)
    with pytest.raises(ValidationError) as refused:
        block.full_clean()
    assert refused.value.message_dict[field] == [message]


def test_a_picture_block_shows_only_a_picture_of_its_own_story():
    article = ArticleFactory()
    elsewhere = CaptionFactory()
    block = Block(article=article, position=1, kind=Block.Kind.IMAGE, caption=elsewhere)
    with pytest.raises(ValidationError) as refused:
        block.full_clean()
    assert refused.value.message_dict["caption"] == ["The picture must belong to this story."]


def test_a_pull_quote_block_pulls_only_a_quote_of_its_own_story():
    article = ArticleFactory()
    block = Block(article=article, position=1, kind=Block.Kind.QUOTE, quote=QuoteFactory())
    with pytest.raises(ValidationError) as refused:
        block.full_clean()
    assert refused.value.message_dict["quote"] == ["The quote must be one of this story's quotes."]


def test_the_database_refuses_a_block_whose_content_does_not_match_its_kind():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Block.objects.create(article=article, kind=Block.Kind.IMAGE, text="no picture")


def test_body_blocks_keep_their_order_exactly():
    article = ArticleFactory()
    for position, text in [(3, "third"), (1, "first"), (2, "second")]:
        ParagraphFactory(article=article, position=position, text=text)
    assert [block.text for block in article.blocks.all()] == ["first", "second", "third"]
    assert article.body_text() == "first\n\nsecond\n\nthird"


def test_deleting_a_story_takes_its_body_pictures_and_quotes_with_it():
    article = ArticleFactory()
    caption = CaptionFactory(article=article)
    quote = QuoteFactory(article=article)
    Block.objects.create(article=article, position=1, kind=Block.Kind.IMAGE, caption=caption)
    Block.objects.create(article=article, position=2, kind=Block.Kind.QUOTE, quote=quote)
    article.delete()
    assert not Block.objects.exists()
    assert not Caption.objects.exists()
    assert not Quote.objects.exists()


def test_a_picture_the_body_shows_cannot_be_deleted_on_its_own():
    article = ArticleFactory()
    caption = CaptionFactory(article=article)
    Block.objects.create(article=article, position=1, kind=Block.Kind.IMAGE, caption=caption)
    with pytest.raises(RestrictedError):
        caption.delete()
    assert Caption.objects.filter(pk=caption.pk).exists()
