"""
Reading stories, quotes, pictures and sections through the API: the
retirement story as JSON, every filter, ordering and pages.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticlePerson, Block
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import (
    CaptionFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

STORY_URL = f"http://testserver/articles/{STORY_SLUG}/"


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def live_story(days_ago, **fields):
    return LiveArticleFactory(
        published_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )


# The retirement story ---------------------------------------------------------


def test_the_story_is_listed_with_its_section_tags_and_page(api, story):
    response = api.get("/api/v1/articles/")
    assert response.status_code == 200
    data = response.json()
    assert (data["count"], data["next"], data["previous"]) == (1, None, None)
    [item] = data["results"]
    assert item["slug"] == STORY_SLUG
    assert item["url"] == STORY_URL
    assert item["headline"] == "Durham Police chief Mike Barton to retire"
    assert item["section"] == {
        "slug": "news",
        "name": "News",
        "url": "http://testserver/sections/news/",
    }
    assert [tag["slug"] for tag in item["tags"]] == [
        "drugs-policy",
        "durham-constabulary",
        "policing",
    ]
    assert item["tags"][2]["url"] == "http://testserver/tags/policing/"
    assert item["published_at"] == "2019-02-28T10:00:00Z"
    assert item["status"] == "published"


def test_the_story_detail_has_its_body_in_order_as_typed_blocks(api, story):
    data = api.get(f"/api/v1/articles/{STORY_SLUG}/").json()
    body = data["body"]
    assert len(body) == 27
    assert [block["type"] for block in body].count("image") == 2
    first = (
        "KNOWN for his no-nonsense style and radical approach to policing, Durham "
        "Police’s top cop will be remembered as a vocal advocate for reforming drugs policy "
        "and for attempts to crack down on organised crime gangs."
    )
    assert body[0] == {"type": "paragraph", "text": first, "html": first}
    last = "Mr Barton will step down on June 7."
    assert body[-1] == {"type": "paragraph", "text": last, "html": last}
    picture = body[6]
    assert picture["type"] == "image"
    assert picture["caption"]["caption"] == "Mike Barton at Durham Police's Bikewise event"
    assert picture["caption"]["credit"] == "The Northern Echo"
    assert picture["caption"]["alt_text"].startswith("Placeholder image")
    assert picture["caption"]["people"][0]["slug"] == "mike-barton"
    assert picture["caption"]["image"]["width"] == 1200
    assert picture["caption"]["image"]["url"].startswith("http://testserver/media/captions/")
    texts = [block["text"] for block in body if block["type"] == "paragraph"]
    assert "\n\n".join(texts) == story.body_text()


def test_the_story_detail_has_the_contract_fields(api, story):
    data = api.get(f"/api/v1/articles/{STORY_SLUG}/").json()
    for field in [
        "slug",
        "url",
        "headline",
        "standfirst",
        "section",
        "tags",
        "authors",
        "published_at",
        "updated_at",
        "body",
        "captions",
        "quotes",
        "people",
        "corrections",
    ]:
        assert field in data
    assert data["url"] == STORY_URL
    assert data["publisher"] == {"slug": "the-northern-echo", "name": "The Northern Echo"}
    assert data["people"] == [
        {
            "slug": "mike-barton",
            "name": "Mike Barton",
            "url": "http://testserver/people/mike-barton/",
            "role": "subject",
        },
        {
            "slug": "ron-hogg",
            "name": "Ron Hogg",
            "url": "http://testserver/people/ron-hogg/",
            "role": "mentioned",
        },
    ]
    assert [caption["id"] for caption in data["captions"]] == [
        caption.pk for caption in story.captions.all()
    ]
    assert data["captions"][0]["url"] == f"{STORY_URL}#picture-{data['captions'][0]['id']}"
    assert data["corrections"] == []


def test_the_storys_sixteen_quotes_with_speaker_and_source(api, story):
    quotes = api.get(f"/api/v1/articles/{STORY_SLUG}/").json()["quotes"]
    assert len(quotes) == 16
    speakers = [quote["speaker"]["slug"] for quote in quotes]
    assert speakers.count("mike-barton") == 14
    assert speakers.count("ron-hogg") == 2
    capone = quotes[0]
    assert capone["text"] == "Al Capone approach"
    assert capone["speaker"] == {
        "slug": "mike-barton",
        "name": "Mike Barton",
        "url": "http://testserver/people/mike-barton/",
    }
    assert capone["source"] == "on taking up the role of Chief Constable"
    assert capone["said_on"] == {"date": "2012", "precision": "year"}
    assert capone["url"] == f"{STORY_URL}#quote-{capone['id']}"
    hogg = quotes[-1]
    assert hogg["text"].startswith("As an aspiring farmer you know only too well")
    assert hogg["source"] == "a letter accepting Mr Barton's decision to retire"
    assert hogg["said_on"] is None
    # Every quote stands word for word in the story's text.
    assert story.publication_errors() == []


def test_the_quotes_endpoint_lists_the_storys_quotes_with_their_story(api, story):
    data = api.get("/api/v1/quotes/", {"page_size": 100}).json()
    assert data["count"] == 16
    first = data["results"][0]
    assert set(first) == {"id", "url", "text", "speaker", "source", "said_on", "article"}
    assert first["article"] == {
        "slug": STORY_SLUG,
        "url": STORY_URL,
        "headline": "Durham Police chief Mike Barton to retire",
        "published_at": "2019-02-28T10:00:00Z",
    }


def test_the_captions_endpoint_lists_pictures_with_credit_alt_text_and_people(api, story):
    data = api.get("/api/v1/captions/").json()
    assert data["count"] == 2
    assert [caption["caption"] for caption in data["results"]] == [
        "Mike Barton at Durham Police's Bikewise event",
        "Mike Barton took part in a CEO sleepout event at Durham Cathedral",
    ]
    picture = data["results"][0]
    assert picture["article"]["slug"] == STORY_SLUG
    assert picture["people"] == [
        {
            "slug": "mike-barton",
            "name": "Mike Barton",
            "url": "http://testserver/people/mike-barton/",
        }
    ]
    assert picture["focal_point"] == {"x": 0.5, "y": 0.5}


def test_sections_are_listed_with_their_pages(api, story):
    data = api.get("/api/v1/sections/").json()
    assert data["results"] == [
        {
            "slug": "news",
            "name": "News",
            "description": "",
            "url": "http://testserver/sections/news/",
        }
    ]


def test_a_pull_quote_block_carries_its_quote_and_corrections_are_listed(api):
    article = LiveArticleFactory()
    ParagraphFactory(article=article, position=1, text="He said: “We will carry on.”")
    quote = QuoteFactory(article=article, text="We will carry on.")
    Block.objects.create(article=article, position=2, kind=Block.Kind.QUOTE, quote=quote)
    Block.objects.create(article=article, position=3, kind=Block.Kind.SUBHEADING, text="Later")
    CorrectionFactory(article=article)
    data = api.get(f"/api/v1/articles/{article.slug}/").json()
    assert [block["type"] for block in data["body"]] == ["paragraph", "quote", "subheading"]
    assert data["body"][1]["quote"]["text"] == "We will carry on."
    assert data["body"][1]["quote"]["speaker"]["slug"] == quote.speaker.slug
    assert data["corrections"][0]["text"].startswith("An earlier version")


def test_an_unknown_story_is_a_json_404(api):
    response = api.get("/api/v1/articles/no-such-story/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No Article matches the given query."


# Filters -----------------------------------------------------------------------


def test_stories_filter_by_section(api):
    sport = SectionFactory(name="Sport", slug="sport")
    in_sport, _ = live_story(1, section=sport), live_story(2)
    assert slugs(api.get("/api/v1/articles/", {"section": "sport"})) == [in_sport.slug]
    assert slugs(api.get("/api/v1/articles/", {"section": "no-such-section"})) == []


def test_stories_filter_by_tag(api):
    tag = TagFactory(slug="policing")
    tagged, _ = live_story(1), live_story(2)
    tagged.tags.add(tag)
    assert slugs(api.get("/api/v1/articles/", {"tag": "policing"})) == [tagged.slug]


def test_stories_filter_by_person_in_them_and_by_author(api):
    barton, reporter = PersonFactory(slug="mike-barton"), PersonFactory(slug="a-reporter")
    about, bylined, _ = live_story(1), live_story(2), live_story(3)
    ArticlePerson.objects.create(article=about, person=barton)
    bylined.authors.add(reporter)
    assert slugs(api.get("/api/v1/articles/", {"person": "mike-barton"})) == [about.slug]
    assert slugs(api.get("/api/v1/articles/", {"author": "a-reporter"})) == [bylined.slug]
    assert slugs(api.get("/api/v1/articles/", {"author": "mike-barton"})) == []


def test_stories_filter_by_publication_day(api):
    old, recent = live_story(10), live_story(1)
    day = (timezone.localdate() - datetime.timedelta(days=5)).isoformat()
    assert slugs(api.get("/api/v1/articles/", {"published_after": day})) == [recent.slug]
    assert slugs(api.get("/api/v1/articles/", {"published_before": day})) == [old.slug]
    both = {"published_after": day, "published_before": day}
    assert slugs(api.get("/api/v1/articles/", both)) == []


def test_stories_filter_by_full_text_search(api, story):
    live_story(1, headline="Council tax to rise", standfirst="Bills go up.")
    assert slugs(api.get("/api/v1/articles/", {"q": "Al Capone"})) == [STORY_SLUG]
    assert slugs(api.get("/api/v1/articles/", {"q": "heroin treatment"})) == [STORY_SLUG]
    assert slugs(api.get("/api/v1/articles/", {"q": "zebra"})) == []
    assert slugs(api.get("/api/v1/articles/", {"q": "!!!"})) == []


def test_quotes_filter_by_speaker_story_source_words_and_date(api, story):
    def count(**params):
        response = api.get("/api/v1/quotes/", {"page_size": 100, **params})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    assert count(speaker="ron-hogg") == 2
    assert count(speaker="mike-barton") == 14
    assert count(speaker="nobody") == 0
    assert count(article=STORY_SLUG) == 16
    assert count(article="another-story") == 0
    assert count(source="RESIGNATION LETTER") == 9
    assert count(q="heroin") == 1
    assert count(said_after="2012-01-01") == 1
    assert count(said_before="2011-12-31") == 0
    assert count(said_after="2012-01-01", said_before="2012-12-31", speaker="mike-barton") == 1


def test_captions_filter_by_person_pictured_and_story(api, story):
    other = live_story(1)
    pictured = PersonFactory(slug="someone-else")
    CaptionFactory(article=other).people.add(pictured)

    def captions(**params):
        return [item["id"] for item in api.get("/api/v1/captions/", params).json()["results"]]

    assert len(captions(person="mike-barton")) == 2
    assert len(captions(person="someone-else")) == 1
    assert len(captions(article=STORY_SLUG)) == 2
    assert len(captions(article=other.slug)) == 1
    assert captions(person="nobody") == []


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/v1/articles/", {"published_after": "28/02/2019x"}, "published_after"),
        ("/api/v1/articles/", {"published_before": "2019-02-30"}, "published_before"),
        ("/api/v1/articles/", {"section": "not a slug!"}, "section"),
        ("/api/v1/articles/", {"tag": "ta/g"}, "tag"),
        ("/api/v1/articles/", {"person": "<script>"}, "person"),
        ("/api/v1/articles/", {"author": "é"}, "author"),
        ("/api/v1/articles/", {"q": "nul\x00byte"}, "q"),
        ("/api/v1/quotes/", {"said_after": "yesterday"}, "said_after"),
        ("/api/v1/quotes/", {"said_before": "2019-13-01"}, "said_before"),
        ("/api/v1/quotes/", {"speaker": "two words"}, "speaker"),
        ("/api/v1/quotes/", {"source": "x" * 300}, "source"),
        ("/api/v1/captions/", {"person": "a b"}, "person"),
        ("/api/v1/articles/", {"ordering": "status"}, "ordering"),
        ("/api/v1/articles/", {"ordering": "headline,-secret"}, "ordering"),
        ("/api/v1/quotes/", {"ordering": "article__status"}, "ordering"),
        ("/api/v1/articles/", {"page": "0"}, "page"),
        ("/api/v1/articles/", {"page": "two"}, "page"),
        ("/api/v1/articles/", {"page_size": "-1"}, "page_size"),
        ("/api/v1/quotes/", {"page_size": "1.5"}, "page_size"),
        ("/api/v1/people/", {"page_size": "0"}, "page_size"),
    ],
)
def test_bad_filter_values_are_a_400_naming_the_field(api, url, params, field):
    response = api.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert errors[field]
    assert all(isinstance(message, str) for message in errors[field])


def test_an_unknown_ordering_names_the_fields_that_are_allowed(api):
    response = api.get("/api/v1/articles/", {"ordering": "status"})
    message = response.json()["errors"]["ordering"][0]
    assert "'status'" in message
    assert "published_at, updated_at, headline" in message


# Ordering and pages ------------------------------------------------------------


def test_stories_are_newest_first_and_can_be_ordered_by_whitelisted_fields(api):
    b = live_story(3, headline="Beta")
    a = live_story(1, headline="Alpha")
    c = live_story(2, headline="Gamma")
    assert slugs(api.get("/api/v1/articles/")) == [a.slug, c.slug, b.slug]
    assert slugs(api.get("/api/v1/articles/", {"ordering": "headline"})) == [
        a.slug,
        b.slug,
        c.slug,
    ]
    assert slugs(api.get("/api/v1/articles/", {"ordering": "-headline"})) == [
        c.slug,
        b.slug,
        a.slug,
    ]
    assert slugs(api.get("/api/v1/articles/", {"ordering": "published_at"})) == [
        b.slug,
        c.slug,
        a.slug,
    ]


def test_lists_come_in_pages_with_links(api):
    stories = [live_story(day) for day in range(1, 6)]
    first = api.get("/api/v1/articles/", {"page_size": 2}).json()
    assert first["count"] == 5
    assert [item["slug"] for item in first["results"]] == [s.slug for s in stories[:2]]
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/articles/?page=2&page_size=2"
    last = api.get("/api/v1/articles/", {"page_size": 2, "page": 3}).json()
    assert [item["slug"] for item in last["results"]] == [stories[4].slug]
    assert last["next"] is None


def test_a_page_size_above_the_cap_is_served_as_the_cap(api):
    for day in range(1, 4):
        live_story(day)
    response = api.get("/api/v1/articles/", {"page_size": 10**6})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


@pytest.mark.parametrize("page", ["2", str(10**9), str(10**40)])
def test_a_page_past_the_last_is_a_json_404_that_says_so(api, page):
    live_story(1)
    response = api.get("/api/v1/articles/", {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"] == f"There is no page {page}: the last page is 1."


def test_an_empty_list_is_one_empty_page(api):
    data = api.get("/api/v1/articles/").json()
    assert data == {"count": 0, "next": None, "previous": None, "results": []}
