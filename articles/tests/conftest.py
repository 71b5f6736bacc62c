"""Fixtures for the API's tests: newsroom accounts by role, each with a DRF token."""

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import Article
from articles.tests.clock import stopped_clock
from articles.tests.factories import NOT_LIVE, ArticleFactory, newsroom_account

# Two stories for the cache's tests (here and in newsroom/tests).
from articles.tests.fixtures import person, story_a, story_b  # noqa: F401

STORY_SLUG = "durham-chief-constable-mike-barton-to-retire"


# The newsroom's accounts are staff: they work in the admin as well as through the API.


@pytest.fixture
def reporter(db):
    return newsroom_account("reporter", "Reporters", is_staff=True)


@pytest.fixture
def other_reporter(db):
    return newsroom_account("other-reporter", "Reporters", is_staff=True)


@pytest.fixture
def editor(db):
    return newsroom_account("editor", "Editors", is_staff=True)


@pytest.fixture
def superuser(db):
    return newsroom_account("admin", is_staff=True, is_superuser=True)


@pytest.fixture
def partner(db):
    """An API account of a partner site: in the Partners group, nothing more."""
    return newsroom_account("partner", "Partners")


@pytest.fixture
def reader(db):
    """An account with a token but no newsroom role: an API consumer."""
    return newsroom_account("reader")


class NewsroomClient(APIClient):
    """
    An API client that sends back a story's ETag as a careful consumer does:
    ``client.patch(url, data, **client.if_match(url))``. PUT, PATCH and
    DELETE need it (428 without, 412 when stale).
    """

    def current_etag(self, url):
        """The ETag of ``url`` as this client reads it now, or None if it cannot read it."""
        response = self.get(url)
        return response["ETag"] if response.status_code == 200 else None

    def if_match(self, url):
        """
        The If-Match a write to ``url`` sends, as keyword arguments for the
        client: the current ETag, or nothing if this client cannot read the
        story (the write is then refused before If-Match is looked at).
        """
        etag = self.current_etag(url)
        return {} if etag is None else {"HTTP_IF_MATCH": etag}


@pytest.fixture
def api():
    """An anonymous API client."""
    return NewsroomClient()


@pytest.fixture
def api_as():
    """``api_as(user)``: an API client sending ``user``'s token."""

    def client_for(user):
        client = NewsroomClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return client_for


@pytest.fixture
def story(db):
    """The retirement story, loaded as `manage.py load_story` loads it: live."""
    call_command("load_story", verbosity=0)
    return Article.objects.get(slug=STORY_SLUG)


@pytest.fixture(params=NOT_LIVE.values(), ids=NOT_LIVE.keys())
def hidden_story(request, db):
    """A story readers must not see: a draft, in review, unpublished or scheduled."""
    return ArticleFactory(headline="The hidden story", **request.param)


@pytest.fixture
def clock(monkeypatch):
    """The newsroom's clock, stopped at the current second, for the test to move."""
    return stopped_clock(monkeypatch)
