"""
RSS 2.0 and Atom feeds: the latest live stories, a section's and a person's,
as valid XML with absolute links and dates, and nothing that is not live.
"""

import datetime
import html
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.tests.factories import (
    REACHES,
    CaptionFactory,
    LiveArticleFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
)
from people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss(client, name, **kwargs):
    """The RSS feed at URL ``name``: its channel element and its items."""
    response = client.get(reverse(f"articles:{name}", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    assert root.get("version") == "2.0"
    channel = root.find("channel")
    return channel, channel.findall("item")


def atom(client, name, **kwargs):
    """The Atom feed at URL ``name``: its feed element and its entries."""
    response = client.get(reverse(f"articles:{name}", kwargs=kwargs))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root, root.findall(f"{ATOM}entry")


def rss_links(items):
    return [item.findtext("link") for item in items]


def atom_links(entries):
    return [entry.find(f"{ATOM}link").get("href") for entry in entries]


def absolute(story):
    return f"http://testserver{story.get_absolute_url()}"


def test_the_latest_rss_feed_lists_live_stories_newest_first_with_absolute_links(client):
    older = LiveArticleFactory(published_at=timezone.now() - datetime.timedelta(days=2))
    newer = LiveArticleFactory(standfirst="What happened, in brief.")
    channel, items = rss(client, "feed-latest")
    assert channel.findtext("title") == "Newsroom: latest stories"
    assert channel.findtext("link") == "http://testserver/"
    assert rss_links(items) == [absolute(newer), absolute(older)]
    first = items[0]
    assert first.findtext("title") == newer.headline
    assert first.findtext("description") == "What happened, in brief."
    assert first.findtext("guid") == absolute(newer)
    assert parsedate_to_datetime(first.findtext("pubDate")) == newer.published_at.replace(
        microsecond=0
    )


def test_the_latest_atom_feed_lists_live_stories_with_absolute_links_and_dates(client):
    story = LiveArticleFactory()
    feed, entries = atom(client, "feed-latest-atom")
    assert feed.findtext(f"{ATOM}title") == "Newsroom: latest stories"
    assert feed.find(f"{ATOM}link").get("href") == "http://testserver/"
    assert atom_links(entries) == [absolute(story)]
    [entry] = entries
    assert entry.findtext(f"{ATOM}title") == story.headline
    published = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert published == story.published_at
    assert entry.findtext(f"{ATOM}updated")


def test_feed_items_carry_the_byline_or_the_publisher_and_the_section_and_tags(client):
    reporter = PersonFactory(name="Jo Reporter")
    bylined = LiveArticleFactory(section=SectionFactory(name="Sport", slug="sport"))
    bylined.authors.add(reporter)
    bylined.tags.add(TagFactory(name="Cricket"))
    credited = LiveArticleFactory(
        publisher=OrganisationFactory(name="The Northern Echo", slug="the-northern-echo"),
        published_at=bylined.published_at - datetime.timedelta(hours=1),
    )
    _, items = rss(client, "feed-latest")
    creator = "{http://purl.org/dc/elements/1.1/}creator"
    assert [item.findtext(creator) for item in items] == ["Jo Reporter", "The Northern Echo"]
    assert [category.text for category in items[0].findall("category")] == ["Sport", "Cricket"]
    assert credited.headline in [item.findtext("title") for item in items]


def test_what_reporters_typed_is_escaped_in_feeds(client):
    LiveArticleFactory(headline="Cats & <dogs>", standfirst="<script>alert(1)</script>")
    _, [item] = rss(client, "feed-latest")
    # RSS readers take titles and descriptions as HTML: they get escaped text.
    assert item.findtext("title") == "Cats &amp; &lt;dogs&gt;"
    assert item.findtext("description") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    _, [entry] = atom(client, "feed-latest-atom")
    # An Atom title is text; its summary is declared HTML.
    assert entry.findtext(f"{ATOM}title") == "Cats & <dogs>"
    assert entry.find(f"{ATOM}summary").get("type") == "html"
    assert entry.findtext(f"{ATOM}summary") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_the_latest_feed_is_cut_to_its_length(client):
    LiveArticleFactory.create_batch(FEED_LENGTH + 1)
    _, items = rss(client, "feed-latest")
    assert len(items) == FEED_LENGTH


@pytest.mark.parametrize(
    "name", ["feed-latest", "feed-latest-atom", "feed-section", "feed-section-atom"]
)
def test_a_story_that_is_not_live_is_in_no_feed(client, hidden_story, name):
    live = LiveArticleFactory()
    kwargs = {"slug": live.section.slug} if "section" in name else {}
    if name.endswith("atom"):
        _, entries = atom(client, name, **kwargs)
        assert atom_links(entries) == [absolute(live)]
    else:
        _, items = rss(client, name, **kwargs)
        assert rss_links(items) == [absolute(live)]


def test_a_section_feed_lists_only_that_sections_live_stories(client):
    sport = SectionFactory(name="Sport", slug="sport")
    in_sport = LiveArticleFactory(section=sport)
    LiveArticleFactory()  # in News
    channel, items = rss(client, "feed-section", slug="sport")
    assert channel.findtext("title") == "Newsroom: Sport"
    assert channel.findtext("link") == "http://testserver/sections/sport/"
    assert rss_links(items) == [absolute(in_sport)]
    _, entries = atom(client, "feed-section-atom", slug="sport")
    assert atom_links(entries) == [absolute(in_sport)]


@pytest.mark.parametrize("name", ["feed-section", "feed-section-atom"])
def test_an_unknown_section_has_no_feed(client, name):
    response = client.get(reverse(f"articles:{name}", kwargs={"slug": "no-such-section"}))
    assert response.status_code == 404


@pytest.mark.parametrize("reach", REACHES.values(), ids=REACHES.keys())
def test_a_person_feed_lists_the_live_stories_that_person_is_in(client, reach):
    person = PersonFactory(name="Mike Barton", slug="mike-barton")
    theirs = LiveArticleFactory()
    reach(theirs, person)
    LiveArticleFactory().people.add(PersonFactory())  # someone else's
    channel, items = rss(client, "feed-person", slug="mike-barton")
    assert channel.findtext("title") == "Newsroom: Mike Barton"
    assert channel.findtext("link") == "http://testserver/people/mike-barton/"
    assert rss_links(items) == [absolute(theirs)]
    _, entries = atom(client, "feed-person-atom", slug="mike-barton")
    assert atom_links(entries) == [absolute(theirs)]


def test_a_person_feed_lists_a_story_once_however_they_are_in_it(client):
    person = PersonFactory(slug="mike-barton")
    story = LiveArticleFactory()
    story.people.add(person)
    story.authors.add(person)
    QuoteFactory(article=story, speaker=person)
    QuoteFactory(article=story, speaker=person, text="And again.")
    CaptionFactory(article=story).people.add(person)
    _, items = rss(client, "feed-person", slug="mike-barton")
    assert rss_links(items) == [absolute(story)]


def test_a_person_feed_leaves_out_stories_that_are_not_live(client, hidden_story):
    person = PersonFactory(slug="mike-barton")
    live = LiveArticleFactory()
    live.people.add(person)
    hidden_story.people.add(person)
    hidden_story.authors.add(person)
    QuoteFactory(article=hidden_story, speaker=person)
    _, items = rss(client, "feed-person", slug="mike-barton")
    assert rss_links(items) == [absolute(live)]


@pytest.mark.parametrize("name", ["feed-person", "feed-person-atom"])
def test_a_person_only_in_stories_that_are_not_live_has_no_feed(client, hidden_story, name):
    person = PersonFactory(slug="secret-source")
    hidden_story.people.add(person)
    QuoteFactory(article=hidden_story, speaker=person)
    response = client.get(reverse(f"articles:{name}", kwargs={"slug": "secret-source"}))
    assert response.status_code == 404


def test_an_unknown_person_has_no_feed(client):
    response = client.get(reverse("articles:feed-person", kwargs={"slug": "nobody"}))
    assert response.status_code == 404


def test_the_latest_feed_lives_at_its_public_address(client):
    assert reverse("articles:feed-latest") == "/feeds/latest/"
    assert client.get("/feeds/latest/").status_code == 200


@pytest.mark.parametrize("stories", [3, 30])
@pytest.mark.parametrize(
    "name", ["feed-latest", "feed-latest-atom", "feed-section", "feed-person-atom"]
)
def test_feeds_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, stories, name):
    person = PersonFactory(slug="mike-barton")
    publisher = OrganisationFactory()
    tag = TagFactory()
    for story in LiveArticleFactory.create_batch(stories, publisher=publisher):
        story.authors.add(person, PersonFactory())
        story.tags.add(tag)
    kwargs = {"slug": "news"} if "section" in name else {}
    kwargs = {"slug": "mike-barton"} if "person" in name else kwargs
    # The stories, then their bylines, tags and corrections; a section's or a
    # person's feed looks the section or person up first; and, as stories were
    # just saved, the page cache's timetable (for how long CDNs may keep it).
    with django_assert_max_num_queries(6):
        response = client.get(reverse(f"articles:{name}", kwargs=kwargs))
    assert response.content.count(b"<item>") + response.content.count(b"<entry>") == stories


def test_feed_links_use_the_site_address_when_one_is_set(client, settings):
    settings.SITE_URL = "https://news.example.com"
    story = LiveArticleFactory()
    channel, items = rss(client, "feed-latest")
    assert channel.findtext("link") == "https://news.example.com/"
    assert rss_links(items) == [f"https://news.example.com{story.get_absolute_url()}"]


# Markup, a CDATA end, entities, both quotes and characters XML cannot carry.
MARKUP = "Tom & \"Jerry\" 'Spike' <script>alert(1)</script> ]]> <b>x</b> &amp;\x01\x0b\x1f\ufffe"
# What a feed reader must be given back: the same text, less what XML cannot carry.
AS_TYPED = "Tom & \"Jerry\" 'Spike' <script>alert(1)</script> ]]> <b>x</b> &amp;"
RSS_ELEMENTS = {
    "rss",
    "channel",
    "title",
    "link",
    "description",
    "{http://www.w3.org/2005/Atom}link",
    "language",
    "lastBuildDate",
    "item",
    "{http://purl.org/dc/elements/1.1/}creator",
    "pubDate",
    "guid",
    "category",
}
ATOM_ELEMENTS = {
    f"{ATOM}{name}"
    for name in (
        "feed",
        "title",
        "link",
        "id",
        "updated",
        "author",
        "name",
        "subtitle",
        "entry",
        "published",
        "summary",
        "category",
    )
}


@pytest.fixture
def marked_up(settings):
    """The site, a section, a person and two live stories: markup in every field a feed prints."""
    settings.SITE_NAME = MARKUP
    section = SectionFactory(name=MARKUP, slug="marked-up", description=MARKUP)
    person = PersonFactory(name=MARKUP, slug="marked-up", description=MARKUP)
    bylined = LiveArticleFactory(headline=MARKUP, standfirst=MARKUP, section=section)
    bylined.authors.add(person)
    bylined.tags.add(TagFactory(name=MARKUP))
    credited = LiveArticleFactory(
        headline=MARKUP,
        standfirst=MARKUP,
        section=section,
        publisher=OrganisationFactory(name=MARKUP),
        published_at=bylined.published_at - datetime.timedelta(hours=1),
    )
    credited.people.add(person)
    return section, person


FEEDS = [
    ("feed-latest", {}),
    ("feed-section", {"slug": "marked-up"}),
    ("feed-person", {"slug": "marked-up"}),
]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS, ids=[name for name, _ in FEEDS])
def test_markup_in_any_field_reaches_an_rss_reader_as_escaped_text(
    client, marked_up, name, kwargs
):
    channel, items = rss(client, name, **kwargs)
    root = ET.fromstring(client.get(reverse(f"articles:{name}", kwargs=kwargs)).content)
    assert {element.tag for element in root.iter()} <= RSS_ELEMENTS
    # Titles and descriptions are HTML to RSS readers: escaped once more, so
    # the reader shows the text and runs nothing.
    html_fields = [channel.find("title"), channel.find("description")]
    html_fields += [item.find(field) for item in items for field in ("title", "description")]
    for field in html_fields:
        assert "<" not in field.text
        assert AS_TYPED in html.unescape(field.text)
    assert len(items) == 2
    creator = "{http://purl.org/dc/elements/1.1/}creator"
    assert [item.findtext(creator) for item in items] == [AS_TYPED, AS_TYPED]
    assert [category.text for category in items[0].findall("category")] == [AS_TYPED, AS_TYPED]


