"""Section and tag pages: their live stories, newest first, a page at a time."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    LiveArticleFactory,
    SectionFactory,
    TagFactory,
)
from articles.views import STORIES_PER_PAGE
from newsroom.tests.pages import Page

pytestmark = pytest.mark.django_db


@pytest.fixture(params=NOT_LIVE.values(), ids=NOT_LIVE.keys())
def hidden_state(request):
    return request.param


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def headlines(page):
    return [h.text for h in page.find_all(class_="summary-headline")]


def test_a_section_lists_its_live_stories_newest_first(client, hidden_state):
    sport = SectionFactory(name="Sport", slug="sport", description="Games and the people in them")
    LiveArticleFactory(headline="Older", section=sport, published_at=hours_ago(2))
    LiveArticleFactory(headline="Newer", section=sport, published_at=hours_ago(1))
    LiveArticleFactory(headline="Elsewhere")
    ArticleFactory(headline="Hidden", section=sport, **hidden_state)
    page = Page(client.get("/sections/sport/"))
    assert page.find("h1").text == "Sport"
    assert page.find("p", class_="standfirst").text == "Games and the people in them"
    assert headlines(page) == ["Newer", "Older"]
    assert "Hidden" not in page.html
    nav = page.find("nav", aria_label="Sections")
    assert nav.find("a", aria_current="page").text == "Sport"
    assert page.canonical() == "http://testserver/sections/sport/"


def test_a_section_pages_back_through_older_stories(client):
    for hours in range(STORIES_PER_PAGE + 2):
        LiveArticleFactory(headline=f"Story {hours}", published_at=hours_ago(hours + 1))
    first, second = Page(client.get("/sections/news/")), Page(client.get("/sections/news/?page=2"))
    assert len(headlines(first)) == STORIES_PER_PAGE
    assert headlines(second) == [f"Story {STORIES_PER_PAGE}", f"Story {STORIES_PER_PAGE + 1}"]
    assert first.find("a", rel="next").attrs["href"] == "?page=2"
    assert second.canonical() == "http://testserver/sections/news/?page=2"
    # Nonsense page numbers are not an error.
    assert client.get("/sections/news/?page=zebra").status_code == 200


def test_an_unknown_section_is_404(client):
    assert client.get("/sections/no-such-section/").status_code == 404


def test_a_tag_lists_its_live_stories_only(client, hidden_state):
    tag = TagFactory(name="Policing", slug="policing")
    LiveArticleFactory(headline="Tagged").tags.add(tag)
    LiveArticleFactory(headline="Untagged")
    ArticleFactory(headline="Hidden", **hidden_state).tags.add(tag)
    page = Page(client.get("/tags/policing/"))
    assert page.find("h1").text == "Policing"
    assert headlines(page) == ["Tagged"]
    assert "Hidden" not in page.html


def test_a_tag_only_on_stories_that_are_not_live_is_404(client, hidden_state):
    tag = TagFactory(slug="secret")
    ArticleFactory(**hidden_state).tags.add(tag)
    response = client.get("/tags/secret/")
    assert response.status_code == 404
    assert tag.name not in response.text


def test_a_section_with_only_hidden_stories_is_not_in_the_navigation(client, hidden_state):
    LiveArticleFactory()
    ArticleFactory(section=SectionFactory(name="Secret", slug="secret"), **hidden_state)
    nav = Page(client.get("/sections/news/")).find("nav", aria_label="Sections")
    assert [a.text for a in nav.find_all("a")] == ["News", "People"]


def test_the_navigation_comes_from_the_page_caches_state_in_order_and_up_to_date(client):
    sport = SectionFactory(name="Sport", slug="sport", position=2)
    SectionFactory(name="Weather", slug="weather", position=3)
    LiveArticleFactory(headline="Cup final", section=sport, slug="cup-final")
    LiveArticleFactory(headline="Council meets")
    client.get("/")  # the page cache's state worked out, with the sections
    with CaptureQueriesContext(connection) as rendered:
        page = Page(client.get("/articles/cup-final/"))
    # Rendered afresh, the story read (its section joined to it), the sections not.
    assert rendered.captured_queries
    assert not [
        query for query in rendered.captured_queries if 'FROM "articles_section"' in query["sql"]
    ]
    nav = page.find("nav", aria_label="Sections")
    assert [a.text for a in nav.find_all("a")] == ["News", "Sport", "People"]
    assert nav.find("a", aria_current="page").attrs["href"] == "/sections/sport/"
    sport.name = "Sports"
    sport.save()
    nav = Page(client.get("/sections/news/")).find("nav", aria_label="Sections")
    assert [a.text for a in nav.find_all("a")] == ["News", "Sports", "People"]


def test_section_and_tag_pages_take_a_few_queries_however_many_stories(
    client, django_assert_max_num_queries
):
    tag = TagFactory(slug="many")
    for _ in range(30):
        LiveArticleFactory().tags.add(tag)
    for url in ("/sections/news/", "/tags/many/"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
