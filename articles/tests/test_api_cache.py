"""
The API's answers in the page cache: an anonymous reader's second request
asks the database nothing, an edit reaches every answer that shows it and no
other, and nothing an account may see (an embargoed story for partners) or a
request made up to fill the cache is ever kept.
"""

import datetime

import pytest

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    newsroom_account,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def detail(story, suffix=""):
    return f"/api/v1/articles/{story.slug}/{suffix}"


CACHE_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Surrogate-Key", "Cache-Tag", "Vary")


def assert_same_answer(first, again):
    assert again.status_code == 200
    assert again.content == first.content
    for header in CACHE_HEADERS:
        assert again.get(header) == first.get(header), header


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        f"{LIST}?section=news&ordering=-published_at&page_size=1&page=2",
        "/api/v1/articles/chief-to-retire/",
        "/api/v1/articles/chief-to-retire/ninjs/",
        "/api/v1/articles/chief-to-retire/?format=ninjs",
        "/api/v1/people/",
        "/api/v1/people/mike-barton/",
        "/api/v1/quotes/?speaker=mike-barton",
        "/api/v1/captions/",
        "/api/v1/sections/",
        "/api/v1/organisations/",
    ],
)
def test_a_second_reader_gets_the_cached_answer_with_no_query(
    api, story_a, story_b, url, django_assert_num_queries
):
    CaptionFactory(article=story_a)
    first = api.get(url)
    assert first.status_code == 200, first.content
    with django_assert_num_queries(0):
        again = api.get(url)
    assert_same_answer(first, again)


def test_a_cached_answer_still_says_not_modified(api, story_a, django_assert_num_queries):
    first = api.get(detail(story_a))
    with django_assert_num_queries(0):
        not_modified = api.get(detail(story_a), HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]


def test_head_is_served_from_the_cache_as_get_is(api, story_a, django_assert_num_queries):
    first = api.get(LIST)
    with django_assert_num_queries(0):
        head = api.head(LIST)
    assert head.status_code == 200
    assert head["ETag"] == first["ETag"]


def test_each_set_of_parameters_is_its_own_answer(api, story_a, story_b):
    first = api.get(LIST, {"page_size": 1}).json()
    second = api.get(LIST, {"page_size": 1, "page": 2}).json()
    assert [story["slug"] for story in first["results"]] == ["harbour-reopens"]
    assert [story["slug"] for story in second["results"]] == ["chief-to-retire"]
    # The same parameters in another order are the same answer.
    again = api.get(f"{LIST}?page=2&page_size=1").json()
    assert again == second


def test_a_parameter_the_view_does_not_know_is_answered_but_never_kept(
    api, story_a, django_assert_max_num_queries
):
    for n in range(2):
        response = api.get(LIST, {"utm_source": f"made-up-{n}"})
        assert response.status_code == 200
    # Rendered again each time: nothing was kept under the made-up parameter.
    with django_assert_max_num_queries(10) as queries:
        api.get(LIST, {"utm_source": "made-up-0"})
    assert len(queries) > 0


def test_a_repeated_parameter_is_refused_even_when_the_answer_is_cached(api, story_a):
    assert api.get(LIST, {"page": 1}).status_code == 200
    assert api.get(f"{LIST}?page=1&page=1").status_code == 400


def test_each_media_type_is_its_own_answer(api, story_a, django_assert_num_queries):
    as_json = api.get(detail(story_a), HTTP_ACCEPT="application/json")
    as_ninjs = api.get(detail(story_a), HTTP_ACCEPT="application/ninjs+json")
    assert as_json["Content-Type"] == "application/json"
    assert as_ninjs["Content-Type"].startswith("application/ninjs+json")
    with django_assert_num_queries(0):
        assert api.get(detail(story_a), HTTP_ACCEPT="application/json").content == (
            as_json.content
        )
        assert api.get(detail(story_a), HTTP_ACCEPT="application/ninjs+json").content == (
            as_ninjs.content
        )


def test_a_media_type_with_parameters_is_answered_but_never_kept(
    api, story_a, django_assert_max_num_queries
):
    plain = api.get(LIST)
    indented = api.get(LIST, HTTP_ACCEPT="application/json; indent=4")
    assert indented.content != plain.content
    with django_assert_max_num_queries(10) as queries:
        again = api.get(LIST, HTTP_ACCEPT="application/json; indent=4")
    assert again.content == indented.content
    assert len(queries) > 0
    # A weight is no parameter of the answer's: kept as the plain one.
    with django_assert_max_num_queries(0):
        assert api.get(LIST, HTTP_ACCEPT="application/json;q=0.9").content == plain.content


