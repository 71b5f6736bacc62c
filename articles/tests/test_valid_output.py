"""
What HTML checkers, structured-data checks and feed readers read of the
public pages: times as HTML allows them, a profile as a schema.org
ProfilePage, a story's publisher with a logo and authors with addresses,
a news sitemap valid with no recent story, and each page's feeds.
"""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import ArticlePerson
from articles.tests.factories import (
    CorrectionFactory,
    LiveArticleFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
    jpeg_bytes,
)
from newsroom.tests.pages import Page
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

# A moment as <time datetime> may carry it: a day, or a time to the second
# (HTML allows at most milliseconds) with its offset.
HTML_TIME = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\d(\.\d{1,3})?([+-]\d\d:\d\d|Z))?")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def with_microseconds():
    return timezone.now().replace(microsecond=123456) - datetime.timedelta(hours=1)


@pytest.fixture
def story():
    """A live story published, edited and corrected at times with microseconds."""
    story = LiveArticleFactory(
        headline="Chief to retire",
        published_at=with_microseconds() - datetime.timedelta(days=3),
        section=SectionFactory(name="News", slug="news"),
    )
    story.tags.add(TagFactory(name="Policing", slug="policing"))
    person = PersonFactory(name="Mike Barton", slug="mike-barton")
    ArticlePerson.objects.create(article=story, person=person)
    QuoteFactory(article=story, speaker=person, said_on=datetime.date(2019, 2, 28))
    CorrectionFactory(article=story, published_at=with_microseconds())
    return story


PAGES = {
    "front": "/",
    "story": "/articles/{slug}/",
    "section": "/sections/news/",
    "tag": "/tags/policing/",
    "search": "/search/?q=chief",
    "profile": "/people/mike-barton/",
    "corrections": "/corrections/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_time_on_a_page_carries_at_most_milliseconds(client, story, path):
    response = client.get(path.format(slug=story.slug))
    assert response.status_code == 200
    times = [time.attrs["datetime"] for time in Page(response).find_all("time")]
    assert times
    assert [value for value in times if not HTML_TIME.fullmatch(value)] == []


def test_the_story_times_are_to_the_second_in_the_newsroom_time_zone(client, story):
    page = Page(client.get(story.get_absolute_url()))
    published = timezone.localtime(story.published_at).replace(microsecond=0)
    assert page.find("p", class_="dates").find("time").attrs["datetime"] == published.isoformat()
    assert page.meta("article:published_time") == published.isoformat()
    assert "." not in page.meta("article:modified_time")


# Structured data ------------------------------------------------------------------------


def test_the_story_publisher_has_the_logo_from_settings_and_the_site_address(
    client, story, settings
):
    settings.SITE_URL = "https://news.example.com"
    (data,) = Page(client.get(story.get_absolute_url())).json_ld()
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": "Newsroom",
        "url": "https://news.example.com",
        "logo": {
            "@type": "ImageObject",
            "url": "https://news.example.com/static/newsroom/logo.png",
        },
    }
    settings.NEWSROOM_PUBLISHER_LOGO = "https://cdn.example.com/echo.png"
    story.save()  # a new page, not the cached one
    (data,) = Page(client.get(story.get_absolute_url())).json_ld()
    assert data["publisher"]["logo"]["url"] == "https://cdn.example.com/echo.png"


def test_the_publisher_logo_is_a_real_picture_search_engines_take(settings):
    logo = Image.open(finders.find(settings.NEWSROOM_PUBLISHER_LOGO))
    assert logo.format == "PNG"
    # Search engines ask for a logo at least 112 pixels square.
    assert min(logo.size) >= 112


def test_every_author_in_the_json_ld_has_their_profile_address(client, story):
    story.authors.add(
        PersonFactory(name="Ann Reporter", slug="ann"), PersonFactory(name="Bo Writer", slug="bo")
    )
    (data,) = Page(client.get(story.get_absolute_url())).json_ld()
    assert data["author"] == [
        {"@type": "Person", "name": "Ann Reporter", "url": "http://testserver/people/ann/"},
        {"@type": "Person", "name": "Bo Writer", "url": "http://testserver/people/bo/"},
    ]


def test_a_story_with_no_byline_is_by_its_publisher_with_its_address(client, story):
    (data,) = Page(client.get(story.get_absolute_url())).json_ld()
    assert data["author"] == [data["publisher"]]
    assert all(author["url"] for author in data["author"])


