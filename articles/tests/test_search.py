"""
The reader's search, /search/?q=: finds live stories by any of their words,
best match first, with the matching words highlighted in an escaped snippet;
any query at all gives a clean page.
"""

import io
import re

import pytest
import reversion
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from articles.search import (
    MAX_QUERY_LENGTH,
    RESULTS_PER_PAGE,
    START,
    STOP,
    clean_query,
    snippet_html,
)
from articles.tests.factories import (
    CaptionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = reverse("articles:search")


def search(client, query, **params):
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response


def found(response):
    """The stories on the page, best first."""
    page = response.context["page"]
    return list(page) if page else []


def snippets(response):
    return re.findall(r'<p class="snippet">(.*?)</p>', response.content.decode(), re.S)


@pytest.mark.parametrize(
    "write",
    [
        lambda story: setattr(story, "headline", "Zeppelin lands") or story.save(),
        lambda story: setattr(story, "standfirst", "A zeppelin landed.") or story.save(),
        lambda story: ParagraphFactory(article=story, text="Then a zeppelin landed."),
        lambda story: CaptionFactory(article=story, caption="The zeppelin on the green"),
        lambda story: QuoteFactory(article=story, text="I saw the zeppelin land."),
    ],
    ids=["headline", "standfirst", "paragraph", "caption", "quote"],
)
def test_search_finds_a_story_by_any_of_its_words(client, write):
    story = LiveArticleFactory()
    write(story)
    LiveArticleFactory(headline="Nothing to see")
    assert found(search(client, "zeppelin")) == [story]


def test_a_headline_match_comes_before_a_body_only_match(client):
    in_body = LiveArticleFactory(headline="Council meets")
    ParagraphFactory(article=in_body, text="Talk turned to the zeppelin.")
    in_headline = LiveArticleFactory(headline="Zeppelin over Durham")
    # Older than the body match, so only the ranking can put it first.
    in_headline.published_at = in_body.published_at.replace(year=2001)
    in_headline.save()
    assert found(search(client, "zeppelin")) == [in_headline, in_body]


def test_every_word_of_the_query_must_be_in_the_story(client):
    both = LiveArticleFactory(headline="Zeppelin over Durham")
    LiveArticleFactory(headline="Zeppelin over York")
    assert found(search(client, "Durham zeppelin")) == [both]


def test_the_snippet_highlights_the_matching_words(client):
    story = LiveArticleFactory()
    ParagraphFactory(article=story, text="Nobody expected the zeppelin to land on the green.")
    [snippet] = snippets(search(client, "Zeppelin"))
    assert "the <mark>zeppelin</mark> to land" in snippet


def test_the_snippet_escapes_what_the_reporter_typed(client):
    story = LiveArticleFactory()
    ParagraphFactory(
        article=story, text='The zeppelin & "<b>Tom</b>" <script>alert(1)</script> landed'
    )
    response = search(client, "zeppelin")
    [snippet] = snippets(response)
    assert "<mark>zeppelin</mark> &amp;" in snippet
    # PostgreSQL's excerpt leaves tags out, the plain one escapes them: either
    # way the only markup in a snippet is its own <mark>.
    assert "<" not in re.sub(r"</?mark>", "", snippet)
    assert "<script>alert" not in response.content.decode()


def test_the_results_show_headline_link_standfirst_and_date(client):
    story = LiveArticleFactory(headline="Zeppelin lands", standfirst="On the green, at noon.")
    html = search(client, "zeppelin").content.decode()
    assert f'<a href="{story.get_absolute_url()}">Zeppelin lands</a>' in html
    assert "On the green, at noon." in html
    published = timezone.localtime(story.published_at).replace(microsecond=0)
    assert f'<time datetime="{published.isoformat()}"' in html


def test_the_search_page_is_not_indexed(client):
    assert '<meta name="robots" content="noindex">' in search(client, "zeppelin").content.decode()


def test_results_come_a_page_at_a_time_with_the_count(client):
    LiveArticleFactory.create_batch(RESULTS_PER_PAGE + 2, headline="Zeppelin sighted")
    first = search(client, "zeppelin")
    assert len(found(first)) == RESULTS_PER_PAGE
    assert f"{RESULTS_PER_PAGE + 2} stories match" in first.content.decode()
    # The next page's link keeps the query.
    assert 'href="?q=zeppelin&amp;page=2" rel="next">Next</a>' in first.content.decode()
    second = search(client, "zeppelin", page=2)
    assert len(found(second)) == 2
    assert not set(found(first)) & set(found(second))


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", 1), ("999999", 2), ("0", 2), ("-1", 2), ("1.5", 1), ("", 1)],
)
def test_a_bad_page_number_gives_the_first_or_last_page(client, page, expected):
    LiveArticleFactory.create_batch(RESULTS_PER_PAGE + 1, headline="Zeppelin sighted")
    assert search(client, "zeppelin", page=page).context["page"].number == expected


