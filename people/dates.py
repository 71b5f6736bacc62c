"""
Partial dates: a date known only to its year, its month or its day.

Copy says "in 1980", "the following year", "on June 7". Newsroom stores each
such date as a real date plus its precision, and never prints more than is
known: 1980, June 2019, 7 June 2019.
"""

import calendar
import datetime
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
