import datetime
import re

import pytest

from people.dates import PartialDate, Precision, format_period


@pytest.mark.parametrize(
    ("precision", "printed", "iso"),
    [
        (Precision.YEAR, "2019", "2019"),
        (Precision.MONTH, "June 2019", "2019-06"),
        (Precision.DAY, "7 June 2019", "2019-06-07"),
    ],
)
def test_partial_date_prints_only_what_is_known(precision, printed, iso):
    known = PartialDate(datetime.date(2019, 6, 7), precision)
    assert str(known) == printed
    assert known.isoformat() == iso


def test_partial_dates_of_the_same_fact_are_equal_whatever_day_was_typed():
    assert PartialDate(datetime.date(1980, 8, 14), Precision.YEAR) == PartialDate(
        datetime.date(1980, 1, 1), Precision.YEAR
    )


@pytest.mark.parametrize(
    ("day", "precision", "first", "last"),
    [
        ((2012, 5, 5), Precision.YEAR, (2012, 1, 1), (2012, 12, 31)),
        ((2020, 2, 10), Precision.MONTH, (2020, 2, 1), (2020, 2, 29)),
        ((2019, 6, 7), Precision.DAY, (2019, 6, 7), (2019, 6, 7)),
    ],
)
def test_partial_date_spans_every_day_it_can_mean(day, precision, first, last):
    known = PartialDate(datetime.date(*day), precision)
    assert known.first_day == datetime.date(*first)
    assert known.last_day == datetime.date(*last)


def test_unknown_precision_is_refused():
    with pytest.raises(ValueError, match="Unknown date precision"):
        PartialDate(datetime.date(2019, 1, 1), "decade")


def year(number):
    return PartialDate(datetime.date(number, 1, 1), Precision.YEAR)


def test_periods_print_as_a_reader_expects():
    retirement = PartialDate(datetime.date(2019, 6, 7), Precision.DAY)
    assert format_period(year(2008), year(2009), ongoing=False) == "2008\N{EN DASH}2009"
    assert format_period(year(2012), None, ongoing=True) == "from 2012"
    assert format_period(year(1980), None, ongoing=False) == "1980"
    assert format_period(None, retirement, ongoing=False) == "until 7 June 2019"
    assert format_period(year(2014), year(2014), ongoing=False) == "2014"
    assert format_period(None, None, ongoing=True) == ""


@pytest.mark.parametrize(
    ("typed", "iso", "precision", "shown"),
    [
        ("2015", "2015", Precision.YEAR, "2015"),
        ("June 2015", "2015-06", Precision.MONTH, "June 2015"),
        ("Jun 2015", "2015-06", Precision.MONTH, "June 2015"),
        ("jun. 2015", "2015-06", Precision.MONTH, "June 2015"),
        ("Sept 2019", "2019-09", Precision.MONTH, "September 2019"),
        ("2015-06", "2015-06", Precision.MONTH, "June 2015"),
        ("7 June 2015", "2015-06-07", Precision.DAY, "7 June 2015"),
        ("7th of June, 2015", "2015-06-07", Precision.DAY, "7 June 2015"),
        ("June 7, 2015", "2015-06-07", Precision.DAY, "7 June 2015"),
        ("Jun 7 2015", "2015-06-07", Precision.DAY, "7 June 2015"),
        ("2015-06-07", "2015-06-07", Precision.DAY, "7 June 2015"),
        ("  29 FEBRUARY   2020 ", "2020-02-29", Precision.DAY, "29 February 2020"),
    ],
)
def test_a_date_typed_as_people_write_it_keeps_the_precision_typed(typed, iso, precision, shown):
    parsed = PartialDate.parse(typed)
    assert (parsed.isoformat(), parsed.precision, str(parsed)) == (iso, precision, shown)
    # What is shown back reads back as the same date.
    assert PartialDate.parse(shown) == parsed


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2015-13", "There is no month 13: months run from 1 to 12."),
        ("2015-00-10", "There is no month 0: months run from 1 to 12."),
        ("31 June 2015", "June 2015 has no day 31."),
        ("June 31, 2015", "June 2015 has no day 31."),
        ("29 Feb 2019", "February 2019 has no day 29."),
        ("2015-02-30", "February 2015 has no day 30."),
        ("0000", "There is no year 0."),
        ("soon", "Write a date as “2015”, “June 2015” or “7 June 2015”."),
        ("", "Write a date as “2015”, “June 2015” or “7 June 2015”."),
        ("07/06/2015", "Write a date as “2015”, “June 2015” or “7 June 2015”."),
        ("June", "Write a date as “2015”, “June 2015” or “7 June 2015”."),
        ("99999", "A year is written with four digits, e.g. “2015”."),
        ("15", "A year is written with four digits, e.g. “2015”."),
        ("Juno 2015", "“Juno” is not a month: write its English name, e.g. “June” or “Jun”."),
        ("juin 2015", "“Juin” is not a month: write its English name, e.g. “June” or “Jun”."),
    ],
)
def test_a_date_that_cannot_be_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError, match=re.escape(message)) as refused:
        PartialDate.parse(typed)
    assert str(refused.value) == message


@pytest.mark.parametrize("iso", ["1980", "2019-06", "2019-06-07"])
def test_isoformat_reads_back_as_the_same_partial_date(iso):
    assert PartialDate.fromisoformat(iso).isoformat() == iso


@pytest.mark.parametrize("written", ["June 2019", "2019-6", "19", "2019-06-07T10:00"])
def test_fromisoformat_takes_only_iso_8601(written):
    with pytest.raises(ValueError, match="ISO 8601"):
        PartialDate.fromisoformat(written)
