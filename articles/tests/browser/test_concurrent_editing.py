"""
Two editors with the same story open in real headless Chromium, each logged
in through the admin's login page in a browser context of their own: each is
told the other is also editing it, and the second to save is refused, shown
the first one's change, and keeps their own edits.
"""

import pytest
import reversion
import reversion.models
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from articles.models import Article
from articles.tests.factories import ArticleFactory

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a long newsroom passphrase"


@pytest.fixture(autouse=True)
def fast_beats(settings):
    """A beat a second, so that a notice changes within the test's patience."""
    settings.PRESENCE_BEAT_SECONDS = 1


@pytest.fixture
def story(live_server):
    story = ArticleFactory(headline="Council tax to rise by five per cent")
    with reversion.create_revision():
        story.save()
    return story


def editors():
    """
    The Editors group as its migration makes it. A live-server test empties the
    database after it, groups included, so a later one may find it gone.
    """
    group, created = Group.objects.get_or_create(name="Editors")
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=("people", "articles"))
        )
    return group


def staff_editor(django_user_model, username, first_name, last_name):
    user = django_user_model.objects.create_user(
        username, password=PASSWORD, is_staff=True, first_name=first_name, last_name=last_name
    )
    user.groups.add(editors())
    return user


def logged_in_page(browser, live_server, user):
    """A browser context of its own for ``user``, logged in through the admin's login page."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + reverse("admin:index"))
    return page


@pytest.fixture
def first_editor(django_user_model):
    return staff_editor(django_user_model, "jane", "Jane", "Smith")


@pytest.fixture
def second_editor(django_user_model):
    return staff_editor(django_user_model, "tom", "Tom", "Jones")


@pytest.fixture
def first_page(browser, live_server, first_editor):
    page = logged_in_page(browser, live_server, first_editor)
    yield page
    page.context.close()


@pytest.fixture
def second_page(browser, live_server, second_editor):
    page = logged_in_page(browser, live_server, second_editor)
    yield page
    page.context.close()


def open_story(page, live_server, story):
    page.goto(live_server.url + reverse("admin:articles_article_change", args=[story.pk]))
    expect(page.get_by_role("heading", level=2, name=story.headline)).to_be_visible()


def also_editing(page):
    """The notice naming who else has the story open."""
    return page.locator("#also-editing .messagelist")


def test_two_editors_on_the_same_story_see_each_other_named(
    first_page, second_page, live_server, story
):
    open_story(first_page, live_server, story)
    expect(also_editing(first_page)).to_be_hidden()

    open_story(second_page, live_server, story)
    # The second is told at once, by the page itself; the first at their next beat.
    expect(also_editing(second_page)).to_have_text("Jane Smith is also editing this story.")
    expect(also_editing(first_page)).to_have_text(
        "Tom Jones is also editing this story.", timeout=5000
    )
    expect(also_editing(first_page)).to_be_visible()


def test_the_second_save_is_refused_with_the_first_change_and_keeps_its_edits(
    first_page, second_page, live_server, story, first_editor, second_editor
):
    open_story(first_page, live_server, story)
    open_story(second_page, live_server, story)
    expect(also_editing(second_page)).to_have_text("Jane Smith is also editing this story.")

    first_page.locator("#id_standfirst").fill("Bills go up in April, the council says.")
    first_page.locator('input[name="_continue"]').click()
    expect(first_page.locator(".messagelist .success")).to_be_visible()

    second_page.locator("#id_headline").fill("Council tax up five per cent")
    second_page.locator('input[name="_continue"]').click()

    errors = second_page.locator(".errorlist.nonfield")
    expect(errors).to_contain_text("Jane Smith saved")
    expect(errors).to_contain_text("Nothing was saved")
    expect(second_page.locator(".story-diff dd ins").first).to_have_text("Bills go up in April")
    expect(second_page.locator("#id_headline")).to_have_value("Council tax up five per cent")
    # The refused form shows what is saved now beside the editor's own edit.
    expect(second_page.locator("#id_standfirst")).to_have_value("What happened, in a sentence.")

    # Having seen it, the second editor takes the first one's standfirst and saves again.
    second_page.locator("#id_standfirst").fill("Bills go up in April, the council says.")
    second_page.locator('input[name="_continue"]').click()
    expect(second_page.locator(".messagelist .success")).to_be_visible()

    saved = Article.objects.get(pk=story.pk)
    assert saved.headline == "Council tax up five per cent"
    assert saved.standfirst == "Bills go up in April, the council says."
    history = [v.revision.user for v in reversion.models.Version.objects.get_for_object(saved)]
    assert history[:2] == [second_editor, first_editor]
