"""
Typed corrections: a correction, clarification or update is printed with its
story under its type and date, carried in the story's JSON-LD, the API and
ninjs, shows the story as updated in the feeds, and is listed newest first on
/corrections/ and in its own feeds, for live stories only.
"""

import datetime
import html
import json
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.diffs import compare
from articles.feeds import FEED_LENGTH
from articles.models import Correction
from articles.tests.factories import ArticleFactory, CorrectionFactory, LiveArticleFactory
from articles.tests.test_admin import (
    admin_url,
    form_errors,
    inline_prefixes,
    saved_rows,
    story_fields,
    story_post,
)
from articles.tests.test_diffs import save_version, versions
from articles.tests.test_feeds import MARKUP, atom, rss
from articles.views import CORRECTIONS_PER_PAGE
from newsroom.tests.pages import Page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTIONS_URL = "/corrections/"


def moment(day, hour=9):
    return datetime.datetime(2019, 3, day, hour, tzinfo=datetime.UTC)


def absolute(correction):
    """Where a correction is printed: its story's page, at the correction."""
    return f"http://testserver{correction.article.get_absolute_url()}#correction-{correction.pk}"


@pytest.fixture
def corrections():
    """Three corrections, one of each type, on two live stories; oldest first."""
    first = LiveArticleFactory(headline="Chief to retire")
    second = LiveArticleFactory(headline="Force names new chief")
    return [
        CorrectionFactory(
            article=first, published_at=moment(1), text="We misspelt Mr Hogg's name."
        ),
        CorrectionFactory(
            article=second,
            kind=Correction.Kind.CLARIFICATION,
            published_at=moment(2),
            text="The force is Durham Constabulary.",
        ),
        CorrectionFactory(
            article=first,
            kind=Correction.Kind.UPDATE,
            published_at=moment(3),
            text="Mr Barton retires on June 7.",
        ),
    ]


# The corrections page ----------------------------------------------------------------


def listed(response):
    """The corrections a page lists: (link, headline, what it says) each."""
    assert response.status_code == 200
    return [
        (item.find("a").attrs["href"], item.find("a").text, item.find("p").text)
        for item in Page(response).find("main").find_all("article", class_="correction")
    ]


def test_the_corrections_page_lists_every_correction_newest_first_with_type_date_and_link(
    client, corrections
):
    first, second, third = corrections
    assert reverse("articles:corrections") == CORRECTIONS_URL
    assert listed(client.get(CORRECTIONS_URL)) == [
        (
            f"{third.article.get_absolute_url()}#correction-{third.pk}",
            "Chief to retire",
            "Update, 3 March 2019: Mr Barton retires on June 7.",
        ),
        (
            f"{second.article.get_absolute_url()}#correction-{second.pk}",
            "Force names new chief",
            "Clarification, 2 March 2019: The force is Durham Constabulary.",
        ),
        (
            f"{first.article.get_absolute_url()}#correction-{first.pk}",
            "Chief to retire",
            "Correction, 1 March 2019: We misspelt Mr Hogg's name.",
        ),
    ]


def test_each_listed_correction_links_to_where_its_story_prints_it(client, corrections):
    href = Page(client.get(CORRECTIONS_URL)).find("article", class_="correction").find("a")
    story = Page(client.get(href.attrs["href"].split("#")[0]))
    anchor = href.attrs["href"].split("#")[1]
    assert story.find("li", id=anchor).find("strong").text == "Update"


def test_the_corrections_page_is_titled_canonical_and_points_to_its_feeds(client, corrections):
    page = Page(client.get(CORRECTIONS_URL))
    assert page.find("h1").text == "Corrections"
    assert page.canonical() == f"http://testserver{CORRECTIONS_URL}"
    feeds = [
        (link.attrs["type"], link.attrs["href"]) for link in page.find_all("link", rel="alternate")
    ]
    assert ("application/rss+xml", "/feeds/corrections/") in feeds
    assert ("application/atom+xml", "/feeds/corrections/atom/") in feeds
    times = [time.attrs["datetime"] for time in page.find("main").find_all("time")]
    assert times == [
        "2019-03-03T09:00:00+00:00",
        "2019-03-02T09:00:00+00:00",
        "2019-03-01T09:00:00+00:00",
    ]


