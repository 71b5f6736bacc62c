"""
Real-browser fixtures: Debian's Chromium driven by Playwright, against
pytest-django's live server. Nothing is downloaded: the browser is the
system's, axe-core comes from the project's npm packages.

When Chromium or axe-core is missing the browser tests are skipped, and the
skip says so (``make test`` prints skip reasons).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"

# Without these, Chromium tries to reach Google's services from a machine
# that has no network beyond the live server.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Browser tests skipped: no Chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the tests'
    # own database calls are still synchronous, so Django may allow them.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.skip(f"Accessibility checks skipped: {AXE} is missing (npm ci)")
    return AXE.read_text()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def editor_page(browser, live_server, django_user_model):
    """A browser page signed in to the admin as an editor, with a section to file in."""
    # Imported here: the helpers live with the tests that first needed them.
    from articles.tests.browser.test_concurrent_editing import logged_in_page, staff_editor
    from articles.tests.factories import SectionFactory

    SectionFactory(name="News", slug="news")
    editor = staff_editor(django_user_model, "jane", "Jane", "Smith")
    page = logged_in_page(browser, live_server, editor)
    yield page
    page.context.close()
