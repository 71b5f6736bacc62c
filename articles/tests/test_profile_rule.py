"""
A profile that appears in a live story is the editors': a reporter adds people
and changes those no live story shows, but a person or organisation that
readers already see on a live story is read-only to them (``people.policies``).
"""

import pytest
from django.urls import reverse

from articles.tests.factories import NOT_LIVE, ArticleFactory, LiveArticleFactory, QuoteFactory
from people.models import Organisation, Person
from people.policies import organisation_policy, person_policy
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def quoted_in(person, story):
    QuoteFactory(article=story, speaker=person)
    return person


@pytest.fixture
def in_live_story():
    """A person readers see: quoted in a live story, with a career."""
    person = quoted_in(PersonFactory(name="Mike Barton"), LiveArticleFactory())
    PositionFactory(person=person, title="Chief Constable")
    return person


@pytest.fixture
def in_no_live_story():
    """A person only a draft quotes: no reader sees them yet."""
    person = quoted_in(PersonFactory(name="Jo Bloggs"), ArticleFactory())
    PositionFactory(person=person, title="Inspector")
    return person


def person_change(person):
    return reverse("admin:people_person_change", args=[person.pk])


def person_post(person, **changes):
    """The change form of ``person`` as the admin would post it, career untouched."""
    entries = list(person.timeline.all())
    data = {
        "name": person.name,
        "slug": person.slug,
        "honorific": person.honorific,
        "description": person.description,
        "aliases": "",
        "timeline-TOTAL_FORMS": len(entries),
        "timeline-INITIAL_FORMS": len(entries),
        "timeline-MIN_NUM_FORMS": 0,
        "timeline-MAX_NUM_FORMS": 1000,
    }
    for index, entry in enumerate(entries):
        data |= {
            f"timeline-{index}-id": entry.pk,
            f"timeline-{index}-person": person.pk,
            f"timeline-{index}-kind": entry.kind,
            f"timeline-{index}-title": entry.title,
            f"timeline-{index}-organisation": entry.organisation_id or "",
            f"timeline-{index}-start": str(entry.start or ""),
        }
    return data | changes


def test_a_reporter_adds_a_person(client, reporter):
    client.force_login(reporter)

    response = client.post(
        reverse("admin:people_person_add"),
        {
            "name": "Jo Bloggs",
            "slug": "jo-bloggs",
            "aliases": "",
            "timeline-TOTAL_FORMS": 1,
            "timeline-INITIAL_FORMS": 0,
            "timeline-MIN_NUM_FORMS": 0,
            "timeline-MAX_NUM_FORMS": 1000,
            "timeline-0-kind": "position",
            "timeline-0-title": "Press officer",
            "timeline-0-start": "June 2015",
        },
    )

    assert response.status_code == 302
    assert Person.objects.get(slug="jo-bloggs").timeline.get().period == "from June 2015"


@pytest.mark.parametrize("hidden", NOT_LIVE)
def test_a_reporter_edits_a_person_no_live_story_shows(client, reporter, hidden):
    person = quoted_in(
        PersonFactory(description="Spokeswoman"), ArticleFactory(**NOT_LIVE[hidden])
    )
    client.force_login(reporter)
    page = client.get(person_change(person))
    assert 'name="_save"' in page.text
    assert "only editors can change it" not in page.text

    response = client.post(person_change(person), person_post(person, description="Press officer"))

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.description == "Press officer"


def test_a_reporter_edits_the_career_of_a_person_no_live_story_shows(
    client, reporter, in_no_live_story
):
    client.force_login(reporter)
    data = person_post(in_no_live_story, **{"timeline-0-start": "7 June 2019"})

    response = client.post(person_change(in_no_live_story), data)

    assert response.status_code == 302
    assert in_no_live_story.timeline.get().period == "from 7 June 2019"


def test_a_reporter_sees_a_person_in_a_live_story_read_only(client, reporter, in_live_story):
    client.force_login(reporter)

    page = client.get(person_change(in_live_story))

    assert page.status_code == 200
    assert 'name="_save"' not in page.text
    assert 'name="name"' not in page.text
    assert "only editors can change it" in page.text
    # The career follows its person: shown, not editable, nothing to add.
    assert "Chief Constable" in page.text
    assert 'name="timeline-0-title"' not in page.text
    assert 'name="timeline-0-start"' not in page.text
    assert not page.context["inline_admin_formsets"][0].has_add_permission