def test_every_page_links_to_the_corrections_in_its_footer(client, corrections):
    for url in ("/", CORRECTIONS_URL, corrections[0].article.get_absolute_url()):
        footer = Page(client.get(url)).find("footer", class_="site-footer")
        assert footer.find("a").attrs["href"] == CORRECTIONS_URL, url
    current = Page(client.get(CORRECTIONS_URL)).find("footer", class_="site-footer").find("a")
    assert current.attrs["aria-current"] == "page"


def test_corrections_to_stories_that_are_not_live_are_nowhere_on_the_page(
    client, corrections, hidden_story
):
    CorrectionFactory(article=hidden_story, text="A secret correction.")
    response = client.get(CORRECTIONS_URL)
    assert len(listed(response)) == 3
    assert "A secret correction." not in response.text
    assert hidden_story.get_absolute_url() not in response.text


def test_with_no_corrections_the_page_says_so(client):
    page = Page(client.get(CORRECTIONS_URL))
    assert page.find("p", class_="empty").text == "There are no corrections."


def test_the_corrections_page_goes_back_a_page_at_a_time(client):
    story = LiveArticleFactory()
    for number in range(CORRECTIONS_PER_PAGE + 2):
        CorrectionFactory(
            article=story,
            text=f"Correction number {number}.",
            published_at=timezone.now() - datetime.timedelta(hours=number),
        )
    first = client.get(CORRECTIONS_URL)
    assert len(listed(first)) == CORRECTIONS_PER_PAGE
    assert listed(first)[0][2].endswith("Correction number 0.")
    older = Page(first).find("nav", class_="pagination").find("a", rel="next")
    assert older.attrs["href"] == "?page=2"
    second = client.get(CORRECTIONS_URL, {"page": 2})
    assert [text.split(": ")[1] for _, _, text in listed(second)] == [
        f"Correction number {CORRECTIONS_PER_PAGE}.",
        f"Correction number {CORRECTIONS_PER_PAGE + 1}.",
    ]
    assert Page(second).canonical() == f"http://testserver{CORRECTIONS_URL}?page=2"
    # A page number that is not one gives the first page, never an error.
    assert listed(client.get(CORRECTIONS_URL, {"page": "x"})) == listed(first)


@pytest.mark.parametrize("count", [3, 30])
def test_the_corrections_page_takes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    for story in LiveArticleFactory.create_batch(count):
        CorrectionFactory(article=story)
    # The sections for the navigation, the count for the pages, the corrections;
    # and, as they were just saved, the page cache's timetable.
    with django_assert_max_num_queries(4):
        response = client.get(CORRECTIONS_URL)
    assert len(listed(response)) == min(count, CORRECTIONS_PER_PAGE)


def test_the_corrections_page_is_cached_until_a_correction_is_made(client, corrections):
    client.get(CORRECTIONS_URL)
    with CaptureQueriesContext(connection) as queries:
        client.get(CORRECTIONS_URL)
    # A cache hit asks the database nothing.
    assert len(queries) == 0
    CorrectionFactory(article=corrections[0].article, text="A new correction.")
    assert "A new correction." in client.get(CORRECTIONS_URL).text


# The story page, its JSON-LD, the API and ninjs --------------------------------------


def test_the_story_json_ld_carries_each_correction_with_its_type(client, corrections):
    first, _, third = corrections
    response = client.get(first.article.get_absolute_url())
    (data,) = Page(response).json_ld()
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "name": "Correction",
            "text": "We misspelt Mr Hogg's name.",
            "datePublished": "2019-03-01T09:00:00+00:00",
            "url": absolute(first),
        },
        {
            "@type": "CorrectionComment",
            "name": "Update",
            "text": "Mr Barton retires on June 7.",
            "datePublished": "2019-03-03T09:00:00+00:00",
            "url": absolute(third),
        },
    ]


def test_the_api_carries_each_correction_with_its_type(api, corrections):
    story = corrections[0].article
    data = api.get(f"/api/v1/articles/{story.slug}/").json()
    assert [
        (correction["kind"], correction["text"], correction["published_at"])
        for correction in data["corrections"]
    ] == [
        ("correction", "We misspelt Mr Hogg's name.", "2019-03-01T09:00:00Z"),
        ("update", "Mr Barton retires on June 7.", "2019-03-03T09:00:00Z"),
    ]


