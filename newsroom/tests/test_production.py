"""
Production settings (DEBUG=false) as the README documents them: Django's
deployment checks pass without a warning, HTTPS is enforced and configurable
for a TLS-terminating proxy, and the site's address comes from SITE_URL,
never from a request's Host header.
"""

import json
import os
import re
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

from articles.tests.factories import LiveArticleFactory


def production(**overrides):
    """The environment the README documents for production, with ``overrides``."""
    return {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "news.example.com",
        "DATABASE_URL": "postgres://newsroom@db.internal:5432/newsroom",
        "CACHE_URL": "redis://127.0.0.1:6379/1",
        "SITE_URL": "https://news.example.com",
        "SITE_NAME": "The Northern Echo",
        **overrides,
    }


def run(*args, **environ):
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        check=False,
    )


def check_deploy(**environ):
    return run("manage.py", "check", "--deploy", "--fail-level", "WARNING", **environ)


PRINT_SECURITY = (
    "import json; from newsroom import settings as s; print(json.dumps({"
    "'hsts': s.SECURE_HSTS_SECONDS, 'subdomains': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
    "'preload': s.SECURE_HSTS_PRELOAD, 'redirect': s.SECURE_SSL_REDIRECT, "
    "'proxy_header': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
    "'secure_cookies': [getattr(s, 'SESSION_COOKIE_SECURE', False), "
    "getattr(s, 'CSRF_COOKIE_SECURE', False)]}))"
)


def security(**environ):
    loaded = run("-c", PRINT_SECURITY, **environ)
    assert loaded.returncode == 0, loaded.stderr
    return json.loads(loaded.stdout)


def test_the_deployment_checks_pass_without_a_warning_in_production():
    checked = check_deploy(**production())
    assert checked.returncode == 0, checked.stderr
    assert re.search(r"System check identified no issues", checked.stdout), checked.stdout
    assert "WARNING" not in checked.stderr + checked.stdout


def test_the_deployment_checks_pass_behind_a_proxy_that_redirects_to_https_itself():
    checked = check_deploy(**production(SECURE_SSL_REDIRECT="false", TRUSTED_PROXIES="1"))
    assert checked.returncode == 0, checked.stderr


def test_production_enforces_https_with_hsts_and_secure_cookies():
    values = security(**production())
    assert values["hsts"] >= 365 * 24 * 3600
    assert values["subdomains"] is True
    assert values["preload"] is False  # a promise to browsers, made only on purpose
    assert values["redirect"] is True
    assert values["secure_cookies"] == [True, True]
    # With no proxy declared, a client's own X-Forwarded-Proto is not believed.
    assert values["proxy_header"] is None


def test_hsts_and_the_redirect_are_configured_from_the_environment():
    values = security(
        **production(
            SECURE_HSTS_SECONDS="600",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
            SECURE_HSTS_PRELOAD="true",
            SECURE_SSL_REDIRECT="false",
            TRUSTED_PROXIES="1",
        )
    )
    assert values["hsts"] == 600
    assert values["subdomains"] is False
    assert values["preload"] is True
    assert values["redirect"] is False
    assert values["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_a_laptop_needs_no_https():
    values = security(PATH=os.environ["PATH"])
    assert values["hsts"] == 0
    assert values["redirect"] is False


@pytest.mark.parametrize("site_url", [None, "", "news.example.com", "/"])
def test_production_refuses_to_start_without_the_sites_address(site_url):
    environ = production()
    if site_url is None:
        del environ["SITE_URL"]
    else:
        environ["SITE_URL"] = site_url
    checked = run("manage.py", "check", **environ)
    assert checked.returncode != 0
    assert "SITE_URL must be set" in checked.stderr


@pytest.mark.django_db
def test_canonical_links_use_the_sites_address_whatever_the_host_header_says(client, settings):
    settings.SITE_URL = "https://news.example.com"
    story = LiveArticleFactory()
    for path in [
        "/",
        story.get_absolute_url(),
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/feeds/latest/",
    ]:
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, path
        assert b"localhost" not in response.content, path
    page = client.get(story.get_absolute_url(), HTTP_HOST="localhost").content.decode()
    canonical = f'<link rel="canonical" href="https://news.example.com{story.get_absolute_url()}">'
    assert canonical in page
