"""Profiles as editors keep them in the admin: careers, aliases and their checks."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from people.models import Organisation, Person, TimelineEntry
from people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ADD_PERSON = reverse("admin:people_person_add")


def timeline_post(client, entries, **person):
    """Post the add form of a person with these career entries."""
    page = client.get(ADD_PERSON)
    (prefix,) = (inline.formset.prefix for inline in page.context["inline_admin_formsets"])
    data = {
        "name": "Mike Barton",
        "slug": "mike-barton",
        "honorific": "Mr",
        "description": "Chief Constable of Durham Police",
        "aliases": "",
        f"{prefix}-TOTAL_FORMS": len(entries),
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
        **person,
    }
    for index, entry in enumerate(entries):
        data.update({f"{prefix}-{index}-{name}": value for name, value in entry.items()})
    return client.post(ADD_PERSON, data)


def entry(**fields):
    return {"kind": TimelineEntry.Kind.POSITION, **fields}


def test_a_person_is_added_with_their_career_and_aliases_one_per_line(client, editor):
    durham = OrganisationFactory(name="Durham Constabulary")
    client.force_login(editor)

    response = timeline_post(
        client,
        [
            entry(
                title="Chief Constable",
                organisation=durham.pk,
                start="March 2012",
                end="7 June 2019",
                note="seven years",
            ),
            entry(kind=TimelineEntry.Kind.HONOUR, title="QPM", start="2008"),
        ],
        aliases="Mr Barton\r\n\r\n  Barton \r\n",
    )

    assert response.status_code == 302
    barton = Person.objects.get(slug="mike-barton")
    assert barton.aliases == ["Mr Barton", "Barton"]
    honour, chief = barton.timeline.all()
    assert (chief.title, chief.organisation, chief.note) == (
        "Chief Constable",
        durham,
        "seven years",
    )
    assert (chief.start_date, chief.start_precision) == (datetime.date(2012, 3, 1), "month")
    assert (chief.end_date, chief.end_precision) == (datetime.date(2019, 6, 7), "day")
    assert chief.period == "March 2012\N{EN DASH}7 June 2019"
    assert (honour.kind, honour.title, honour.period) == ("honour", "QPM", "2008")


def test_a_career_entry_that_ends_before_it_starts_is_refused_and_nothing_is_saved(client, editor):
    client.force_login(editor)

    response = timeline_post(
        client,
        [
            entry(title="Inspector", start="2001"),
            entry(title="Chief Inspector", start="2005", end="2001"),
        ],
    )

    assert response.status_code == 200
    assert "The end (2001) is before the start (2005)." in response.content.decode()
    assert not Person.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_aliases_are_shown_one_per_line_on_the_profile_form(client, editor):
    barton = PersonFactory(aliases=["Mr Barton", "Barton"])
    client.force_login(editor)
    url = reverse("admin:people_person_change", args=[barton.pk])

    page = client.get(url).content.decode()

    assert '<textarea name="aliases"' in page
    assert ">\nMr Barton\nBarton</textarea>" in page


def test_an_alias_listed_twice_is_refused_with_the_model_message(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:people_organisation_add"),
        {
            "name": "Durham Constabulary",
            "slug": "durham",
            "kind": "police_force",
            "aliases": "Durham Police\nDurham Police",
        },
    )
    assert response.status_code == 200
    assert "Each alias may be listed once." in response.content.decode()
    assert not Organisation.objects.exists()


def test_an_organisation_aliases_are_stored_as_a_list(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:people_organisation_add"),
        {
            "name": "Durham Constabulary",
            "slug": "durham",
            "kind": "police_force",
            "aliases": "Durham Police\nDurham force",
        },
    )
    assert response.status_code == 302
    assert Organisation.objects.get().aliases == ["Durham Police", "Durham force"]


def test_people_are_found_by_the_names_copy_uses_for_them(client, editor):
    barton = PersonFactory(name="Mike Barton", aliases=["Mr Barton"])
    PersonFactory(name="Ron Hogg")
    client.force_login(editor)
    response = client.get(reverse("admin:people_person_changelist"), {"q": "mr barton"})
    assert list(response.context["cl"].result_list) == [barton]


@pytest.mark.parametrize(
    ("group", "may_add", "may_change", "may_delete"),
    [(None, False, False, False), ("Reporters", True, True, False), ("Editors", True, True, True)],
)
def test_who_may_add_change_and_delete_a_profile(
    client, django_user_model, group, may_add, may_change, may_delete
):
    user = django_user_model.objects.create_user("someone", is_staff=True)
    if group:
        user.groups.add(Group.objects.get(name=group))
    person = PersonFactory()
    client.force_login(user)
    change = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert (client.get(ADD_PERSON).status_code == 200) == may_add
    assert (change.status_code == 200 and 'name="_save"' in change.text) == may_change
    delete = client.post(reverse("admin:people_person_delete", args=[person.pk]), {"post": "yes"})
    assert Person.objects.filter(pk=person.pk).exists() != may_delete, delete.status_code
