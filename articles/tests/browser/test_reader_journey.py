"""
A reader's journey through the site in real headless Chromium: the front page,
the story, a profile, a search; screenshots of the story on a phone and a
desktop; and axe-core's accessibility audit of every kind of page.
"""

import pytest
from django.core.management import call_command

from articles.models import Article, Correction
from articles.tests.browser.csp import csp_violations

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Durham Police chief Mike Barton to retire"


@pytest.fixture
def story(live_server):
    call_command("load_story", verbosity=0)
    return Article.objects.get(headline=HEADLINE)


def serious_violations(page, axe_source):
    """axe-core's serious and critical findings on the page open in ``page``."""
    # Evaluated, not added as an inline <script>: the Content-Security-Policy refuses those.
    page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_a_reader_follows_the_story_to_a_profile_and_searches(page, live_server, story):
    refused = csp_violations(page)
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    assert page.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert page.locator("article figure figcaption").count() == 2

    page.locator("a[href='/people/mike-barton/']").first.click()
    page.wait_for_url("**/people/mike-barton/")
    assert page.get_by_role("heading", level=1).inner_text().endswith("Mike Barton")
    assert "Al Capone approach" in page.content()

    search = page.get_by_role("searchbox").first
    search.fill("Capone")
    search.press("Enter")
    page.wait_for_url("**/search/?q=Capone*")
    page.get_by_role("link", name=HEADLINE).first.click()
    page.wait_for_url(f"**{story.get_absolute_url()}")
    # Every page on the way ran under the Content-Security-Policy, JSON-LD included.
    assert refused == [], "\n".join(refused)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_story_fits_phone_and_desktop_screens(page, live_server, story, artifacts, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + story.get_absolute_url())
    page.screenshot(path=artifacts / f"story-{width}.png", full_page=True)
    # Nothing is wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= width


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/durham-chief-constable-mike-barton-to-retire/",
        "/people/mike-barton/",
        "/people/mike-barton/quotes/",
        "/people/mike-barton/pictures/",
        "/search/?q=heroin",
        "/corrections/",
    ],
    ids=[
        "front",
        "story",
        "profile",
        "profile-quotes",
        "profile-pictures",
        "search",
        "corrections",
    ],
)
def test_pages_have_no_serious_accessibility_violations(
    page, live_server, story, axe_source, path
):
    page.goto(live_server.url + path)
    assert serious_violations(page, axe_source) == []


@pytest.mark.parametrize("path", ["story", "/corrections/"], ids=["story", "corrections"])
def test_corrections_have_no_serious_accessibility_violations(
    page, live_server, story, axe_source, path
):
    Correction.objects.create(article=story, text="An earlier version misspelt a name.")
    Correction.objects.create(
        article=story, kind=Correction.Kind.CLARIFICATION, text="The force is Durham's."
    )
    page.goto(live_server.url + (story.get_absolute_url() if path == "story" else path))
    assert page.locator(".correction-kind").count() == 2
    assert serious_violations(page, axe_source) == []