def test_ninjs_carries_each_correction_as_a_description_named_by_its_type(api, corrections):
    story = corrections[0].article
    response = api.get(f"/api/v1/articles/{story.slug}/", {"format": "ninjs"})
    descriptions = json.loads(response.content)["descriptions"]
    assert [(item["role"], item["contenttype"], item["value"]) for item in descriptions[1:]] == [
        ("correction", "text/plain", "We misspelt Mr Hogg's name."),
        ("update", "text/plain", "Mr Barton retires on June 7."),
    ]
    assert descriptions[0]["role"] == "summary"


def test_an_editor_adds_a_typed_correction_from_the_story_form(client, editor):
    story = LiveArticleFactory()
    url = admin_url(story, "change", story.pk)
    client.force_login(editor)
    form = client.get(url)
    inline = next(
        inline
        for inline in form.context["inline_admin_formsets"]
        if inline.formset.model is Correction
    )
    assert list(inline.formset.empty_form.fields)[:3] == ["kind", "text", "published_at"]
    rows = saved_rows(story)
    rows[Correction] = [
        {
            "kind": "clarification",
            "text": "The force is Durham Constabulary.",
            "published_at_0": "2019-03-02",
            "published_at_1": "09:00:00",
        }
    ]
    response = client.post(url, story_post(inline_prefixes(form), story_fields(story), rows))
    assert response.status_code == 302, form_errors(response)
    correction = story.corrections.get()
    assert correction.kind == Correction.Kind.CLARIFICATION
    assert correction.published_at == moment(2)


def test_the_story_history_shows_a_correction_whose_type_changed(db):
    story = ArticleFactory()
    correction = CorrectionFactory(article=story, text="The force is Durham Constabulary.")
    save_version(story)
    correction.kind = Correction.Kind.CLARIFICATION
    correction.save()
    save_version(story)
    (change,) = compare(*versions(story)).corrections
    assert (change.pk, change.action) == (correction.pk, "changed")
    assert [(field.name, field.marked) for field in change.fields] == [
        ("kind", "<del>Correction</del> <ins>Clarification</ins>")
    ]


def test_a_correction_without_a_type_is_a_correction(db):
    assert CorrectionFactory().kind == Correction.Kind.CORRECTION


# The feeds -----------------------------------------------------------------------------


def test_a_corrected_story_shows_as_updated_in_the_atom_feed(client):
    story = LiveArticleFactory(published_at=timezone.now() - datetime.timedelta(days=3))
    later = timezone.now() + datetime.timedelta(minutes=5)
    _, [entry] = atom(client, "feed-latest-atom")
    before = datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))
    assert before < later
    CorrectionFactory(article=story, published_at=later, text="We misspelt a name.")
    _, [entry] = atom(client, "feed-latest-atom")
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == later
    assert "Correction, " in html.unescape(entry.findtext(f"{ATOM}summary"))


def test_a_corrected_story_carries_its_corrections_in_the_rss_feeds(client):
    story = LiveArticleFactory(standfirst="The chief is to retire.")
    later = timezone.now() + datetime.timedelta(minutes=5)
    CorrectionFactory(
        article=story,
        kind=Correction.Kind.UPDATE,
        published_at=datetime.datetime(2019, 3, 3, 9, tzinfo=datetime.UTC),
        text="He retires on June 7.",
    )
    CorrectionFactory(article=story, published_at=later, text="We misspelt a name.")
    for name, kwargs in [
        ("feed-latest", {}),
        ("feed-section", {"slug": story.section.slug}),
    ]:
        channel, [item] = rss(client, name, **kwargs)
        assert item.findtext("description") == (
            "The chief is to retire.\n\n"
            "Update, 3 March 2019: He retires on June 7.\n\n"
            f"Correction, {timezone.localtime(later):%-d %B %Y}: We misspelt a name."
        )
        # The channel was last built when the story was last corrected.
        assert parsedate_to_datetime(channel.findtext("lastBuildDate")) == later.replace(
            microsecond=0
        )


