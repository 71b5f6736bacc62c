"""
Lists read page by page, however deep (newsroom.pagination reads a deep
page's keys first): every page holds exactly its slice of the list, in
order, and the links between pages lead through all of it once. Also the
API's day filter at the edges of a day, and the bounded search.
"""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.utils import timezone

from articles import search
from articles.models import Article, ArticlePerson
from articles.tests.factories import LiveArticleFactory, SectionFactory
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def section_stories():
    """Seven live stories in one section, newest first; two share a time."""
    section = SectionFactory(slug="news")
    now = timezone.now()
    times = [now - datetime.timedelta(hours=hours) for hours in (1, 2, 3, 3, 5, 6, 7)]
    stories = [LiveArticleFactory(section=section, published_at=when) for when in times]
    return list(Article.objects.filter(pk__in=[story.pk for story in stories]))


def headlines(response):
    return [story.headline for story in response.context["page"].object_list]


def test_each_page_of_a_section_is_its_slice_of_the_list(client, section_stories, monkeypatch):
    monkeypatch.setattr("articles.views.STORIES_PER_PAGE", 3)
    expected = [story.headline for story in section_stories]
    pages = [client.get("/sections/news/", {"page": number}) for number in (1, 2, 3)]
    assert [headlines(page) for page in pages] == [expected[:3], expected[3:6], expected[6:]]
    second = pages[1].content.decode()
    assert 'href="?page=1" rel="prev"' in second
    assert 'href="?page=3" rel="next"' in second


def test_following_the_apis_next_links_reads_every_story_once_in_order(client, section_stories):
    url, seen, previous = "/api/v1/articles/?page_size=3", [], []
    while url:
        body = client.get(url).json()
        assert body["count"] == len(section_stories)
        seen += [story["slug"] for story in body["results"]]
        previous.append(body["previous"])
        url = body["next"]
    assert seen == [story.slug for story in section_stories]
    assert previous[0] is None
    third = client.get("/api/v1/articles/", {"page_size": 3, "page": 3}).json()
    assert third["previous"].endswith("page=2&page_size=3")
    assert [story["slug"] for story in third["results"]] == [section_stories[6].slug]


def test_a_deep_page_in_another_order_is_its_slice(client, section_stories):
    by_headline = sorted(section_stories, key=lambda story: (story.headline, story.pk))
    body = client.get("/api/v1/articles/", {"ordering": "headline", "page_size": 2, "page": 3})
    assert [story["slug"] for story in body.json()["results"]] == [
        story.slug for story in by_headline[4:6]
    ]


def test_each_page_of_the_people_list_is_its_slice(client, section_stories, monkeypatch):
    monkeypatch.setattr("people.views.PEOPLE_PER_PAGE", 2)
    people = [PersonFactory(name=name) for name in ("Cora", "Abe", "Eve", "Bea", "Dan")]
    for person, story in zip(people, section_stories, strict=False):
        ArticlePerson.objects.create(article=story, person=person)
    PersonFactory(name="Ann, only in a draft")
    pages = [client.get("/people/", {"page": number}) for number in (1, 2, 3)]
    names = [[person.name for person in page.context["page"].object_list] for page in pages]
    assert names == [["Abe", "Bea"], ["Cora", "Dan"], ["Eve"]]


def test_a_day_filter_takes_the_whole_day_in_the_papers_time(client, settings):
    settings.TIME_ZONE = "Europe/London"
    # 23:30 on 30 June in London is 22:30 UTC: the 30th there, not the 1st.
    late = LiveArticleFactory(published_at=datetime.datetime(2020, 6, 30, 23, 30, tzinfo=LONDON))
    early = LiveArticleFactory(published_at=datetime.datetime(2020, 7, 1, 0, 0, tzinfo=LONDON))

    def slugs(**params):
        body = client.get("/api/v1/articles/", params).json()
        return {story["slug"] for story in body["results"]}

    assert slugs(published_before="2020-06-30") == {late.slug}
    assert slugs(published_after="2020-07-01") == {early.slug}
    assert slugs(published_after="2020-06-30", published_before="2020-06-30") == {late.slug}
    # Days no story can be published on answer plainly.
    assert slugs(published_after="0001-01-01", published_before="9999-12-31") == {
        late.slug,
        early.slug,
    }
    assert slugs(published_before="0001-01-01") == set()
    assert slugs(published_after="9999-12-31") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_search_ranks_the_newest_matches_only(client, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    now = timezone.now()
    stories = [
        LiveArticleFactory(
            headline=f"Zeppelin sighted {hours}",
            published_at=now - datetime.timedelta(hours=hours),
        )
        for hours in range(1, 6)
    ]
    LiveArticleFactory(headline="Nothing to see")
    response = client.get("/search/", {"q": "zeppelin"})
    page = response.context["page"]
    assert page.paginator.count == 3
    assert {story.pk for story in page.object_list} == {story.pk for story in stories[:3]}
    assert "More than 3 stories match: the best of the newest are shown." in (
        response.content.decode()
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search is PostgreSQL's")
def test_a_search_with_as_many_matches_as_are_ranked_counts_them_all(client, monkeypatch):
    monkeypatch.setattr(search, "RANKED_MATCHES", 3)
    LiveArticleFactory.create_batch(3, headline="Zeppelin sighted")
    response = client.get("/search/", {"q": "zeppelin"})
    assert response.context["page"].paginator.count == 3
    assert "3 stories match." in response.content.decode()
    assert "More than" not in response.content.decode()
