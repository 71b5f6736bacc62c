"""
No public page or API answer scans the archive on PostgreSQL: every query a
reader's or an API consumer's request makes is one an index can serve, so
its cost does not grow with the number of stories (issue 10, item 6).

A test database is a few dozen stories, at which sizes the planner rightly
prefers to read a whole table. So each query is explained with sequential
scans priced out (``SET LOCAL enable_seqscan = off``): the planner then
takes any index that can serve the query, and a ``Seq Scan`` that remains
means none can. (Inserting enough rows for the real choice would take
minutes per run, and the planner's choice on a test database, never
vacuumed, would still not be production's.) How fast the queries then are
at 100,000 stories is measured, not tested: see bench/README.md.
"""

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from articles.corpus import generate
from articles.models import Article, Block, Caption, Quote, Section, Tag
from articles.models.stories import NEWEST_FIRST
from people.models import Person

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans are PostgreSQL's"),
]

# The tables that grow with the archive: stories, their parts, and the
# tables that join people and tags to them.
ARCHIVE_TABLES = {
    model._meta.db_table
    for model in (
        Article,
        Block,
        Caption,
        Quote,
        Article.tags.through,
        Article.authors.through,
        Article.people.through,
        Caption.people.through,
    )
}


# What the planner is told to avoid whenever another way will do: reading a
# whole table, and joining two whole tables where each row's partners could
# be looked up by index (both look cheap on a small table).
PRICED_OUT = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")


def scans(plan):
    """The tables a JSON plan (a node and those under it) reads with a sequential scan."""
    found = [plan["Relation Name"]] if plan["Node Type"] == "Seq Scan" else []
    for child in plan.get("Plans", ()):
        found += scans(child)
    return found


def plan(sql, priced_out=PRICED_OUT):
    """The planner's JSON plan for ``sql`` with the ``priced_out`` settings off."""
    with connection.cursor() as cursor:
        for setting in priced_out:
            cursor.execute(f"SET LOCAL {setting} = off")
        try:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (explained,) = cursor.fetchone()
        finally:
            for setting in priced_out:
                cursor.execute(f"SET LOCAL {setting} = on")
    return explained[0]["Plan"]


def archive_scans(sql):
    """The archive's tables ``sql`` scans when any index that could serve it may be used."""
    return sorted(set(scans(plan(sql))) & ARCHIVE_TABLES)


def compose(queryset):
    sql, params = queryset.query.sql_with_params()
    return connection.ops.compose_sql(sql, params)


@pytest.fixture
def archive(db):
    """The seed story and its people, among a few dozen realistic ones."""
    call_command("load_story", verbosity=0)
    generate(40, seed=10)


def public_urls():
    story = Article.objects.live().get(slug="durham-chief-constable-mike-barton-to-retire")
    section = Section.objects.live().first()
    tag = Tag.objects.live().first()
    day = story.published_at.date().isoformat()
    return [
        "/",
        story.get_absolute_url(),
        section.get_absolute_url(),
        f"{section.get_absolute_url()}?page=2",
        tag.get_absolute_url(),
        f"{tag.get_absolute_url()}?page=2",
        "/people/",
        "/people/?page=2",
        "/people/mike-barton/",
        "/people/mike-barton/stories/",
        "/people/mike-barton/stories/?page=2",
        "/people/mike-barton/quotes/",
        "/people/mike-barton/pictures/",
        "/search/?q=police",
        "/search/?q=police&page=2",
        "/corrections/",
        "/feeds/latest/",
        "/api/v1/articles/",
        "/api/v1/articles/?page=2&page_size=5",
        f"/api/v1/articles/?published_after={day}&published_before={day}",
        "/api/v1/articles/?published_after=2000-01-01",
        "/api/v1/articles/?ordering=published_at",
        "/api/v1/articles/?ordering=-published_at",
        "/api/v1/articles/?ordering=headline",
        "/api/v1/articles/?ordering=-updated_at",
        f"/api/v1/articles/?section={section.slug}",
        f"/api/v1/articles/?tag={tag.slug}",
        "/api/v1/articles/?featuring=mike-barton",
        "/api/v1/articles/?q=police",
        f"/api/v1/articles/{story.slug}/",
        "/api/v1/people/",
        "/api/v1/people/?page=2&page_size=5",
        "/api/v1/people/mike-barton/",
        "/api/v1/quotes/",
        "/api/v1/quotes/?speaker=mike-barton",
        "/api/v1/captions/",
        "/api/v1/captions/?person=mike-barton",
        "/api/v1/organisations/",
        "/api/v1/sections/",
    ]


