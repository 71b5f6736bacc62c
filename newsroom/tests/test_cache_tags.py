"""
The page cache at scale: a hit asks the database nothing, stories still go
live and come down at their second, an edit drops only the pages that show
what changed, and shared caches are told what to drop.
"""

import datetime

import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token

from articles.models import Article, ArticlePerson
from articles.tests.factories import (
    ArticleFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    TagFactory,
    newsroom_account,
)
from newsroom import cache, frontend_cache
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

FRONT = "/"
SECTION = "/sections/news/"


@pytest.fixture
def editor():
    return newsroom_account("editor", "Editors", is_staff=True)


def public_pages(*stories, people=()):
    return [
        FRONT,
        SECTION,
        *(story.get_absolute_url() for story in stories),
        *(person.get_absolute_url() for person in people),
    ]


# 1. A hit asks the database nothing


def test_every_cached_page_is_served_with_no_query(
    client, story_a, story_b, person, django_assert_num_queries
):
    tag = TagFactory(slug="police")
    story_a.tags.add(tag)
    urls = [*public_pages(story_a, story_b, people=[person]), "/tags/police/", "/corrections/"]
    first = {url: client.get(url) for url in urls}
    assert all(response.status_code == 200 for response in first.values())
    for url in urls:
        with django_assert_num_queries(0):
            again = client.get(url)
        assert again.status_code == 200, url
        assert again.content == first[url].content, url


def test_a_scheduled_story_appears_at_its_second_with_nothing_saved(
    client, clock, story_b, django_assert_num_queries
):
    due = clock.after(minutes=10)
    scheduled = ArticleFactory(
        headline="News at ten", status=Article.Status.PUBLISHED, published_at=due
    )
    url = scheduled.get_absolute_url()
    for page in (FRONT, SECTION):
        assert "News at ten" not in client.get(page).text
    assert client.get(url).status_code == 404

    clock.move_to(due - datetime.timedelta(seconds=1))
    with django_assert_num_queries(0):
        for page in (FRONT, SECTION):
            assert "News at ten" not in client.get(page).text

    clock.move_to(due)
    for page in (FRONT, SECTION):
        assert "News at ten" in client.get(page).text, page
    assert client.get(url).status_code == 200
    # The new state is cached in its turn.
    with django_assert_num_queries(0):
        assert "News at ten" in client.get(FRONT).text


def test_an_expiring_story_leaves_every_page_at_its_second(
    client, clock, story_b, django_assert_num_queries
):
    leaving = LiveArticleFactory(
        headline="Leaving soon",
        published_at=clock.after(hours=-1),
        expires_at=clock.after(seconds=30),
    )
    url = leaving.get_absolute_url()
    for page in (FRONT, SECTION, url):
        assert "Leaving soon" in client.get(page).text
    clock.advance(seconds=29)
    with django_assert_num_queries(0):
        for page in (FRONT, SECTION, url):
            assert "Leaving soon" in client.get(page).text
    clock.advance(seconds=1)
    for page in (FRONT, SECTION):
        assert "Leaving soon" not in client.get(page).text, page
    assert client.get(url).status_code == 410


def test_an_embargo_ends_on_time(client, clock, story_b):
    ends = clock.after(hours=1)
    embargoed = ArticleFactory(
        headline="Under embargo",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-1),
        embargoed_until=ends,
    )
    url = embargoed.get_absolute_url()
    assert "Under embargo" not in client.get(FRONT).text
    assert client.get(url).status_code == 404
    clock.move_to(ends - datetime.timedelta(seconds=1))
    assert "Under embargo" not in client.get(FRONT).text
    assert client.get(url).status_code == 404
    clock.move_to(ends)
    assert "Under embargo" in client.get(FRONT).text
    assert client.get(url).status_code == 200


# 2. An edit drops only the pages that show what changed


