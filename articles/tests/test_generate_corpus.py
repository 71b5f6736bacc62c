"""
`manage.py generate_corpus`: a synthetic archive for benchmarks, written in
bulk but made of rows the edit path would accept.
"""

import io
import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from articles import corpus
from articles.markup import sanitise
from articles.models import Article, ArticlePerson, Block, Caption, Quote
from articles.quoting import appears_verbatim
from articles.search import refresh_search_vector
from people.models import Person, TimelineEntry

pytestmark = pytest.mark.django_db

STORIES = 30
SEED_SLUG = "durham-chief-constable-mike-barton-to-retire"

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


@pytest.fixture(autouse=True)
def fewer_people(monkeypatch):
    """A small archive with the least people it may have: a few dozen, to keep tests fast."""
    monkeypatch.setattr(corpus, "MIN_PEOPLE", 60)


def today():
    return timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)


def snapshot():
    """What readers would read of the archive, with no database ids in it."""
    return [
        (
            story.headline,
            story.slug,
            story.standfirst,
            story.status,
            story.published_at,
            story.embargoed_until,
            story.expires_at,
            story.section.slug,
            sorted(story.tags.values_list("slug", flat=True)),
            sorted(story.authors.values_list("slug", flat=True)),
            list(story.article_people.values_list("person__slug", "role")),
            list(story.blocks.values_list("kind", "text")),
            list(story.quotes.values_list("text", "speaker__slug")),
        )
        for story in Article.objects.select_related("section").order_by("slug")
    ]


def test_the_command_adds_the_stories_it_says_with_people_to_scale(capsys):
    out = io.StringIO()
    call_command("generate_corpus", "--stories", str(STORIES), "--seed", "3", stdout=out)

    assert Article.objects.count() == STORIES
    people = Person.objects.count()
    assert people >= corpus.MIN_PEOPLE
    assert TimelineEntry.objects.exists()
    summary = out.getvalue()
    assert f"Generated {STORIES:,} stories" in summary
    assert f"{people:,} people" in summary
    assert f"{Block.objects.count():,} blocks" in summary
    assert f"{Quote.objects.count():,} quotes" in summary
    assert summary.count("\n") == 1
    for story in Article.objects.all():
        assert 8 <= story.blocks.count() <= 30
        assert story.quotes.count() >= 2
        assert story.publisher_id is not None
        assert story.authors.exists()
        assert story.article_people.count() >= 2