def test_no_public_page_or_api_answer_scans_the_archive(archive, client):
    url_scans = {}
    for url in public_urls():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        selects = [query["sql"] for query in queries if query["sql"].startswith("SELECT")]
        assert selects, url
        for sql in selects:
            if tables := archive_scans(sql):
                url_scans.setdefault(url, []).append(f"{', '.join(tables)}: {sql}")
    assert not url_scans, "\n".join(
        f"{url} scans {scan}" for url, scans in url_scans.items() for scan in scans
    )


def test_the_check_finds_a_scan(archive):
    # A story's words are in no index that a substring match could use.
    scan = Article.objects.filter(standfirst__contains="police")
    assert archive_scans(compose(scan)) == ["articles_article"]


def indexes(plan):
    """The indexes a JSON plan (a node and those under it) reads."""
    found = [plan["Index Name"]] if "Index Name" in plan else []
    for child in plan.get("Plans", ()):
        found += indexes(child)
    return found


def indexes_read(queryset):
    """
    The indexes ``queryset`` reads when sorting is priced out as well: an
    index that gives the rows in the order asked for is then walked, as it
    is at 100,000 stories when the planner expects to find the few rows it
    needs early on.
    """
    return set(indexes(plan(compose(queryset), (*PRICED_OUT, "enable_sort"))))


NEWEST_FIRST_INDEX = "article_newest_idx"


def test_one_persons_lists_are_read_from_their_own_rows(archive):
    # Walking the archive's newest-first index for someone's few stories (or
    # none: Mike Barton writes no bylines) reads every story at 100,000.
    person = Person.objects.get(slug="mike-barton")
    lists = [
        # The profile's latest few (``Person.read_latest()``).
        *person.latest().values(),
        person.quotes_said()[:5],
        person.pictures_of()[:5],
        person.stories_featuring()[:20],
        Article.objects.live().featuring(person)[:20],
    ]
    for stories in lists:
        assert NEWEST_FIRST_INDEX not in indexes_read(stories), compose(stories)


def test_the_check_finds_a_walk_of_the_newest_first_index(archive):
    person = Person.objects.get(slug="mike-barton")
    walk = person.bylined_stories.live().order_by(*NEWEST_FIRST)[:5]
    assert NEWEST_FIRST_INDEX in indexes_read(walk)


def nodes(plan):
    """A JSON plan's nodes: it and every node under it."""
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def keys_read(latest):
    """
    How ``latest``, a ``newest_few()``, chooses its few keys: each table
    read under the plan's one LIMIT, as (node type, index).
    """
    planned = plan(compose(latest))
    (keys,) = [node for node in nodes(planned) if node["Node Type"] == "Limit"]
    return {
        (node["Node Type"], node.get("Index Name"))
        for node in nodes(keys)
        if "Relation Name" in node
    }


@pytest.mark.django_db(transaction=True)
def test_a_profiles_latest_few_are_chosen_from_indexes_alone(archive):
    # Mike Barton is in 1,500 of 100,000 stories: reading each of those
    # stories' full rows only to sort them and keep five cost more than the
    # rest of his profile. The five are chosen from keys and dates that
    # indexes hold, his own first and each story's by its key, and only
    # their rows are read; for his bylines (he has none) the same plan finds
    # none at once. (Outside a transaction generate() vacuums the tables it
    # filled, so that index-only scans pay, as on a loaded archive.)
    latest = Person.objects.get(slug="mike-barton").latest()
    lists = [
        (latest["latest_stories"], "articleperson_person_idx"),
        (latest["latest_bylines"], "article_authors_person_idx"),
        (latest["latest_quotes"], "quote_speaker_idx"),
    ]
    with transaction.atomic():  # for plan()'s SET LOCAL
        for few, persons_keys in lists:
            assert keys_read(few) == {
                ("Index Only Scan", persons_keys),
                ("Index Only Scan", "article_live_by_id_idx"),
            }, compose(few)
