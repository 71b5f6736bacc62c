"""
A clock a test can move: the newsroom's time, as every part of it reads it
(``django.utils.timezone.now()``), set and moved by hand. Nothing else moves:
the cache keeps its entries as long as it would have, so a page that changes
when the clock passes a story's time changes because the page cache saw the
time come, not because its entries ran out.

Use the ``clock`` fixture (``articles/tests/conftest.py``):
``clock.move_to(story.expires_at)``, ``clock.advance(seconds=1)``.
"""

import datetime

from django.utils import timezone


class Clock:
    """The time ``timezone.now()`` gives while the fixture is in use."""

    def __init__(self, now):
        self.time = now

    def now(self):
        return self.time

    def move_to(self, moment):
        self.time = moment

    def advance(self, **delta):
        self.time += datetime.timedelta(**delta)

    def after(self, **delta):
        """The time ``delta`` from now on this clock, without moving it."""
        return self.time + datetime.timedelta(**delta)


def stopped_clock(monkeypatch):
    """A clock stopped at the current second, set as the newsroom's until the test ends."""
    stopped = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", stopped.now)
    return stopped
