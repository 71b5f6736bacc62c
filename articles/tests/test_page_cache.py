"""
The page cache: readers are served a page rendered once, editors always a
fresh one, and any change a page shows is on it at once.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, ArticlePerson
from articles.tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
)
from newsroom.tests.pages import Page
from people.tests.factories import PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    article = LiveArticleFactory(headline="Chief to retire")
    ParagraphFactory(article=article, text="The chief said: “Goodbye.”")
    person = PersonFactory(name="Mike Barton", slug="mike-barton", biography="A police officer.")
    PositionFactory(
        person=person,
        title="Chief Constable",
        start_date=datetime.date(2012, 1, 1),
    )
    ArticlePerson.objects.create(article=article, person=person)
    QuoteFactory(article=article, speaker=person, text="Goodbye.")
    return article


def test_a_second_reader_gets_the_cached_page_with_no_query(
    client, story, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    # When the next story comes due is kept beside the page: nothing to ask.
    with django_assert_num_queries(0):
        second = client.get(story.get_absolute_url())
    assert second.content == first.content


def test_an_edit_to_a_live_story_shows_at_once(client, story):
    assert "Chief to retire" in client.get(story.get_absolute_url()).text
    assert "Chief to retire" in client.get("/").text
    story.headline = "Chief Constable to retire in June"
    story.save()
    assert "Chief Constable to retire in June" in client.get(story.get_absolute_url()).text
    assert "Chief Constable to retire in June" in client.get("/").text


def test_a_new_correction_shows_at_once(client, story):
    client.get(story.get_absolute_url())
    CorrectionFactory(article=story, text="His title was misstated.")
    assert "His title was misstated." in client.get(story.get_absolute_url()).text


def test_a_profile_edit_shows_at_once_on_the_profile_and_the_story(client, story):
    person = story.people.get()
    client.get(person.get_absolute_url())
    client.get(story.get_absolute_url())
    person.biography = "A police officer for 39 years."
    person.name = "Michael Barton"
    person.save()
    profile = client.get(person.get_absolute_url()).text
    assert "A police officer for 39 years." in profile
    assert "Michael Barton" in client.get(story.get_absolute_url()).text


def test_a_career_edit_changes_the_title_on_the_story_at_once(client, story):
    panel = Page(client.get(story.get_absolute_url())).find("section", class_="people-in-story")
    assert "Chief Constable" in panel.text
    story.people.get().timeline.update(title="Deputy Chief Constable")
    position = story.people.get().timeline.get()
    position.save()
    panel = Page(client.get(story.get_absolute_url())).find("section", class_="people-in-story")
    assert "Deputy Chief Constable" in panel.text


def test_unpublishing_takes_the_story_off_every_page_at_once(client, story):
    person = story.people.get()
    for url in (story.get_absolute_url(), "/", person.get_absolute_url()):
        assert client.get(url).status_code == 200
    story.unpublish()
    assert client.get(story.get_absolute_url()).status_code == 404
    assert "Chief to retire" not in client.get("/").text
    assert client.get(person.get_absolute_url()).status_code == 404


def test_a_scheduled_story_appears_when_its_time_comes_with_nothing_saved(client, story, clock):
    scheduled = ArticleFactory(
        headline="News from tomorrow",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(days=1),
    )
    speaker = PersonFactory(slug="tomorrows-speaker")
    QuoteFactory(article=scheduled, speaker=speaker)
    for url in ("/", "/sections/news/"):
        assert "News from tomorrow" not in client.get(url).text
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    assert client.get(speaker.get_absolute_url()).status_code == 404

    # Time passes: no save, no signal, nothing invalidated.
    clock.move_to(scheduled.published_at)

    for url in ("/", "/sections/news/"):
        assert "News from tomorrow" in client.get(url).text
    assert client.get(scheduled.get_absolute_url()).status_code == 200
    assert client.get(speaker.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("page", ["story", "profile"])
def test_a_browser_with_the_current_page_gets_304_not_modified(client, story, page):
    url = story.get_absolute_url() if page == "story" else story.people.get().get_absolute_url()
    response = client.get(url)
    etag = response["ETag"]
    not_modified = client.get(url, headers={"if-none-match": etag})
    assert not_modified.status_code == 304
    assert not_modified.content == b""
    story.headline = "Changed"
    story.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_editors_get_a_fresh_page_never_the_cached_one(client, story):
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    url = story.get_absolute_url()
    assert "Chief to retire" in client.get(url).text
    # A change that bypasses the receivers: only a fresh render can see it.
    Article.objects.filter(pk=story.pk).update(headline="Seen by editors first")
    assert "Chief to retire" in client.get(url).text
    client.force_login(editor)
    response = client.get(url)
    assert "Seen by editors first" in response.text
    assert "private" in response["Cache-Control"]


def test_made_up_query_strings_share_the_cached_page(client, story, django_assert_num_queries):
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(story.get_absolute_url() + "?utm_source=x&page=3")
    assert response.status_code == 200
