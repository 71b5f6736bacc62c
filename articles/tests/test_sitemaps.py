"""
What search engines are told: /sitemap.xml (an index of the sitemaps of live
stories, public profiles and sections with live stories, in pages of at most
50,000 addresses), /sitemap-news.xml (the last two days' live stories for
Google News) and /robots.txt.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.sitemaps import SiteSitemap
from articles.tests.factories import (
    ArticleFactory,
    LiveArticleFactory,
    QuoteFactory,
    SectionFactory,
)
from people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def urlset(client, path):
    """The <url> elements of the sitemap at ``path``, by their address."""
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    return {url.findtext(f"{SITEMAP}loc"): url for url in root.findall(f"{SITEMAP}url")}


def sitemap_index(client):
    """The index's <sitemap> elements, by their address."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}sitemapindex"
    return {
        sitemap.findtext(f"{SITEMAP}loc"): sitemap for sitemap in root.findall(f"{SITEMAP}sitemap")
    }


def all_urls(client):
    """Every <url> of every sitemap the index lists, by its address."""
    urls = {}
    for location in sitemap_index(client):
        urls.update(urlset(client, location.removeprefix("http://testserver")))
    return urls


def absolute(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def test_the_sitemap_index_lists_a_sitemap_of_stories_profiles_and_sections(client):
    story = LiveArticleFactory()
    story.people.add(PersonFactory())
    index = sitemap_index(client)
    assert list(index) == [
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-profiles.xml",
        "http://testserver/sitemap-sections.xml",
    ]
    story.refresh_from_db()
    lastmod = datetime.datetime.fromisoformat(
        index["http://testserver/sitemap-stories.xml"].findtext(f"{SITEMAP}lastmod")
    )
    assert lastmod == story.last_modified


def test_the_sitemaps_list_live_stories_public_profiles_and_sections_with_lastmod(client):
    story = LiveArticleFactory()
    person = PersonFactory()
    story.people.add(person)
    urls = all_urls(client)
    assert set(urls) == {absolute(story), absolute(person), absolute(story.section)}
    story.refresh_from_db()
    assert urls[absolute(story)].findtext(f"{SITEMAP}lastmod") == (
        f"{timezone.localtime(story.last_modified):%Y-%m-%d}"
    )
    assert urls[absolute(story.section)].findtext(f"{SITEMAP}lastmod") == (
        f"{timezone.localtime(story.published_at):%Y-%m-%d}"
    )
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in urls.values())


def test_the_sitemap_leaves_out_what_is_not_live(client, hidden_story):
    secret_source = PersonFactory()
    hidden_story.people.add(secret_source)
    QuoteFactory(article=hidden_story, speaker=secret_source)
    hidden_story.section = SectionFactory(name="Secret", slug="secret")
    hidden_story.save()
    live = LiveArticleFactory()
    assert set(all_urls(client)) == {absolute(live), absolute(live.section)}


def test_the_sitemap_uses_the_site_address_when_one_is_set(client, settings):
    settings.SITE_URL = "https://news.example.com"
    story = LiveArticleFactory()
    assert set(sitemap_index(client)) == {
        f"https://news.example.com/sitemap-{name}.xml"
        for name in ("stories", "profiles", "sections")
    }
    urls = urlset(client, "/sitemap-stories.xml")
    assert f"https://news.example.com{story.get_absolute_url()}" in urls


def test_the_news_sitemap_lists_the_last_two_days_live_stories_for_google_news(client):
    story = LiveArticleFactory(headline="Chief to retire & <more>")
    LiveArticleFactory(published_at=timezone.now() - datetime.timedelta(days=2, minutes=1))
    urls = urlset(client, "/sitemap-news.xml")
    assert list(urls) == [absolute(story)]
    news = urls[absolute(story)].find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Newsroom"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    published = datetime.datetime.fromisoformat(news.findtext(f"{NEWS}publication_date"))
    assert published == story.published_at
    assert news.findtext(f"{NEWS}title") == "Chief to retire & <more>"


def test_the_news_sitemap_names_the_stories_publisher(client):
    LiveArticleFactory(publisher=OrganisationFactory(name="The Northern Echo"))
    [url] = urlset(client, "/sitemap-news.xml").values()
    assert url.findtext(f"{NEWS}news/{NEWS}publication/{NEWS}name") == "The Northern Echo"