def test_editing_one_story_leaves_another_storys_cached_page_in_place(
    client, story_a, story_b, django_assert_max_num_queries, django_assert_num_queries
):
    for url in public_pages(story_a, story_b):
        client.get(url)
    # Changed behind the receivers: only a fresh render of B's page could show it.
    Article.objects.filter(pk=story_b.pk).update(headline="Seen only if rendered again")

    story_a.headline = "Chief to retire in June"
    story_a.save()

    assert "Chief to retire in June" in client.get(story_a.get_absolute_url()).text
    assert "Chief to retire in June" in client.get(FRONT).text
    assert "Chief to retire in June" in client.get(SECTION).text
    page_b = client.get(story_b.get_absolute_url())
    assert "Harbour reopens" in page_b.text
    assert "Seen only if rendered again" not in page_b.text
    with django_assert_num_queries(0):
        assert client.get(story_b.get_absolute_url()).content == page_b.content


def test_an_edit_to_a_storys_parts_drops_its_page_and_the_lists_not_other_stories(
    client, story_a, story_b, person
):
    for url in public_pages(story_a, story_b, people=[person]):
        client.get(url)
    Article.objects.filter(pk=story_b.pk).update(headline="Seen only if rendered again")
    CorrectionFactory(article=story_a, text="His title was misstated.")
    assert "His title was misstated." in client.get(story_a.get_absolute_url()).text
    assert "His title was misstated." in client.get("/corrections/").text
    assert "Seen only if rendered again" not in client.get(story_b.get_absolute_url()).text


def test_a_person_taken_out_of_a_story_leaves_its_page_and_their_profile(
    client, story_a, story_b, person
):
    other = LiveArticleFactory(headline="Also quoted")
    ArticlePerson.objects.create(article=other, person=person)
    profile = person.get_absolute_url()
    assert "Chief to retire" in client.get(profile).text
    assert "Mike Barton" in client.get(story_a.get_absolute_url()).text
    story_a.quotes.all().delete()
    ArticlePerson.objects.filter(article=story_a).delete()
    assert "Chief to retire" not in client.get(profile).text
    assert "Mike Barton" not in client.get(story_a.get_absolute_url()).text


def test_a_person_put_in_a_story_appears_on_their_profile(client, story_a, story_b, person):
    profile = person.get_absolute_url()
    assert "Harbour reopens" not in client.get(profile).text
    ArticlePerson.objects.create(article=story_b, person=person)
    assert "Harbour reopens" in client.get(profile).text


def test_an_unpublished_story_leaves_every_cached_page_at_once(client, story_a, story_b, person):
    for url in public_pages(story_a, story_b, people=[person]):
        assert client.get(url).status_code == 200
    story_a.unpublish()
    assert client.get(story_a.get_absolute_url()).status_code == 404
    for url in (FRONT, SECTION):
        assert "Chief to retire" not in client.get(url).text
    assert client.get(person.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["in the story", "quoted", "bylined"])
def test_editing_a_person_leaves_the_pages_that_do_not_show_them_in_place(
    client, clock, story_b, role, django_assert_num_queries
):
    shown = LiveArticleFactory(headline="Chief to retire", published_at=clock.after(hours=-3))
    ParagraphFactory(article=shown, text="The chief said: “Goodbye.”")
    someone = PersonFactory(name="Mike Barton", slug="mike-barton")
    if role == "in the story":
        ArticlePerson.objects.create(article=shown, person=someone)
    elif role == "quoted":
        QuoteFactory(article=shown, speaker=someone, text="Goodbye.")
    else:
        shown.authors.add(someone)
    pages = [shown.get_absolute_url(), story_b.get_absolute_url(), someone.get_absolute_url()]
    for url in pages:
        assert client.get(url).status_code == 200, url
    # Changed behind the receivers: only a fresh render of B's page could show it.
    Article.objects.filter(pk=story_b.pk).update(headline="Seen only if rendered again")

    someone.name = "Michael Barton"
    someone.save()

    assert "Michael Barton" in client.get(shown.get_absolute_url()).text
    assert "Michael Barton" in client.get(someone.get_absolute_url()).text
    with django_assert_num_queries(0):
        page_b = client.get(story_b.get_absolute_url())
    assert "Seen only if rendered again" not in page_b.text


