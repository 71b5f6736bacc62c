"""A refused story form says why at its top, each reason linked to what it is about."""

import re

import pytest
from django.utils import timezone

from articles.models import Article, Quote
from articles.tests.test_admin import (
    admin_url,
    full_story,
    inline_prefixes,
    live_story_change_post,
    saved_rows,
    story_fields,
    story_post,
)

pytestmark = pytest.mark.django_db


def summary_links(page):
    """The summary's links as (target id, text), and where the summary starts in the page."""
    summary = re.search(r'<div class="error-summary".*?</ul>', page, re.DOTALL)
    assert summary, "no error summary on the page"
    links = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', summary.group())
    return links, summary.start()


def assert_targets_exist(page, links):
    for target, _text in links:
        assert re.search(rf'\sid="{re.escape(target)}"', page), f"nothing on the page is #{target}"


@pytest.mark.parametrize(
    ("edit", "target", "reason"),
    [
        ({"paragraph": "He left."}, "quotes-0", "Quote 1 (“We will carry on.”): The quote"),
        ({"quote": "We will stop."}, "quotes-0", "Quote 1 (“We will stop.”): The quote"),
        ({"alt_text": ""}, "captions-0", "The picture “A picture of the scene” needs alt text"),
    ],
    ids=["paragraph loses the quote", "quote not in the text", "alt text removed"],
)
def test_a_refused_live_edit_lists_its_reasons_first_each_linked_to_its_quote_or_picture(
    client, editor, edit, target, reason
):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    client.force_login(editor)

    page = live_story_change_post(client, article, **edit).content.decode()

    links, start = summary_links(page)
    assert start < page.index("<fieldset")
    assert any(href == target and reason in text for href, text in links), links
    assert_targets_exist(page, links)


def test_field_and_row_errors_are_listed_at_the_top_naming_the_field_and_row(client, editor):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    client.force_login(editor)
    url = admin_url(article, "change", article.pk)
    prefixes = inline_prefixes(client.get(url))
    rows = saved_rows(article)
    rows[Quote][0]["speaker"] = ""
    fields = {**story_fields(article), "headline": ""}

    page = client.post(url, story_post(prefixes, fields, rows)).content.decode()

    links, start = summary_links(page)
    assert ("id_headline", "Headline: This field is required.") in links
    assert (
        "id_quotes-0-speaker",
        "Quote 1 (“We will carry on.”), Speaker: This field is required.",
    ) in links
    assert start < page.index("<fieldset")
    assert_targets_exist(page, links)


def test_a_form_that_opens_without_errors_has_no_summary(client, editor):
    article = full_story()
    client.force_login(editor)
    page = client.get(admin_url(article, "change", article.pk)).content.decode()
    assert "error-summary" not in page.replace("error_summary.js", "")
