"""
Bounded profiles: a profile page and the API's person detail show the latest
few of a person's stories, quotes and pictures, with links to the paginated
lists of all of them, so they cost the same for a person in 3 stories and in
300. (The lists without stories to fill them are tested in people/tests.)
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticlePerson
from articles.tests.factories import CaptionFactory, LiveArticleFactory, QuoteFactory
from newsroom.tests.pages import Page
from people.models import LATEST_ON_PROFILE, Person
from people.tests.factories import PersonFactory, PositionFactory
from people.views import PICTURES_PER_PAGE, QUOTES_PER_PAGE, STORIES_PER_PAGE

pytestmark = pytest.mark.django_db

# More than a profile shows of pictures, and than a list's page holds.
PICTURES = max(LATEST_ON_PROFILE, PICTURES_PER_PAGE) + 2


def career(slug, stories, pictures=PICTURES):
    """
    A person in ``stories`` live stories, an hour apart, newest last: about
    each, bylined on each, quoted twice in each, and pictured in the first
    ``pictures``; with a career of five positions.
    """
    person = PersonFactory(slug=slug, name=f"Person {slug}")
    for year in range(2000, 2005):
        PositionFactory(person=person, start_date=datetime.date(year, 1, 1))
    start = timezone.now() - datetime.timedelta(hours=stories + 1)
    for number in range(stories):
        story = LiveArticleFactory(
            headline=f"{slug} story {number:03}",
            published_at=start + datetime.timedelta(hours=number),
        )
        ArticlePerson.objects.create(article=story, person=person)
        story.authors.add(person)
        QuoteFactory.create_batch(2, article=story, speaker=person, text=f"Words {number:03}.")
        if number < pictures:
            CaptionFactory(article=story, caption=f"Picture {number:03}").people.add(person)
    return person


def measured(client, url):
    """The response at ``url``, its size in bytes and how many queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response, len(response.content), len(queries)


@pytest.fixture
def few_and_many(db):
    return career("few", 3), career("many", 300)


@pytest.mark.parametrize("url", ["/people/{slug}/", "/api/v1/people/{slug}/"])
def test_a_profile_costs_the_same_for_3_stories_and_for_300(client, few_and_many, url):
    few, many = few_and_many
    # The page cache's own first look at the archive is not the profile's.
    client.get("/people/")
    _, few_size, few_queries = measured(client, url.format(slug=few.slug))
    response, many_size, many_queries = measured(client, url.format(slug=many.slug))
    assert many_queries == few_queries <= 10
    # Only the latest few of each: a couple of list items more than with 3
    # stories, where showing all 300 would be well over 100 KB more.
    assert many_size - few_size < 6_000, (few_size, many_size)
    assert "many story 299" in response.text
    assert "many story 294" not in response.text


def test_the_profile_shows_the_latest_few_of_each_and_links_to_all(client):
    career("busy", LATEST_ON_PROFILE + 3)
    page = Page(client.get("/people/busy/"))
    about = page.find("section", aria_labelledby="stories-heading")
    assert [h.text for h in about.find_all("h3")] == [
        f"busy story {number:03}"
        for number in range(LATEST_ON_PROFILE + 2, 2, -1)  # newest first
    ]
    quotes = page.find("section", id="quotes")
    assert len(quotes.find_all("figure", class_="quote-record")) == LATEST_ON_PROFILE
    assert quotes.find("blockquote").text == f"Words {LATEST_ON_PROFILE + 2:03}."
    pictures = page.find("section", aria_labelledby="pictures-heading")
    assert len(pictures.find_all("figure")) == LATEST_ON_PROFILE
    links = page.hrefs()
    for path in ("stories", "quotes", "pictures"):
        assert f"/people/busy/{path}/" in links