def test_a_career_edit_reaches_the_stories_naming_the_person_and_no_other(
    client, story_a, story_b, person, django_assert_num_queries
):
    force = OrganisationFactory(name="Durham Police")
    for url in public_pages(story_a, story_b, people=[person]):
        client.get(url)
    PositionFactory(
        person=person,
        organisation=force,
        title="Chief Constable",
        start_date=datetime.date(2012, 1, 1),
    )
    assert "Chief Constable" in client.get(story_a.get_absolute_url()).text
    assert "Chief Constable" in client.get(person.get_absolute_url()).text
    with django_assert_num_queries(0):
        client.get(story_b.get_absolute_url())


def test_a_change_to_a_section_reaches_every_page(client, story_a, story_b):
    for url in public_pages(story_a, story_b):
        client.get(url)
    section = story_b.section
    section.name = "Local news"
    section.save()
    for url in public_pages(story_a, story_b):
        assert "Local news" in client.get(url).text, url


def test_a_new_section_in_the_navigation_reaches_every_page(client, story_a, story_b):
    from articles.tests.factories import SectionFactory

    for url in public_pages(story_a, story_b):
        client.get(url)
    sport = SectionFactory(name="Sport", slug="sport")
    # Saving the section alone changes no page: no live story is in it yet.
    LiveArticleFactory(section=sport, headline="Cup final")
    for url in public_pages(story_a, story_b):
        assert 'href="/sections/sport/"' in client.get(url).text, url


# 3. Shared caches


def test_public_pages_say_how_long_shared_caches_may_keep_them(client, story_a, story_b, person):
    for _ in range(2):  # rendered, then from the cache
        response = client.get(story_a.get_absolute_url())
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=300, stale-while-revalidate=30"
        )
        assert response["Surrogate-Key"] == f"person:{person.pk} story:{story_a.pk} all"
        assert response["Cache-Tag"] == f"person:{person.pk},story:{story_a.pk},all"
    front = client.get(FRONT)
    assert front["Surrogate-Key"] == "all lists"
    assert front["Cache-Tag"] == "all,lists"


@override_settings(PAGE_SHARED_MAX_AGE=120, PAGE_STALE_WHILE_REVALIDATE=15)
def test_the_shared_max_age_comes_from_the_settings(client, story_a):
    response = client.get(FRONT)
    assert (
        response["Cache-Control"] == "public, max-age=0, s-maxage=120, stale-while-revalidate=15"
    )


def test_shared_caches_keep_no_page_past_the_next_change_by_the_clock(client, clock, story_a):
    LiveArticleFactory(published_at=clock.after(hours=-1), expires_at=clock.after(seconds=100))
    url = story_a.get_absolute_url()
    assert client.get(url)["Cache-Control"] == "public, max-age=0, s-maxage=100"
    clock.advance(seconds=60)
    # From the cache, with what is left now.
    assert client.get(url)["Cache-Control"] == "public, max-age=0, s-maxage=40"


def test_a_story_not_live_yet_is_not_found_in_shared_caches_only_until_it_is(
    client, clock, story_a
):
    scheduled = ArticleFactory(
        status=Article.Status.PUBLISHED, published_at=clock.after(minutes=2)
    )
    response = client.get(scheduled.get_absolute_url())
    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=120"


def test_feeds_and_api_answers_are_kept_by_shared_caches_as_pages_are(client, story_a, person):
    for url in ("/feeds/latest/", "/feeds/corrections/", "/api/v1/articles/"):
        response = client.get(url)
        assert response["Cache-Control"] == (
            "public, max-age=0, s-maxage=300, stale-while-revalidate=30"
        ), url
        assert response["Surrogate-Key"] == "all lists", url
    for _ in range(2):  # rendered, then from the cache
        detail = client.get(f"/api/v1/articles/{story_a.slug}/")
        assert detail["Surrogate-Key"] == f"person:{person.pk} story:{story_a.pk} all"
    profile = client.get(f"/api/v1/people/{person.slug}/")
    assert profile["Surrogate-Key"] == f"person:{person.pk} all lists"


