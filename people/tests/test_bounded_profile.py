"""
A bounded profile: the page and the API's person detail show the latest few
(``LATEST_ON_PROFILE``) of the person's quotes, stories and pictures and link
to the paginated lists of all of them. Mike Barton, from the retirement story
loaded the way an operator loads it, has 14 quotes and 2 pictures in 1 story;
this app's tests never import the articles app (a person in 3 stories and in
300 is measured in articles/tests/test_profile_lists.py).
"""

import io

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from newsroom.tests.pages import Page
from people.models import LATEST_ON_PROFILE
from people.tests.factories import PersonFactory
from people.views import QUOTES_PER_PAGE

pytestmark = pytest.mark.django_db

STORY = "/articles/durham-chief-constable-mike-barton-to-retire/"
LISTS = ["stories", "quotes", "pictures"]


@pytest.fixture
def story():
    call_command("load_story", stdout=io.StringIO())


def test_the_profile_shows_the_latest_quotes_and_links_to_every_list(client, story):
    page = Page(client.get("/people/mike-barton/"))
    quotes = page.find("section", id="quotes").find_all("figure", class_="quote-record")
    assert len(quotes) == LATEST_ON_PROFILE < 14
    for name in LISTS:
        assert f"/people/mike-barton/{name}/" in page.hrefs()


def test_the_quotes_list_has_all_his_quotes_on_one_page(client, story):
    assert QUOTES_PER_PAGE >= 14
    page = Page(client.get("/people/mike-barton/quotes/"))
    quotes = page.find_all("figure", class_="quote-record")
    assert len(quotes) == 14
    assert {quote.find("a").attrs["href"] for quote in quotes} == {STORY}
    assert page.find("h1").text == "What Mike Barton said"
    assert page.canonical() == "http://testserver/people/mike-barton/quotes/"
    assert page.find_all("nav", class_="pagination") == []
    assert "/people/mike-barton/" in page.hrefs()


def test_the_stories_and_pictures_lists(client, story):
    stories = Page(client.get("/people/mike-barton/stories/"))
    assert [h.find("a").attrs["href"] for h in stories.find_all("h2")] == [STORY]
    assert stories.canonical() == "http://testserver/people/mike-barton/stories/"
    pictures = Page(client.get("/people/ron-hogg/pictures/"))
    assert pictures.find_all("figure") == []
    assert pictures.find("p", class_="empty").text == "There are no pictures of Ron Hogg yet."
    barton = Page(client.get("/people/mike-barton/pictures/"))
    assert len(barton.find_all("figure", class_="picture")) == 2
    assert barton.find("p", class_="picture-story").find("a").attrs["href"] == STORY


@pytest.mark.parametrize("query", ["?page=abc", "?page=0", "?page=99"])
def test_a_bad_page_number_shows_a_page_not_an_error(client, story, query):
    response = client.get(f"/people/mike-barton/quotes/{query}")
    assert response.status_code == 200
    assert len(Page(response).find_all("figure", class_="quote-record")) == 14


@pytest.mark.parametrize("name", LISTS)
def test_the_lists_of_someone_no_live_story_reaches_are_404(client, story, name):
    PersonFactory(slug="nobody-in-the-news")
    assert client.get(f"/people/nobody-in-the-news/{name}/").status_code == 404
    assert client.get(f"/people/unknown/{name}/").status_code == 404


@pytest.mark.parametrize("name", LISTS)
def test_a_list_is_a_constant_handful_of_queries(
    client, story, django_assert_max_num_queries, name
):
    with django_assert_max_num_queries(10):
        assert client.get(f"/people/mike-barton/{name}/").status_code == 200


def test_the_api_detail_holds_the_latest_few_and_links_to_all(story):
    api = APIClient()
    data = api.get("/api/v1/people/mike-barton/").json()
    assert len(data["quotes"]) == LATEST_ON_PROFILE
    assert len(data["articles"]) == 1
    assert data["quotes_url"] == "http://testserver/api/v1/quotes/?speaker=mike-barton"
    assert data["articles_url"] == "http://testserver/api/v1/articles/?featuring=mike-barton"
    quotes = api.get(data["quotes_url"]).json()
    assert quotes["count"] == 14
    assert {quote["speaker"]["slug"] for quote in quotes["results"]} == {"mike-barton"}
    assert [a["slug"] for a in api.get(data["articles_url"]).json()["results"]] == [
        data["articles"][0]["slug"]
    ]
