"""
The profile page: who someone is and their career, dated as far as it is
known. The people here are public through the retirement story, loaded the
way an operator loads it; this app's tests never import the articles app.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string

from newsroom.tests.pages import Page
from people.dates import Precision
from people.models import Person, TimelineEntry
from people.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def barton(client):
    call_command("load_story", stdout=io.StringIO())
    response = client.get("/people/mike-barton/")
    assert response.status_code == 200
    return Page(response)


def test_the_profile_shows_name_honorific_description_and_biography(barton):
    heading = barton.find("h1")
    assert heading.text == "Mr Mike Barton"
    assert heading.find("span", class_="honorific").text == "Mr"
    assert barton.find("p", class_="standfirst").text == "Chief Constable of Durham Police"
    assert barton.find("p", class_="origin").text == "Born into a Lancashire farming family."
    biography = barton.find("div", class_="biography").find_all("p")
    assert len(biography) == 3
    assert biography[0].text.startswith("Mike Barton was born into a Lancashire farming family")


def test_the_career_is_in_date_order_with_dates_as_far_as_they_are_known(barton):
    entries = barton.find("ol", class_="timeline").find_all("li")
    periods = [
        (entry.find("strong").text, entry.find_all("span", class_="period")[0].text)
        for entry in entries
        if entry.find_all("span", class_="period")
    ]
    assert periods == [
        ("Police Constable", "1980"),
        ("Assistant Chief Constable", "2008–2009"),
        ("Deputy Chief Constable", "2009–2012"),
        ("Chief Constable", "2012–7 June 2019"),
        ("Queen's Police Medal", "2014"),
    ]
    # Undated facts come last, after everything with a date.
    assert [entry.find("strong").text for entry in entries[5:]] == [
        "Crime Operations lead",
        "Law degree",
    ]
    assert entries[0].text == (
        "1980 Police Constable, Lancashire Constabulary, Blackpool "
        "His beat included Blackpool's Golden Mile."
    )
    assert entries[4].text == "2014 Honour: Queen's Police Medal (Queen's Birthday Honours)"


def test_open_and_announced_periods_read_as_from_and_until():
    person = PersonFactory()
    current = PositionFactory(
        person=person, title="Chief Constable", start_date=datetime.date(2012, 1, 1)
    )
    leaving = PositionFactory(
        person=person,
        title="Board member",
        start_date=None,
        end_date=datetime.date(2019, 6, 7),
        end_precision=Precision.DAY,
    )
    html = render_to_string("people/_timeline.html", {"timeline": [current, leaving]})
    periods = [span.text for span in Page(html).find_all("span", class_="period")]
    assert periods == ["from 2012", "until 7 June 2019"]


def test_a_person_no_live_story_reaches_is_404(client):
    person = PersonFactory(slug="nobody-in-particular")
    PositionFactory(person=person)
    response = client.get("/people/nobody-in-particular/")
    assert response.status_code == 404
    assert person.name not in response.text


def test_an_unknown_person_is_404(client):
    assert client.get("/people/no-such-person/").status_code == 404


def test_the_profile_is_a_constant_handful_of_queries(client, django_assert_max_num_queries):
    call_command("load_story", stdout=io.StringIO())
    barton = Person.objects.get(slug="mike-barton")
    for year in range(1990, 2010):
        TimelineEntry.objects.create(
            person=barton,
            kind=TimelineEntry.Kind.HONOUR,
            title=f"Award {year}",
            start_date=datetime.date(year, 1, 1),
        )
    with django_assert_max_num_queries(10):
        assert client.get("/people/mike-barton/").status_code == 200
