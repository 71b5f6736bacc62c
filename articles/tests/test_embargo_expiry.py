"""
A story's embargo, schedule and expiry, kept by the clock alone: a story
waiting for its time or its embargo is nowhere public until that second and
everywhere from it; an expiring story is everywhere until its expiry second
and nowhere from it (its page and API detail answer 410 Gone). Nothing is
saved when the time comes, and the page cache, warm all along, changes at
that second. Partners read embargoed stories through the API and ninjs,
marked as embargoed; nobody else does. Only editors set the times.
"""

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.editing import EditRefused, EditStory
from articles.models import Article, ArticlePerson
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    TagFactory,
    newsroom_account,
)
from articles.tests.test_admin import inline_prefixes, saved_rows, story_fields, story_post
from people.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

SLUG = "zanzibar-harbour-reopens"
PAGE = f"/articles/{SLUG}/"
DETAIL = f"/api/v1/articles/{SLUG}/"
NINJS_SCHEMA = Path(__file__).resolve().parent.parent / "api" / "schemas" / "ninjs-schema_2.4.json"


@pytest.fixture
def columnist(clock):
    """A columnist with a live story of their own, so their profile is public anyway."""
    person = PersonFactory(name="Colm Columnist", slug="columnist")
    LiveArticleFactory(
        headline="An older story", slug="older-story", published_at=clock.after(days=-1)
    ).authors.add(person)
    return person


def make_story(columnist, **times):
    """
    The Zanzibar story, published with ``times``, with everything that could
    give it away: a tag, a publisher and a mayor found nowhere else, its quote
    and picture of the mayor; bylined to the columnist, whose profile and
    feed are public through another story.
    """
    story = ArticleFactory(
        headline="Zanzibar harbour reopens",
        slug=SLUG,
        status=Article.Status.PUBLISHED,
        publisher=OrganisationFactory(name="Harbour Press", slug="harbour-press"),
        **times,
    )
    ParagraphFactory(article=story, text="The mayor said: “The harbour is open.”")
    mayor = PersonFactory(name="Mayor of the Harbour", slug="harbour-mayor")
    ArticlePerson.objects.create(article=story, person=mayor)
    QuoteFactory(article=story, speaker=mayor, text="The harbour is open.")
    CaptionFactory(article=story, caption="The harbour at dawn").people.add(mayor)
    story.tags.add(TagFactory(name="Harbours", slug="harbours"))
    story.authors.add(columnist)
    return story


def sightings(client, api):
    """
    Where the public sees the story now, surface by surface: pages and feeds
    read by an anonymous browser (with the page cache), the API by ``api``.
    """

    def page_shows(url, link=PAGE):
        response = client.get(url)
        return response.status_code == 200 and link in response.content.decode()

    def listed(url, slug=SLUG, **params):
        response = api.get(url, params)
        assert response.status_code == 200, (url, params, response.content)
        return slug in {item["slug"] for item in response.json()["results"]}

    def found(url):
        return api.get(url).status_code == 200

    day = timezone.localdate().isoformat()
    profile = api.get("/api/v1/people/columnist/").json()
    quotes = api.get("/api/v1/quotes/").json()["results"]
    captions = api.get("/api/v1/captions/").json()["results"]
    return {
        "story page": client.get(PAGE).status_code == 200,
        "front page": page_shows("/"),
        "section page": page_shows("/sections/news/"),
        "tag page": page_shows("/tags/harbours/"),
        "search page": page_shows("/search/?q=harbour"),
        "latest feed": page_shows("/feeds/latest/"),
        "latest Atom feed": page_shows("/feeds/latest/atom/"),
        "section feed": page_shows("/feeds/sections/news/"),
        "feed of someone in the story": page_shows("/feeds/people/columnist/"),
        "feed of someone only in the story": page_shows("/feeds/people/harbour-mayor/"),
        "sitemap": page_shows("/sitemap-stories.xml"),
        "profile in the sitemap": page_shows("/sitemap-profiles.xml", "/people/harbour-mayor/"),
        "news sitemap": page_shows("/sitemap-news.xml"),
        "people index": page_shows("/people/", "/people/harbour-mayor/"),
        "profile of someone only in the story": client.get("/people/harbour-mayor/").status_code
        == 200,
        "profile listing the story": page_shows("/people/columnist/"),
        "API list": listed("/api/v1/articles/"),
        "API detail": found(DETAIL),
        "API ninjs": found(f"{DETAIL}?format=ninjs"),
        "API section filter": listed("/api/v1/articles/", section="news"),
        "API tag filter": listed("/api/v1/articles/", tag="harbours"),
        "API person filter": listed("/api/v1/articles/", person="harbour-mayor"),
        "API author filter": listed("/api/v1/articles/", author="columnist"),
        "API day filter": listed("/api/v1/articles/", published_after="2000-01-01")
        and listed("/api/v1/articles/", published_before=day),
        "API search": listed("/api/v1/articles/", q="harbour"),
        "API quotes": any(quote["article"]["slug"] == SLUG for quote in quotes),
        "API captions": any(caption["article"]["slug"] == SLUG for caption in captions),
        "API people": listed("/api/v1/people/", slug="harbour-mayor"),
        "API person only in the story": found("/api/v1/people/harbour-mayor/"),
        "API profile listing the story": SLUG in {story["slug"] for story in profile["articles"]},
        "API organisations": listed("/api/v1/organisations/", slug="harbour-press"),
    }


