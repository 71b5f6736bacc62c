"""
The people pages of the admin in real headless Chromium, at the two desktop
widths editors use: nothing scrolls sideways, the career is a stacked form
with its dates typed as people write them, and axe-core finds no serious or
critical accessibility violation.
"""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.tests.browser.test_concurrent_editing import PASSWORD, editors, logged_in_page
from articles.tests.browser.test_reader_journey import serious_violations
from articles.tests.factories import LiveArticleFactory, QuoteFactory
from people.dates import Precision
from people.models import Person
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = [1280, 1440]


def reporters():
    """The Reporters group as its migration makes it (a live-server test empties it)."""
    group, created = Group.objects.get_or_create(name="Reporters")
    if created:
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="people",
                codename__in=[
                    "add_person",
                    "change_person",
                    "view_person",
                    "add_organisation",
                    "change_organisation",
                    "view_organisation",
                    "add_timelineentry",
                    "change_timelineentry",
                    "delete_timelineentry",
                    "view_timelineentry",
                ],
            )
        )
    return group


def account(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def barton(live_server):
    """A person with a long career, in a live story: every part of the form has rows."""
    person = PersonFactory(
        name="Mike Barton",
        slug="mike-barton",
        honorific="Mr",
        description="Chief Constable of Durham Police",
        aliases=["Mr Barton", "Barton"],
        biography="Born into a Lancashire farming family, he joined the police in 1980. " * 8,
    )
    forces = [
        OrganisationFactory(name=name, slug=slug)
        for name, slug in [
            ("Lancashire Constabulary", "lancashire"),
            ("Durham Constabulary", "durham"),
            ("National Police Chiefs' Council", "npcc"),
        ]
    ]
    day = datetime.date
    PositionFactory(person=person, organisation=forces[0], start_date=day(1980, 1, 1))
    PositionFactory(
        person=person,
        title="Assistant Chief Constable",
        organisation=forces[1],
        place="Aykley Heads, Durham",
        start_date=day(2008, 1, 1),
        end_date=day(2009, 1, 1),
        note="a long note about the post that the dates alone cannot hold, " * 2,
    )
    PositionFactory(
        person=person,
        title="Chief Constable",
        organisation=forces[1],
        start_date=day(2012, 3, 1),
        start_precision=Precision.MONTH,
        end_date=day(2019, 6, 7),
        end_precision=Precision.DAY,
    )
    PositionFactory(
        person=person,
        kind="honour",
        title="Queen's Police Medal",
        organisation=None,
        honours_list="Queen's Birthday Honours",
        start_date=day(2012, 1, 1),
    )
    PositionFactory(person=person, title="Lead on drugs", organisation=forces[2])
    QuoteFactory(article=LiveArticleFactory(), speaker=person)
    return person


def admin_pages(person):
    return {
        "person list": reverse("admin:people_person_changelist"),
        "person add": reverse("admin:people_person_add"),
        "person change": reverse("admin:people_person_change", args=[person.pk]),
        "organisation list": reverse("admin:people_organisation_changelist"),
        "organisation add": reverse("admin:people_organisation_add"),
    }


def problems_on(page, url, axe_source):
    """What is wrong with the admin page at ``url`` at the page's width, if anything."""
    page.goto(url)
    problems = []
    width, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    if width > inner:
        problems.append(f"scrolls sideways: {width}px wide in {inner}px")
    problems += serious_violations(page, axe_source)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_the_people_pages_fit_the_screen_and_pass_axe(
    browser, live_server, django_user_model, barton, axe_source, artifacts, width, role
):
    group = editors() if role == "editor" else reporters()
    page = logged_in_page(browser, live_server, account(django_user_model, role, group))
    page.set_viewport_size({"width": width, "height": 900})

    found = {}
    for name, path in admin_pages(barton).items():
        problems = problems_on(page, live_server.url + path, axe_source)
        if problems:
            found[name] = problems
        if name == "person change":
            page.screenshot(path=artifacts / f"admin-person-{role}-{width}.png", full_page=True)

    assert found == {}, "\n".join(f"{name}: {problems}" for name, problems in found.items())


@pytest.mark.parametrize("width", WIDTHS)
def test_an_editor_types_career_dates_as_people_write_them(
    browser, live_server, django_user_model, axe_source, artifacts, width
):
    page = logged_in_page(browser, live_server, account(django_user_model, "editor", editors()))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + reverse("admin:people_person_add"))
    page.get_by_label("Display name").fill("Ron Hogg")
    page.get_by_label("Title").first.fill("Police and Crime Commissioner")
    page.get_by_label("Start").first.fill("2012")
    page.get_by_label("End").first.fill("31 June 2019")
    page.get_by_role("button", name="Save and continue editing").click()

    # Refused: the reason is on the box, the typed text kept, the page still fits.
    expect(page.get_by_text("June 2019 has no day 31.")).to_be_visible()
    assert page.get_by_label("End").first.input_value() == "31 June 2019"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert serious_violations(page, axe_source) == []
    page.screenshot(path=artifacts / f"admin-person-refused-{width}.png", full_page=True)

    page.get_by_label("End").first.fill("June 7, 2019")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_url("**/change/")

    entry = Person.objects.get(name="Ron Hogg").timeline.get()
    assert (entry.start_precision, entry.end_date, entry.end_precision) == (
        "year",
        datetime.date(2019, 6, 7),
        "day",
    )
    assert page.get_by_label("Start").first.input_value() == "2012"
    assert page.get_by_label("End").first.input_value() == "7 June 2019"
