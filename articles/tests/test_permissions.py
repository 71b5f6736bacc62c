"""
The story policy as every surface applies it: each role against each admin
page, action and button of a story and each API operation. One table says
who may do what; the admin and the API are both held to it, cell by cell.
"""

import datetime

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    ParagraphFactory,
    QuoteFactory,
    newsroom_account,
)
from articles.tests.test_admin import inline_prefixes, saved_rows, story_fields, story_post

pytestmark = pytest.mark.django_db

ROLES = ["no_role", "owner", "other_reporter", "editor", "superuser"]
NEWSROOM = {"owner", "editor", "superuser"}
EDITORS = {"editor", "superuser"}

# What each role may do, by what it is done to: the one table both surfaces follow.
# (story's status, who may) — ``owner`` is the reporter who started the story.
MATRIX = {
    "view a draft": ("draft", NEWSROOM),
    "view a live story": ("published", {"owner", "other_reporter", *EDITORS}),
    "change a draft": ("draft", NEWSROOM),
    "change a live story": ("published", EDITORS),
    "submit a draft": ("draft", NEWSROOM),
    "publish": ("in_review", EDITORS),
    "unpublish": ("published", EDITORS),
    "send back": ("in_review", EDITORS),
    "delete": ("draft", EDITORS),
}


@pytest.fixture
def accounts(db):
    return {
        "no_role": newsroom_account("no-role", is_staff=True),
        "owner": newsroom_account("owner", "Reporters", is_staff=True),
        "other_reporter": newsroom_account("other", "Reporters", is_staff=True),
        "editor": newsroom_account("desk", "Editors", is_staff=True),
        "superuser": newsroom_account("root", is_staff=True, is_superuser=True),
    }


def story_in(status, owner):
    """A story the owner started, in ``status``, with a version in its history."""
    fields = {"status": status, "created_by": owner}
    if status == "published":
        fields["published_at"] = timezone.now() - datetime.timedelta(days=1)
    article = ArticleFactory(slug="the-story", **fields)
    ParagraphFactory(article=article, position=1, text="He said: “We will carry on.”")
    QuoteFactory(article=article, text="We will carry on.")
    CaptionFactory(article=article)
    with reversion.create_revision():
        article.save()
    return article


def change_url(article, page="change", *args):
    return reverse(f"admin:articles_article_{page}", args=[article.pk, *args])


def admin_change(client, article):
    form = client.get(change_url(article))
    prefixes = inline_prefixes(form) if form.status_code == 200 else {}
    fields = {**story_fields(article), "headline": "A changed headline"}
    return client.post(change_url(article), story_post(prefixes, fields, saved_rows(article)))


def admin_action(name):
    def act(client, article):
        return client.post(
            reverse("admin:articles_article_changelist"),
            {"action": name, "_selected_action": [article.pk]},
        )

    return act


ADMIN = {
    "view a draft": lambda client, article: client.get(change_url(article)),
    "view a live story": lambda client, article: client.get(change_url(article)),
    "change a draft": admin_change,
    "change a live story": admin_change,
    "submit a draft": admin_action("submit_for_review"),
    "publish": admin_action("publish"),
    "unpublish": admin_action("unpublish"),
    "send back": lambda client, article: client.post(
        change_url(article, "send_back"), {"note": "Check the quote."}
    ),
    "delete": lambda client, article: client.post(change_url(article, "delete"), {"post": "yes"}),
}


def api_write(method, suffix="", data=None):
    def act(client, article):
        url = f"/api/v1/articles/{article.slug}/{suffix}"
        headers = client.if_match(f"/api/v1/articles/{article.slug}/") if not suffix else {}
        return getattr(client, method)(url, data, **headers)

    return act


API = {
    "view a draft": lambda client, article: client.get(f"/api/v1/articles/{article.slug}/"),
    "view a live story": lambda client, article: client.get(f"/api/v1/articles/{article.slug}/"),
    "change a draft": api_write("patch", data={"headline": "A changed headline"}),
    "change a live story": api_write("patch", data={"headline": "A changed headline"}),
    "submit a draft": api_write("post", "submit/"),
    "publish": api_write("post", "publish/"),
    "unpublish": api_write("post", "unpublish/"),
    "send back": api_write("post", "send-back/", {"note": "Check the quote."}),
    "delete": api_write("delete"),
}


def took_effect(action, article, response):
    """Whether the request did what ``action`` names, read from the database (or the page)."""
    if action.startswith("view"):
        return response.status_code == 200
    stored = Article.objects.filter(pk=article.pk).first()
    if action == "delete":
        return stored is None
    return {
        "change a draft": stored.headline == "A changed headline",
        "change a live story": stored.headline == "A changed headline",
        "submit a draft": stored.status == Article.Status.IN_REVIEW,
        "publish": stored.status == Article.Status.PUBLISHED,
        "unpublish": stored.status == Article.Status.UNPUBLISHED,
        "send back": stored.status == Article.Status.DRAFT,
    }[action]


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_follows_the_story_policy(client, accounts, role, action):
    status, allowed = MATRIX[action]
    article = story_in(status, accounts["owner"])
    client.force_login(accounts[role])

    response = ADMIN[action](client, article)

    assert took_effect(action, article, response) == (role in allowed), response.status_code
    if role not in allowed:
        # Refused outright, or the story is not there for them, or the action is not offered.
        assert response.status_code in (403, 302, 200)


