"""Career dates typed in the admin as people write them: one box each, shown back the same way."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from people.dates import PartialDate, Precision
from people.forms import PartialDateField, PartialDateFormMixin, TimelineEntryForm
from people.models import Person, TimelineEntry
from people.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

ADD_PERSON = reverse("admin:people_person_add")
PREFIX = "timeline"


def add_person(client, *entries):
    data = {
        "name": "Mike Barton",
        "slug": "mike-barton",
        "aliases": "",
        f"{PREFIX}-TOTAL_FORMS": len(entries),
        f"{PREFIX}-INITIAL_FORMS": 0,
        f"{PREFIX}-MIN_NUM_FORMS": 0,
        f"{PREFIX}-MAX_NUM_FORMS": 1000,
    }
    for index, fields in enumerate(entries):
        fields = {"kind": "position", "title": "Chief Constable", **fields}
        data.update({f"{PREFIX}-{index}-{name}": value for name, value in fields.items()})
    return client.post(ADD_PERSON, data)


@pytest.mark.parametrize(
    ("typed", "stored", "precision", "period"),
    [
        ("2015", (2015, 1, 1), Precision.YEAR, "from 2015"),
        ("June 2015", (2015, 6, 1), Precision.MONTH, "from June 2015"),
        ("Jun 2015", (2015, 6, 1), Precision.MONTH, "from June 2015"),
        ("2015-06", (2015, 6, 1), Precision.MONTH, "from June 2015"),
        ("7 June 2015", (2015, 6, 7), Precision.DAY, "from 7 June 2015"),
        ("June 7, 2015", (2015, 6, 7), Precision.DAY, "from 7 June 2015"),
        ("2015-06-07", (2015, 6, 7), Precision.DAY, "from 7 June 2015"),
    ],
)
def test_a_career_date_is_typed_in_one_box_and_its_precision_is_what_was_typed(
    client, editor, typed, stored, precision, period
):
    response = add_person(client, {"start": typed})

    assert response.status_code == 302
    (entry,) = Person.objects.get(slug="mike-barton").timeline.all()
    assert (entry.start_date, entry.start_precision) == (datetime.date(*stored), precision)
    assert entry.period == period


def test_a_career_date_is_shown_back_as_far_as_it_is_known(client, editor):
    position = PositionFactory(
        start_date=datetime.date(2015, 6, 1),
        start_precision=Precision.MONTH,
        end_date=datetime.date(2019, 6, 7),
        end_precision=Precision.DAY,
    )

    page = client.get(reverse("admin:people_person_change", args=[position.person.pk]))

    form = page.context["inline_admin_formsets"][0].formset.forms[0]
    assert form["start"].value() == "June 2015"
    assert form["end"].value() == "7 June 2019"
    assert 'value="June 2015"' in page.text
    assert 'value="7 June 2019"' in page.text
    assert 'name="timeline-0-start_precision"' not in page.text


def test_a_career_date_changed_in_the_admin_takes_its_new_precision(client, editor):
    position = PositionFactory(start_date=datetime.date(2012, 1, 1), start_precision="year")
    url = reverse("admin:people_person_change", args=[position.person.pk])
    page = client.get(url)
    data = {
        "name": position.person.name,
        "slug": position.person.slug,
        "aliases": "",
        f"{PREFIX}-TOTAL_FORMS": 1,
        f"{PREFIX}-INITIAL_FORMS": 1,
        f"{PREFIX}-MIN_NUM_FORMS": 0,
        f"{PREFIX}-MAX_NUM_FORMS": 1000,
        f"{PREFIX}-0-id": position.pk,
        f"{PREFIX}-0-person": position.person.pk,
        f"{PREFIX}-0-kind": "position",
        f"{PREFIX}-0-title": position.title,
        f"{PREFIX}-0-organisation": position.organisation.pk,
        f"{PREFIX}-0-start": "March 2012",
        f"{PREFIX}-0-end": "",
    }
    assert page.status_code == 200

    response = client.post(url, data)

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.start_date, position.start_precision) == (datetime.date(2012, 3, 1), "month")
    assert position.end_date is None


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2015-13", "There is no month 13: months run from 1 to 12."),
        ("31 June 2015", "June 2015 has no day 31."),
        ("soon", "Write a date as “2015”, “June 2015” or “7 June 2015”."),
        ("99999", "A year is written with four digits, e.g. “2015”."),
    ],
)
def test_a_career_date_that_cannot_be_is_refused_on_its_box_and_nothing_is_saved(
    client, editor, typed, message
):
    response = add_person(client, {"start": "2001"}, {"start": "2005", "end": typed})

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[1] == {"end": [message]}
    assert message in response.text
    # What was typed stays in the box, to be corrected.
    assert f'value="{typed}"' in response.text
    assert not Person.objects.exists()
    assert not TimelineEntry.objects.exists()


def test_an_end_before_the_start_is_shown_on_the_end_box(client, editor):
    response = add_person(client, {"start": "June 2005", "end": "2001"})

    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    assert formset.errors[0] == {"end": ["The end (2001) is before the start (June 2005)."]}
    assert not Person.objects.exists()


class SaidOnForm(PartialDateFormMixin, forms.ModelForm):
    """The shape a form takes when its one box keeps the model date field's own name."""

    partial_dates = {"start_date": ("start_date", "start_precision")}
    start_date = PartialDateField(required=False)

    class Meta:
        model = TimelineEntry
        fields = ("person", "kind", "title", "start_date")


def test_the_partial_date_form_may_keep_the_model_date_field_name():
    person = PersonFactory()
    entry = PositionFactory(
        person=person, start_date=datetime.date(2019, 6, 7), start_precision=Precision.DAY
    )
    assert SaidOnForm(instance=entry)["start_date"].value() == "7 June 2019"

    form = SaidOnForm(
        {"person": person.pk, "kind": "position", "title": "Chief", "start_date": "Jun 2018"},
        instance=entry,
    )

    assert form.is_valid(), form.errors
    form.save()
    entry.refresh_from_db()
    assert entry.start == PartialDate(datetime.date(2018, 6, 1), Precision.MONTH)


def test_an_empty_partial_date_clears_the_stored_date():
    entry = PositionFactory(end_date=datetime.date(2019, 6, 7), end_precision=Precision.DAY)
    data = {"kind": "position", "title": entry.title, "start": "2000", "end": "  "}

    form = TimelineEntryForm(data, instance=entry)

    assert form.is_valid(), form.errors
    assert form.save().end_date is None