def parse(value):
    """A time as the API writes it, to compare with the story's."""
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def nowhere(seen):
    return [surface for surface, shown in seen.items() if shown]


def everywhere_but(seen):
    return [surface for surface, shown in seen.items() if not shown]


# Waiting stories go live at their second, everywhere, with nothing saved.

WAITING = {
    "embargoed": lambda clock: {
        "published_at": clock.after(hours=-1),
        "embargoed_until": clock.after(hours=1),
    },
    "scheduled": lambda clock: {"published_at": clock.after(hours=1)},
    "scheduled and embargoed": lambda clock: {
        "published_at": clock.after(hours=1),
        "embargoed_until": clock.after(hours=2),
    },
}


@pytest.mark.parametrize("times", WAITING.values(), ids=WAITING.keys())
def test_a_waiting_story_is_nowhere_public_until_its_second_then_everywhere_with_nothing_saved(
    client, api, clock, columnist, times
):
    story = make_story(columnist, **times(clock))
    edited = story.updated_at
    goes_live = story.live_from
    assert nowhere(sightings(client, api)) == []
    clock.move_to(goes_live - datetime.timedelta(seconds=1))
    assert nowhere(sightings(client, api)) == []
    clock.move_to(goes_live)
    assert everywhere_but(sightings(client, api)) == []
    story.refresh_from_db()
    assert story.updated_at == edited


def test_an_expiring_story_leaves_every_public_surface_at_its_expiry_second(
    client, api, clock, columnist
):
    story = make_story(
        columnist, published_at=clock.after(hours=-1), expires_at=clock.after(hours=1)
    )
    assert everywhere_but(sightings(client, api)) == []
    clock.move_to(story.expires_at - datetime.timedelta(seconds=1))
    assert everywhere_but(sightings(client, api)) == []
    clock.move_to(story.expires_at)
    assert nowhere(sightings(client, api)) == []
    assert client.get(PAGE).status_code == 410
    assert api.get(DETAIL).status_code == 410


def test_an_expired_story_page_is_410_gone_saying_nothing_of_the_story(client, clock, columnist):
    story = make_story(columnist, published_at=clock.after(hours=-2), expires_at=clock.after())
    response = client.get(PAGE)
    assert response.status_code == 410
    page = response.content.decode()
    assert "This story is no longer available" in page
    assert story.headline not in page
    assert "harbour" not in page.lower()
    assert '<meta name="robots" content="noindex' in page
    assert response["Cache-Control"] == "max-age=60"
    assert client.head(PAGE).status_code == 410


@pytest.mark.parametrize("format", ["json", "ninjs"])
def test_an_expired_story_is_410_gone_in_the_api_with_a_reason(api, clock, columnist, format):
    make_story(columnist, published_at=clock.after(hours=-2), expires_at=clock.after())
    response = api.get(DETAIL, {"format": format})
    assert response.status_code == 410
    assert "no longer available" in response.json()["detail"]
    assert "harbour" not in response.content.decode().lower()


def test_editors_still_read_an_expired_story_through_the_api(api_as, clock, columnist):
    editor = newsroom_account("editor", "Editors")
    make_story(columnist, published_at=clock.after(hours=-2), expires_at=clock.after())
    response = api_as(editor).get(DETAIL, {"format": "ninjs"})
    assert response.status_code == 200
    assert json.loads(response.content)["pubstatus"] == "canceled"


# The page cache


