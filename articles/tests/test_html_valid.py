"""
Every kind of public page is valid HTML, as the Nu HTML Checker (W3C's
validator, ``vnu.jar`` from the ``vnu-jar`` npm package) reads it: the pages
are rendered with the retirement story loaded, written to a folder, and
checked in one run of the checker (its JVM is slow to start).

Skipped, saying why, where Java or the checker is missing (``npm ci`` installs
the checker; Debian's ``default-jre-headless`` brings Java).
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
)

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker starts in a few seconds; this bounds a run that hangs.
VNU_TIMEOUT = 300


@pytest.fixture(scope="module")
def java():
    found = shutil.which("java")
    if found is None:
        pytest.skip("HTML validation skipped: no Java (apt-get install default-jre-headless)")
    if not VNU.exists():
        pytest.skip(f"HTML validation skipped: {VNU} is missing (npm ci)")
    return found


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content


def gone_page(client):
    """An expired story's address, where its "gone" page stands, if that is in place."""
    expired = LiveArticleFactory(
        published_at=timezone.now() - datetime.timedelta(days=2),
        expires_at=timezone.now() - datetime.timedelta(days=1),
    )
    response = client.get(expired.get_absolute_url())
    return {"gone": response.content} if response.status_code == 410 else {}


def preview_pages(client, editor):
    """
    A draft's preview, as its editor and as a share link's holder open it:
    only where the preview routes are in place.
    """
    try:
        reverse("articles:preview", kwargs={"pk": 1})
    except NoReverseMatch:
        return {}
    draft = ArticleFactory(headline="A draft to preview")
    ParagraphFactory(article=draft, text="Words not yet published.")
    pages = {}
    client.force_login(editor)
    pages["preview"] = page(client, reverse("articles:preview", kwargs={"pk": draft.pk}))
    client.logout()
    _, token = ShareLink.objects.make(draft, by=editor)
    pages["shared-preview"] = page(
        client, reverse("articles:shared-preview", kwargs={"token": token})
    )
    return pages


@pytest.fixture
def pages(client, story, editor):
    """Every kind of public page, by name, as HTML."""
    CorrectionFactory(article=story, text="An earlier version misspelt Mr Hogg's name.")
    pages = {
        "front": page(client, "/"),
        "story": page(client, story.get_absolute_url()),
        "people": page(client, "/people/"),
        "profile": page(client, "/people/mike-barton/"),
        "profile-stories": page(client, "/people/mike-barton/stories/"),
        "profile-quotes": page(client, "/people/mike-barton/quotes/"),
        "profile-pictures": page(client, "/people/mike-barton/pictures/"),
        "profile-no-pictures": page(client, "/people/ron-hogg/pictures/"),
        "section": page(client, story.section.get_absolute_url()),
        "tag": page(client, story.tags.first().get_absolute_url()),
        "search": page(client, "/search/?q=heroin"),
        "search-no-query": page(client, "/search/"),
        "search-no-results": page(client, "/search/?q=zzzzzz"),
        "corrections": page(client, "/corrections/"),
        "not-found": page(client, "/articles/no-such-story/", status=404),
        "server-error": render_to_string("500.html").encode(),
    }
    assert Article.objects.live().count() == 1
    return pages | gone_page(client) | preview_pages(client, editor)


def test_every_public_page_is_valid_html(java, pages, tmp_path):
    files = []
    for name, html in pages.items():
        files.append(tmp_path / f"{name}.html")
        files[-1].write_bytes(html)
    run = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=VNU_TIMEOUT,
    )
    # The checker reports on standard error, and exits 1 when it found errors.
    report = json.loads(run.stderr)
    errors = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine')}: "
        f"{message['message']} [{message.get('extract', '').strip()}]"
        for message in report["messages"]
    ]
    assert errors == []
    assert run.returncode == 0
