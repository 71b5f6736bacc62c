"""
Only live content reaches API consumers: a draft, a story in review, an
unpublished or a scheduled story is absent from every list, detail, filter,
count, quote, picture, person and organisation, whatever the query asks.
Newsroom staff with a token read their drafts through the same endpoints.
"""

import pytest
from django.contrib.auth.models import Permission

from articles.models import Article, ArticlePerson
from articles.tests.conftest import newsroom_account
from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
)
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(params=list(NOT_LIVE), ids=list(NOT_LIVE))
def hidden(request):
    """
    A story readers must not see, with everything that could give it away:
    its own section, tag, author, a person only it mentions, quotes,
    pictures and a publisher only it names.
    """
    section = SectionFactory(name="Secret section", slug="secret-section")
    story = ArticleFactory(
        slug="hidden-story",
        headline="Zanzibar exclusive",
        section=section,
        publisher=OrganisationFactory(slug="hidden-publisher"),
        **NOT_LIVE[request.param],
    )
    ParagraphFactory(article=story, text="The mayor said: “Zanzibar is next.”")
    person = PersonFactory(slug="hidden-person")
    PositionFactory(person=person, organisation=OrganisationFactory(slug="hidden-employer"))
    ArticlePerson.objects.create(article=story, person=person)
    story.authors.add(PersonFactory(slug="hidden-author"))
    story.tags.add(TagFactory(slug="hidden-tag"))
    QuoteFactory(article=story, speaker=person, text="Zanzibar is next.")
    CaptionFactory(article=story, caption="A secret picture").people.add(person)
    return story


@pytest.fixture
def live(db):
    """A live story, whose person is also quoted in the hidden one."""
    story = LiveArticleFactory(slug="live-story", headline="Council tax to rise")
    ParagraphFactory(article=story, text="She said: “We will carry on.”")
    speaker = PersonFactory(slug="public-person")
    QuoteFactory(article=story, speaker=speaker, text="We will carry on.")
    CaptionFactory(article=story).people.add(speaker)
    return story


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


LISTS = [
    "/api/v1/articles/",
    "/api/v1/quotes/",
    "/api/v1/captions/",
    "/api/v1/people/",
    "/api/v1/organisations/",
]


@pytest.fixture(params=["anonymous", "reader"])
def consumer(request, api, api_as, reader):
    """An API consumer: anonymous, or with a token for an account with no newsroom role."""
    return api if request.param == "anonymous" else api_as(reader)


def test_hidden_story_is_absent_from_every_list_and_count(consumer, hidden, live):
    hidden.quotes.update(speaker=live.quotes.get().speaker)
    for url in LISTS:
        data = consumer.get(url).json()
        text = str(data)
        for giveaway in ("hidden", "Zanzibar", "secret"):
            assert giveaway not in text, url
        assert data["count"] == len(data["results"])
    assert consumer.get("/api/v1/articles/").json()["count"] == 1
    assert consumer.get("/api/v1/quotes/").json()["count"] == 1
    assert consumer.get("/api/v1/captions/").json()["count"] == 1


QUERIES = [
    {"status": "draft"},
    {"status": "in_review"},
    {"status": "published"},
    {"ordering": "-published_at"},
    {"ordering": "published_at"},
    {"ordering": "-updated_at,headline"},
    {"section": "secret-section"},
    {"tag": "hidden-tag"},
    {"person": "hidden-person"},
    {"author": "hidden-author"},
    {"q": "Zanzibar"},
    {"published_after": "2000-01-01"},
    {"published_before": "2100-01-01"},
    {"page_size": "100"},
    {"id": "1"},
    {"slug": "hidden-story"},
]


def test_no_query_brings_a_hidden_story_into_the_list(consumer, hidden, live):
    for params in QUERIES:
        listed = [item["slug"] for item in results(consumer.get("/api/v1/articles/", params))]
        assert set(listed) <= {"live-story"}, params


def test_status_in_the_query_changes_nothing_for_readers(consumer, hidden, live):
    plain = consumer.get("/api/v1/articles/").json()
    assert consumer.get("/api/v1/articles/", {"status": "draft"}).json() == plain
    assert consumer.get("/api/v1/articles/", {"ordering": "status"}).status_code == 400


def test_a_hidden_story_and_its_people_are_404(consumer, hidden):
    for url in [
        "/api/v1/articles/hidden-story/",
        "/api/v1/articles/hidden-story/?format=ninjs",
        "/api/v1/articles/hidden-story/?status=draft",
        "/api/v1/people/hidden-person/",
        "/api/v1/people/hidden-author/",
    ]:
        response = consumer.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        assert "Zanzibar" not in response.content.decode()


