"""Fixtures of the people tests."""

import pytest
from django.contrib.auth.models import Group


@pytest.fixture
def editor(client, django_user_model):
    """An editor, signed in to the admin with the test's client."""
    user = django_user_model.objects.create_user("editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user