def test_an_edit_reaches_the_answers_that_show_it_and_no_other(
    api, story_a, story_b, django_assert_num_queries
):
    for url in (LIST, detail(story_a), detail(story_b)):
        api.get(url)
    # Changed behind the receivers: only a fresh render could show it.
    Article.objects.filter(pk=story_b.pk).update(headline="Seen only if rendered again")
    story_a.headline = "Chief to retire in June"
    story_a.save()
    assert api.get(detail(story_a)).json()["headline"] == "Chief to retire in June"
    assert "Chief to retire in June" in {s["headline"] for s in api.get(LIST).json()["results"]}
    with django_assert_num_queries(0):
        assert api.get(detail(story_b)).json()["headline"] == "Harbour reopens"


def test_an_edit_to_a_person_reaches_the_stories_that_name_them_and_no_other(
    api, story_a, story_b, person, django_assert_num_queries
):
    for url in (detail(story_a), detail(story_b), f"/api/v1/people/{person.slug}/"):
        api.get(url)
    person.name = "Michael Barton"
    person.save()
    assert [p["name"] for p in api.get(detail(story_a)).json()["people"]] == ["Michael Barton"]
    assert api.get(f"/api/v1/people/{person.slug}/").json()["name"] == "Michael Barton"
    with django_assert_num_queries(0):
        api.get(detail(story_b))


def test_a_change_no_tag_traces_reaches_every_cached_answer(api, story_a):
    assert api.get(detail(story_a)).json()["section"]["name"] == "News"
    assert [s["name"] for s in api.get("/api/v1/sections/").json()["results"]] == ["News"]
    section = story_a.section
    section.name = "Local news"
    section.save()
    assert api.get(detail(story_a)).json()["section"]["name"] == "Local news"
    assert [s["name"] for s in api.get("/api/v1/sections/").json()["results"]] == ["Local news"]


def test_an_unpublished_story_leaves_every_cached_answer_at_once(api, story_a):
    assert api.get(detail(story_a)).status_code == 200
    assert "chief-to-retire" in {s["slug"] for s in api.get(LIST).json()["results"]}
    story_a.unpublish()
    assert api.get(detail(story_a)).status_code == 404
    assert "chief-to-retire" not in {s["slug"] for s in api.get(LIST).json()["results"]}


def test_a_scheduled_story_appears_in_the_cached_list_at_its_second(
    api, clock, story_b, django_assert_num_queries
):
    due = clock.after(minutes=10)
    ArticleFactory(slug="news-at-ten", status=Article.Status.PUBLISHED, published_at=due)

    def slugs():
        return {story["slug"] for story in api.get(LIST).json()["results"]}

    assert "news-at-ten" not in slugs()
    clock.move_to(due - datetime.timedelta(seconds=1))
    with django_assert_num_queries(0):
        assert "news-at-ten" not in slugs()
    clock.move_to(due)
    assert "news-at-ten" in slugs()


def test_partners_never_get_or_leave_a_cached_answer(api, api_as, clock, story_b):
    embargoed = ArticleFactory(
        slug="under-embargo",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-1),
        embargoed_until=clock.after(hours=1),
    )
    partner = api_as(newsroom_account("partner", "Partners"))

    def slugs(client):
        response = client.get(LIST)
        assert response.status_code == 200
        return {s["slug"] for s in response.json()["results"]}

    # A partner's answer first: it is not kept for readers.
    assert "under-embargo" in slugs(partner)
    assert "private" in partner.get(LIST)["Cache-Control"]
    assert "under-embargo" not in slugs(api)
    assert api.get(detail(embargoed)).status_code == 404
    # The readers' answer, now cached, is not served to the partner.
    assert "under-embargo" not in slugs(api)
    assert "under-embargo" in slugs(partner)
    assert partner.get(detail(embargoed)).status_code == 200


def test_a_bad_request_is_never_kept(api, story_a):
    for _ in range(2):
        response = api.get(LIST, {"page": "zero"})
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