def test_a_profile_is_a_profile_page_whose_main_entity_is_the_person_with_portrait(client, story):
    person = story.people.get()
    person.portrait = ContentFile(jpeg_bytes(400, 500), name="barton.jpg")
    person.portrait_alt_text = "Mike Barton in uniform"
    person.save()
    (data,) = Page(client.get(person.get_absolute_url())).json_ld()
    assert data["@type"] == "ProfilePage"
    assert data["url"] == "http://testserver/people/mike-barton/"
    assert datetime.datetime.fromisoformat(data["dateModified"]) == person.updated_at
    entity = data["mainEntity"]
    assert entity["@type"] == "Person"
    assert entity["name"] == "Mike Barton"
    assert entity["url"] == data["url"]
    assert entity["image"] == f"http://testserver{person.portrait.url}"
    # The person has no address elsewhere on record: no sameAs to make up.
    assert "sameAs" not in entity


def test_a_profile_without_a_portrait_has_no_image(client, story):
    (data,) = Page(client.get("/people/mike-barton/")).json_ld()
    assert "image" not in data["mainEntity"]


# The news sitemap ------------------------------------------------------------------------


def news_sitemap(client):
    response = client.get("/sitemap-news.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert root.tag == f"{SITEMAP}urlset"
    # The news namespace is declared, whatever the sitemap lists.
    assert 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' in response.text
    return root.findall(f"{SITEMAP}url")


def test_with_no_story_in_its_window_the_news_sitemap_lists_the_newest_story(client):
    LiveArticleFactory(published_at=timezone.now() - datetime.timedelta(days=5))
    newest = LiveArticleFactory(
        headline="The newest", published_at=timezone.now() - datetime.timedelta(days=3)
    )
    # The sitemap schema needs one <url> at least: an empty list is not a valid sitemap.
    [url] = news_sitemap(client)
    assert url.findtext(f"{SITEMAP}loc") == f"http://testserver{newest.get_absolute_url()}"
    assert url.findtext(f"{NEWS}news/{NEWS}title") == "The newest"


def test_with_no_live_story_at_all_the_news_sitemap_lists_the_front_page(client, hidden_story):
    [url] = news_sitemap(client)
    assert url.findtext(f"{SITEMAP}loc") == "http://testserver/"
    assert url.find(f"{NEWS}news") is None


def test_with_stories_in_its_window_the_news_sitemap_lists_only_those(client):
    LiveArticleFactory(published_at=timezone.now() - datetime.timedelta(days=3))
    recent = LiveArticleFactory()
    [url] = news_sitemap(client)
    assert url.findtext(f"{SITEMAP}loc") == f"http://testserver{recent.get_absolute_url()}"


# Each page's feeds ---------------------------------------------------------------------


def feeds_of(response):
    return [
        (link.attrs["type"], link.attrs["href"])
        for link in Page(response).find_all("link", rel="alternate")
    ]


LATEST = [
    ("application/rss+xml", "/feeds/latest/"),
    ("application/atom+xml", "/feeds/latest/atom/"),
]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_page_points_to_the_latest_feeds_in_rss_and_atom(client, story, path):
    feeds = feeds_of(client.get(path.format(slug=story.slug)))
    assert feeds[:2] == LATEST


def test_section_profile_and_corrections_pages_point_to_their_own_feeds(client, story):
    assert feeds_of(client.get("/sections/news/")) == [
        *LATEST,
        ("application/rss+xml", "/feeds/sections/news/"),
        ("application/atom+xml", "/feeds/sections/news/atom/"),
    ]
    assert feeds_of(client.get("/people/mike-barton/")) == [
        *LATEST,
        ("application/rss+xml", "/feeds/people/mike-barton/"),
        ("application/atom+xml", "/feeds/people/mike-barton/atom/"),
    ]
    assert feeds_of(client.get("/corrections/")) == [
        *LATEST,
        ("application/rss+xml", "/feeds/corrections/"),
        ("application/atom+xml", "/feeds/corrections/atom/"),
    ]


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_feed_a_page_points_to_is_there(client, story, path):
    for _, href in feeds_of(client.get(path.format(slug=story.slug))):
        assert client.get(href).status_code == 200, href