def test_a_reporter_cannot_change_a_person_in_a_live_story(client, reporter, in_live_story):
    client.force_login(reporter)
    data = person_post(in_live_story, description="Disgraced", **{"timeline-0-title": "Constable"})

    response = client.post(person_change(in_live_story), data)

    assert response.status_code == 403
    in_live_story.refresh_from_db()
    assert in_live_story.description == "Spokeswoman"
    assert in_live_story.timeline.get().title == "Chief Constable"


def test_an_editor_changes_a_person_in_a_live_story(client, editor, in_live_story):
    client.force_login(editor)
    data = person_post(
        in_live_story, description="Chief Constable of Durham Police", **{"timeline-0-end": "2019"}
    )

    response = client.post(person_change(in_live_story), data)

    assert response.status_code == 302
    in_live_story.refresh_from_db()
    assert in_live_story.description == "Chief Constable of Durham Police"
    assert in_live_story.timeline.get().period == "2000\N{EN DASH}2019"


def test_a_person_becomes_the_editors_when_their_story_goes_live(reporter, editor):
    person = quoted_in(PersonFactory(), ArticleFactory(**NOT_LIVE["draft"]))
    assert person_policy.user_has_permission_for_instance(reporter, "change", person)

    story = person.quotes.get().article
    story.status, story.published_at = LiveArticleFactory.status, story.created_at
    story.save()

    assert not person_policy.user_has_permission_for_instance(reporter, "change", person)
    assert person_policy.user_has_permission_for_instance(editor, "change", person)
    assert person_policy.user_has_permission_for_instance(reporter, "view", person)
    assert list(person_policy.instances_user_has_permission_for(reporter, "change")) == []
    assert list(person_policy.instances_user_has_permission_for(editor, "change")) == [person]


def organisation_post(organisation, **changes):
    return {"name": organisation.name, "slug": organisation.slug, "kind": organisation.kind}


@pytest.fixture
def public_organisations(in_live_story):
    """One organisation publishing a live story, one in the career of a person readers see."""
    publisher = OrganisationFactory(name="The Northern Echo", kind="newspaper")
    LiveArticleFactory(publisher=publisher)
    return [publisher, in_live_story.timeline.get().organisation]


def test_a_reporter_cannot_change_an_organisation_readers_see(
    client, reporter, public_organisations
):
    client.force_login(reporter)
    for organisation in public_organisations:
        url = reverse("admin:people_organisation_change", args=[organisation.pk])
        assert 'name="_save"' not in client.get(url).text
        data = {"name": "Renamed", "slug": organisation.slug, "kind": organisation.kind}
        assert client.post(url, data).status_code == 403
        organisation.refresh_from_db()
        assert organisation.name != "Renamed"


def test_a_reporter_changes_an_organisation_no_live_story_shows(
    client, reporter, in_no_live_story
):
    organisation = in_no_live_story.timeline.get().organisation
    client.force_login(reporter)
    url = reverse("admin:people_organisation_change", args=[organisation.pk])

    response = client.post(url, {"name": "Renamed", "slug": organisation.slug, "kind": "council"})

    assert response.status_code == 302
    assert Organisation.objects.get(pk=organisation.pk).name == "Renamed"


def test_an_editor_changes_an_organisation_readers_see(client, editor, public_organisations):
    client.force_login(editor)
    for organisation in public_organisations:
        url = reverse("admin:people_organisation_change", args=[organisation.pk])
        data = {"name": "Renamed", "slug": organisation.slug, "kind": organisation.kind}
        assert client.post(url, data).status_code == 302
        organisation.refresh_from_db()
        assert organisation.name == "Renamed"
    assert organisation_policy.user_has_permission_for_instance(editor, "delete", organisation)


def test_the_read_only_profile_page_costs_a_constant_number_of_queries(
    client, reporter, in_live_story, django_assert_max_num_queries
):
    for number in range(10):
        PositionFactory(person=in_live_story, title=f"Post {number}")
    client.force_login(reporter)
    # Whether a live story shows the person is asked once, not at each of
    # the admin's permission checks (one per career entry).
    with django_assert_max_num_queries(8):
        assert client.get(person_change(in_live_story)).status_code == 200


def test_the_list_of_people_says_who_is_in_a_live_story(
    client, reporter, in_live_story, in_no_live_story
):
    client.force_login(reporter)

    listed = client.get(reverse("admin:people_person_changelist"))

    shown = {person.name: person.in_live_story for person in listed.context["cl"].result_list}
    assert shown == {"Mike Barton": True, "Jo Bloggs": False}
    assert "In a live story" in listed.text