def test_a_story_that_is_not_live_is_never_found_nor_counted(client, hidden_story):
    hidden_story.headline = "Zeppelin secret"
    hidden_story.save()
    ParagraphFactory(article=hidden_story, text="The zeppelin is a secret.")
    CaptionFactory(article=hidden_story, caption="The secret zeppelin")
    QuoteFactory(article=hidden_story, text="Keep the zeppelin secret.")
    seen = LiveArticleFactory(headline="Zeppelin seen")
    response = search(client, "zeppelin secret")
    assert found(response) == []
    assert "No stories match" in response.content.decode()
    response = search(client, "zeppelin")
    assert found(response) == [seen]
    assert "1 story matches" in response.content.decode()
    assert "secret" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "x" * 10240,
        "zeppelin " * 1200,
        "!!!???",
        "'; DROP TABLE articles_article; --",
        "<script>alert(1)</script>",
        "%",
        "_",
        "\x00",
        "zeppelin\x00",
        '"zeppelin',
        "zeppelin OR",
        "-zeppelin",
        "zeppelin & | ! :* ( )",
        "the",
        "\ue000zeppelin\ue001",
    ],
    ids=[
        "empty",
        "spaces",
        "10 kB",
        "10 kB of words",
        "punctuation",
        "SQL",
        "HTML",
        "percent",
        "underscore",
        "NUL",
        "NUL in a word",
        "unclosed quote",
        "dangling or",
        "negation",
        "tsquery operators",
        "stop word",
        "private-use characters",
    ],
)
def test_any_query_gives_a_clean_page(client, query):
    LiveArticleFactory(headline="Zeppelin sighted")
    response = search(client, query)
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html
    assert Article.objects.count() == 1


@pytest.mark.parametrize("query", ["", "!!!???", "%", "_", "\x00", " \t\n "])
def test_a_query_with_nothing_to_search_for_asks_for_a_search_term(client, query):
    LiveArticleFactory(headline="Zeppelin sighted")
    response = search(client, query)
    assert response.context["page"] is None
    assert "Type a word or two" in response.content.decode()


def test_the_query_comes_back_escaped(client):
    html = search(client, "<script>alert(1)</script>").content.decode()
    assert "“&lt;script&gt;alert(1)&lt;/script&gt;”" in html
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in html


def test_a_long_query_is_cut_to_its_first_two_hundred_characters():
    assert clean_query("zeppelin " * 1200) == ("zeppelin " * 1200)[:MAX_QUERY_LENGTH].strip()
    assert len(clean_query("x" * 10240)) == MAX_QUERY_LENGTH


def test_a_nul_byte_is_dropped_from_the_query():
    assert clean_query("zep\x00pelin") == "zep pelin"


def test_a_snippet_holds_no_markup_but_its_own_balanced_marks():
    marked = f"<b>a</b> {START}b{START}c{STOP} & {STOP}d{START}"
    assert snippet_html(marked) == "&lt;b&gt;a&lt;/b&gt; b<mark>c</mark> &amp; d"


def test_search_lives_at_its_public_address(client):
    assert SEARCH == "/search/"


def test_search_follows_edits_to_the_story_and_its_parts(client):
    story = LiveArticleFactory(headline="Council meets")
    paragraph = ParagraphFactory(article=story, text="The zeppelin was discussed.")
    caption = CaptionFactory(article=story, caption="The airship on the green")
    assert found(search(client, "zeppelin")) == [story]

    paragraph.text = "The budget was discussed."
    paragraph.save()
    assert found(search(client, "zeppelin")) == []
    assert found(search(client, "airship")) == [story]

    caption.delete()
    assert found(search(client, "airship")) == []

    story.headline = "Zeppelin policy agreed"
    story.save()
    assert found(search(client, "zeppelin")) == [story]


def test_a_restored_version_is_found_by_its_own_words_again(client):
    story = LiveArticleFactory(headline="Council meets")
    paragraph = ParagraphFactory(article=story, text="The zeppelin was discussed.")
    with reversion.create_revision():
        story.save()
    paragraph.text = "The budget was discussed."
    paragraph.save()
    assert found(search(client, "zeppelin")) == []

    Version.objects.get_for_object(story).get().revision.revert(delete=True)
    assert found(search(client, "zeppelin")) == [story]
    assert found(search(client, "budget")) == []


def test_the_retirement_story_is_found_by_what_it_says(client):
    call_command("load_story", stdout=io.StringIO())
    story = Article.objects.get()
    assert found(search(client, "Capone")) == [story]
    response = search(client, "heroin")
    assert found(response) == [story]
    [snippet] = snippets(response)
    assert re.search(r"<mark>heroin</mark>", snippet, re.I)
    assert found(search(client, "Golden Mile")) == [story]  # a paragraph
    assert found(search(client, "bikewise")) == [story]  # a caption
    assert found(search(client, "Checkpoint giraffe")) == []


@pytest.mark.parametrize("stories", [3, 30])
def test_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, stories):
    for story in LiveArticleFactory.create_batch(stories, headline="Zeppelin sighted"):
        ParagraphFactory(article=story, text="A zeppelin over the green.")
        CaptionFactory(article=story, caption="The zeppelin")
    with django_assert_max_num_queries(4):
        search(client, "zeppelin")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_postgresql_keeps_a_weighted_vector_behind_a_gin_index():
    story = LiveArticleFactory(headline="Zeppelin", standfirst="Airship")
    ParagraphFactory(article=story, text="Balloon")
    CaptionFactory(article=story, caption="Dirigible")
    story.refresh_from_db()
    assert "'zeppelin':1A" in story.search_vector
    assert "'airship':2B" in story.search_vector
    assert re.search(r"'balloon':\d+C", story.search_vector)
    assert re.search(r"'dirig':\d+( |$)", story.search_vector)  # D, the default, is not shown
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'article_search_vector_idx'"
        )
        [(definition,)] = cursor.fetchall()
    assert "USING gin (search_vector)" in definition
