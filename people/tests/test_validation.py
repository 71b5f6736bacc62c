import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from people.models import Organisation, Person
from people.tests.factories import OrganisationFactory, PersonFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def test_a_second_person_with_the_same_slug_is_refused():
    PersonFactory(slug="mike-barton")
    duplicate = Person(name="Mike Barton", slug="mike-barton")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert refused.value.message_dict["slug"] == ["Person with this Slug already exists."]


def test_a_second_organisation_with_the_same_slug_is_refused():
    OrganisationFactory(slug="durham-constabulary")
    duplicate = Organisation(name="Durham Police", slug="durham-constabulary")
    with pytest.raises(ValidationError) as refused:
        duplicate.full_clean()
    assert refused.value.message_dict["slug"] == ["Organisation with this Slug already exists."]


@pytest.mark.parametrize(
    ("aliases", "message"),
    [
        ("Mr Barton", "Aliases must be a list of names."),
        (["Mr Barton", ""], "Aliases must be a list of names."),
        (["Barton", "Barton"], "Each alias may be listed once."),
    ],
)
def test_aliases_must_be_a_list_of_distinct_names(aliases, message):
    person = PersonFactory.build(aliases=aliases)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert refused.value.message_dict["aliases"] == [message]


def test_a_portrait_needs_alt_text():
    person = PersonFactory.build()
    person.portrait.save("portrait.jpg", ContentFile(jpeg_bytes(60, 80)), save=False)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert refused.value.message_dict["portrait_alt_text"] == [
        "A portrait needs alt text describing it."
    ]
    person.portrait_alt_text = "Head and shoulders of a man in police uniform"
    person.full_clean()
    assert (person.portrait_width, person.portrait_height) == (60, 80)


def test_full_name_puts_the_honorific_first():
    assert PersonFactory.build(honorific="Mr", name="Ron Hogg").full_name == "Mr Ron Hogg"
    assert PersonFactory.build(honorific="", name="Ron Hogg").full_name == "Ron Hogg"
