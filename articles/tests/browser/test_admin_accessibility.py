"""
The whole story form, new and with a row in every inline, the admin home and
the pictures' list, in real headless Chromium: axe-core finds no serious or
critical violation anywhere on them, and none scrolls sideways at 1280 or
1440 px.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticlePerson, Block
from articles.tests.browser.test_concurrent_editing import logged_in_page, staff_editor
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    CorrectionFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
)
from people.dates import Precision
from people.tests.factories import OrganisationFactory, PersonFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (1280, 1440)


def serious_violations(page, axe_source):
    """axe-core's serious and critical findings on the whole page open in ``page``."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated, not added as an inline <script>: the Content-Security-Policy refuses those.
        page.evaluate(axe_source)
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def overflow(page):
    """How many pixels the page is wider than the window (0 or less when it fits)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def editor_page(browser, live_server, django_user_model):
    editor = staff_editor(django_user_model, "jane", "Jane", "Smith")
    page = logged_in_page(browser, live_server, editor)
    yield page
    page.context.close()


@pytest.fixture
def full_story(live_server):
    """A story with a row in every inline: people, a picture, quotes, body and a correction."""
    barton = PersonFactory(name="Mike Barton", slug="mike-barton")
    reporter = PersonFactory(name="Jane Smith", slug="jane-smith")
    story = ArticleFactory(
        headline="Durham's Chief Constable to retire",
        slug="durhams-chief-constable-to-retire",
        section=SectionFactory(),
        publisher=OrganisationFactory(name="The Northern Echo", slug="northern-echo"),
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    story.tags.add(TagFactory(name="Policing"))
    story.authors.add(reporter)
    ArticlePerson.objects.create(article=story, person=barton, role=ArticlePerson.Role.SUBJECT)
    caption = CaptionFactory(article=story, caption="Mike Barton at headquarters", alt_text="")
    caption.people.add(barton)
    quote = QuoteFactory(
        article=story,
        speaker=barton,
        text="It has been an honour to serve.",
        source="his resignation letter",
        said_on=datetime.date(2019, 6, 1),
        said_on_precision=Precision.MONTH,
    )
    ParagraphFactory(article=story, position=1, text="“It has been an honour to serve,” he wrote.")
    ParagraphFactory(article=story, position=2, kind=Block.Kind.IMAGE, text="", caption=caption)
    ParagraphFactory(article=story, position=3, kind=Block.Kind.QUOTE, text="", quote=quote)
    CorrectionFactory(article=story, published_at=timezone.now())
    return story


def check_pages(page, live_server, axe_source, paths):
    """Each page at each width: what scrolls sideways, and what axe finds."""
    overflowing, violations = [], []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("load")
            if (extra := overflow(page)) > 0:
                overflowing.append(f"{path} at {width} px: {extra} px too wide")
            violations += [
                f"{path} at {width} px: {found}" for found in serious_violations(page, axe_source)
            ]
    return overflowing, violations


def test_the_whole_story_form_new_and_full_passes_axe_and_fits_the_screen(
    editor_page, live_server, full_story, axe_source, artifacts
):
    paths = [
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[full_story.pk]),
    ]
    overflowing, violations = check_pages(editor_page, live_server, axe_source, paths)
    editor_page.screenshot(path=artifacts / "story-form-full-1440.png", full_page=True)
    assert overflowing == [], overflowing
    assert violations == [], "\n".join(violations)


def test_a_row_added_to_each_inline_is_named_too(editor_page, live_server, full_story, axe_source):
    page = editor_page
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[full_story.pk]))
    for group in ("article_people", "quotes"):
        page.locator(f"#{group}-group .add-row a").click()
    # The new rows' autocomplete boxes are named after their fields.
    expect(page.get_by_role("combobox", name="Person").last).to_be_visible()
    expect(page.get_by_role("combobox", name="Speaker").last).to_be_visible()
    assert overflow(page) <= 0
    violations = serious_violations(page, axe_source)
    assert violations == [], "\n".join(violations)


def test_the_admin_home_the_lists_and_the_front_page_pass_axe_and_fit_the_screen(
    editor_page, live_server, full_story, axe_source
):
    paths = [
        reverse("admin:index"),
        reverse("admin:articles_caption_changelist"),
        reverse("admin:articles_caption_changelist") + "?alt_text=missing",
        reverse("admin:articles_quote_change", args=[full_story.quotes.get().pk]),
        # A tabular inline of its own, with an autocomplete in each row.
        reverse("admin:articles_frontpage_changelist"),
    ]
    overflowing, violations = check_pages(editor_page, live_server, axe_source, paths)
    assert overflowing == [], overflowing
    assert violations == [], "\n".join(violations)


def test_a_picture_without_alt_text_is_a_link_named_by_its_caption(
    editor_page, live_server, full_story
):
    page = editor_page
    page.goto(live_server.url + reverse("admin:articles_caption_changelist"))
    expect(
        page.get_by_role("link", name="Picture: Mike Barton at headquarters", exact=True)
    ).to_be_visible()
