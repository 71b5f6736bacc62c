import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_make_run_prints_the_credentials_of_a_working_editor_account(capsys):
    call_command("create_local_editor")
    printed = capsys.readouterr().out
    username, password = re.search(r"username '(.+)', password '(.+)'", printed).groups()
    user = authenticate(username=username, password=password)
    assert user is not None
    assert user.is_staff
    assert user.has_perm("articles.publish_article")
    assert user.has_perm("auth.add_user")
    assert not user.is_superuser


def test_make_run_says_how_to_add_a_reporter(capsys):
    call_command("create_local_editor")
    assert "To add a reporter" in capsys.readouterr().out


def test_running_it_again_keeps_the_account_and_its_password(capsys, django_user_model):
    call_command("create_local_editor")
    password = re.search(r"password '(.+)'", capsys.readouterr().out).group(1)
    call_command("create_local_editor")
    again = capsys.readouterr().out
    assert django_user_model.objects.filter(username="editor").count() == 1
    assert authenticate(username="editor", password=password) is not None
    assert password not in again
    assert "password unchanged" in again


def test_running_it_again_leaves_an_editor_who_was_removed_from_a_group_as_they_are(
    django_user_model,
):
    call_command("create_local_editor")
    editor = django_user_model.objects.get(username="editor")
    editor.groups.clear()
    call_command("create_local_editor")
    assert not editor.groups.exists()
