"""
Partial dates: a date known only to its year, its month or its day.

Copy says "in 1980", "the following year", "on June 7". Newsroom stores each
such date as a real date plus its precision, and never prints more than is
known: 1980, June 2019, 7 June 2019.
"""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.db import models
from django.utils.dateformat import format as format_date


class Precision(models.TextChoices):
    YEAR = "year", "Year"
    MONTH = "month", "Month"
    DAY = "day", "Day"


# British newsroom style: "7 June 2019", "June 2019", "2019".
DISPLAY_FORMATS = {
    Precision.YEAR: "Y",
    Precision.MONTH: "F Y",
    Precision.DAY: "j F Y",
}


@dataclass(frozen=True)
class PartialDate:
    """A date and how much of it is known."""

    date: datetime.date
    precision: str = Precision.DAY

    def __post_init__(self):
        if self.precision not in Precision.values:
            raise ValueError(f"Unknown date precision: {self.precision!r}")
        # Keep only the known part, so equal facts compare equal.
        object.__setattr__(self, "date", truncate(self.date, self.precision))

    def __str__(self):
        return format_date(self.date, DISPLAY_FORMATS[self.precision])

    @property
    def first_day(self):
        """The earliest day this partial date can mean."""
        return self.date

    @property
    def last_day(self):
        """The latest day this partial date can mean."""
        if self.precision == Precision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            days = calendar.monthrange(self.date.year, self.date.month)[1]
            return self.date.replace(day=days)
        return self.date

    def isoformat(self):
        """The known part in ISO 8601: 1980, 2019-06, 2019-06-07."""
        return {
            Precision.YEAR: f"{self.date:%Y}",
            Precision.MONTH: f"{self.date:%Y-%m}",
            Precision.DAY: self.date.isoformat(),
        }[self.precision]

    @classmethod
    def fromisoformat(cls, text):
        """
        The partial date that ``isoformat()`` wrote: "1980", "2019-06" or
        "2019-06-07", its precision told by how much is written. Raises
        ValueError, with a message an editor can act on, for anything else.
        """
        match = ISO_DATE.fullmatch(text.strip())
        if not match:
            raise ValueError("Write the date in ISO 8601: “2019”, “2019-06” or “2019-06-07”.")
        return known(*match.groups())

    @classmethod
    def parse(cls, text):
        """
        The partial date in what an editor typed, as people write dates:
        "2015", "June 2015", "Jun 2015", "2015-06", "7 June 2015",
        "June 7, 2015" or "2015-06-07". What was typed decides the precision,
        and ``str()`` gives it back in house style. English month names and
        their three-letter abbreviations; the day before or after the month.
        Raises ValueError, with a message an editor can act on, for anything
        else ("2015-13", "31 June 2015", "soon").
        """
        # "June 7, 2015", "Jun. 2015": commas and full stops carry nothing.
        words = " ".join(text.replace(",", " ").replace(".", " ").split()).lower()
        if ISO_DATE.fullmatch(words):
            return cls.fromisoformat(words)
        for pattern in WRITTEN_DATES:
            match = pattern.fullmatch(words)
            if match:
                parts = match.groupdict()
                return known(parts["year"], month_number(parts["month"]), parts.get("day"))
        if words.isdigit():
            raise ValueError("A year is written with four digits, e.g. “2015”.")
        raise ValueError(f"{ASK_FOR_A_DATE}.")


ASK_FOR_A_DATE = "Write a date as “2015”, “June 2015” or “7 June 2015”"
ISO_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<month>[a-z]+)"
_YEAR = r"(?P<year>\d{4})"
# Lowercased, with commas and full stops already dropped.
WRITTEN_DATES = [
    re.compile(rf"{_MONTH} {_YEAR}"),
    re.compile(rf"{_DAY} (?:of )?{_MONTH} {_YEAR}"),
    re.compile(rf"{_MONTH} {_DAY} {_YEAR}"),
]
MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
MONTHS = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **{name[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)},
    "sept": 9,
}


def month_number(word):
    """The number of the English month named or abbreviated ``word``."""
    try:
        return MONTHS[word]
    except KeyError:
        raise ValueError(
            f"“{word.capitalize()}” is not a month: write its English name, e.g. “June” or “Jun”."
        ) from None


def known(year, month=None, day=None):
    """
    The PartialDate of these parts (numbers or digit strings), as precise as
    the parts given; a ValueError naming the part that cannot be.
    """
    year, month, day = (int(part) if part is not None else None for part in (year, month, day))
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"There is no year {year}.")
    if month is None:
        return PartialDate(datetime.date(year, 1, 1), Precision.YEAR)
    if not 1 <= month <= 12:
        raise ValueError(f"There is no month {month}: months run from 1 to 12.")
    if day is None:
        return PartialDate(datetime.date(year, month, 1), Precision.MONTH)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        month_name = MONTH_NAMES[month - 1].capitalize()
        raise ValueError(f"{month_name} {year} has no day {day}.")
    return PartialDate(datetime.date(year, month, day), Precision.DAY)


def truncate(date, precision):
    """Drop the parts of ``date`` finer than ``precision``."""
    if precision == Precision.YEAR:
        return date.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return date.replace(day=1)
    return date


def format_period(start, end, *, ongoing):
    """
    Print a period as a reader expects it: "2008–2009", "from 2012",
    "until 7 June 2019", or a single "1980" when only the start is known.
    ``start`` and ``end`` are PartialDates or None; ``ongoing`` says that an
    open end means the period has not ended yet.
    """
    if start and end:
        if str(start) == str(end):
            return str(start)
        return f"{start}\N{EN DASH}{end}"
    if start:
        return f"from {start}" if ongoing else str(start)
    if end:
        return f"until {end}"
    return ""