def test_the_cached_story_and_front_page_change_at_the_expiry_second_with_nothing_saved(
    client, clock, columnist, django_assert_max_num_queries
):
    story = make_story(
        columnist, published_at=clock.after(hours=-1), expires_at=clock.after(minutes=5)
    )
    assert client.get(PAGE).status_code == 200
    assert PAGE in client.get("/").content.decode()
    clock.move_to(story.expires_at - datetime.timedelta(seconds=1))
    with django_assert_max_num_queries(0):
        # Still from the cache, with nothing asked of the database.
        assert client.get(PAGE).status_code == 200
    clock.move_to(story.expires_at)
    assert client.get(PAGE).status_code == 410
    assert PAGE not in client.get("/").content.decode()


def test_a_story_expiring_as_another_comes_out_of_embargo_changes_the_cached_pages(client, clock):
    # In one section, one story comes down in the second another goes up: the
    # section's count of live stories and its newest story stay the same.
    at = clock.after(hours=1)
    LiveArticleFactory(headline="Staying", slug="staying", published_at=clock.after(hours=-1))
    leaving = LiveArticleFactory(
        headline="Leaving", slug="leaving", published_at=clock.after(hours=-3), expires_at=at
    )
    coming = ArticleFactory(
        headline="Coming",
        slug="coming",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-4),
        embargoed_until=at,
    )
    front = client.get("/").content.decode()
    assert leaving.get_absolute_url() in front
    assert coming.get_absolute_url() not in front
    clock.move_to(at)
    front = client.get("/").content.decode()
    assert leaving.get_absolute_url() not in front
    assert coming.get_absolute_url() in front
    section = client.get("/sections/news/").content.decode()
    assert leaving.get_absolute_url() not in section
    assert coming.get_absolute_url() in section


def test_shared_caches_keep_an_expiring_story_no_longer_than_it_has_left(
    api, api_as, clock, columnist
):
    make_story(columnist, published_at=clock.after(hours=-1), expires_at=clock.after(seconds=25))
    for url in (DETAIL, "/api/v1/articles/", "/api/v1/quotes/", "/api/v1/captions/"):
        assert api.get(url)["Cache-Control"] == "public, max-age=0, s-maxage=25", url
    clock.advance(seconds=20)
    assert api.get(DETAIL)["Cache-Control"] == "public, max-age=0, s-maxage=5"
    # Any story's expiry changes the lists, and so caps every answer (purges do the rest).
    assert api.get("/api/v1/articles/older-story/")["Cache-Control"] == (
        "public, max-age=0, s-maxage=5"
    )
    clock.advance(seconds=5)
    assert api.get("/api/v1/articles/older-story/")["Cache-Control"] == (
        "public, max-age=0, s-maxage=300, stale-while-revalidate=30"
    )


# Partners


@pytest.fixture
def ninjs_validator():
    schema = json.loads(NINJS_SCHEMA.read_text())
    validator_class = jsonschema.validators.validator_for(schema)
    return validator_class(schema, format_checker=validator_class.FORMAT_CHECKER)


def embargoed_story(clock, columnist):
    return make_story(
        columnist, published_at=clock.after(hours=-1), embargoed_until=clock.after(hours=2)
    )


def test_partners_read_an_embargoed_story_in_the_api_list_detail_and_ninjs_marked_embargoed(
    api_as, partner, clock, columnist, ninjs_validator
):
    story = embargoed_story(clock, columnist)
    until = story.embargoed_until
    client = api_as(partner)
    listed = {item["slug"]: item for item in client.get("/api/v1/articles/").json()["results"]}
    assert listed[SLUG]["embargoed"] is True
    assert parse(listed[SLUG]["embargoed_until"]) == until
    assert listed["older-story"]["embargoed"] is False
    tagged = client.get("/api/v1/articles/", {"tag": "harbours"}).json()["results"]
    assert [item["slug"] for item in tagged] == [SLUG]
    detail = client.get(DETAIL)
    assert detail.status_code == 200
    assert detail.json()["embargoed"] is True
    assert parse(detail.json()["embargoed_until"]) == until
    # What an account sees is its own: no shared cache keeps it.
    assert "private" in detail["Cache-Control"]
    ninjs = client.get(DETAIL, {"format": "ninjs"})
    document = json.loads(ninjs.content)
    assert parse(document["embargoed"]) == until
    assert document["pubstatus"] == "usable"
    assert sorted(ninjs_validator.iter_errors(document), key=str) == []
    assert "private" in ninjs["Cache-Control"]