def test_the_latest_few_are_the_newest_live_ones_in_a_fixed_order(hidden_story):
    # Chosen from the person's keys before their rows are read
    # (``people.models.newest_few()``), the few are still the newest live
    # ones: no story the public may not see takes a place, stories published
    # at the same moment come later story first, a story's quotes in order.
    person = PersonFactory(slug="steady")
    now = timezone.now()
    moment = now - datetime.timedelta(hours=1)
    older = [
        LiveArticleFactory(
            headline=f"Older {number}", published_at=moment - datetime.timedelta(hours=number)
        )
        for number in range(1, LATEST_ON_PROFILE + 1)
    ]
    tied = [LiveArticleFactory(headline=f"Tied {name}", published_at=moment) for name in "AB"]
    expired = LiveArticleFactory(
        headline="Expired",
        published_at=moment - datetime.timedelta(minutes=30),
        expires_at=now - datetime.timedelta(minutes=1),
    )
    embargoed = LiveArticleFactory(
        headline="Embargoed",
        published_at=moment - datetime.timedelta(minutes=20),
        embargoed_until=now + datetime.timedelta(hours=1),
    )
    if hidden_story.published_at is None or hidden_story.published_at < now:
        # Newer than every live one, so that only its being hidden keeps it out.
        Article.objects.filter(pk=hidden_story.pk).update(
            published_at=moment + datetime.timedelta(minutes=1)
        )
    for story in [*older, *tied, expired, embargoed, hidden_story]:
        ArticlePerson.objects.create(article=story, person=person)
        story.authors.add(person)
        QuoteFactory(article=story, speaker=person, text=f"{story.headline}, first.")
        CaptionFactory(article=story).people.add(person)
    QuoteFactory(article=tied[1], speaker=person, text="Tied B, again.")

    latest = Person.objects.get(pk=person.pk).read_latest()

    newest = ["Tied B", "Tied A", *(f"Older {number}" for number in range(1, LATEST_ON_PROFILE))]
    expected = newest[:LATEST_ON_PROFILE]
    assert [story.headline for story in latest.latest_stories] == expected
    assert [story.headline for story in latest.latest_bylines] == expected
    assert [picture.article.headline for picture in latest.latest_pictures] == expected
    assert [quote.text for quote in latest.latest_quotes] == [
        "Tied B, first.",
        "Tied B, again.",
        *(f"{headline}, first." for headline in newest[1 : LATEST_ON_PROFILE - 1]),
    ]


def test_the_stories_list_has_every_story_the_person_is_in_by_pages(client, hidden_story):
    person = career("lister", STORIES_PER_PAGE, pictures=0)
    # In a story only as the speaker of a quote, and only as a person pictured.
    quoted = LiveArticleFactory(headline="Only quoted")
    QuoteFactory(article=quoted, speaker=person)
    pictured = LiveArticleFactory(headline="Only pictured")
    CaptionFactory(article=pictured).people.add(person)
    hidden_story.authors.add(person)

    first = Page(client.get("/people/lister/stories/"))
    second = Page(client.get("/people/lister/stories/?page=2"))
    headlines = [h.text for page in (first, second) for h in page.find_all("h2")]
    assert len(headlines) == STORIES_PER_PAGE + 2
    assert {"Only quoted", "Only pictured"} <= set(headlines)
    assert "The hidden story" not in headlines
    assert first.canonical() == "http://testserver/people/lister/stories/"
    assert second.canonical() == "http://testserver/people/lister/stories/?page=2"
    assert first.find("nav", class_="pagination").find("a").attrs["rel"] == "next"


@pytest.mark.parametrize(
    ("path", "per_page", "marker", "count"),
    [
        ("quotes", QUOTES_PER_PAGE, {"tag": "figure", "class_": "quote-record"}, 2 * 12),
        ("pictures", PICTURES_PER_PAGE, {"tag": "figure", "class_": "picture"}, PICTURES),
    ],
)
def test_the_quotes_and_pictures_lists_come_in_pages_newest_first(
    client, path, per_page, marker, count
):
    career("speaker", max(12, PICTURES))
    first = Page(client.get(f"/people/speaker/{path}/"))
    last = Page(client.get(f"/people/speaker/{path}/?page=99"))
    # A reader cannot ask for a bigger page.
    big = Page(client.get(f"/people/speaker/{path}/?page_size=1000&per_page=1000"))
    assert len(first.find_all(**marker)) == per_page
    assert len(big.find_all(**marker)) == per_page
    assert len(last.find_all(**marker)) == count - per_page
    assert first.canonical() == f"http://testserver/people/speaker/{path}/"
    newest = first.find(**marker).text
    assert f"{max(12, PICTURES) - 1:03}" in newest


