"""
The front page: the lead story and the stories editors pinned after it, the
latest of the rest, each section's newest; live only, and each story once.
"""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Block, FrontPage, FrontPageSlot
from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    SectionFactory,
)
from articles.tests.test_admin import admin_url, form_errors, formset
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


def test_each_section_shows_its_newest_stories_not_already_higher_up(client):
    sport = SectionFactory(name="Sport", slug="sport", position=2)
    LiveArticleFactory(headline="News story", published_at=hours_ago(20))
    for hours in range(1, 15):
        LiveArticleFactory(headline=f"Sport {hours}", section=sport, published_at=hours_ago(hours))
    page = Page(client.get("/"))
    # The lead and the ten latest are Sport 1 to 11: the section goes on from there.
    sport_section = page.find("section", aria_labelledby="section-sport-heading")
    assert sport_section.find("h2").find("a").attrs["href"] == "/sections/sport/"
    assert headlines(sport_section) == ["Sport 12", "Sport 13", "Sport 14"]
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
    FrontPage.objects.current().arrange(Article.objects.all()[5:8])
    # Sections, the pinned stories and their pictures, the latest and their
    # pictures, each section's newest; and, as stories were just saved, the
    # page cache's timetable.
    with django_assert_max_num_queries(7):
        assert client.get("/").status_code == 200


# Editors' choice: the lead and the pinned stories.


def everything_on(page):
    """Every story the front page links to, from top to bottom, as its path."""
    return [
        heading.find("a").attrs["href"]
        for heading in page.find_all(class_="lead-headline")
        + page.find_all(class_="summary-headline")
    ]


def test_editors_choose_the_lead_and_pin_more_in_order_and_the_rest_follow_newest_first(
    client, editor
):
    oldest, older, newer, newest = (
        LiveArticleFactory(headline=headline, published_at=hours_ago(hours))
        for headline, hours in (("Oldest", 4), ("Older", 3), ("Newer", 2), ("Newest", 1))
    )
    FrontPage.objects.current().arrange([older, oldest], by=editor)

    page = Page(client.get("/"))

    assert page.find("article", class_="lead-story").find("h2").text == "Older"
    top = page.find("section", aria_labelledby="top-stories-heading")
    assert headlines(top) == ["Oldest"]
    latest = page.find("section", aria_labelledby="latest-heading")
    assert headlines(latest) == ["Newest", "Newer"]


def test_no_story_appears_twice_on_the_front_page(client):
    sport = SectionFactory(name="Sport", slug="sport", position=2)
    stories = [
        LiveArticleFactory(published_at=hours_ago(n), **({"section": sport} if n % 2 else {}))
        for n in range(1, 20)
    ]
    FrontPage.objects.current().arrange([stories[7], stories[2], stories[15]])

    on_page = everything_on(Page(client.get("/")))

    # The lead, two more pinned, the ten latest, then what is left: three of
    # Sport's and the two of News's not already higher up. Each story once.
    assert len(on_page) == len(set(on_page)) == 1 + 2 + 10 + 3 + 2
    assert on_page[:3] == [stories[n].get_absolute_url() for n in (7, 2, 15)]


@pytest.mark.parametrize("state", NOT_LIVE.values(), ids=NOT_LIVE.keys())
def test_a_pinned_story_that_is_not_live_is_never_shown_to_readers(client, state):
    hidden = ArticleFactory(headline="Pinned but hidden", **state)
    second = LiveArticleFactory(headline="Pinned and live", published_at=hours_ago(5))
    LiveArticleFactory(headline="Newest", published_at=hours_ago(1))
    FrontPage.objects.current().arrange([hidden, second])

    response = client.get("/")

    assert "Pinned but hidden" not in response.text
    assert hidden.get_absolute_url() not in response.text
    # The next live pinned story leads in its place.
    page = Page(response)
    assert page.find("article", class_="lead-story").find("h2").text == "Pinned and live"
    assert headlines(page.find("section", aria_labelledby="latest-heading")) == ["Newest"]


def test_a_scheduled_pinned_story_leads_once_its_time_comes(client, clock):
    LiveArticleFactory(headline="Today's news", published_at=hours_ago(1))
    scheduled = ArticleFactory(
        headline="The embargoed report",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=1),
    )
    FrontPage.objects.current().arrange([scheduled])
    assert "The embargoed report" not in client.get("/").text

    # Its time comes with nothing saved.
    clock.move_to(scheduled.published_at)

    lead = Page(client.get("/")).find("article", class_="lead-story")
    assert lead.find("h2").text == "The embargoed report"


def test_a_change_to_the_front_page_is_shown_to_readers_at_once(client, editor):
    LiveArticleFactory(headline="First lead", published_at=hours_ago(1))
    second = LiveArticleFactory(headline="Second lead", published_at=hours_ago(2))
    front_page = FrontPage.objects.current()

    def lead():
        return Page(client.get("/")).find("article", class_="lead-story").find("h2").text

    assert lead() == "First lead"
    assert lead() == "First lead"  # now from the page cache
    front_page.arrange([second], by=editor)
    assert lead() == "Second lead"
    front_page.arrange([], by=editor)
    assert lead() == "First lead"
    front_page.arrange([second], by=editor)
    assert lead() == "Second lead"
    # A story deleted is no longer pinned.
    second.delete()
    assert lead() == "First lead"
    assert not FrontPageSlot.objects.exists()


