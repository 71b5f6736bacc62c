"""The people index: everyone the paper's live stories reach, by name, and no one else."""

import io

import pytest
from django.core.management import call_command

from newsroom.tests.pages import Page
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_index_lists_the_people_in_the_story_by_name(client):
    call_command("load_story", stdout=io.StringIO())
    PersonFactory(name="Aaron Unknown", slug="aaron-unknown")
    page = Page(client.get("/people/"))
    assert page.find("h1").text == "People in the news"
    people = page.find("ul", class_="people-list").find_all("li")
    assert [(li.find("a").attrs["href"], li.text) for li in people] == [
        ("/people/mike-barton/", "Mike Barton Chief Constable of Durham Police"),
        ("/people/ron-hogg/", "Ron Hogg Durham's Police and Crime Commissioner"),
    ]
    nav = page.find("nav", aria_label="Sections")
    assert nav.find("a", aria_current="page").text == "People"
    assert page.canonical() == "http://testserver/people/"


def test_the_index_of_no_one_says_so(client):
    PersonFactory()
    page = Page(client.get("/people/"))
    assert page.find("p", class_="empty").text == "There is no one here yet."