@pytest.mark.parametrize("who", ["anonymous", "token without a role"])
def test_nobody_but_partners_reads_an_embargoed_story(api, api_as, clock, columnist, who):
    embargoed_story(clock, columnist)
    client = api if who == "anonymous" else api_as(newsroom_account("reader"))
    assert SLUG not in str(client.get("/api/v1/articles/").json())
    for url in (DETAIL, f"{DETAIL}?format=ninjs", "/api/v1/people/harbour-mayor/"):
        assert client.get(url).status_code == 404, url


def test_partners_see_nothing_more_on_the_public_pages(client, partner, clock, columnist):
    embargoed_story(clock, columnist)
    client.force_login(partner)
    assert client.get(PAGE).status_code == 404
    assert PAGE not in client.get("/").content.decode()
    assert client.get("/people/harbour-mayor/").status_code == 404


NOT_FOR_PARTNERS = {
    "draft with an embargo": {"status": Article.Status.DRAFT},
    "in review with an embargo": {"status": Article.Status.IN_REVIEW},
    "unpublished with an embargo": {"status": Article.Status.UNPUBLISHED},
}


@pytest.mark.parametrize("state", NOT_FOR_PARTNERS.values(), ids=NOT_FOR_PARTNERS.keys())
def test_partners_do_not_read_unpublished_stories_under_embargo(
    api_as, partner, clock, columnist, state
):
    story = embargoed_story(clock, columnist)
    Article.objects.filter(pk=story.pk).update(**state)
    client = api_as(partner)
    assert SLUG not in str(client.get("/api/v1/articles/").json())
    assert client.get(DETAIL).status_code == 404


def test_partners_do_not_read_a_scheduled_story_without_an_embargo(
    api_as, partner, clock, columnist
):
    make_story(columnist, published_at=clock.after(hours=1))
    client = api_as(partner)
    assert SLUG not in str(client.get("/api/v1/articles/").json())
    assert client.get(DETAIL).status_code == 404


def test_partners_do_not_read_an_expired_story(api_as, partner, clock, columnist):
    make_story(
        columnist,
        published_at=clock.after(hours=-3),
        embargoed_until=clock.after(hours=-2),
        expires_at=clock.after(hours=-1),
    )
    client = api_as(partner)
    assert SLUG not in str(client.get("/api/v1/articles/").json())
    assert client.get(DETAIL).status_code == 410


def test_at_the_embargo_everyone_reads_the_story_no_longer_marked_with_nothing_saved(
    api, api_as, partner, clock, columnist
):
    story = embargoed_story(clock, columnist)
    assert api.get(DETAIL).status_code == 404
    clock.move_to(story.embargoed_until)
    for client in (api, api_as(partner), api_as(newsroom_account("reader"))):
        detail = client.get(DETAIL)
        assert detail.status_code == 200
        assert detail.json()["embargoed"] is False
        assert "embargoed" not in json.loads(client.get(DETAIL, {"format": "ninjs"}).content)


# Publishing under embargo, and the rules on the times


@pytest.fixture
def draft(reporter):
    story = ArticleFactory(headline="Harbour draft", slug="harbour-draft", created_by=reporter)
    ParagraphFactory(article=story, text="The harbour is quiet.")
    return story


def test_an_embargoed_draft_published_without_a_time_reaches_partners_now_readers_at_the_embargo(
    api, api_as, partner, editor, clock, draft
):
    until = clock.after(hours=3)
    EditStory(draft, by=editor, fields={"embargoed_until": until}).save()
    draft.publish(by=editor)
    draft.refresh_from_db()
    assert draft.published_at == until
    assert draft.is_embargoed
    assert not draft.is_live
    url = "/api/v1/articles/harbour-draft/"
    assert api_as(partner).get(url).status_code == 200
    assert api.get(url).status_code == 404
    clock.move_to(until)
    assert api.get(url).status_code == 200


def test_publishing_after_the_embargo_ends_is_refused_and_changes_nothing(editor, clock, draft):
    EditStory(draft, by=editor, fields={"embargoed_until": clock.after(hours=1)}).save()
    with pytest.raises(ValidationError) as refused:
        draft.publish(by=editor, at=clock.after(hours=2))
    assert "partners would lose the story" in str(refused.value)
    draft.refresh_from_db()
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)


def test_publishing_a_story_whose_expiry_time_has_passed_is_refused(editor, clock, draft):
    Article.objects.filter(pk=draft.pk).update(expires_at=clock.after(hours=-1))
    draft.refresh_from_db()
    with pytest.raises(ValidationError, match="expiry time has passed"):
        draft.publish(by=editor)
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


