import datetime

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