def test_the_news_sitemap_leaves_out_what_is_not_live(client, hidden_story):
    hidden_story.published_at = hidden_story.published_at or timezone.now()
    hidden_story.save()
    live = LiveArticleFactory()
    assert list(urlset(client, "/sitemap-news.xml")) == [absolute(live)]


# Pages of sitemaps


@pytest.fixture
def limit(monkeypatch):
    """Sitemaps of two addresses a page, for the tests (Google's limit is 50,000)."""
    monkeypatch.setattr(SiteSitemap, "limit", 2)
    return 2


def test_a_large_sitemap_comes_in_pages_each_listed_in_the_index(client, limit, hidden_story):
    stories = LiveArticleFactory.create_batch(5)
    people = PersonFactory.create_batch(3)
    for story, person in zip(stories, people, strict=False):
        story.people.add(person)
    hidden_story.people.add(PersonFactory())
    entries = sitemap_index(client)
    index = list(entries)
    # Each page carries its sitemap's last change.
    story_pages = [entries[f"http://testserver/sitemap-stories.xml{p}"] for p in ("", "?p=3")]
    assert len({page.findtext(f"{SITEMAP}lastmod") for page in story_pages}) == 1
    assert story_pages[0].findtext(f"{SITEMAP}lastmod")
    assert index == [
        "http://testserver/sitemap-stories.xml",
        "http://testserver/sitemap-stories.xml?p=2",
        "http://testserver/sitemap-stories.xml?p=3",
        "http://testserver/sitemap-profiles.xml",
        "http://testserver/sitemap-profiles.xml?p=2",
        "http://testserver/sitemap-sections.xml",
    ]
    pages = [urlset(client, location.removeprefix("http://testserver")) for location in index]
    assert all(1 <= len(page) <= limit for page in pages)
    listed = [address for page in pages for address in page]
    # Every live story and public profile once, nothing else.
    assert sorted(listed) == sorted(
        [*map(absolute, stories), *map(absolute, people), absolute(stories[0].section)]
    )


@pytest.mark.parametrize("page", ["4", "0", "last", "-1"])
def test_a_page_past_the_end_or_not_a_page_is_not_found(client, limit, page):
    LiveArticleFactory.create_batch(5)
    assert client.get("/sitemap-stories.xml", {"p": page}).status_code == 404


def test_a_sitemap_that_does_not_exist_is_not_found(client):
    assert client.get("/sitemap-drafts.xml").status_code == 404


@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-stories.xml?p=2"])
def test_sitemaps_are_cached_and_shared_caches_may_keep_them(
    client, limit, path, django_assert_num_queries
):
    LiveArticleFactory.create_batch(3)
    first = client.get(path)
    assert first.status_code == 200
    assert first["Cache-Control"] == "public, max-age=0, s-maxage=300, stale-while-revalidate=30"
    assert first["Surrogate-Key"] == "all lists"
    assert first["X-Robots-Tag"] == "noindex, noodp, noarchive"
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content
    assert again["Surrogate-Key"] == "all lists"


def test_a_story_going_live_reaches_the_cached_sitemaps_at_once(client, editor):
    LiveArticleFactory()
    story = ArticleFactory(status="in_review")
    assert absolute(story) not in all_urls(client)
    story.publish(by=editor)
    assert absolute(story) in all_urls(client)


@pytest.mark.parametrize("stories", [3, 30])
@pytest.mark.parametrize(
    ("path", "budget"),
    [
        # Each with the page cache's state, computed once for every page: then
        # two queries a sitemap (its count and its latest change) in the index,
        # a count and the page in a sitemap.
        ("/sitemap.xml", 1 + 2 * 3),
        ("/sitemap-stories.xml", 1 + 2),
        ("/sitemap-profiles.xml", 1 + 2),
        ("/sitemap-news.xml", 6),
    ],
)
def test_sitemaps_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, stories, path, budget
):
    publisher = OrganisationFactory()
    for story in LiveArticleFactory.create_batch(stories, publisher=publisher):
        story.people.add(PersonFactory())
    with django_assert_max_num_queries(budget):
        response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    if path != "/sitemap.xml":
        assert len(root.findall(f"{SITEMAP}url")) >= stories


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_lists_both_sitemaps(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert reverse("articles:robots") == "/robots.txt"