@pytest.mark.parametrize("path", ["stories", "quotes", "pictures"])
def test_the_lists_of_someone_no_live_story_reaches_are_404(client, hidden_story, path):
    person = PersonFactory(slug="in-hiding")
    hidden_story.people.add(person)
    QuoteFactory(article=hidden_story, speaker=person)
    assert client.get(f"/people/in-hiding/{path}/").status_code == 404
    assert client.get(f"/people/nobody/{path}/").status_code == 404


@pytest.mark.parametrize("path", ["stories", "quotes", "pictures"])
def test_a_list_page_is_a_constant_handful_of_queries(client, django_assert_max_num_queries, path):
    career("counted", STORIES_PER_PAGE + 5)
    with django_assert_max_num_queries(10):
        assert client.get(f"/people/counted/{path}/").status_code == 200


def test_the_api_detail_links_to_the_lists_of_all(api):
    person = career("linked", LATEST_ON_PROFILE + 3, pictures=1)
    bystander = LiveArticleFactory(headline="Without them")
    QuoteFactory(article=bystander)
    data = api.get("/api/v1/people/linked/").json()
    assert len(data["quotes"]) == LATEST_ON_PROFILE
    assert [story["headline"] for story in data["articles"]] == [
        f"linked story {number:03}" for number in range(LATEST_ON_PROFILE + 2, 2, -1)
    ]
    assert data["articles"][-1]["roles"] == ["featured", "byline", "quoted"]
    assert data["quotes_url"] == "http://testserver/api/v1/quotes/?speaker=linked"
    assert data["articles_url"] == "http://testserver/api/v1/articles/?featuring=linked"
    quotes = api.get(data["quotes_url"]).json()
    articles = api.get(data["articles_url"]).json()
    assert quotes["count"] == 2 * (LATEST_ON_PROFILE + 3)
    assert articles["count"] == LATEST_ON_PROFILE + 3
    assert "Without them" not in {story["headline"] for story in articles["results"]}
    assert person.name  # the person the lists are of


def test_the_featuring_filter_finds_every_way_a_person_is_in_a_story(api, hidden_story):
    person = PersonFactory(slug="everywhere")
    about = LiveArticleFactory(headline="About")
    ArticlePerson.objects.create(article=about, person=person)
    LiveArticleFactory(headline="By").authors.add(person)
    QuoteFactory(article=LiveArticleFactory(headline="Quoting"), speaker=person)
    CaptionFactory(article=LiveArticleFactory(headline="Picturing")).people.add(person)
    LiveArticleFactory(headline="Elsewhere")
    hidden_story.authors.add(person)

    def headlines(**params):
        response = api.get("/api/v1/articles/", params)
        assert response.status_code == 200, response.content
        return {story["headline"] for story in response.json()["results"]}

    assert headlines(featuring="everywhere") == {"About", "By", "Quoting", "Picturing"}
    assert headlines(featuring="nobody") == set()
    bad = api.get("/api/v1/articles/", {"featuring": "not a slug!"})
    assert bad.status_code == 400
    assert "featuring" in bad.json()["errors"]


def test_api_lists_cap_the_page_size(api):
    career("capped", 60, pictures=0)
    response = api.get("/api/v1/quotes/", {"speaker": "capped", "page_size": 1000})
    assert response.status_code == 200
    assert response.json()["count"] == 120
    assert len(response.json()["results"]) == 100
