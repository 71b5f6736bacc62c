"""
Only live content reaches the public: the one rule (Article.objects.live())
decides which pictures, quotes, tags, people and organisations are seen too.
"""

import pytest

from articles.models import Caption, Quote, Tag
from articles.tests.factories import (
    REACHES,
    CaptionFactory,
    LiveArticleFactory,
    QuoteFactory,
    TagFactory,
)
from people.models import Organisation, Person
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db


def test_pictures_and_quotes_are_live_only_with_their_story(hidden_story):
    live = LiveArticleFactory()
    seen = (CaptionFactory(article=live), QuoteFactory(article=live))
    CaptionFactory(article=hidden_story)
    QuoteFactory(article=hidden_story)
    assert list(Caption.objects.live()) == [seen[0]]
    assert list(Quote.objects.live()) == [seen[1]]


def test_a_tag_is_seen_only_on_a_live_story(hidden_story):
    seen, unseen = TagFactory(), TagFactory()
    LiveArticleFactory().tags.add(seen)
    hidden_story.tags.add(unseen)
    assert list(Tag.objects.live()) == [seen]


@pytest.mark.parametrize("reach", REACHES.values(), ids=REACHES.keys())
def test_a_person_is_public_only_when_a_live_story_reaches_them(hidden_story, reach):
    person = PersonFactory()
    reach(hidden_story, person)
    assert not Person.objects.public().exists()
    reach(LiveArticleFactory(), person)
    assert list(Person.objects.public()) == [person]


def test_an_organisation_is_public_through_a_public_career_or_a_live_story(hidden_story):
    force, council, paper, secret = OrganisationFactory.create_batch(4)
    public_person, hidden_person = PersonFactory(), PersonFactory()
    LiveArticleFactory(publisher=paper).people.add(public_person)
    hidden_story.people.add(hidden_person)
    PositionFactory(person=public_person, organisation=force)
    PositionFactory(person=hidden_person, organisation=secret)
    hidden_story.publisher = council
    hidden_story.save()
    assert set(Organisation.objects.public()) == {force, paper}
