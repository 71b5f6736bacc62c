"""
Failed sign-ins, in the admin and with API tokens, lock the account and the
client out for a while; the lockout is logged, and an Admin can lift it.
"""

import datetime
import logging

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.contrib.admin.models import DELETION, LogEntry
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-17"
ATTACKER = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
API_URL = "/api/v1/sections/"


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Hash passwords cheaply: these tests check dozens of them, and time is not what they test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def rosa(django_user_model):
    return django_user_model.objects.create_user("rosa", password=PASSWORD, is_staff=True)


def sign_in(client, username, password, address=ATTACKER):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def signed_in(client):
    return "_auth_user_id" in client.session


def lock_out(client, username="rosa", address=ATTACKER):
    for n in range(5):
        sign_in(client, username, f"wrong-guess-{n}", address)


def test_forty_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client, rosa):
    statuses = [sign_in(client, "rosa", f"wrong-guess-{n}").status_code for n in range(40)]

    # Four wrong answers get the form back; the fifth locks the account out.
    assert statuses == [200] * 4 + [429] * 36
    refused = sign_in(client, "rosa", PASSWORD)
    assert refused.status_code == 429
    assert not signed_in(client)
    assert refused["Retry-After"] == str(15 * 60)
    page = refused.content.decode()
    assert "Signing in is locked" in page
    assert "for 15 minutes" in page


def test_a_locked_account_is_locked_from_every_address(client, rosa):
    lock_out(client)
    assert sign_in(client, "rosa", PASSWORD, address=ELSEWHERE).status_code == 429
    assert not signed_in(client)


def test_a_client_guessing_many_accounts_is_locked_out_of_all_of_them(client, rosa):
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong")
    assert sign_in(client, "rosa", PASSWORD).status_code == 429
    assert not signed_in(client)
    # Rosa, signing in from her own desk, is not held up by someone else's guessing.
    response = sign_in(client, "rosa", PASSWORD, address=ELSEWHERE)
    assert response.status_code == 302
    assert signed_in(client)


def test_fewer_failures_than_the_limit_lock_no_one_out(client, rosa):
    for n in range(4):
        sign_in(client, "rosa", f"wrong-guess-{n}")
    assert sign_in(client, "rosa", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lockout_ends_when_the_cool_off_has_passed(client, rosa):
    lock_out(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert sign_in(client, "rosa", PASSWORD).status_code == 302
    assert signed_in(client)


def test_a_lockout_is_logged_with_the_account_and_the_address(client, rosa, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.lockout"):
        lock_out(client)
    records = [record for record in caplog.records if record.name == "accounts.lockout"]
    assert len(records) == 1
    message = records[0].getMessage()
    assert "Locked out" in message
    assert "rosa" in message
    assert ATTACKER in message
    # And kept, for Admins to see, with whether it locked the account out.
    assert AccessFailureLog.objects.filter(username="rosa", locked_out=True).count() == 1


def test_an_admin_lifts_the_lockout_and_the_account_signs_in_again(client, rosa, account_admin):
    lock_out(client)
    assert not account_admin.is_superuser
    admin_client = type(client)()
    admin_client.force_login(account_admin)

    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    assert attempts.status_code == 200
    assert "rosa" in attempts.content.decode()
    assert "Locked Out" in attempts.content.decode()
    attempt = AccessAttempt.objects.get(username="rosa")
    selected = {"action": "delete_selected", "_selected_action": [attempt.pk]}
    confirm = admin_client.post(reverse("admin:axes_accessattempt_changelist"), selected)
    assert confirm.status_code == 200
    lifted = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"), {**selected, "post": "yes"}
    )

    assert lifted.status_code == 302
    assert not AccessAttempt.objects.exists()
    # Who lifted it is in the admin's history.
    assert LogEntry.objects.filter(user=account_admin, action_flag=DELETION).exists()
    assert sign_in(client, "rosa", PASSWORD).status_code == 302
    assert signed_in(client)


def test_an_admin_sees_the_failures_but_cannot_erase_them(client, rosa, account_admin):
    lock_out(client)
    client.force_login(account_admin)
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert failures.status_code == 200
    assert "rosa" in failures.content.decode()
    assert "delete_selected" not in failures.content.decode()
    failure = AccessFailureLog.objects.first()
    assert (
        client.get(reverse("admin:axes_accessfailurelog_delete", args=[failure.pk])).status_code
        == 403
    )


def test_a_reporter_cannot_see_or_lift_lockouts(client, rosa, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporters"))
    lock_out(client)
    client.force_login(reporter)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403


def test_a_sign_in_check_without_a_request_is_not_counted(rosa):
    # The shell's and management commands' checks come from no client.
    from django.contrib.auth import authenticate

    assert authenticate(username="rosa", password=PASSWORD) == rosa
    assert authenticate(username="rosa", password="wrong") is None
    assert not AccessAttempt.objects.exists()


# API tokens ----------------------------------------------------------------------------


@pytest.fixture
def token(rosa):
    return Token.objects.create(user=rosa).key


def api_get(token_key=None, address=ATTACKER):
    client = APIClient()
    if token_key is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_key}")
    return client.get(API_URL, REMOTE_ADDR=address)


def test_wrong_tokens_lock_the_client_out_of_the_api(token):
    statuses = [api_get(f"wrong-token-{n}").status_code for n in range(5)]
    assert statuses == [401] * 4 + [429]

    refused = api_get(token)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused["Retry-After"] == str(15 * 60)
    assert "Too many failed sign-ins" in refused.json()["detail"]
    # Another client with the same token is not held up.
    assert api_get(token, address=ELSEWHERE).status_code == 200


def test_the_right_token_works_below_the_limit(token):
    for n in range(4):
        assert api_get(f"wrong-token-{n}").status_code == 401
    assert api_get(token).status_code == 200


def test_a_client_that_never_failed_is_not_looked_up(token):
    # The API's query budgets hold for clients with a token.
    with CaptureQueriesContext(connection) as queries:
        assert api_get(token).status_code == 200
    assert not [query for query in queries if "axes_" in query["sql"]]
    api_get("wrong-token")
    with CaptureQueriesContext(connection) as queries:
        assert api_get(token).status_code == 200
    assert [query for query in queries if "axes_accessattempt" in query["sql"]]


def test_a_malformed_token_header_counts_as_a_failure(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token two words")
    for _ in range(5):
        client.get(API_URL, REMOTE_ADDR=ATTACKER)
    assert api_get(token).status_code == 429


def test_wrong_passwords_in_the_admin_lock_the_client_out_of_the_api_too(client, rosa, token):
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong")
    assert api_get(token).status_code == 429


def test_a_locked_out_client_still_reads_the_api_without_a_token(token):
    for n in range(5):
        api_get(f"wrong-token-{n}")
    assert api_get().status_code == 200


def test_a_token_lockout_is_logged_and_an_admin_lifts_it(token, account_admin, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.lockout"):
        for n in range(5):
            api_get(f"wrong-token-{n}")
    [record] = [record for record in caplog.records if record.name == "accounts.lockout"]
    assert "API token" in record.getMessage()
    assert ATTACKER in record.getMessage()

    admin_client = APIClient()
    admin_client.force_login(account_admin)
    attempt = AccessAttempt.objects.get(ip_address=ATTACKER)
    assert attempt.username is None
    admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
        format="multipart",
    )
    assert api_get(token).status_code == 200
