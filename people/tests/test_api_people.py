"""
People and organisations through the API: Mike Barton's profile and career
timeline as JSON, the filters, and nobody shown whom no live story reaches.

The story comes from ``manage.py load_story``: this app's tests never import
the articles app.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from rest_framework.test import APIClient

from people.models import LATEST_ON_PROFILE, Person
from people.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    PositionFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

BARTON = "/api/v1/people/mike-barton/"
STORY_URL = "http://testserver/articles/durham-chief-constable-mike-barton-to-retire/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def story(db):
    call_command("load_story", verbosity=0)


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["results"]]


def entry(kind, title, organisation, start, end=None, **fields):
    return {
        "kind": kind,
        "title": title,
        "organisation": organisation,
        "start": start,
        "end": end,
        **fields,
    }


DURHAM = {"slug": "durham-constabulary", "name": "Durham Constabulary"}


def test_mike_bartons_timeline_as_json(api, story):
    timeline = api.get(BARTON).json()["timeline"]
    keys = ("kind", "title", "organisation", "start", "end")
    assert [{key: item[key] for key in keys} for item in timeline] == [
        entry(
            "position",
            "Police Constable",
            {"slug": "lancashire-constabulary", "name": "Lancashire Constabulary"},
            {"date": "1980", "precision": "year"},
        ),
        entry(
            "position",
            "Assistant Chief Constable",
            DURHAM,
            {"date": "2008", "precision": "year"},
            {"date": "2009", "precision": "year"},
        ),
        entry(
            "position",
            "Deputy Chief Constable",
            DURHAM,
            {"date": "2009", "precision": "year"},
            {"date": "2012", "precision": "year"},
        ),
        entry(
            "position",
            "Chief Constable",
            DURHAM,
            {"date": "2012", "precision": "year"},
            {"date": "2019-06-07", "precision": "day"},
        ),
        entry(
            "honour",
            "Queen's Police Medal",
            None,
            {"date": "2014", "precision": "year"},
        ),
        entry(
            "position",
            "Crime Operations lead",
            {"slug": "national-police-chiefs-council", "name": "National Police Chiefs' Council"},
            None,
        ),
        entry(
            "education",
            "Law degree",
            {"slug": "newcastle-university", "name": "Newcastle University"},
            None,
        ),
    ]
    constable, chief, medal = timeline[0], timeline[3], timeline[4]
    assert (constable["place"], constable["ended_undated"], constable["period"]) == (
        "Blackpool",
        True,
        "1980",
    )
    assert chief["period"] == "2012–7 June 2019"
    assert medal["honours_list"] == "Queen's Birthday Honours"
    assert timeline[5]["note"] == "three years"


def test_mike_bartons_profile(api, story):
    data = api.get(BARTON).json()
    assert data["name"] == "Mike Barton"
    assert data["honorific"] == "Mr"
    assert data["description"] == "Chief Constable of Durham Police"
    assert data["url"] == "http://testserver/people/mike-barton/"
    assert data["origin"] == "born into a Lancashire farming family"
    assert data["aliases"] == ["Mr Barton", "Barton"]
    assert data["biography"].startswith("Mike Barton was born into a Lancashire farming family")
    assert data["portrait"] is None


def test_mike_bartons_quotes_and_stories(api, story):
    data = api.get(BARTON).json()
    # The latest few quotes; all of them are on the quotes list it links to.
    assert len(data["quotes"]) == LATEST_ON_PROFILE
    assert data["quotes_url"] == "http://testserver/api/v1/quotes/?speaker=mike-barton"
    assert data["articles_url"] == "http://testserver/api/v1/articles/?featuring=mike-barton"
    everything = api.get(data["quotes_url"]).json()
    assert everything["count"] == 14
    texts = {quote["text"] for quote in everything["results"]}
    assert "Al Capone approach" in texts
    # The story's quotes in the order it prints them: the first is his 2012 promise.
    capone = data["quotes"][0]
    assert capone["text"] == "Al Capone approach"
    assert capone["said_on"] == {"date": "2012", "precision": "year"}
    assert capone["source"] == "on taking up the role of Chief Constable"
    assert capone["url"] == f"{STORY_URL}#quote-{capone['id']}"
    assert capone["article"]["url"] == STORY_URL
    assert api.get(data["articles_url"]).json()["results"][0]["url"] == STORY_URL
    assert data["articles"] == [
        {
            "slug": "durham-chief-constable-mike-barton-to-retire",
            "url": STORY_URL,
            "headline": "Durham Police chief Mike Barton to retire",
            "published_at": "2019-02-28T10:00:00Z",
            "roles": ["featured", "quoted", "pictured"],
        }
    ]
    hogg = api.get("/api/v1/people/ron-hogg/").json()
    assert len(hogg["quotes"]) == 2
    assert hogg["articles"][0]["roles"] == ["featured", "quoted"]


def test_people_in_the_story_are_listed_with_their_profiles(api, story):
    data = api.get("/api/v1/people/").json()
    assert data["count"] == 2
    assert [person["url"] for person in data["results"]] == [
        "http://testserver/people/mike-barton/",
        "http://testserver/people/ron-hogg/",
    ]


def test_nobody_is_shown_whom_no_live_story_reaches(api, story):
    unseen = PersonFactory(slug="not-in-the-news")
    PositionFactory(person=unseen, organisation=OrganisationFactory(slug="secret-employer"))
    assert "not-in-the-news" not in slugs(api.get("/api/v1/people/"))
    assert api.get("/api/v1/people/not-in-the-news/").status_code == 404
    assert slugs(api.get("/api/v1/people/", {"organisation": "secret-employer"})) == []
    assert "secret-employer" not in slugs(api.get("/api/v1/organisations/"))


def test_without_a_live_story_there_is_nobody_to_show(api):
    PersonFactory(slug="someone")
    assert api.get("/api/v1/people/").json()["count"] == 0
    assert api.get("/api/v1/organisations/").json()["count"] == 0


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organisation": "durham-constabulary"}, ["mike-barton"]),
        ({"organisation": "durham-police-and-crime-commissioner"}, ["ron-hogg"]),
        ({"organisation": "no-such-organisation"}, []),
        ({"position": "chief constable"}, ["mike-barton"]),
        ({"position": "Commissioner"}, ["ron-hogg"]),
        ({"position": "law degree"}, []),
        ({"q": "hogg"}, ["ron-hogg"]),
        ({"q": "Mr Barton"}, ["mike-barton"]),
        ({"q": "police"}, ["mike-barton", "ron-hogg"]),
        ({"ordering": "-name"}, ["ron-hogg", "mike-barton"]),
        ({"page_size": "1"}, ["mike-barton"]),
        ({"page_size": "1", "page": "2"}, ["ron-hogg"]),
    ],
)
def test_people_filters(api, story, params, expected):
    assert slugs(api.get("/api/v1/people/", params)) == expected


def test_a_person_with_several_positions_at_one_organisation_is_listed_once(api, story):
    response = api.get("/api/v1/people/", {"organisation": "durham-constabulary"})
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"organisation": "not a slug"}, "organisation"),
        ({"ordering": "biography"}, "ordering"),
        ({"page": "-3"}, "page"),
        ({"position": "x" * 300}, "position"),
    ],
)
def test_bad_people_filters_are_a_400(api, story, params, field):
    response = api.get("/api/v1/people/", params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_organisations_are_listed_without_a_page_of_their_own(api, story):
    data = api.get("/api/v1/organisations/").json()
    assert data["count"] == 6
    durham = next(item for item in data["results"] if item["slug"] == "durham-constabulary")
    assert durham == {
        "slug": "durham-constabulary",
        "name": "Durham Constabulary",
        "kind": "police_force",
        "aliases": ["Durham Police"],
    }
    forces = slugs(api.get("/api/v1/organisations/", {"kind": "police_force"}))
    assert forces == ["durham-constabulary", "lancashire-constabulary"]
    assert api.get("/api/v1/organisations/", {"kind": "army"}).status_code == 400


def test_an_unknown_person_is_a_json_404(api):
    response = api.get("/api/v1/people/nobody/")
    assert response.status_code == 404
    assert response.json()["detail"] == "No Person matches the given query."


def test_a_portrait_comes_with_its_size_and_alt_text(api, story):
    barton = Person.objects.get(slug="mike-barton")
    barton.portrait = ContentFile(jpeg_bytes(60, 80), name="barton.jpg")
    barton.portrait_alt_text = "Mike Barton in uniform"
    barton.save()
    portrait = api.get(BARTON).json()["portrait"]
    assert portrait["url"].startswith("http://testserver/media/people/portraits/")
    assert "barton" not in portrait["url"]
    assert (portrait["width"], portrait["height"]) == (60, 80)
    assert portrait["alt_text"] == "Mike Barton in uniform"
