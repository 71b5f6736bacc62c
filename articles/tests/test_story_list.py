"""The editors' list of stories: where each stands, in words and colour, and a filter for each."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import NOT_LIVE, ArticleFactory, LiveArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

LIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def one_of_each():
    stories = {name: ArticleFactory(headline=name, **fields) for name, fields in NOT_LIVE.items()}
    stories["live"] = LiveArticleFactory(headline="live")
    return stories


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("draft", "draft"),
        ("in_review", "in review"),
        ("scheduled", "scheduled"),
        ("live", "live"),
        ("unpublished", "unpublished"),
    ],
)
def test_the_story_list_filters_by_each_state(client, editor, one_of_each, state, expected):
    client.force_login(editor)
    response = client.get(LIST, {"state": state})
    assert [str(story) for story in response.context["cl"].result_list] == [expected]


def test_each_story_says_where_it_stands_in_words_and_its_section(client, editor, one_of_each):
    section = SectionFactory(name="Crime and courts", slug="crime")
    when = timezone.now() + datetime.timedelta(days=2)
    Article.objects.filter(headline="scheduled").update(section=section, published_at=when)
    client.force_login(editor)

    page = client.get(LIST).content.decode()

    states = dict(re.findall(r'<span class="story-state story-state-([a-z-]+)">([^<]+)<', page))
    assert states["draft"] == "Draft"
    assert states["in-review"] == "In review"
    assert states["live"].startswith("Live since ")
    assert states["unpublished"] == "Unpublished"
    assert states["scheduled"].startswith("Scheduled for ")
    assert str(timezone.localtime(when).year) in states["scheduled"]
    assert "Crime and courts" in page
    assert " style=" not in page.split('id="result_list"')[1].split("</table>")[0]


def test_a_bad_state_in_the_address_lists_every_story_rather_than_failing(
    client, editor, one_of_each
):
    client.force_login(editor)
    response = client.get(LIST, {"state": "<nonsense>"})
    assert response.status_code in (200, 302)
