"""
A complete site from the app server: started as the README says (gunicorn
newsroom.wsgi, DEBUG=false, after collectstatic), it serves its own static
files under hashed names, compressed and cached for a year, and compresses
readers' pages and API answers; editors' pages, which carry a CSRF token or
what only they may see, are never compressed (BREACH).
"""

import gzip
import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time

import brotli
import pytest
from django.conf import settings

from articles.tests.factories import LiveArticleFactory, newsroom_account

STORY = "/articles/durham-chief-constable-mike-barton-to-retire/"
YEAR = 365 * 24 * 3600


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """
    Newsroom in production mode under gunicorn on a free port, on its own
    SQLite database with the story loaded: the address to fetch from.
    """
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    environ = {
        "PATH": os.environ["PATH"],
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": "https://news.example.com",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on the loopback: no TLS in front of this test server.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
    }

    def manage(*args):
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=environ,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    manage("migrate", "--noinput")
    manage("load_story")
    manage("collectstatic", "--noinput")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=environ,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield ("127.0.0.1", port)
    finally:
        server.terminate()
        server.wait(timeout=10)


def fetch(site, path, **headers):
    """GET ``path``: the response (headers as sent) and its body, not decompressed."""
    connection = http.client.HTTPConnection(*site, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


def vary(response):
    return {value.strip().lower() for value in response.getheader("Vary", "").split(",")}


def cache_directives(response):
    return {part.strip() for part in response.getheader("Cache-Control", "").split(",")}


def cache_for(response):
    """The max-age a response's Cache-Control gives, in seconds."""
    [max_age] = [d for d in cache_directives(response) if d.startswith("max-age=")]
    return int(max_age.removeprefix("max-age="))


def stylesheets(html):
    return re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)


def test_the_site_stylesheet_is_served_hashed_compressed_and_immutable(site):
    response, body = fetch(site, "/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    [stylesheet] = stylesheets(gzip.decompress(body).decode())
    assert re.fullmatch(r"/static/newsroom/site\.[0-9a-f]{12}\.css", stylesheet), stylesheet

    plain, css = fetch(site, stylesheet)
    assert plain.status == 200
    assert plain.getheader("Content-Type").startswith("text/css")
    assert b"{" in css
    for accepted, encoding, decompress in [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
    ]:
        response, body = fetch(site, stylesheet, **{"Accept-Encoding": accepted})
        assert response.status == 200
        assert response.getheader("Content-Encoding") == encoding
        assert "accept-encoding" in vary(response)
        assert decompress(body) == css
        assert cache_for(response) >= YEAR
        assert {"public", "immutable"} <= cache_directives(response)


def test_the_admins_stylesheets_and_the_api_docs_scripts_are_served_hashed(site):
    login, body = fetch(site, "/admin/login/")
    assert login.status == 200
    admin_css = [href for href in stylesheets(body.decode()) if "/admin/css/" in href]
    assert admin_css
    docs, body = fetch(site, "/api/docs/")
    assert docs.status == 200
    scripts = re.findall(r'<script src="(/static/[^"]+)"', body.decode())
    assert any("swagger-ui-bundle." in src for src in scripts), scripts
    for path in [*admin_css, *scripts]:
        assert re.search(r"\.[0-9a-f]{12}\.(css|js)$", path), path
        response, _ = fetch(site, path, **{"Accept-Encoding": "br"})
        assert response.status == 200, path
        assert response.getheader("Content-Encoding") == "br", path
        assert "immutable" in cache_directives(response), path
        assert cache_for(response) >= YEAR, path


@pytest.mark.parametrize("path", ["/", STORY, "/people/"])
def test_readers_pages_are_compressed_and_vary_on_accept_encoding(site, path):
    plain, html = fetch(site, path)
    assert plain.status == 200
    assert plain.getheader("Content-Encoding") is None
    assert "accept-encoding" in vary(plain)

    compressed, body = fetch(site, path, **{"Accept-Encoding": "gzip, deflate, br"})
    assert compressed.status == 200
    assert compressed.getheader("Content-Encoding") == "gzip"
    assert "accept-encoding" in vary(compressed)
    assert len(body) < len(html) / 2
    assert gzip.decompress(body) == html


def test_a_compressed_page_has_a_weak_etag_that_still_answers_304(site):
    compressed, _ = fetch(site, STORY, **{"Accept-Encoding": "gzip"})
    etag = compressed.getheader("ETag")
    assert etag.startswith('W/"')
    # The strong ETag stays with the uncompressed page alone.
    assert fetch(site, STORY)[0].getheader("ETag") == etag.removeprefix("W/")

    not_modified, body = fetch(site, STORY, **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert not_modified.status == 304
    assert body == b""
    assert not_modified.getheader("ETag") == etag
    assert "accept-encoding" in vary(not_modified)


@pytest.mark.parametrize("path", ["/api/v1/articles/", f"/api/v1{STORY}"])
def test_api_answers_are_compressed(site, path):
    response, body = fetch(site, path, **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") == "gzip"
    assert "accept-encoding" in vary(response)
    assert json.loads(gzip.decompress(body))


def test_the_sign_in_page_with_its_csrf_token_is_never_compressed(site):
    response, body = fetch(site, "/admin/login/", **{"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.getheader("Content-Encoding") is None
    assert b"csrfmiddlewaretoken" in body


@pytest.mark.django_db
def test_pages_for_a_signed_in_editor_are_never_compressed(client):
    story = LiveArticleFactory()
    assert client.get("/", HTTP_ACCEPT_ENCODING="gzip").get("Content-Encoding") == "gzip"
    client.force_login(newsroom_account("desk", group="Editors", is_staff=True))
    for path in ["/", story.get_absolute_url(), "/admin/"]:
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response.status_code == 200, path
        assert response.get("Content-Encoding") is None, path
