"""The page cache's tests share the articles app's two stories and its stopped clock."""

import pytest

from articles.tests.clock import stopped_clock
from articles.tests.fixtures import person, story_a, story_b  # noqa: F401


@pytest.fixture
def clock(monkeypatch):
    """The newsroom's clock, stopped at the current second, for the test to move."""
    return stopped_clock(monkeypatch)
