"""
The API's query budgets (DESIGN.md): at most 8 SQL queries for a list page of
any size, at most 10 for a detail, however many blocks, quotes, pictures and
people there are; for readers and for newsroom accounts with a token alike.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticlePerson, Block, Caption, Correction, Quote
from articles.tests.factories import LiveArticleFactory, TagFactory
from people.models import LATEST_ON_PROFILE, Person
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

LIST_BUDGET = 8
DETAIL_BUDGET = 10


def big_story(number, people, speaker, tags):
    """A live story with 20 blocks (pictures and pull quotes among them), 5 quotes,
    3 pictures with 2 people each, 4 people in it, 2 authors, 3 tags, 2 corrections."""
    story = LiveArticleFactory(slug=f"big-story-{number}")
    story.tags.set(tags)
    story.authors.set(people[:2])
    ArticlePerson.objects.bulk_create(
        ArticlePerson(article=story, person=person) for person in people[:4]
    )
    quotes = Quote.objects.bulk_create(
        Quote(article=story, speaker=speaker, text=f"Quote {n}", source="a letter")
        for n in range(5)
    )
    captions = Caption.objects.bulk_create(
        Caption(
            article=story,
            image="captions/shared.jpg",
            width=40,
            height=30,
            caption=f"Picture {n}",
            credit="The Northern Echo",
            alt_text="A picture",
        )
        for n in range(3)
    )
    for caption in captions:
        caption.people.set(people[:2])
    blocks = [Block(article=story, position=n, kind="paragraph", text=f"P {n}") for n in range(14)]
    blocks += [
        Block(article=story, position=20 + n, kind="image", caption=c)
        for n, c in enumerate(captions)
    ]
    blocks += [
        Block(article=story, position=30 + n, kind="quote", quote=q)
        for n, q in enumerate(quotes[:3])
    ]
    Block.objects.bulk_create(blocks)
    Correction.objects.bulk_create(Correction(article=story, text=f"Fix {n}") for n in range(2))
    return story


@pytest.fixture
def newsroom():
    """30 big live stories, all quoting and picturing the same person."""
    people = PersonFactory.create_batch(4)
    speaker = PersonFactory(slug="much-quoted")
    for person in [*people, speaker]:
        PositionFactory(person=person, organisation=OrganisationFactory())
    tags = TagFactory.create_batch(3)
    stories = [big_story(n, people, speaker, tags) for n in range(30)]
    for story in stories:
        story.captions.first().people.add(speaker)
    return stories


@pytest.fixture(params=["anonymous", "reader", "reporter", "editor", "superuser"])
def client(request, api, api_as):
    if request.param == "anonymous":
        return api
    return api_as(request.getfixturevalue(request.param))


def queries_for(client, url):
    """The queries of rendering ``url``: not served from the page cache."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/?page_size=100",
        "/api/v1/articles/?page_size=100&tag={tag}&ordering=-headline",
        "/api/v1/quotes/?page_size=100",
        "/api/v1/captions/?page_size=100",
        "/api/v1/people/?page_size=100",
        "/api/v1/organisations/?page_size=100",
        "/api/v1/sections/?page_size=100",
    ],
)
def test_a_list_page_of_any_size_stays_within_budget(
    client, newsroom, url, django_assert_max_num_queries
):
    url = url.format(tag=newsroom[0].tags.first().slug)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(url)
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    # The same number of queries for a page of two as for a page of a hundred.
    assert queries_for(client, url.replace("page_size=100", "page_size=2")) == queries_for(
        client, url
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/big-story-7/",
        "/api/v1/articles/big-story-7/?format=ninjs",
        "/api/v1/people/much-quoted/",
    ],
)
def test_a_detail_with_large_related_sets_stays_within_budget(
    client, newsroom, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = client.get(url)
    assert response.status_code == 200


def test_the_big_story_and_profile_really_are_big(api, newsroom):
    story = api.get("/api/v1/articles/big-story-7/").json()
    assert (len(story["body"]), len(story["quotes"]), len(story["captions"])) == (20, 5, 3)
    assert (len(story["people"]), len(story["corrections"]), len(story["tags"])) == (4, 2, 3)
    profile = api.get("/api/v1/people/much-quoted/").json()
    # The detail holds the latest few; the lists it links to hold them all.
    assert len(profile["quotes"]) == len(profile["articles"]) == LATEST_ON_PROFILE
    assert api.get(profile["quotes_url"]).json()["count"] == 150
    assert api.get(profile["articles_url"]).json()["count"] == 30
    assert profile["articles"][0]["roles"] == ["quoted", "pictured"]
    assert Person.objects.public().count() == 5
