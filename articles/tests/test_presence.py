"""
"X is also editing this story" on the story's admin form: the beats an open
form sends, who they name, and the notice's first render.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.tests.conftest import newsroom_account
from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_editor(db):
    return newsroom_account(
        "first-editor", "Editors", is_staff=True, first_name="Jane", last_name="Smith"
    )


@pytest.fixture
def second_editor(db):
    # No full name: the notice names an account by its username instead.
    return newsroom_account("tom", "Editors", is_staff=True)


@pytest.fixture
def draft(db):
    return ArticleFactory(headline="Council tax to rise by five per cent")


def editing_url(article):
    return reverse("admin:articles_article_editing", args=[article.pk])


def beat(client, user, article):
    """One beat of ``user``'s open form: the response."""
    client.force_login(user)
    return client.post(editing_url(article))


def names(response):
    return [other["name"] for other in response.json()["others"]]


def test_editors_with_the_same_story_open_see_each_other_named(
    client, draft, first_editor, second_editor
):
    assert names(beat(client, first_editor, draft)) == []
    assert names(beat(client, second_editor, draft)) == ["Jane Smith"]
    assert names(beat(client, first_editor, draft)) == ["tom"]


def test_the_others_are_listed_with_when_they_opened_the_story(
    client, draft, first_editor, second_editor
):
    opened = timezone.now()
    beat(client, first_editor, draft)
    beat(client, first_editor, draft)
    (other,) = beat(client, second_editor, draft).json()["others"]
    since = datetime.datetime.fromisoformat(other["since"])
    assert abs(since - opened) < datetime.timedelta(seconds=5)


def test_an_editor_on_another_story_is_not_named(client, draft, first_editor, second_editor):
    beat(client, first_editor, ArticleFactory())
    assert names(beat(client, second_editor, draft)) == []


def test_an_editor_who_stops_beating_drops_out_after_the_timeout(
    client, draft, first_editor, second_editor, monkeypatch
):
    beat(client, first_editor, draft)
    client.force_login(second_editor)
    later = timezone.now() + datetime.timedelta(seconds=presence.PRESENCE_TIMEOUT - 1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert names(client.post(editing_url(draft))) == ["Jane Smith"]

    much_later = later + datetime.timedelta(seconds=2)
    monkeypatch.setattr(timezone, "now", lambda: much_later)
    assert names(client.post(editing_url(draft))) == []


def test_a_beat_is_never_cached(client, draft, first_editor):
    response = beat(client, first_editor, draft)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_editing_url_answers_only_post(client, draft, first_editor):
    client.force_login(first_editor)
    assert client.get(editing_url(draft)).status_code == 405
    assert presence.editing(draft.pk, get_user_model()(pk=0)) == []


def test_a_beat_without_the_csrf_token_is_refused(draft, first_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(first_editor)
    assert client.post(editing_url(draft)).status_code == 403
    assert presence.editing(draft.pk, get_user_model()(pk=0)) == []


def test_a_story_that_does_not_exist_is_404(client, draft, first_editor):
    client.force_login(first_editor)
    response = client.post(reverse("admin:articles_article_editing", args=[draft.pk + 1]))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_staff_without_access_to_stories_get_404_and_are_not_recorded(client, draft):
    clerk = newsroom_account("clerk", is_staff=True)
    response = beat(client, clerk, draft)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert presence.editing(draft.pk, get_user_model()(pk=0)) == []


def test_a_reporter_gets_404_for_another_reporter_draft_and_is_not_recorded(client):
    reporter = newsroom_account("reporter", "Reporters", is_staff=True)
    other_reporter = newsroom_account("other-reporter", "Reporters", is_staff=True)
    theirs = ArticleFactory(created_by=other_reporter)
    response = beat(client, reporter, theirs)
    assert response.status_code == 404
    assert presence.editing(theirs.pk, other_reporter) == []


def test_a_reporter_is_recorded_on_their_own_draft(client, first_editor):
    reporter = newsroom_account("reporter", "Reporters", is_staff=True)
    own = ArticleFactory(created_by=reporter)
    assert beat(client, reporter, own).status_code == 200
    assert [editor.name for editor in presence.editing(own.pk, first_editor)] == ["reporter"]


def test_anonymous_beats_are_sent_to_the_login_page(client, draft):
    response = client.post(editing_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert presence.editing(draft.pk, get_user_model()(pk=0)) == []


def test_the_story_form_names_who_else_has_it_open_on_first_render(
    client, draft, first_editor, second_editor
):
    beat(client, first_editor, draft)
    client.force_login(second_editor)
    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert response.status_code == 200
    assert "Jane Smith is also editing this story." in response.text
    assert f'data-url="{editing_url(draft)}"' in response.text
    assert 'data-interval="15000"' in response.text
    assert "articles/admin/presence.js" in response.text
    # Opening the form counts as a beat: the first editor now sees the second.
    assert [editor.name for editor in presence.editing(draft.pk, first_editor)] == ["tom"]


def test_two_others_are_named_in_one_sentence(
    client, draft, first_editor, second_editor, settings
):
    settings.PRESENCE_BEAT_SECONDS = 1
    beat(client, first_editor, draft)
    beat(client, second_editor, draft)
    client.force_login(newsroom_account("third", "Editors", is_staff=True))
    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert "Jane Smith and tom are also editing this story." in response.text
    assert 'data-interval="1000"' in response.text


def test_the_notice_is_hidden_when_nobody_else_has_the_story_open(client, draft, first_editor):
    client.force_login(first_editor)
    response = client.get(reverse("admin:articles_article_change", args=[draft.pk]))
    assert 'id="also-editing"' in response.text
    assert '<ul class="messagelist" hidden>' in response.text
    assert "is also editing" not in response.text


def test_the_add_page_has_no_notice(client, first_editor):
    client.force_login(first_editor)
    response = client.get(reverse("admin:articles_article_add"))
    assert response.status_code == 200
    assert "also-editing" not in response.text
    assert "presence.js" not in response.text


class Account:
    """An account as touch() reads it, without a database row."""

    def __init__(self, pk):
        self.pk = pk

    def get_full_name(self):
        return f"Editor {self.pk}"

    def get_username(self):
        return f"editor-{self.pk}"


def test_at_most_twenty_editors_are_remembered_for_a_story_the_latest_seen():
    start = timezone.now()
    for pk in range(1, 26):
        # Each a second after the last, so that the ones seen longest ago are known.
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(timezone, "now", lambda pk=pk: start + datetime.timedelta(seconds=pk))
            presence.touch(7, Account(pk))
    others = presence.editing(7, Account(0))
    assert len(others) == presence.MOST_EDITORS
    assert [editor.name for editor in others][:2] == ["Editor 6", "Editor 7"]
