"""The admin home: the newsroom's day, each desk a short list linking to the whole list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    newsroom_account,
)

pytestmark = pytest.mark.django_db

HOME = reverse("admin:index")


@pytest.fixture
def editor():
    return newsroom_account("editor", "Editors", is_staff=True)


@pytest.fixture
def reporter():
    return newsroom_account("reporter", "Reporters", is_staff=True)


def hours(n):
    return timezone.now() + datetime.timedelta(hours=n)


def in_review(headline, since, **kwargs):
    return ArticleFactory(
        headline=headline, status=Article.Status.IN_REVIEW, status_changed_at=since, **kwargs
    )


def scheduled(headline, at, **kwargs):
    return ArticleFactory(
        headline=headline, status=Article.Status.PUBLISHED, published_at=at, **kwargs
    )


def desks(response):
    return {desk.title: desk for desk in response.context["newsroom_day"]}


def titles(desk):
    return [entry.title for entry in desk.entries]


def listed(client, url):
    """The stories or pictures the admin list at ``url`` shows."""
    response = client.get(url)
    assert response.status_code == 200, url
    return {str(obj) for obj in response.context["cl"].result_list}


def test_the_home_page_shows_the_newsroom_day_in_the_order_each_desk_is_worked(client, editor):
    in_review("Waiting longest", hours(-5))
    in_review("Just submitted", hours(-1))
    scheduled("Goes live later", hours(5))
    scheduled("Goes live next", hours(1))
    mine = ArticleFactory(headline="My draft", created_by=editor)
    ArticleFactory(headline="Someone else's draft")
    LiveArticleFactory(headline="Went live earlier", published_at=hours(-3))
    LiveArticleFactory(headline="Went live just now", published_at=hours(-1))
    CaptionFactory(article=mine, caption="A picture needing alt text", alt_text=" ")
    CaptionFactory(article=mine, caption="A described picture")
    client.force_login(editor)

    day = desks(client.get(HOME))

    assert list(day) == [
        "In review",
        "Scheduled",
        "My drafts",
        "Recently published",
        "Pictures missing alt text",
    ]
    assert titles(day["In review"]) == ["Waiting longest", "Just submitted"]
    assert titles(day["Scheduled"]) == ["Goes live next", "Goes live later"]
    assert titles(day["My drafts"]) == ["My draft"]
    assert titles(day["Recently published"]) == ["Went live just now", "Went live earlier"]
    assert titles(day["Pictures missing alt text"]) == ["A picture needing alt text"]
    for desk in day.values():
        assert set(titles(desk)) == listed(client, desk.url), desk.title


def test_each_desk_shows_five_and_links_to_the_rest(client, editor):
    for number in range(7):
        in_review(f"Story {number}", hours(-10 + number))
    client.force_login(editor)
    response = client.get(HOME)
    desk = desks(response)["In review"]
    assert titles(desk) == [f"Story {number}" for number in range(5)]
    assert len(listed(client, desk.url)) == 7
    assert f'href="{desk.url.replace("&", "&amp;")}"' in response.content.decode()


def test_a_reporter_sees_on_the_home_page_only_the_stories_the_policy_lets_them_see(
    client, reporter, editor
):
    in_review("A colleague's story in review", hours(-2), created_by=editor)
    in_review("My story in review", hours(-1), created_by=reporter)
    ArticleFactory(headline="My draft", created_by=reporter)
    ArticleFactory(headline="A colleague's draft", created_by=editor)
    scheduled("A colleague's scheduled story", hours(2), created_by=editor)
    client.force_login(reporter)

    day = desks(client.get(HOME))

    assert titles(day["In review"]) == ["My story in review"]
    assert titles(day["My drafts"]) == ["My draft"]
    assert titles(day["Scheduled"]) == []
    page = client.get(HOME).content.decode()
    assert "A colleague" not in page


def test_an_account_without_a_newsroom_role_gets_no_desks(client, django_user_model):
    in_review("A story in review", hours(-1))
    client.force_login(newsroom_account("accounts", "Admins", is_staff=True))
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["newsroom_day"] == []
    assert "A story in review" not in response.content.decode()


def test_the_home_page_costs_the_same_queries_for_thirty_stories_a_desk_as_for_one(
    client, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    for count in (1, 30):
        Article.objects.all().delete()
        for number in range(count):
            in_review(f"In review {number}", hours(-number))
            scheduled(f"Scheduled {number}", hours(number + 1))
            draft = ArticleFactory(headline=f"Draft {number}", created_by=editor)
            LiveArticleFactory(headline=f"Live {number}")
            CaptionFactory(article=draft, alt_text="")
        with django_assert_max_num_queries(10):
            response = client.get(HOME)
        assert len(desks(response)["In review"].entries) == min(count, 5)
