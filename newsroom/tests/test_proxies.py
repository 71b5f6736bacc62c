"""
Who the client is comes from one setting, TRUSTED_PROXIES: the API's
throttles and the sign-in lockout both take the client's address from it,
and with no proxy trusted a made-up X-Forwarded-For changes nothing.
"""

import json
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

pytestmark = pytest.mark.django_db

API_URL = "/api/v1/sections/"
PROXY = "10.0.0.1"
CLIENT = "203.0.113.5"
NEIGHBOUR = "203.0.113.6"


@pytest.fixture
def proxies(settings):
    """``proxies(n)``: run as if ``TRUSTED_PROXIES=n`` (DRF's NUM_PROXIES, which both read)."""

    def trust(count):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": count}

    return trust


@pytest.fixture
def three_a_minute(monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": None})


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def api_get(remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return APIClient().get(API_URL, **extra)


def sign_in(client, username, password, remote_addr, forwarded_for=None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client.post(
        reverse("admin:login"), {"username": username, "password": password}, **extra
    )


def test_no_proxy_is_trusted_unless_configured():
    assert django_settings.TRUSTED_PROXIES == 0
    assert django_settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


def test_a_made_up_forwarded_for_does_not_bypass_the_api_throttle(proxies, three_a_minute):
    proxies(0)
    statuses = [api_get(CLIENT, f"192.0.2.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api_get(CLIENT).status_code == 429
    assert api_get(NEIGHBOUR, CLIENT).status_code == 200


def test_behind_one_proxy_the_last_forwarded_address_is_the_client(proxies, three_a_minute):
    proxies(1)
    # What the client wrote itself comes first; the proxy appends who it saw.
    statuses = [api_get(PROXY, f"192.0.2.{n}, {CLIENT}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert api_get(PROXY, NEIGHBOUR).status_code == 200


def test_a_made_up_forwarded_for_does_not_escape_a_lockout(client, proxies, django_user_model):
    proxies(0)
    django_user_model.objects.create_user("rosa", password="right-password-42", is_staff=True)
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong", CLIENT, forwarded_for=f"192.0.2.{n}")
    assert sign_in(client, "rosa", "right-password-42", CLIENT, "192.0.2.99").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


def test_behind_one_proxy_the_lockout_holds_the_client_not_the_proxy(
    client, proxies, django_user_model
):
    proxies(1)
    django_user_model.objects.create_user("rosa", password="right-password-42", is_staff=True)
    for n in range(5):
        sign_in(client, f"guess-{n}", "wrong", PROXY, forwarded_for=f"192.0.2.{n}, {CLIENT}")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}
    locked = sign_in(client, "rosa", "right-password-42", PROXY, f"192.0.2.99, {CLIENT}")
    assert locked.status_code == 429
    # Everyone else comes through the same proxy, and is not held up.
    assert sign_in(client, "rosa", "right-password-42", PROXY, NEIGHBOUR).status_code == 302


def test_a_forwarded_value_that_is_no_address_falls_back_to_the_connection(
    client, proxies, django_user_model
):
    # Only a proxy count higher than the proxies really there lets this through.
    proxies(1)
    response = sign_in(client, "nobody", "wrong", PROXY, forwarded_for="<script>")
    assert response.status_code == 200
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {PROXY}


PRINT_SETTINGS = (
    "import json; from newsroom import settings as s; "
    "print(json.dumps({'trusted': s.TRUSTED_PROXIES, 'num': s.REST_FRAMEWORK['NUM_PROXIES'], "
    "'limit': s.AXES_FAILURE_LIMIT, 'cool_off': s.AXES_COOLOFF_TIME.total_seconds()}))"
)


def load_settings(**environ):
    """The settings module in a fresh interpreter with only ``environ`` set."""
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=django_settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **environ},
        capture_output=True,
        text=True,
        check=False,
    )


def test_proxies_and_the_lockout_come_from_the_environment():
    loaded = load_settings()
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == {"trusted": 0, "num": 0, "limit": 5, "cool_off": 900}

    loaded = load_settings(
        TRUSTED_PROXIES="2", LOGIN_FAILURE_LIMIT="10", LOGIN_COOLOFF_MINUTES="30"
    )
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == {"trusted": 2, "num": 2, "limit": 10, "cool_off": 1800}


def test_a_negative_number_of_proxies_is_refused():
    loaded = load_settings(TRUSTED_PROXIES="-1")
    assert loaded.returncode != 0
    assert "TRUSTED_PROXIES" in loaded.stderr