def test_guessing_ids_finds_nothing(consumer, hidden):
    for url in [
        f"/api/v1/articles/{hidden.pk}/",
        f"/api/v1/quotes/{hidden.quotes.get().pk}/",
        f"/api/v1/captions/{hidden.captions.get().pk}/",
    ]:
        assert consumer.get(url).status_code == 404, url


FILTERS = [
    ("/api/v1/quotes/", {"speaker": "hidden-person"}),
    ("/api/v1/quotes/", {"article": "hidden-story"}),
    ("/api/v1/quotes/", {"q": "Zanzibar"}),
    ("/api/v1/captions/", {"person": "hidden-person"}),
    ("/api/v1/captions/", {"article": "hidden-story"}),
    ("/api/v1/people/", {"organisation": "hidden-employer"}),
    ("/api/v1/people/", {"q": "hidden"}),
    ("/api/v1/organisations/", {"kind": "police_force"}),
]


def test_filters_do_not_reach_hidden_parts(consumer, hidden, live):
    for url, params in FILTERS:
        assert "hidden" not in str(results(consumer.get(url, params))), (url, params)


def test_a_public_persons_profile_leaves_out_their_hidden_quotes_and_stories(
    consumer, hidden, live
):
    person = live.quotes.get().speaker
    hidden.quotes.update(speaker=person)
    hidden.captions.get().people.add(person)
    hidden.authors.add(person)
    data = consumer.get(f"/api/v1/people/{person.slug}/").json()
    assert [quote["text"] for quote in data["quotes"]] == ["We will carry on."]
    assert [story["slug"] for story in data["articles"]] == ["live-story"]
    assert data["articles"][0]["roles"] == ["quoted", "pictured"]


def test_a_scheduled_story_appears_when_its_time_comes(api, clock):
    story = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=1),
    )
    QuoteFactory(article=story, text="He said")
    assert api.get("/api/v1/articles/").json()["count"] == 0
    assert api.get("/api/v1/quotes/").json()["count"] == 0
    # Time passes: nothing is saved.
    clock.move_to(story.published_at)
    assert api.get("/api/v1/articles/").json()["count"] == 1
    assert api.get("/api/v1/quotes/").json()["count"] == 1
    assert api.get(f"/api/v1/articles/{story.slug}/").status_code == 200


# Newsroom staff ------------------------------------------------------------------


@pytest.fixture
def drafts(reporter, other_reporter):
    return {
        "mine": ArticleFactory(slug="my-draft", created_by=reporter),
        "theirs": ArticleFactory(slug="their-draft", created_by=other_reporter),
        "review": ArticleFactory(
            slug="in-review", status=Article.Status.IN_REVIEW, created_by=other_reporter
        ),
    }


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        ("reader", {"live-story"}),
        ("reporter", {"live-story", "my-draft"}),
        ("editor", {"live-story", "my-draft", "their-draft", "in-review"}),
        ("superuser", {"live-story", "my-draft", "their-draft", "in-review"}),
    ],
)
def test_staff_read_the_stories_their_role_allows(request, api_as, live, drafts, role, seen):
    client = api_as(request.getfixturevalue(role))
    listed = {item["slug"] for item in results(client.get("/api/v1/articles/"))}
    assert listed == seen
    for slug in ["live-story", "my-draft", "their-draft", "in-review"]:
        expected = 200 if slug in seen else 404
        assert client.get(f"/api/v1/articles/{slug}/").status_code == expected, slug


def test_a_draft_shows_its_status_to_its_reporter(api_as, reporter, drafts):
    data = api_as(reporter).get("/api/v1/articles/my-draft/").json()
    assert data["status"] == "draft"
    assert data["published_at"] is None


def test_quotes_and_pictures_lists_stay_live_only_for_staff(api_as, editor, hidden, live):
    client = api_as(editor)
    assert client.get("/api/v1/quotes/").json()["count"] == 1
    assert client.get("/api/v1/captions/").json()["count"] == 1
    assert client.get("/api/v1/articles/hidden-story/").status_code == 200


def test_a_permission_granted_to_the_account_itself_counts_too(api_as, live, drafts):
    desk = newsroom_account("night-desk")
    desk.user_permissions.add(Permission.objects.get(codename="publish_article"))
    listed = {item["slug"] for item in results(api_as(desk).get("/api/v1/articles/"))}
    assert listed == {"live-story", "my-draft", "their-draft", "in-review"}


def test_an_inactive_accounts_token_is_refused(api_as, editor, drafts):
    client = api_as(editor)
    editor.is_active = False
    editor.save()
    response = client.get("/api/v1/articles/my-draft/")
    assert response.status_code == 401
    assert response.json()["detail"] == "User inactive or deleted."