@pytest.mark.parametrize("action", MATRIX)
@pytest.mark.parametrize("role", ROLES)
def test_the_api_follows_the_story_policy(api_as, accounts, role, action):
    status, allowed = MATRIX[action]
    article = story_in(status, accounts["owner"])
    if role == "no_role" and action == "view a live story":
        # A live story is public: anyone reads it through the API, newsroom role or not.
        allowed = {*allowed, "no_role"}

    response = API[action](api_as(accounts[role]), article)

    assert took_effect(action, article, response) == (role in allowed), response.content
    if role not in allowed:
        assert response.status_code in (403, 404), response.content


@pytest.mark.parametrize("action", [a for a in MATRIX if MATRIX[a][0] != "published"])
def test_anonymous_readers_reach_no_admin_page_and_no_unpublished_story(
    client, api, accounts, action
):
    status, _allowed = MATRIX[action]
    article = story_in(status, accounts["owner"])
    admin_response = ADMIN[action](client, article)
    api_response = API[action](api, article)
    assert not took_effect(action, article, admin_response)
    assert admin_response.status_code == 302
    assert "/admin/login/" in admin_response["Location"]
    assert not took_effect(action, article, api_response)
    assert api_response.status_code in (401, 404)


STORY_PAGES = {
    # admin page: (who may open it, how it is asked for)
    "history": (NEWSROOM, lambda article: change_url(article, "history")),
    "compare": (
        NEWSROOM,
        lambda article: (
            change_url(article, "compare")
            + "?from={0}&to={0}".format(Version.objects.get_for_object(article).first().pk)
        ),
    ),
    "revision": (
        NEWSROOM,
        lambda article: change_url(
            article, "revision", Version.objects.get_for_object(article).first().pk
        ),
    ),
}


@pytest.mark.parametrize("page", STORY_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_a_draft_history_and_versions_open_only_for_those_who_may_see_it(
    client, accounts, role, page
):
    allowed, url = STORY_PAGES[page]
    article = story_in("draft", accounts["owner"])
    client.force_login(accounts[role])
    response = client.get(url(article))
    assert (response.status_code == 200) == (role in allowed), response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_a_live_story_versions_are_restored_only_by_editors(client, accounts, role):
    article = story_in("published", accounts["owner"])
    version = Version.objects.get_for_object(article).first()
    client.force_login(accounts[role])
    page = client.get(change_url(article, "revision", version.pk))
    assert (page.status_code == 200) == (role in EDITORS), page.status_code


@pytest.mark.parametrize("role", ROLES)
def test_only_editors_see_and_restore_deleted_stories(client, accounts, role):
    article = story_in("draft", accounts["owner"])
    article.delete()
    deleted = Version.objects.get_deleted(Article).get()
    client.force_login(accounts[role])
    listing = client.get(reverse("admin:articles_article_recoverlist"))
    recover = client.get(reverse("admin:articles_article_recover", args=[deleted.pk]))
    assert (listing.status_code == 200) == (role in EDITORS)
    assert (recover.status_code == 200) == (role in EDITORS)


@pytest.mark.parametrize("role", ROLES)
def test_the_workflow_buttons_on_the_form_follow_the_policy(client, accounts, role):
    article = story_in("draft", accounts["owner"])
    client.force_login(accounts[role])
    page = client.get(change_url(article))
    form = page.content.decode() if page.status_code == 200 else ""
    assert ('name="_submit_for_review"' in form) == (role in NEWSROOM)
    assert ('name="_publish"' in form) == (role in EDITORS)
    assert ('name="_save"' in form) == (role in NEWSROOM)


@pytest.mark.parametrize("role", ROLES)
def test_a_reporter_never_sets_the_publication_time_nor_the_byline(client, accounts, role):
    article = story_in("draft", accounts["owner"])
    client.force_login(accounts[role])
    page = client.get(change_url(article))
    if page.status_code != 200:
        assert role not in NEWSROOM
        return
    fields = page.context["adminform"].form.fields
    assert ("published_at" in fields) == (role in EDITORS)
    assert ("authors" in fields) == (role in EDITORS)


def test_the_changelist_shows_a_reporter_live_stories_and_their_own_only(client, accounts):
    own = story_in("draft", accounts["owner"])
    others = ArticleFactory(slug="someone-elses-draft", created_by=accounts["other_reporter"])
    client.force_login(accounts["owner"])
    listed = client.get(reverse("admin:articles_article_changelist")).context["cl"].result_list
    assert own in listed
    assert others not in listed