def test_each_arrangement_is_a_version_recording_who_and_when(editor):
    stories = LiveArticleFactory.create_batch(3)
    front_page = FrontPage.objects.current()

    assert front_page.arrange([stories[2], stories[0]], by=editor)
    assert not front_page.arrange([stories[2], stories[0]], by=editor)  # nothing to change

    front_page.refresh_from_db()
    assert front_page.arranged_by == editor
    assert timezone.now() - front_page.arranged_at < datetime.timedelta(minutes=1)
    assert front_page.pinned_stories == [stories[2], stories[0]]
    (version,) = Version.objects.get_for_object(front_page)
    assert version.revision.user == editor
    assert version.revision.comment == f"Front page: 1. {stories[2]}; 2. {stories[0]}"


def test_a_story_pinned_twice_or_too_many_pinned_is_refused_and_nothing_changes():
    stories = LiveArticleFactory.create_batch(FrontPage.MOST_PINNED + 1)
    front_page = FrontPage.objects.current()
    front_page.arrange(stories[:2])

    with pytest.raises(ValidationError, match="pinned twice"):
        front_page.arrange([stories[0], stories[1], stories[0]])
    with pytest.raises(ValidationError, match=f"at most {FrontPage.MOST_PINNED}"):
        front_page.arrange(stories)

    assert front_page.pinned_stories == stories[:2]


def test_only_editors_arrange_the_front_page(reporter):
    story = LiveArticleFactory()
    with pytest.raises(PermissionDenied):
        FrontPage.objects.current().arrange([story], by=reporter)
    assert not FrontPageSlot.objects.exists()


# The front page in the admin.


def test_an_editor_pins_stories_in_the_admin_by_place(client, editor):
    stories = LiveArticleFactory.create_batch(4)
    client.force_login(editor)
    url = admin_url(FrontPage, "change", FrontPage.objects.current().pk)
    assert client.get(admin_url(FrontPage, "changelist")).url == url
    page = client.get(url)
    assert page.status_code == 200
    # Empty rows offer the next places.
    assert page.context["inline_admin_formsets"][0].formset.forms[0].initial == {"position": 1}

    response = client.post(
        url,
        formset(
            "slots",
            [
                {"position": 5, "article": stories[1].pk},
                {"position": 2, "article": stories[3].pk},
                {"position": 3, "article": ""},
            ],
        ),
    )

    assert response.status_code == 302, form_errors(response)
    front_page = FrontPage.objects.get()
    assert front_page.pinned_stories == [stories[3], stories[1]]
    assert list(front_page.slots.values_list("position", flat=True)) == [1, 2]
    assert front_page.arranged_by == editor

    # In one save: the lead moves down, the second is removed, a new one leads.
    lead, second = front_page.slots.all()
    response = client.post(
        url,
        formset(
            "slots",
            [
                {
                    "id": lead.pk,
                    "front_page": front_page.pk,
                    "position": 2,
                    "article": lead.article_id,
                },
                {
                    "id": second.pk,
                    "front_page": front_page.pk,
                    "position": 1,
                    "article": second.article_id,
                    "DELETE": "on",
                },
                {"position": 1, "article": stories[0].pk},
            ],
        ),
    )
    assert response.status_code == 302, form_errors(response)
    assert FrontPage.objects.get().pinned_stories == [stories[0], stories[3]]


def test_the_admin_refuses_a_story_pinned_twice(client, editor):
    story = LiveArticleFactory()
    client.force_login(editor)
    url = admin_url(FrontPage, "change", FrontPage.objects.current().pk)

    response = client.post(
        url,
        formset(
            "slots",
            [{"position": 1, "article": story.pk}, {"position": 2, "article": story.pk}],
        ),
    )

    assert response.status_code == 200
    assert "is pinned twice: a story appears once on the front page" in response.text
    assert not FrontPageSlot.objects.exists()


def test_a_reporter_cannot_open_or_change_the_front_page_in_the_admin(client, reporter):
    story = LiveArticleFactory()
    front_page = FrontPage.objects.current()
    client.force_login(reporter)
    url = admin_url(FrontPage, "change", front_page.pk)

    assert client.get(admin_url(FrontPage, "changelist")).status_code == 403
    assert client.get(url).status_code == 403
    response = client.post(url, formset("slots", [{"position": 1, "article": story.pk}]))
    assert response.status_code == 403
    assert not FrontPageSlot.objects.exists()
    assert admin_url(FrontPage, "changelist") not in client.get("/admin/").text


def test_the_admin_shows_which_pinned_stories_readers_see(client, editor):
    live = LiveArticleFactory(headline="Live one")
    draft = ArticleFactory(headline="Draft one")
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(days=1)
    )
    front_page = FrontPage.objects.current()
    front_page.arrange([draft, live, scheduled])
    client.force_login(editor)

    page = Page(client.get(admin_url(FrontPage, "change", front_page.pk)))

    states = [cell.text for cell in page.find_all("td", class_="field-on_the_page")][:3]
    assert states[0] == "Skipped until published: draft"
    assert states[1] == "Shown"
    assert states[2].startswith("Not yet: scheduled for")
    assert "Lead: Live one" in page.find("div", class_="field-readers_see").text
