"""
A public list's count (the API's ``count``, a page's "Page 2 of 3", the
sitemap index's pages) is kept while nothing changes it
(``newsroom.cache.list_fact``): every page of the list shares it, and it is
counted again once content changes or the clock moves a story in or out.
The page cache is off here (``PAGE_CACHE_TIMEOUT=0``), so each request
renders its page and only the kept count can answer for it.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.sitemaps import SiteSitemap
from articles.tests.factories import ArticleFactory, LiveArticleFactory, SectionFactory
from articles.tests.test_sitemaps import sitemap_index

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


@pytest.fixture(autouse=True)
def pages_rendered_every_time(settings):
    settings.PAGE_CACHE_TIMEOUT = 0


def counts(client, path, **params):
    """The answer to ``path`` and how many of its queries counted rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200
    return response, sum("COUNT(" in query["sql"].upper() for query in queries)


def api_count(api, **params):
    return counts(api, LIST, **params)[0].json()["count"]


def test_every_page_of_a_section_shares_one_count(client):
    section = SectionFactory(slug="news")
    LiveArticleFactory.create_batch(3, section=section)
    path = section.get_absolute_url()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("articles.views.STORIES_PER_PAGE", 2)
        first, counted = counts(client, path)
        assert counted == 1
        assert "Page 1 of 2" in first.content.decode()
        second, counted = counts(client, path, page=2)
    assert counted == 0
    assert "Page 2 of 2" in second.content.decode()


def test_every_page_and_size_of_an_api_list_shares_one_count(api):
    LiveArticleFactory.create_batch(3)
    first, counted = counts(api, LIST, page_size=2)
    assert (first.json()["count"], counted) == (3, 1)
    for params in ({"page_size": 2, "page": 2}, {}, {"format": "json"}):
        again, counted = counts(api, LIST, **params)
        assert (again.json()["count"], counted) == (3, 0), params


def test_each_filter_has_its_own_count(api):
    section = SectionFactory(slug="sport")
    LiveArticleFactory(section=section)
    LiveArticleFactory.create_batch(2)
    assert api_count(api) == 3
    assert api_count(api, section="sport") == 1
    assert api_count(api, section="sport", page_size=5) == 1
    assert api_count(api) == 3


def test_a_story_published_is_counted_at_once(api, editor):
    LiveArticleFactory()
    story = ArticleFactory(status="in_review")
    assert api_count(api) == 1
    story.publish(by=editor)
    assert api_count(api) == 2


def test_an_edit_to_any_story_counts_again(api):
    stories = LiveArticleFactory.create_batch(2)
    api_count(api)
    stories[0].headline = "A new headline"
    stories[0].save()
    _, counted = counts(api, LIST)
    assert counted == 1


def test_a_story_going_live_or_expiring_by_the_clock_is_counted_with_nothing_saved(api, clock):
    LiveArticleFactory()
    LiveArticleFactory(published_at=clock.after(hours=1))
    LiveArticleFactory(published_at=clock.after(days=-1), expires_at=clock.after(hours=2))
    assert api_count(api) == 2
    clock.advance(hours=1)
    assert api_count(api) == 3
    clock.advance(hours=1)
    assert api_count(api) == 2


def test_partners_are_counted_on_their_own(api, api_as, partner, clock):
    LiveArticleFactory()
    LiveArticleFactory(published_at=clock.after(hours=-1), embargoed_until=clock.after(hours=2))
    partners = api_as(partner)
    for _ in range(2):
        assert counts(partners, LIST)[0].json()["count"] == 2
        assert api_count(api) == 1


def test_the_sitemap_index_gains_a_page_when_a_story_goes_live_by_the_clock(
    client, clock, monkeypatch
):
    monkeypatch.setattr(SiteSitemap, "limit", 2)
    LiveArticleFactory.create_batch(2)
    LiveArticleFactory(published_at=clock.after(minutes=5))
    pages = "http://testserver/sitemap-stories.xml?p=2"
    assert pages not in sitemap_index(client)
    _, counted = counts(client, "/sitemap.xml")
    assert counted == 0
    clock.advance(minutes=5)
    assert pages in sitemap_index(client)
