import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from people.dates import Precision
from people.models import TimelineEntry
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def day(*parts):
    return datetime.date(*parts)


@pytest.fixture
def barton():
    """Mike Barton's police career as the retirement story states it."""
    person = PersonFactory(name="Mike Barton", slug="mike-barton")
    lancashire = OrganisationFactory(name="Lancashire Constabulary", slug="lancashire")
    durham = OrganisationFactory(name="Durham Constabulary", slug="durham")
    npcc = OrganisationFactory(name="National Police Chiefs' Council", slug="npcc")
    PositionFactory(
        person=person,
        title="Police Constable",
        organisation=lancashire,
        start_date=day(1980, 1, 1),
        ended_undated=True,
    )
    PositionFactory(
        person=person,
        title="Assistant Chief Constable",
        organisation=durham,
        start_date=day(2008, 1, 1),
        end_date=day(2009, 1, 1),
    )
    PositionFactory(
        person=person,
        title="Deputy Chief Constable",
        organisation=durham,
        start_date=day(2009, 1, 1),
        end_date=day(2012, 1, 1),
    )
    PositionFactory(
        person=person,
        title="Chief Constable",
        organisation=durham,
        start_date=day(2012, 1, 1),
        end_date=day(2019, 6, 7),
        end_precision=Precision.DAY,
    )
    PositionFactory(
        person=person,
        title="Crime Operations lead",
        organisation=npcc,
        start_date=None,
        ended_undated=True,
    )
    TimelineEntry.objects.create(
        person=person,
        kind=TimelineEntry.Kind.HONOUR,
        title="Queen's Police Medal",
        start_date=day(2014, 1, 1),
        honours_list="Queen's Birthday Honours",
    )
    return person


@pytest.mark.parametrize(
    ("on", "title"),
    [
        (day(1979, 12, 31), ""),
        (day(1980, 1, 1), "Police Constable"),
        (day(1980, 11, 5), "Police Constable"),
        # His ranks between 1980 and 2008 are not in the story: no guess.
        (day(1995, 3, 1), ""),
        (day(2008, 4, 1), "Assistant Chief Constable"),
        # Both 2009 posts can mean mid-2009; the newer one wins.
        (day(2009, 7, 1), "Deputy Chief Constable"),
        (day(2011, 2, 1), "Deputy Chief Constable"),
        (day(2012, 6, 1), "Chief Constable"),
        (day(2014, 6, 14), "Chief Constable"),
        (day(2019, 6, 7), "Chief Constable"),
        (day(2019, 6, 8), ""),
        (day(2026, 1, 1), ""),
    ],
)
def test_title_on_a_date_follows_mike_bartons_career(barton, on, title):
    assert barton.title_on(on) == title


def test_position_on_a_date_names_the_organisation(barton):
    assert str(barton.position_on(day(2015, 1, 1))) == "Chief Constable, Durham Constabulary"


def test_title_on_asks_the_prefetched_timeline_without_more_queries(
    barton, django_assert_num_queries
):
    person = type(barton).objects.prefetch_related("timeline").get(pk=barton.pk)
    with django_assert_num_queries(0):
        for year in range(1975, 2027):
            person.title_on(day(year, 6, 1))


def test_an_ongoing_position_is_held_from_its_start_onwards():
    position = PositionFactory(start_date=day(2012, 1, 1))
    assert position.person.title_on(day(2030, 1, 1)) == "Police Constable"
    assert position.is_ongoing
    assert position.is_current
    assert position.period == "from 2012"


def test_an_announced_retirement_is_an_end_in_the_future():
    next_month = timezone.localdate() + datetime.timedelta(days=31)
    position = PositionFactory(end_date=next_month, end_precision=Precision.DAY)
    assert not position.is_ongoing
    assert position.is_current


def test_a_past_end_is_not_current(barton):
    chief = barton.timeline.get(title="Chief Constable")
    assert not chief.is_current
    assert chief.period == "2012\N{EN DASH}7 June 2019"


def test_timeline_is_in_date_order_with_undated_entries_last(barton):
    assert [entry.title for entry in barton.timeline.all()] == [
        "Police Constable",
        "Assistant Chief Constable",
        "Deputy Chief Constable",
        "Chief Constable",
        "Queen's Police Medal",
        "Crime Operations lead",
    ]


def test_a_position_that_ends_before_it_starts_is_refused_with_a_clear_message():
    entry = PositionFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        start_date=day(2012, 1, 1),
        end_date=day(2009, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert refused.value.message_dict["end_date"] == ["The end (2009) is before the start (2012)."]


def test_ends_and_starts_are_compared_to_their_precision():
    # "June 2019" can mean 7 June 2019, so it does not contradict it.
    entry = PositionFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        start_date=day(2019, 6, 7),
        start_precision=Precision.DAY,
        end_date=day(2019, 6, 1),
        end_precision=Precision.MONTH,
    )
    entry.full_clean()


def test_dates_are_stored_only_to_their_precision():
    entry = PositionFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        start_date=day(1980, 8, 14),
        start_precision=Precision.YEAR,
    )
    entry.full_clean()
    assert entry.start_date == day(1980, 1, 1)


def test_an_entry_cannot_have_an_end_date_and_be_ended_on_an_unknown_date():
    entry = PositionFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        end_date=day(2009, 1, 1),
        ended_undated=True,
    )
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert "ended_undated" in refused.value.message_dict


def test_an_honour_has_no_end_date():
    honour = TimelineEntry(
        person=PersonFactory(),
        kind=TimelineEntry.Kind.HONOUR,
        title="Queen's Police Medal",
        start_date=day(2014, 1, 1),
        end_date=day(2015, 1, 1),
    )
    with pytest.raises(ValidationError) as refused:
        honour.full_clean()
    assert refused.value.message_dict["end_date"] == [
        "An honour is awarded on a date; it has no end date."
    ]


def test_only_an_honour_belongs_to_an_honours_list():
    entry = PositionFactory.build(
        person=PersonFactory(),
        organisation=OrganisationFactory(),
        honours_list="Queen's Birthday Honours",
    )
    with pytest.raises(ValidationError) as refused:
        entry.full_clean()
    assert refused.value.message_dict["honours_list"] == [
        "Only an honour can belong to an honours list."
    ]
