import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor():
    user = get_user_model().objects.create_user("editor")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def story():
    """A draft with a paragraph, the quote it prints and a captioned picture."""
    article = ArticleFactory()
    ParagraphFactory(article=article, text="He said: “We will carry on.”")
    QuoteFactory(article=article, text="We will carry on.")
    CaptionFactory(article=article)
    return article


def test_a_story_moves_from_draft_through_review_to_live_recording_who_and_when(story, editor):
    story.submit_for_review(by=editor)
    assert story.status == Article.Status.IN_REVIEW
    before = timezone.now()
    story.publish(by=editor)
    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED
    assert story.is_live
    assert story.status_changed_by == editor
    assert story.status_changed_at >= before
    assert before <= story.published_at <= timezone.now()
    assert list(Article.objects.live()) == [story]


def test_each_status_change_is_kept_in_the_story_history(story, editor):
    story.submit_for_review(by=editor)
    story.publish(by=editor)
    versions = Version.objects.get_for_object(story)
    assert [version.revision.get_comment() for version in versions] == [
        "Published",
        "Submitted for review",
    ]
    assert {version.revision.user for version in versions} == {editor}


def test_a_scheduled_story_is_not_live_until_its_time(story, editor):
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    story.publish(by=editor, at=tomorrow)
    assert story.status == Article.Status.PUBLISHED
    assert not story.is_live
    assert not Article.objects.live().exists()
    Article.objects.filter(pk=story.pk).update(published_at=timezone.now())
    assert Article.objects.live().get() == story


def test_drafts_stories_in_review_and_unpublished_stories_are_not_live(editor):
    ArticleFactory(status=Article.Status.DRAFT, published_at=timezone.now())
    ArticleFactory(status=Article.Status.IN_REVIEW, published_at=timezone.now())
    ArticleFactory(status=Article.Status.UNPUBLISHED, published_at=timezone.now())
    live = LiveArticleFactory()
    assert list(Article.objects.live()) == [live]


def test_unpublishing_takes_a_story_off_the_site_and_it_can_be_published_again(story, editor):
    story.publish(by=editor)
    first_published = story.published_at
    story.unpublish(by=editor)
    assert not Article.objects.live().exists()
    story.publish(by=editor)
    assert story.published_at == first_published
    assert Article.objects.live().get() == story


def test_a_story_in_review_or_live_cannot_be_submitted_for_review_again(story, editor):
    story.submit_for_review(by=editor)
    with pytest.raises(ValidationError) as refused:
        story.submit_for_review(by=editor)
    assert refused.value.messages == [
        "Only a draft or an unpublished story can be submitted for review."
    ]


def test_only_a_published_story_can_be_unpublished(story, editor):
    with pytest.raises(ValidationError) as refused:
        story.unpublish(by=editor)
    assert refused.value.messages == ["Only a published story can be unpublished."]
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT


def test_a_refused_publication_changes_nothing(story, editor):
    story.captions.update(alt_text="")
    with pytest.raises(ValidationError):
        story.publish(by=editor)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
    assert story.published_at is None
    assert story.status_changed_by is None
    assert not Version.objects.get_for_object(story).exists()


@pytest.mark.parametrize("year", [92, 1899, 2200, 9999])
def test_a_publication_time_no_newsroom_could_mean_is_refused(story, editor, year):
    at = datetime.datetime(year, 6, 7, 12, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError, match="A publication time is from 1900 to 2199"):
        story.publish(by=editor, at=at)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT
