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


def test_running_it_again_keeps_one_account_with_a_new_password(capsys, django_user_model):
    call_command("create_local_editor")
    call_command("create_local_editor")
    passwords = re.findall(r"password '(.+)'", capsys.readouterr().out)
    assert django_user_model.objects.filter(username="editor").count() == 1
    assert authenticate(username="editor", password=passwords[1]) is not None
    assert authenticate(username="editor", password=passwords[0]) is None