def test_quiet_at_verbosity_zero():
    out = io.StringIO()
    call_command("generate_corpus", "--stories", "2", verbosity=0, stdout=out)
    assert out.getvalue() == ""
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--stories", "0"], "--stories: must be from 1 to 1,000,000"),
        (["--stories", "-5"], "--stories: must be from 1 to 1,000,000"),
        (["--stories", "1000001"], "--stories: must be from 1 to 1,000,000"),
        (["--stories", "many"], "--stories: must be a whole number"),
        (["--stories", "5", "--batch", "0"], "--batch: must be from 1 to 10,000"),
        (["--stories", "5", "--seed", "-1"], "--seed: must be from 0"),
    ],
)
def test_bad_arguments_are_refused_clearly(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("generate_corpus", *arguments, stdout=io.StringIO())
    assert not Article.objects.exists()


def test_the_same_seed_gives_the_same_archive():
    now = today()
    with transaction.atomic():
        corpus.generate(STORIES, seed=11, batch=7, now=now)
        first = snapshot()
        transaction.set_rollback(True)
    corpus.generate(STORIES, seed=11, batch=30, now=now)
    assert snapshot() == first
    with transaction.atomic():
        Article.objects.all().delete()
        corpus.generate(STORIES, seed=12, now=now)
        assert snapshot() != first
        transaction.set_rollback(True)


def test_a_second_run_adds_stories_and_people_with_slugs_of_their_own():
    corpus.generate(STORIES, seed=5)
    people = Person.objects.count()
    corpus.generate(STORIES, seed=5)

    slugs = list(Article.objects.values_list("slug", flat=True))
    assert len(slugs) == 2 * STORIES
    assert len(set(slugs)) == len(slugs)
    assert Person.objects.count() == 2 * people
    assert Person.objects.values("slug").distinct().count() == 2 * people


def test_most_stories_are_live_over_ten_years():
    counts = corpus.generate(150, seed=2)
    live = Article.objects.live()

    assert live.count() == counts.live
    assert 0.85 * 150 < counts.live < 150
    years = set(live.values_list("published_at__year", flat=True))
    assert len(years) >= corpus.YEARS - 1


def test_the_other_stories_are_in_every_other_state(monkeypatch):
    monkeypatch.setattr(corpus, "STATES", dict.fromkeys(corpus.STATES, 0.1))
    counts = corpus.generate(100, seed=2)
    stories = Article.objects

    assert (
        stories.live().count() == counts.live == counts.states["live"] + counts.states["expiring"]
    )
    assert stories.live().filter(expires_at__isnull=False).count() == counts.states["expiring"]
    assert stories.filter(status="draft").count() == counts.states["draft"] > 0
    assert stories.filter(status="in_review").count() == counts.states["in_review"] > 0
    assert stories.filter(status="unpublished").count() == counts.states["unpublished"] > 0
    assert stories.expired().count() == counts.states["expired"] > 0
    assert stories.embargoed().count() == counts.states["embargoed"] > 0
    scheduled = stories.scheduled().filter(embargoed_until__isnull=True)
    assert scheduled.count() == counts.states["scheduled"] > 0


def test_every_quote_stands_in_its_story_and_is_said_by_someone_in_it():
    corpus.generate(STORIES, seed=4)
    assert Quote.objects.count() >= 2 * STORIES
    for story in Article.objects.prefetch_related("blocks", "quotes", "article_people"):
        text = story.body_text()
        people = {row.person_id for row in story.article_people.all()}
        for quote in story.quotes.all():
            assert appears_verbatim(quote.text, text), quote.text
            assert quote.speaker_id in people


def test_the_rows_are_ones_the_edit_path_would_publish():
    """A sample passes every model check, and nothing stops any story going live."""
    counts = corpus.generate(STORIES, seed=8)
    assert counts.pictures, "choose a seed with a picture in it"
    stories = Article.objects.all()
    for story in stories:
        assert story.publication_errors() == []
    for story in random.Random(0).sample(list(stories), 10):
        story.full_clean()
        for block in story.blocks.all():
            text = block.text
            block.full_clean()
            # Stored as the edit path would store it: nothing for sanitising to change.
            assert block.text == text == sanitise(text, inline=block.inline_markup)
        for part in [*story.quotes.all(), *story.captions.all(), *story.article_people.all()]:
            part.full_clean()
    for person in Person.objects.all()[:50]:
        person.full_clean()
    for entry in TimelineEntry.objects.all()[:50]:
        entry.full_clean()
    caption = Caption.objects.first()
    assert caption.people.exists()
    assert caption.image.storage.exists(caption.image.name)
    assert caption.renditions.largest is not None


def test_the_people_already_there_appear_in_a_share_of_the_stories(monkeypatch):
    call_command("load_story", stdout=io.StringIO())
    barton = Person.objects.get(slug=corpus.BUSIEST_SLUG)
    before = ArticlePerson.objects.filter(person=barton).count()
    monkeypatch.setattr(corpus, "BUSIEST_SHARE", 0.3)
    corpus.generate(STORIES, seed=6)

    in_generated = ArticlePerson.objects.filter(person=barton).count() - before
    assert 0 < in_generated < STORIES


def test_pages_cached_before_show_the_new_stories(client):
    call_command("load_story", stdout=io.StringIO())
    section = Article.objects.get().section
    page = section.get_absolute_url()
    before = client.get(page).content.decode()
    corpus.generate(STORIES, seed=9)

    newest = Article.objects.live().filter(section=section).exclude(slug=SEED_SLUG).first()
    assert newest.get_absolute_url() not in before
    assert newest.get_absolute_url() in client.get(page).content.decode()


@only_postgresql
def test_generated_stories_are_found_by_the_sites_search(client):
    corpus.generate(STORIES, seed=10)
    story = Article.objects.live().order_by("pk")[5]
    paragraph = story.blocks.filter(kind=Block.Kind.PARAGRAPH).last().plain_text
    query = " ".join(paragraph.split()[:6])

    assert story in Article.objects.live().search(query)
    response = client.get(reverse("articles:search"), {"q": story.headline})
    assert story.get_absolute_url() in response.content.decode()


def assert_vectors_as_an_edit_gives_them():
    vectors = dict(Article.objects.values_list("pk", "search_vector"))
    assert all(vectors.values())
    # The edit path's way: one story at a time.
    for pk in vectors:
        refresh_search_vector(Article.objects.filter(pk=pk))
    assert dict(Article.objects.values_list("pk", "search_vector")) == vectors


@only_postgresql
def test_search_vectors_are_the_ones_an_edit_would_give():
    corpus.generate(STORIES, seed=10, batch=7)
    assert_vectors_as_an_edit_gives_them()


@only_postgresql
@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_vectors_are_filled_beside_the_next_batch():
    """Committed batch by batch, the vectors are filled on a connection of their own."""
    corpus.generate(STORIES, seed=10, batch=7)
    assert_vectors_as_an_edit_gives_them()
