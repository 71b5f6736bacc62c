"""
The admin as the newsroom opens it each day, in real headless Chromium: the
home page's desks, the lists, the accounts, and a refused story form whose
reasons come first. Nothing scrolls sideways at 1280 or 1440 px, and axe-core
finds nothing serious.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, CaptionFactory, LiveArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long newsroom passphrase"


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


@pytest.fixture
def chief(live_server, django_user_model):
    """The chief sub-editor, signed in to a newsroom with a story at every stage."""
    user = django_user_model.objects.create_superuser("chief", password=PASSWORD)
    later = timezone.now() + datetime.timedelta(hours=3)
    long_headline = "Durham's Chief Constable, who took on organised crime, " * 3
    draft = ArticleFactory(headline=long_headline, created_by=user)
    ArticleFactory(headline="Council tax to rise", status=Article.Status.IN_REVIEW)
    ArticleFactory(headline="Budget day", status=Article.Status.PUBLISHED, published_at=later)
    LiveArticleFactory(headline="Mike Barton to retire")
    CaptionFactory(article=draft, caption="The chief constable at his desk", alt_text="")
    django_user_model.objects.create_user("reporter", is_staff=True)
    return user


@pytest.fixture
def signed_in(page, live_server, chief):
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill("chief")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


def sideways(page):
    """
    How many pixels the open page, or the table of a list in it, scrolls
    sideways (0 when it fits).
    """
    return page.evaluate(
        """() => Math.max(
            ...[document.documentElement, ...document.querySelectorAll(".results")].map(
                (element) => element.scrollWidth - element.clientWidth
            )
        )"""
    )


def test_the_newsroom_admin_fits_the_screen_and_passes_axe(
    signed_in, live_server, django_user_model, axe_source
):
    page = signed_in
    reporter = django_user_model.objects.get(username="reporter")
    pages = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_caption_changelist") + "?alt_text=missing",
        reverse("admin:articles_quote_changelist"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:auth_user_change", args=[reporter.pk]),
    ]
    overflowing, violations = [], []
    for width in (1280, 1440):
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages:
            page.goto(live_server.url + path)
            if sideways(page) > 0:
                overflowing.append(f"{path} at {width} px: {sideways(page)} px")
            # The picture list's thumbnails are links named by their alt
            # text, so a picture missing it is an unnamed link: CaptionAdmin's.
            if width == 1280 and "caption" not in path:
                violations += [
                    f"{path}: {found}" for found in serious_violations(page, axe_source)
                ]
    assert overflowing == [], overflowing
    assert violations == [], "\n".join(violations)


def test_the_home_page_leads_to_each_desk_list(signed_in, live_server):
    page = signed_in
    desk = page.get_by_role("region", name="The newsroom's day")
    assert desk.get_by_role("link", name="Budget day").is_visible()
    desk.get_by_role("link", name="See all: scheduled").click()
    page.wait_for_url("**/admin/articles/article/?state=scheduled")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Scheduled for" in rows.first.inner_text()


def test_a_refused_story_form_puts_the_focus_on_its_reasons_which_lead_to_each_field(
    signed_in, live_server
):
    page = signed_in
    page.goto(live_server.url + reverse("admin:articles_article_add"))
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_load_state("load")

    summary = page.locator("#error-summary")
    assert summary.is_visible()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    assert page.locator(".errornote").is_hidden()

    summary.get_by_role("link", name="Headline: This field is required.").click()
    page.wait_for_function("document.activeElement.id === 'id_headline'")
