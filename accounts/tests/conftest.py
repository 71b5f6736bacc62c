"""Fixtures of the accounts tests."""

import pytest

from articles.tests.factories import newsroom_account


@pytest.fixture
def account_admin():
    """An Admin who is not a superuser: what the Admins group may do, and no more."""
    return newsroom_account("admin", "Admins", is_staff=True)
