"""
The Content-Security-Policy in real headless Chromium: the admin's pages, the
public pages and the API's Swagger UI all work with only the site's own
scripts, styles and pictures, and the browser refuses nothing on any of them.
"""

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from articles.tests.browser.csp import csp_violations
from articles.tests.browser.test_concurrent_editing import PASSWORD, logged_in_page
from articles.tests.factories import (
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
)
from people.tests.factories import OrganisationFactory, PersonFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def story(live_server):
    """A live story with a picture, a quote and two versions to compare."""
    person = PersonFactory(name="Mike Barton", slug="mike-barton")
    story = LiveArticleFactory(headline="Chief Constable to retire")
    paragraph = ParagraphFactory(article=story, text="He will retire in June.")
    QuoteFactory(article=story, speaker=person)
    CaptionFactory(article=story).people.add(person)
    story.people.add(person)
    with reversion.create_revision():
        story.save()
    paragraph.text = "He will retire on June 7."
    paragraph.save()
    with reversion.create_revision():
        story.save()
    return story


@pytest.fixture
def admin_page(browser, live_server, django_user_model):
    admin = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    page = logged_in_page(browser, live_server, admin)
    yield page
    page.context.close()


def test_the_admin_works_under_the_policy(admin_page, live_server, story):
    refused = csp_violations(admin_page)
    old, new = Version.objects.get_for_object(story).order_by("pk")
    compare = reverse("admin:articles_article_compare", args=[story.pk])
    person = story.people.get()
    organisation = OrganisationFactory()
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:articles_article_history", args=[story.pk]),
        f"{compare}?from={old.pk}&to={new.pk}",
        reverse("admin:articles_caption_changelist"),
        reverse("admin:articles_quote_changelist"),
        reverse("admin:people_person_changelist"),
        reverse("admin:people_person_change", args=[person.pk]),
        reverse("admin:people_organisation_change", args=[organisation.pk]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:password_change"),
    ]
    for path in pages:
        admin_page.goto(live_server.url + path)
        expect(admin_page.locator("#content")).to_be_visible()
    # The story admin's own scripts ran: the body editor drew its blocks.
    admin_page.goto(live_server.url + reverse("admin:articles_article_change", args=[story.pk]))
    expect(admin_page.locator(".body-editor__end")).to_be_visible()
    assert refused == [], "\n".join(refused)


def test_the_api_docs_work_under_the_policy(page, live_server, story):
    refused = csp_violations(page)
    page.goto(live_server.url + reverse("api:docs"))
    # Swagger UI started from its own script file and read the schema.
    expect(page.get_by_role("heading", name="Newsroom API")).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()
    assert refused == [], "\n".join(refused)


def test_public_pages_work_under_the_policy(page, live_server, story):
    refused = csp_violations(page)
    person = story.people.get()
    for path in [
        "/",
        story.get_absolute_url(),
        person.get_absolute_url(),
        story.section.get_absolute_url(),
        "/search/?q=retire",
        "/people/",
    ]:
        page.goto(live_server.url + path)
        expect(page.locator("main")).to_be_visible()
    assert refused == [], "\n".join(refused)