TIMES_REFUSED = {
    "embargo before the publication time": (
        {"published_at": -2, "embargoed_until": -3},
        "embargoed_until",
        "partners would lose the story in between",
    ),
    "expiry before the publication time": (
        {"published_at": 2, "expires_at": 1},
        "expires_at",
        "must come after the publication time",
    ),
    "expiry at the publication time": (
        {"published_at": 2, "expires_at": 2},
        "expires_at",
        "must come after the publication time",
    ),
    "expiry before the embargo ends": (
        {"published_at": 1, "embargoed_until": 5, "expires_at": 4},
        "expires_at",
        "must come after the embargo ends",
    ),
}


@pytest.mark.parametrize(
    ("times", "field", "message"), TIMES_REFUSED.values(), ids=TIMES_REFUSED.keys()
)
def test_times_out_of_order_are_refused_on_the_field_with_a_reason(
    editor, clock, draft, times, field, message
):
    fields = {name: clock.after(hours=hours) for name, hours in times.items()}
    with pytest.raises(EditRefused) as refused:
        EditStory(draft, by=editor, fields=fields).save()
    assert message in " ".join(refused.value.fields[field])
    draft.refresh_from_db()
    assert (draft.published_at, draft.embargoed_until, draft.expires_at) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "name"), [("embargoed_until", "An embargo"), ("expires_at", "An expiry time")]
)
@pytest.mark.parametrize("year", [1899, 2200])
def test_a_time_no_newsroom_could_mean_is_refused(editor, draft, field, name, year):
    when = datetime.datetime(year, 6, 1, tzinfo=datetime.UTC)
    with pytest.raises(EditRefused) as refused:
        EditStory(draft, by=editor, fields={field: when}).save()
    assert refused.value.fields[field] == [f"{name} is from 1900 to 2199."]


def test_a_live_story_cannot_be_put_back_under_embargo(editor, clock):
    story = LiveArticleFactory()
    with pytest.raises(EditRefused) as refused:
        EditStory(story, by=editor, fields={"embargoed_until": clock.after(hours=1)}).save()
    assert "Readers already have this story" in refused.value.fields["embargoed_until"][0]
    assert Article.objects.live().get() == story


def test_an_editor_may_take_a_live_story_down_at_once_with_its_expiry_time(client, editor, clock):
    story = LiveArticleFactory()
    EditStory(story, by=editor, fields={"expires_at": clock.after()}).save()
    assert client.get(story.get_absolute_url()).status_code == 410


# Who sets the times


def field_messages(response, name):
    """A field's messages in a 400, whichever way the API's errors nest them."""
    data = response.json()
    return data.get("errors", data).get(name)


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("embargoed_until", "Only editors set an embargo."),
        ("expires_at", "Only editors set when a story expires."),
    ],
)
def test_reporters_cannot_set_an_embargo_or_expiry_through_the_api(
    api_as, reporter, draft, field, message
):
    client = api_as(reporter)
    url = "/api/v1/articles/harbour-draft/"
    when = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    changed = client.patch(url, {field: when}, format="json", **client.if_match(url))
    assert changed.status_code == 400
    assert field_messages(changed, field) == [message]
    created = client.post(
        "/api/v1/articles/",
        {"headline": "New", "slug": "new", "standfirst": "New.", "section": "news", field: when},
        format="json",
    )
    assert created.status_code == 400
    assert field_messages(created, field) == [message]
    draft.refresh_from_db()
    assert getattr(draft, field) is None
    assert not Article.objects.filter(slug="new").exists()


@pytest.mark.parametrize("field", ["embargoed_until", "expires_at"])
def test_reporters_cannot_set_an_embargo_or_expiry_through_the_edit_path(reporter, draft, field):
    with pytest.raises(PermissionDenied):
        EditStory(draft, by=reporter, fields={field: timezone.now()}).save()


def test_editors_set_the_embargo_and_expiry_through_the_api(api_as, editor, draft, clock):
    client = api_as(editor)
    url = "/api/v1/articles/harbour-draft/"
    times = {"embargoed_until": clock.after(hours=1), "expires_at": clock.after(days=2)}
    sent = {name: when.isoformat() for name, when in times.items()}
    response = client.patch(url, sent, format="json", **client.if_match(url))
    assert response.status_code == 200, response.content
    assert parse(response.json()["embargoed_until"]) == times["embargoed_until"]
    assert parse(response.json()["expires_at"]) == times["expires_at"]
    draft.refresh_from_db()
    assert draft.embargoed_until == times["embargoed_until"]
    assert draft.expires_at == times["expires_at"]
    refused = client.patch(
        url,
        {"expires_at": clock.after(minutes=30).isoformat()},
        format="json",
        **client.if_match(url),
    )
    assert refused.status_code == 400
    assert "after the embargo ends" in field_messages(refused, "expires_at")[0]


