"""The front page: the lead story, the latest after it, each section's newest; live only."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, Block
from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    SectionFactory,
)
from newsroom.tests.pages import Page

pytestmark = pytest.mark.django_db


def hours_ago(hours):
    return timezone.now() - datetime.timedelta(hours=hours)


def headlines(element):
    return [h.text for h in element.find_all(class_="summary-headline")]


def test_the_newest_story_leads_and_the_others_follow_newest_first(client):
    LiveArticleFactory(headline="Oldest", published_at=hours_ago(3))
    LiveArticleFactory(headline="Newest", published_at=hours_ago(1))
    LiveArticleFactory(headline="Middle", published_at=hours_ago(2))
    page = Page(client.get("/"))
    lead = page.find("article", class_="lead-story")
    assert lead.find("h2").text == "Newest"
    assert lead.find("h2").find("a").attrs["href"] == "/articles/" + (
        Article.objects.get(headline="Newest").slug + "/"
    )
    latest = page.find("section", aria_labelledby="latest-heading")
    assert headlines(latest) == ["Middle", "Oldest"]


def test_each_section_shows_its_newest_stories(client):
    sport = SectionFactory(name="Sport", slug="sport", position=2)
    LiveArticleFactory(headline="News story", published_at=hours_ago(2))
    for hours in range(1, 6):
        LiveArticleFactory(headline=f"Sport {hours}", section=sport, published_at=hours_ago(hours))
    page = Page(client.get("/"))
    sport_section = page.find("section", aria_labelledby="section-sport-heading")
    assert sport_section.find("h2").find("a").attrs["href"] == "/sections/sport/"
    assert headlines(sport_section) == ["Sport 1", "Sport 2", "Sport 3"]
    news = page.find("section", aria_labelledby="section-news-heading")
    assert headlines(news) == ["News story"]
    nav = page.find("nav", aria_label="Sections")
    assert [a.text for a in nav.find_all("a")] == ["News", "Sport", "People"]


def test_the_lead_story_shows_its_first_picture(client):
    article = LiveArticleFactory()
    picture = CaptionFactory(article=article, caption="The scene", credit="A. Photographer")
    Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=picture, position=1)
    figure = Page(client.get("/")).find("article", class_="lead-story").find("figure")
    assert figure.find("figcaption").text == "The scene Picture: A. Photographer"
    assert figure.find("img").attrs["alt"] == picture.alt_text


def test_the_front_page_leads_with_the_barton_story(client):
    call_command("load_story", stdout=io.StringIO())
    page = Page(client.get("/"))
    lead = page.find("article", class_="lead-story")
    assert lead.find("a", href="/articles/durham-chief-constable-mike-barton-to-retire/").text == (
        "Durham Police chief Mike Barton to retire"
    )
    assert lead.find("time").text == "28 February 2019"
    assert len(lead.find_all("figcaption")) == 1
    assert page.canonical() == "http://testserver/"
    assert page.find("input", type="search").attrs["name"] == "q"
    assert page.find("form", role="search").attrs["action"] == "/search/"


@pytest.mark.parametrize("state", NOT_LIVE.values(), ids=NOT_LIVE.keys())
def test_a_story_that_is_not_live_is_not_on_the_front_page(client, state):
    LiveArticleFactory(headline="Seen", published_at=hours_ago(2))
    hidden = ArticleFactory(
        headline="Unseen", section=SectionFactory(name="Hidden", slug="h"), **state
    )
    response = client.get("/")
    assert "Unseen" not in response.text
    assert hidden.get_absolute_url() not in response.text
    # Nor is a section whose only story is hidden.
    assert "/sections/h/" not in response.text


def test_an_empty_site_has_a_front_page(client):
    page = Page(client.get("/"))
    assert page.find("p", class_="empty").text == "There are no stories yet."


def test_the_front_page_takes_a_few_queries_however_many_stories(
    client, django_assert_max_num_queries
):
    for number in range(30):
        section = SectionFactory(name=f"Section {number % 5}", slug=f"section-{number % 5}")
        article = LiveArticleFactory(section=section)
        picture = CaptionFactory(article=article)
        Block.objects.create(article=article, kind=Block.Kind.IMAGE, caption=picture)
    with django_assert_max_num_queries(5):
        assert client.get("/").status_code == 200
