"""
What search engines are told: /sitemap.xml (live stories, public profiles,
sections with live stories), /sitemap-news.xml (the last two days' live
stories for Google News) and /robots.txt.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.tests.factories import (
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


def absolute(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def test_the_sitemap_lists_live_stories_public_profiles_and_sections_with_lastmod(client):
    story = LiveArticleFactory()
    person = PersonFactory()
    story.people.add(person)
    urls = urlset(client, "/sitemap.xml")
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
    assert set(urlset(client, "/sitemap.xml")) == {absolute(live), absolute(live.section)}


def test_the_sitemap_uses_the_site_address_when_one_is_set(client, settings):
    settings.SITE_URL = "https://news.example.com"
    story = LiveArticleFactory()
    assert f"https://news.example.com{story.get_absolute_url()}" in urlset(client, "/sitemap.xml")


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


@pytest.mark.parametrize("stories", [3, 30])
@pytest.mark.parametrize("path", ["/sitemap.xml", "/sitemap-news.xml"])
def test_sitemaps_run_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, stories, path
):
    publisher = OrganisationFactory()
    for story in LiveArticleFactory.create_batch(stories, publisher=publisher):
        story.people.add(PersonFactory())
    with django_assert_max_num_queries(6):
        urls = urlset(client, path)
    assert len(urls) >= stories


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