@pytest.mark.parametrize(("name", "kwargs"), FEEDS, ids=[name for name, _ in FEEDS])
def test_markup_in_any_field_reaches_an_atom_reader_as_text(client, marked_up, name, kwargs):
    feed, entries = atom(client, f"{name}-atom", **kwargs)
    assert {element.tag for element in feed.iter()} <= ATOM_ELEMENTS
    # Titles and subtitles are declared text: they carry the text as typed.
    for field in [feed.find(f"{ATOM}title"), feed.find(f"{ATOM}subtitle")]:
        assert field.get("type") in (None, "text")
        assert AS_TYPED in field.text
    assert len(entries) == 2
    for entry in entries:
        assert entry.findtext(f"{ATOM}title") == AS_TYPED
        # The summary is declared HTML: escaped once more.
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"
        assert "<" not in summary.text
        assert html.unescape(summary.text) == AS_TYPED
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == AS_TYPED
        assert [category.get("term") for category in entry.findall(f"{ATOM}category")][
            0
        ] == AS_TYPED


@pytest.mark.parametrize("name", ["feed-latest", "feed-latest-atom"])
def test_no_feed_address_comes_from_the_host_header_when_the_site_address_is_set(
    client, settings, name
):
    settings.SITE_URL = "https://news.example.com"
    LiveArticleFactory()
    response = client.get(reverse(f"articles:{name}"), HTTP_HOST="localhost")
    assert response.status_code == 200
    assert b"localhost" not in response.content
    root = ET.fromstring(response.content)
    self_link = (
        root.find(f"channel/{ATOM}link")
        if root.tag == "rss"
        else root.find(f"{ATOM}link[@rel='self']")
    )
    assert self_link.get("href") == f"https://news.example.com{reverse(f'articles:{name}')}"
