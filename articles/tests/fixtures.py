"""
Two live stories an hour apart, the first about Mike Barton and quoting him:
the cache's tests change one (or him) and watch what happens to the other.
Import the fixtures into a test module to use them.
"""

import pytest

from articles.models import ArticlePerson
from articles.tests.factories import LiveArticleFactory, ParagraphFactory, QuoteFactory
from people.tests.factories import PersonFactory


@pytest.fixture
def person():
    return PersonFactory(name="Mike Barton", slug="mike-barton")


@pytest.fixture
def story_a(clock, person):
    story = LiveArticleFactory(
        headline="Chief to retire", slug="chief-to-retire", published_at=clock.after(hours=-2)
    )
    ParagraphFactory(article=story, text="The chief said: “Goodbye.”")
    ArticlePerson.objects.create(article=story, person=person)
    QuoteFactory(article=story, speaker=person, text="Goodbye.")
    return story


@pytest.fixture
def story_b(clock):
    story = LiveArticleFactory(
        headline="Harbour reopens", slug="harbour-reopens", published_at=clock.after(hours=-1)
    )
    ParagraphFactory(article=story, text="Boats are back.")
    return story