def test_the_corrections_feeds_list_live_stories_corrections_newest_first(
    client, corrections, hidden_story
):
    CorrectionFactory(article=hidden_story, text="A secret correction.")
    first, second, third = corrections
    channel, items = rss(client, "feed-corrections")
    assert channel.findtext("title") == "Newsroom: corrections"
    assert channel.findtext("link") == f"http://testserver{CORRECTIONS_URL}"
    assert [item.findtext("link") for item in items] == [
        absolute(third),
        absolute(second),
        absolute(first),
    ]
    newest = items[0]
    assert newest.findtext("title") == "Update: Chief to retire"
    assert newest.findtext("description") == "Mr Barton retires on June 7."
    assert [category.text for category in newest.findall("category")] == ["Update"]
    assert parsedate_to_datetime(newest.findtext("pubDate")) == moment(3)
    assert newest.findtext("guid") == absolute(third)

    feed, entries = atom(client, "feed-corrections-atom")
    assert feed.findtext(f"{ATOM}title") == "Newsroom: corrections"
    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [
        absolute(third),
        absolute(second),
        absolute(first),
    ]
    assert entries[1].findtext(f"{ATOM}title") == "Clarification: Force names new chief"
    assert datetime.datetime.fromisoformat(entries[1].findtext(f"{ATOM}updated")) == moment(2)


def test_the_corrections_feed_is_cut_to_its_length(client):
    story = LiveArticleFactory()
    CorrectionFactory.create_batch(FEED_LENGTH + 1, article=story)
    _, items = rss(client, "feed-corrections")
    assert len(items) == FEED_LENGTH


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("name", ["feed-corrections", "feed-corrections-atom"])
def test_the_corrections_feeds_take_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count, name
):
    for story in LiveArticleFactory.create_batch(count):
        CorrectionFactory(article=story)
    # The corrections; and, as they were just saved, the page cache's
    # timetable (for how long CDNs may keep the feed).
    with django_assert_max_num_queries(2):
        response = client.get(reverse(f"articles:{name}"))
    assert response.content.count(b"<item>") + response.content.count(b"<entry>") == count


# What reporters typed, with markup, a CDATA end and characters XML cannot carry.
AS_TYPED = "Tom & \"Jerry\" 'Spike' <script>alert(1)</script> ]]> <b>x</b> &amp;"


@pytest.fixture
def marked_up(settings):
    settings.SITE_NAME = MARKUP
    story = LiveArticleFactory(headline=MARKUP)
    CorrectionFactory(article=story, text=MARKUP)


def test_markup_in_any_field_reaches_an_rss_reader_of_corrections_as_escaped_text(
    client, marked_up
):
    channel, [item] = rss(client, "feed-corrections")
    # Titles and descriptions are HTML to RSS readers: escaped once more.
    for field in [
        channel.find("title"),
        channel.find("description"),
        item.find("title"),
        item.find("description"),
    ]:
        assert "<" not in field.text
        assert AS_TYPED in html.unescape(field.text)
    assert html.unescape(item.findtext("description")) == AS_TYPED
    assert [category.text for category in item.findall("category")] == ["Correction"]


def test_markup_in_any_field_reaches_an_atom_reader_of_corrections_as_text(client, marked_up):
    feed, [entry] = atom(client, "feed-corrections-atom")
    assert AS_TYPED in feed.findtext(f"{ATOM}title")
    assert AS_TYPED in feed.findtext(f"{ATOM}subtitle")
    assert entry.findtext(f"{ATOM}title") == f"Correction: {AS_TYPED}"
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert "<" not in summary.text
    assert html.unescape(summary.text) == AS_TYPED
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == AS_TYPED


def test_the_corrections_page_escapes_what_was_typed(client, marked_up):
    response = client.get(CORRECTIONS_URL)
    assert "<script>alert(1)" not in response.text
    page = Page(response)
    assert page.find("main").find_all("b") == []
    assert AS_TYPED in page.find("article", class_="correction").text


def test_the_corrections_feeds_are_valid_xml_at_their_public_addresses(client, corrections):
    for url in ("/feeds/corrections/", "/feeds/corrections/atom/"):
        response = client.get(url)
        assert response.status_code == 200
        ET.fromstring(response.content)