def test_a_page_naming_more_people_than_a_header_holds_is_purged_with_the_lists(client, story_a):
    many = PersonFactory.create_batch(120)
    story_a.authors.add(*many)
    response = client.get(story_a.get_absolute_url())
    keys = response["Surrogate-Key"].split()
    assert len(response["Surrogate-Key"]) <= cache.SURROGATE_KEY_MAX
    assert len(response["Cache-Tag"]) <= cache.SURROGATE_KEY_MAX
    # Its own tag kept; "lists", which every purge of a person names, for those left out.
    assert {f"story:{story_a.pk}", "lists", "all"} <= set(keys)
    assert len(keys) < 120


def test_feeds_and_api_answers_to_signed_in_accounts_stay_private(client, story_a, editor):
    token = Token.objects.create(user=editor)
    client.force_login(editor)
    for url in ("/feeds/latest/", "/api/v1/articles/"):
        response = client.get(url, headers={"authorization": f"Token {token.key}"})
        assert "private" in response["Cache-Control"], url
        assert not response.has_header("Surrogate-Key"), url


def test_editors_pages_stay_private_and_name_no_keys(client, story_a, editor):
    client.force_login(editor)
    response = client.get(story_a.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "s-maxage" not in response["Cache-Control"]
    assert not response.has_header("Surrogate-Key")


class RecordingPurger:
    """Records what the page cache asks shared caches to drop."""

    purges = []

    def purge(self, tags, urls):
        self.purges.append((set(tags), set(urls)))


@pytest.fixture
def purges(settings):
    settings.FRONTEND_CACHE_PURGER = f"{__name__}.RecordingPurger"
    settings.SITE_URL = "https://news.example"
    RecordingPurger.purges = []
    return RecordingPurger.purges


def settle(purges):
    """
    What the test's fixtures changed, as if committed before it began (the
    test's transaction never commits): purged, and forgotten.
    """
    cache._after_commit("default")
    purges.clear()


def only_purge(purges):
    assert len(purges) == 1, purges
    return purges[0]


def test_a_publish_purges_its_page_and_the_lists(
    purges, django_capture_on_commit_callbacks, editor
):
    story = ArticleFactory(slug="new-story", status=Article.Status.IN_REVIEW)
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(by=editor)
    tags, urls = only_purge(purges)
    assert tags == {f"story:{story.pk}", "lists"}
    assert urls == {"https://news.example/articles/new-story/"}


def test_an_edit_purges_its_page_and_the_lists_only(
    purges, django_capture_on_commit_callbacks, story_a, story_b
):
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        story_a.headline = "Chief to retire in June"
        story_a.save()
    tags, urls = only_purge(purges)
    assert tags == {f"story:{story_a.pk}", "lists"}
    assert f"story:{story_b.pk}" not in tags
    assert urls == {"https://news.example/articles/chief-to-retire/"}


def test_a_correction_purges_its_storys_page_and_the_lists(
    purges, django_capture_on_commit_callbacks, story_a
):
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        CorrectionFactory(article=story_a, text="His title was misstated.")
    tags, _ = only_purge(purges)
    assert tags == {f"story:{story_a.pk}", "lists"}


def test_an_unpublish_purges_its_page_and_the_lists(
    purges, django_capture_on_commit_callbacks, story_a
):
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        story_a.unpublish()
    tags, urls = only_purge(purges)
    assert tags == {f"story:{story_a.pk}", "lists"}
    assert urls == {"https://news.example/articles/chief-to-retire/"}


def test_a_delete_purges_its_page_and_the_lists(
    purges, django_capture_on_commit_callbacks, story_a
):
    pk = story_a.pk
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        story_a.delete()
    tags, urls = only_purge(purges)
    assert tags == {f"story:{pk}", "lists"}
    assert urls == {"https://news.example/articles/chief-to-retire/"}


def test_a_change_to_a_person_purges_their_pages_and_the_lists(
    purges, django_capture_on_commit_callbacks, person, story_a
):
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        person.biography = "A police officer for 39 years."
        person.save()
    tags, urls = only_purge(purges)
    assert tags == {f"person:{person.pk}", "lists"}
    assert urls == set()


def test_a_change_to_a_career_purges_the_persons_pages_and_the_lists(
    purges, django_capture_on_commit_callbacks, person
):
    force = OrganisationFactory(name="Durham Police")
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        PositionFactory(person=person, organisation=force, title="Chief Constable")
    tags, _ = only_purge(purges)
    assert tags == {f"person:{person.pk}", "lists"}


def test_a_change_to_an_organisation_purges_every_page(purges, django_capture_on_commit_callbacks):
    organisation = OrganisationFactory(name="Durham Police")
    settle(purges)
    with django_capture_on_commit_callbacks(execute=True):
        organisation.name = "Durham Constabulary"
        organisation.save()
    tags, _ = only_purge(purges)
    # Careers and bylines anywhere may show it: not traced to people.
    assert tags == {"all"}


def test_nothing_is_purged_before_the_transaction_commits(
    purges, django_capture_on_commit_callbacks, story_a
):
    settle(purges)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story_a.save()
    assert purges == []
    for callback in callbacks:
        callback()
    assert len(purges) == 1


def test_the_default_purger_does_nothing(story_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story_a.save()


# The purgers, with what they would send recorded instead of sent


@pytest.fixture
def sent(monkeypatch):
    requests = []

    def record(request):
        requests.append(request)
        return 200

    monkeypatch.setattr(frontend_cache, "_send", record)
    return requests


def test_the_varnish_purger_purges_by_key_then_by_address(sent):
    purger = frontend_cache.HTTPPurger("http://varnish:6081/")
    purger.purge(["lists", "story:7"], ["https://news.example/articles/seven/"])
    by_key, by_address = sent
    assert by_key.get_method() == "PURGE"
    assert by_key.full_url == "http://varnish:6081/"
    assert by_key.get_header("Xkey") == "lists story:7"
    assert by_key.get_header("Surrogate-key") == "lists story:7"
    assert by_address.get_method() == "PURGE"
    assert by_address.full_url == "http://varnish:6081/articles/seven/"
    assert by_address.get_header("Host") == "news.example"


def test_the_cloudflare_purger_purges_tags_and_addresses_in_batches(sent):
    import json

    purger = frontend_cache.CloudflarePurger(zone="zone1", token="secret")
    tags = [f"story:{n}" for n in range(31)]
    purger.purge(tags, ["https://news.example/articles/seven/"])
    assert [request.full_url for request in sent] == [
        "https://api.cloudflare.com/client/v4/zones/zone1/purge_cache"
    ] * 3
    assert all(request.get_method() == "POST" for request in sent)
    assert sent[0].get_header("Authorization") == "Bearer secret"
    bodies = [json.loads(request.data) for request in sent]
    assert bodies == [
        {"tags": tags[:30]},
        {"tags": tags[30:]},
        {"files": ["https://news.example/articles/seven/"]},
    ]


def test_a_purge_that_fails_is_logged_and_the_save_stands(
    settings, django_capture_on_commit_callbacks, story_a, caplog, monkeypatch
):
    settings.FRONTEND_CACHE_PURGER = "newsroom.frontend_cache.HTTPPurger"
    settings.FRONTEND_CACHE_PURGE_URL = "http://varnish:6081/"

    def fail(request):
        raise OSError("connection refused")

    monkeypatch.setattr(frontend_cache, "_send", fail)
    with django_capture_on_commit_callbacks(execute=True):
        story_a.headline = "Saved all the same"
        story_a.save()
    assert Article.objects.get(pk=story_a.pk).headline == "Saved all the same"
    assert "Could not purge" in caplog.text
