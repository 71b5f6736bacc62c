"""
A quote's date typed as people write it, on the story's form and on the
quote's own page; and the story form's boxes each with a name of its own.
"""

import datetime

import pytest
from django.urls import reverse

from articles.models import Quote
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    QuoteFactory,
    newsroom_account,
)
from articles.tests.test_admin import (
    QUOTE,
    admin_url,
    form_errors,
    full_story,
    inline_prefixes,
    saved_rows,
    story_fields,
    story_post,
)
from people.dates import Precision
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    return newsroom_account("editor", "Editors", is_staff=True)


@pytest.mark.parametrize(
    ("typed", "said_on", "precision", "shown"),
    [
        ("2019", datetime.date(2019, 1, 1), Precision.YEAR, "2019"),
        ("June 2019", datetime.date(2019, 6, 1), Precision.MONTH, "June 2019"),
        ("2019-06", datetime.date(2019, 6, 1), Precision.MONTH, "June 2019"),
        ("7 June 2019", datetime.date(2019, 6, 7), Precision.DAY, "7 June 2019"),
        ("", None, Precision.DAY, ""),
    ],
)
def test_a_quote_on_the_story_form_keeps_its_date_as_typed(
    client, editor, typed, said_on, precision, shown
):
    article = full_story()
    client.force_login(editor)
    url = admin_url(article, "change", article.pk)
    rows = saved_rows(article)
    rows[Quote][0]["said"] = typed

    response = client.post(
        url, story_post(inline_prefixes(client.get(url)), story_fields(article), rows)
    )

    assert response.status_code == 302, form_errors(response)
    quote = article.quotes.get()
    assert quote.said_on == said_on
    if said_on:
        assert quote.said_on_precision == precision
    assert shown_date(client.get(url)) == shown


def shown_date(response):
    """What the story form's first quote shows in its date box."""
    (quotes,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Quote
    ]
    return str(quotes.forms[0]["said"].value() or "")


def test_a_date_nobody_writes_is_refused_on_the_quote_naming_the_field(client, editor):
    article = full_story()
    client.force_login(editor)
    url = admin_url(article, "change", article.pk)
    rows = saved_rows(article)
    rows[Quote][0]["said"] = "the day before yesterday"

    response = client.post(
        url, story_post(inline_prefixes(client.get(url)), story_fields(article), rows)
    )

    assert response.status_code == 200
    (quotes,) = [
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Quote
    ]
    assert "said" in quotes.forms[0].errors
    assert any("Said on" in problem.message for problem in response.context["error_summary"])
    assert article.quotes.get().said_on is None


def test_the_quotes_page_takes_a_date_as_people_write_it(client, editor):
    article = ArticleFactory()
    quote = QuoteFactory(article=article, text=QUOTE)
    client.force_login(editor)
    url = admin_url(quote, "change", quote.pk)

    response = client.post(
        url,
        {
            "article": article.pk,
            "text": QUOTE,
            "speaker": quote.speaker_id,
            "source": "a statement",
            "said": "7 June 2019",
        },
    )

    assert response.status_code == 302, form_errors(response)
    quote.refresh_from_db()
    assert (quote.said_on, quote.said_on_precision) == (datetime.date(2019, 6, 7), Precision.DAY)
    assert 'value="7 June 2019"' in client.get(url).content.decode()


def test_a_new_quote_with_a_year_is_added_from_the_quotes_page(client, editor):
    article = ArticleFactory()
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_quote_add"),
        {"article": article.pk, "text": QUOTE, "speaker": PersonFactory().pk, "said": "2012"},
    )

    assert response.status_code == 302, form_errors(response)
    assert str(article.quotes.get().said) == "2012"


def test_the_story_forms_date_and_time_boxes_are_each_named(client, editor):
    client.force_login(editor)

    page = client.get(reverse("admin:articles_article_add")).content.decode()

    assert 'aria-label="Published at: date"' in page
    assert 'aria-label="Published at: time"' in page


def test_a_picture_without_alt_text_is_named_by_its_caption_in_the_pictures_list(client, editor):
    CaptionFactory(caption="Mike Barton at his desk", alt_text=" ")
    client.force_login(editor)

    page = client.get(reverse("admin:articles_caption_changelist")).content.decode()

    assert 'alt="Picture: Mike Barton at his desk"' in page
