"""
A profile's links elsewhere (``Person.same_as``): typed one per line in the
admin, checked as web addresses, and given to search engines as the person's
schema.org ``sameAs`` and to API clients as ``same_as``.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from newsroom.tests.pages import Page
from people.models import MAX_SAME_AS, Person
from people.tests.factories import PersonFactory
from people.tests.test_admin import timeline_post

pytestmark = pytest.mark.django_db

WIKIPEDIA = "https://en.wikipedia.org/wiki/Durham_Constabulary"
OFFICIAL = "https://www.durham.police.uk/"


def test_an_editor_types_the_links_one_per_line(client, editor):
    response = timeline_post(client, [], same_as=f" {WIKIPEDIA}\r\n\r\n{OFFICIAL}\r\n")

    assert response.status_code == 302
    assert Person.objects.get(slug="mike-barton").same_as == [WIKIPEDIA, OFFICIAL]


@pytest.mark.parametrize(
    ("links", "message"),
    [
        (["javascript:alert(1)"], "is not a web address"),
        (["not a link"], "is not a web address"),
        ([OFFICIAL, OFFICIAL], "may be listed once"),
        ([f"{OFFICIAL}{n}" for n in range(MAX_SAME_AS + 1)], f"at most {MAX_SAME_AS}"),
        ("https://example.com/", "must be a list"),
    ],
)
def test_links_that_are_not_a_short_list_of_web_addresses_are_refused(links, message):
    person = PersonFactory.build(slug="someone", same_as=links)

    with pytest.raises(ValidationError) as refused:
        person.full_clean()

    assert message in " ".join(refused.value.message_dict["same_as"])


def test_the_admin_refuses_a_link_that_is_not_a_web_address_and_saves_nothing(client, editor):
    response = timeline_post(client, [], same_as="javascript:alert(1)")

    assert response.status_code == 200
    assert "is not a web address" in response.text
    assert not Person.objects.filter(slug="mike-barton").exists()


def test_the_profile_and_the_api_give_the_links(client):
    call_command("load_story", stdout=io.StringIO())
    Person.objects.filter(slug="mike-barton").update(same_as=[WIKIPEDIA, OFFICIAL])

    (profile,) = Page(client.get("/people/mike-barton/")).json_ld()
    detail = client.get("/api/v1/people/mike-barton/").json()

    assert profile["mainEntity"]["sameAs"] == [WIKIPEDIA, OFFICIAL]
    assert detail["same_as"] == [WIKIPEDIA, OFFICIAL]


def test_a_person_without_links_has_no_same_as_in_json_ld(client):
    call_command("load_story", stdout=io.StringIO())

    (profile,) = Page(client.get("/people/mike-barton/")).json_ld()

    assert "sameAs" not in profile["mainEntity"]
