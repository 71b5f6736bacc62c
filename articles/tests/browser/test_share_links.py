"""
An editor writes a draft in the admin, opens its preview from the Preview
button, makes a share link, and someone with no account opens the link in a
browser context of their own: the story, under the "Preview — not
published" banner. Once the editor revokes the link, it is a plain 404. In
real headless Chromium; axe finds nothing serious on the preview, and no page
breaks the Content-Security-Policy.
"""

import pytest
from django.urls import reverse

from articles.models import Article, ShareLink
from articles.tests.browser.csp import csp_violations
from articles.tests.browser.test_story_editor import (
    body_block,
    choose_autocomplete,
    serious_violations,
)

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Council leader to stand down in May"
STANDFIRST = "Simon Henig will not seek re-election after 15 years in charge."
PARAGRAPH = "The leader of Durham County Council is to stand down at the election in May."


@pytest.fixture
def stranger(browser):
    """Someone the link was sent to: a browser of their own, never signed in."""
    context = browser.new_context(viewport={"width": 390, "height": 900}, locale="en-GB")
    yield context.new_page()
    context.close()


def test_an_editor_previews_a_draft_and_shares_it_until_the_link_is_revoked(
    editor_page, stranger, live_server, axe_source
):
    page = editor_page
    refused = csp_violations(page)
    refused_to_stranger = csp_violations(stranger)

    # The editor writes a draft and saves it.
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.locator("#id_headline").fill(HEADLINE)
    page.locator("#id_headline").press("Tab")
    page.locator("#id_standfirst").fill(STANDFIRST)
    choose_autocomplete(page, "id_section", "News")
    body_block(page, 1).locator("textarea").fill(PARAGRAPH)
    page.locator('input[name="_continue"]').click()
    expect(page.locator(".messagelist .success").first).to_contain_text("was added")
    article = Article.objects.get(headline=HEADLINE)
    assert article.status == Article.Status.DRAFT

    # Preview, in a new tab: the story's page, under the banner.
    with page.context.expect_page() as opened:
        page.get_by_role("link", name="Preview").click()
    preview = opened.value
    preview.wait_for_load_state()
    assert preview.url == live_server.url + reverse("articles:preview", args=[article.pk])
    banner = preview.get_by_role("region", name="Preview — not published")
    expect(banner).to_contain_text("This story is a draft.")
    expect(preview.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(preview.locator(".story-body")).to_contain_text(PARAGRAPH)
    assert preview.locator('meta[name="robots"]').get_attribute("content") == "noindex, nofollow"
    violations = serious_violations(preview, axe_source, within="body")
    assert violations == [], "\n".join(violations)
    preview.close()

    # A share link, working for a day; its address is shown this once.
    page.get_by_label("Works for (hours)").fill("24")
    page.get_by_role("button", name="Make a share link").click()
    message = page.locator(".messagelist .success").first
    expect(message).to_contain_text("Copy it now")
    address = page.locator("a.share-link-url").get_attribute("href")
    assert address.startswith(live_server.url + "/preview/shared/")
    token = address.removeprefix(live_server.url + "/preview/shared/").strip("/")
    assert token not in (str(article.pk), article.slug)
    assert article.slug not in address
    expect(page.locator("#share-links")).to_contain_text("Works until")

    # Whoever has the link reads the story, with no account.
    response = stranger.goto(address)
    assert response.status == 200
    assert response.headers["cache-control"] == "private, no-store"
    assert "noindex" in response.headers["x-robots-tag"]
    expect(stranger.get_by_role("region", name="Preview — not published")).to_contain_text(
        "share link"
    )
    expect(stranger.get_by_role("heading", level=1)).to_have_text(HEADLINE)
    expect(stranger.locator(".story-body")).to_contain_text(PARAGRAPH)

    # The editor revokes it; the link is now a 404 that says nothing of the story.
    page.reload()
    assert address not in page.content()
    page.locator("#share-links").get_by_role("button", name="Revoke").first.click()
    expect(page.locator(".messagelist .success").first).to_contain_text("no longer works")
    assert not ShareLink.objects.valid().exists()
    response = stranger.goto(address)
    assert response.status == 404
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert HEADLINE not in stranger.content()
    assert refused == [], "\n".join(refused)
    assert refused_to_stranger == [], "\n".join(refused_to_stranger)