def test_reporters_see_the_times_read_only_in_the_admin_and_editors_set_them(
    client, reporter, editor, draft, clock
):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    client.force_login(reporter)
    page = client.get(url).content.decode()
    assert 'name="embargoed_until_0"' not in page
    assert 'name="expires_at_0"' not in page
    assert "Embargoed until" in page
    assert "Expires at" in page
    client.force_login(editor)
    response = client.get(url)
    page = response.content.decode()
    assert 'name="embargoed_until_0"' in page
    assert 'name="expires_at_1"' in page
    assert 'aria-label="Embargoed until: date"' in page
    assert 'aria-label="Expires at: time"' in page
    until = timezone.localtime(clock.after(hours=5))
    expires = timezone.localtime(clock.after(days=5))
    fields = {
        **story_fields(draft),
        "embargoed_until_0": f"{until:%Y-%m-%d}",
        "embargoed_until_1": f"{until:%H:%M:%S}",
        "expires_at_0": f"{expires:%Y-%m-%d}",
        "expires_at_1": f"{expires:%H:%M:%S}",
    }
    saved = client.post(url, story_post(inline_prefixes(response), fields, saved_rows(draft)))
    assert saved.status_code == 302
    draft.refresh_from_db()
    assert (draft.embargoed_until, draft.expires_at) == (until, expires)


def test_the_admin_refuses_times_out_of_order_on_the_field(client, editor, draft, clock):
    url = reverse("admin:articles_article_change", args=[draft.pk])
    client.force_login(editor)
    response = client.get(url)
    until = timezone.localtime(clock.after(hours=5))
    expires = timezone.localtime(clock.after(hours=4))
    fields = {
        **story_fields(draft),
        "embargoed_until_0": f"{until:%Y-%m-%d}",
        "embargoed_until_1": f"{until:%H:%M:%S}",
        "expires_at_0": f"{expires:%Y-%m-%d}",
        "expires_at_1": f"{expires:%H:%M:%S}",
    }
    refused = client.post(url, story_post(inline_prefixes(response), fields, saved_rows(draft)))
    assert refused.status_code == 200
    errors = refused.context["adminform"].form.errors
    assert "must come after the embargo ends" in str(errors["expires_at"])
    draft.refresh_from_db()
    assert draft.expires_at is None


# Where the newsroom sees a story stand


def test_the_admin_list_says_where_each_story_stands_and_filters_by_it(client, editor, clock):
    ArticleFactory(
        headline="Under embargo",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-1),
        embargoed_until=clock.after(hours=1),
    )
    ArticleFactory(
        headline="Came down",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-2),
        expires_at=clock.after(hours=-1),
    )
    LiveArticleFactory(headline="Up until tomorrow", expires_at=clock.after(days=1))
    client.force_login(editor)
    changelist = reverse("admin:articles_article_changelist")
    page = client.get(changelist).content.decode()
    assert "story-state-embargoed" in page
    assert "Embargoed until" in page
    assert "story-state-expired" in page
    assert "Expired " in page
    assert "story-state-live" in page
    assert ", until " in page

    def listed(state):
        response = client.get(changelist, {"state": state})
        return {str(story) for story in response.context["cl"].result_list}

    assert listed("embargoed") == {"Under embargo"}
    assert listed("expired") == {"Came down"}
    assert listed("live") == {"Up until tomorrow"}
    assert listed("scheduled") == {"Under embargo"}


def test_the_newsroom_day_lists_an_embargoed_story_as_going_live_at_its_embargo(
    client, editor, clock
):
    until = clock.after(hours=2)
    ArticleFactory(
        headline="Under embargo",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-1),
        embargoed_until=until,
    )
    ArticleFactory(
        headline="Scheduled later",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=3),
    )
    client.force_login(editor)
    home = client.get(reverse("admin:index"))
    desks = {desk.title: desk for desk in home.context["newsroom_day"]}
    entries = desks["Scheduled"].entries
    assert [entry.title for entry in entries] == ["Under embargo", "Scheduled later"]
    assert entries[0].when == until
