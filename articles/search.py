"""
The reader's search over live stories: headline, standfirst, body, captions
and quotes.

On PostgreSQL each article keeps its words in a weighted search vector
(headline A, standfirst B, body text and quotes C, captions D) behind a GIN
index. The receivers below refresh it whenever the article or any of its
blocks, pictures or quotes is saved or deleted; bulk ``update()`` and
``bulk_create()`` skip signals, so code that uses them must call
``refresh_search_vector()`` itself. A query is parsed by
``websearch_to_tsquery`` (so a reader's quotes, ``or`` and ``-`` work and no
input can break it), ranked with ``ts_rank`` and excerpted with
``ts_headline``. Only the newest ``RANKED_MATCHES`` matches (and one, to
tell there are more) are ranked: a common word's search costs the same at
1,000 stories and at 100,000.

Elsewhere (SQLite, in development) the vector stays empty and a plain
case-insensitive match stands in: every word of the query must appear
somewhere in the story, headline matches come first, and the excerpt is cut
in Python around the first match.

Either way a snippet is built from escaped text with only our own ``<mark>``
tags in it: nothing a reporter or a reader typed is ever trusted as HTML.
Paragraphs are stored as HTML (bold, italic, links: see ``articles.markup``);
search reads their words only, with the tags taken out and the entities
decoded, in SQL (``PlainText``).
"""

import re

from django.contrib.postgres.aggregates import ArrayAgg, StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.core.paginator import Paginator
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .markup import plain_text
from .models import Article, Block, Caption, Quote
from .models.stories import NEWEST_FIRST

# PostgreSQL's text search configuration: English stemming and stop words.
CONFIG = "english"

# Longer queries are cut to this: no reader types more, and it bounds the work.
MAX_QUERY_LENGTH = 200

# The plain search looks for at most this many words of a query.
MAX_PLAIN_TERMS = 10

RESULTS_PER_PAGE = 10

# On PostgreSQL a search finds the newest this many stories that match, best
# first: 20 pages of results, more than any reader turns, ranked and counted
# in a few milliseconds however many stories hold a common word (each match
# ranked reads its story's search vector; 500 took a common word's search
# past 50 ms under load). A story older than these is found by a word it
# shares with fewer.
RANKED_MATCHES = 200

# The excerpt of a plain (non-PostgreSQL) search, in characters.
PLAIN_EXCERPT_LENGTH = 240

# Around each matched word of an excerpt: private-use characters that no text
# holds (clean_query() drops them from queries), swapped for <mark> tags only
# after the excerpt has been escaped.
START, STOP = "\ue000", "\ue001"
MARKED = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def clean_query(raw):
    """
    The words a reader searched for, tidied: control and other unprintable
    characters (a NUL byte among them, which PostgreSQL refuses) become
    spaces, runs of spaces one, and at most ``MAX_QUERY_LENGTH`` characters
    are kept. An empty string when there is nothing to search for: no letter
    or digit at all ("", "!!!???", "%").
    """
    text = "".join(char if char.isprintable() else " " for char in raw)
    text = " ".join(text.split())[:MAX_QUERY_LENGTH].strip()
    return text if any(char.isalnum() for char in text) else ""


def search_page(query, number):
    """
    Page ``number`` of the live stories matching the cleaned ``query``, best
    first, each with ``snippet``: the passage that matched, escaped, with the
    matching words in ``<mark>``. A page number that is not a number gives
    the first page, one out of range the last. A search shows at most
    ``RANKED_MATCHES`` stories; ``page.more_match`` says that more match
    (on PostgreSQL the best of the newest are shown, elsewhere the first in
    the plain search's order), and the count is then of those shown.
    """
    stories = Article.objects.live().search(query)
    # The matches' keys first, best first: how many there are is the count
    # (else a query of its own), and only the page's stories are read in
    # full, with the passages their snippets are cut from.
    keys = _keys(stories)
    more_match = len(keys) > RANKED_MATCHES
    page = Paginator(keys[:RANKED_MATCHES], RESULTS_PER_PAGE).get_page(number)
    page.more_match = more_match
    shown = with_excerpts(Article.objects.live().filter(pk__in=page.object_list), query)
    found = shown.in_bulk()
    # A story taken down between the two reads is left out.
    page.object_list = [found[pk] for pk in page.object_list if pk in found]
    full_text = is_full_text(stories.db)
    terms = [] if full_text else plain_terms(query)
    for story in page.object_list:
        marked = story.search_excerpt if full_text else mark_terms(story.search_excerpt, terms)
        story.snippet = snippet_html(marked)
    return page


def _keys(stories):
    """
    The keys of ``stories`` in their order; on PostgreSQL as one array, which
    the driver reads at once, not as hundreds of rows read one by one.
    """
    if not is_full_text(stories.db):
        return list(stories.values_list("pk", flat=True))
    ordering = stories.query.order_by
    return stories.order_by().aggregate(keys=ArrayAgg("pk", order_by=ordering))["keys"] or []


def is_full_text(alias):
    """Whether the database ``alias`` runs PostgreSQL's full-text search."""
    return connections[alias].vendor == "postgresql"


def snippet_html(marked):
    """Escape an excerpt, then turn its START…STOP markers (and only them) into <mark>."""
    html = MARKED.sub(r"<mark>\1</mark>", escape(marked or ""))
    return mark_safe(html.replace(START, "").replace(STOP, ""))


# PostgreSQL ---------------------------------------------------------------


def _joined(parts, field, order_by):
    """
    The ``field`` of all a story's ``parts`` (its blocks, captions or quotes)
    in order, as one text, for the story in the outer query.
    """
    return Coalesce(
        Subquery(
            parts.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(joined=StringAgg(field, "\n", order_by=order_by))
            .values("joined")
        ),
        Value(""),
        output_field=TextField(),
    )


class PlainText(Func):
    """
    The words of a stored ``Block.text`` in SQL, as ``markup.plain_text()``
    reads them: tags taken out, the entities nh3 writes decoded ("&amp;"
    last, so "&amp;lt;" stays the text "&lt;"). On PostgreSQL a regular
    expression (attribute values, always double-quoted, may hold ">"); on
    SQLite ``markup.plain_text()`` itself, registered on each connection.
    """

    arity = 1
    output_field = TextField()

    # What each entity nh3 writes in text stands for, in SQL; "&amp;" last.
    ENTITIES = [
        ("&lt;", "'<'"),
        ("&gt;", "'>'"),
        ("&quot;", "'\"'"),
        ("&nbsp;", "chr(160)"),
        ("&amp;", "'&'"),
    ]

    def as_sql(self, compiler, connection, **extra):
        # Another database: the text as stored, markup and all.
        return compiler.compile(self.source_expressions[0])

    def as_postgresql(self, compiler, connection, **extra):
        template = "regexp_replace(%(expressions)s, '<(?:[^>\"]|\"[^\"]*\")*>', '', 'g')"
        for entity, char in self.ENTITIES:
            template = f"replace({template}, '{entity}', {char})"
        return super().as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, function=SQLITE_PLAIN_TEXT, **extra)


SQLITE_PLAIN_TEXT = "articles_plain_text"


@receiver(connection_created, dispatch_uid="articles.search.sqlite_plain_text")
def add_sqlite_plain_text(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_PLAIN_TEXT,
            1,
            lambda html: None if html is None else plain_text(html),
            deterministic=True,
        )


def _body_text():
    return _joined(Block.objects.filter(kind__in=Block.TEXT_KINDS), PlainText("text"), "position")


def _captions_text():
    return _joined(Caption.objects.all(), "caption", "pk")


def search_vector():
    """The weighted words of the story in the outer query, as PostgreSQL indexes them."""
    return (
        SearchVector("headline", weight="A", config=CONFIG)
        + SearchVector("standfirst", weight="B", config=CONFIG)
        + SearchVector(
            _body_text(), _joined(Quote.objects.all(), "text", "pk"), weight="C", config=CONFIG
        )
        + SearchVector(_captions_text(), weight="D", config=CONFIG)
    )


def refresh_search_vector(stories):
    """Recompute the search vector of the ``stories`` queryset (PostgreSQL only)."""
    if is_full_text(stories.db):
        stories.update(search_vector=search_vector())


def full_text_search(stories, query):
    """
    PostgreSQL's ranked full-text search: see ArticleQuerySet.search(). Of
    the matching stories the newest ``RANKED_MATCHES`` are ranked and
    found: every match of a common word ranked, and counted, would read
    half the archive's search vectors. One more is found, to tell that
    there are more (``search_page()`` shows no more than ``RANKED_MATCHES``).
    """
    search_query = _search_query(query)
    newest_matches = (
        stories.filter(search_vector=search_query)
        .order_by(*NEWEST_FIRST)
        .values("pk")[: RANKED_MATCHES + 1]
    )
    return (
        stories.filter(pk__in=newest_matches)
        .annotate(
            search_rank=SearchRank(F("search_vector"), search_query),
            search_excerpt=_headline(search_query),
        )
        .order_by("-search_rank", *NEWEST_FIRST)
    )


def with_excerpts(stories, query):
    """
    ``stories`` each with ``search_excerpt`` for ``query``, as ``search()``
    gives it, and nothing else worked out: for a page of matches already found.
    """
    if is_full_text(stories.db):
        return stories.annotate(search_excerpt=_headline(_search_query(query)))
    return stories.annotate(search_excerpt=_first_passage(plain_terms(query)))


def _search_query(query):
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def _headline(search_query):
    """The passage of the story in the outer query that best matches, its words marked."""
    document = Concat(
        "standfirst",
        Value("\n"),
        _body_text(),
        Value("\n"),
        _captions_text(),
        output_field=TextField(),
    )
    return SearchHeadline(
        document,
        search_query,
        config=CONFIG,
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


# Other databases ----------------------------------------------------------


def plain_terms(query):
    """
    The words of ``query`` the plain search looks for, each once: words of two
    or more letters (so "Barton's" looks for "Barton"), unless it has none.
    """
    words = re.findall(r"\w+", query)
    terms = [word for word in words if len(word) > 1] or words
    return list(dict.fromkeys(term.lower() for term in terms))[:MAX_PLAIN_TERMS]


def _contains(term):
    """Stories with ``term`` anywhere in their words (subqueries, so no duplicates)."""
    return (
        Q(headline__icontains=term)
        | Q(standfirst__icontains=term)
        | Q(
            pk__in=Block.objects.alias(words=PlainText("text"))
            .filter(kind__in=Block.TEXT_KINDS, words__icontains=term)
            .values("article")
        )
        | Q(pk__in=Caption.objects.filter(caption__icontains=term).values("article"))
        | Q(pk__in=Quote.objects.filter(text__icontains=term).values("article"))
    )


def _any(field, terms):
    condition = Q()
    for term in terms:
        condition |= Q(**{f"{field}__icontains": term})
    return condition


def plain_search(stories, query):
    """
    A plain case-insensitive match for databases without full-text search:
    every word of the query somewhere in the story, headline matches first,
    then standfirst matches, newest first within each.
    """
    terms = plain_terms(query)
    if not terms:
        return stories.none()
    for term in terms:
        stories = stories.filter(_contains(term))
    return stories.annotate(
        search_rank=Case(
            When(_any("headline", terms), then=Value(2.0)),
            When(_any("standfirst", terms), then=Value(1.0)),
            default=Value(0.0),
        ),
        search_excerpt=_first_passage(terms),
    ).order_by("-search_rank", *NEWEST_FIRST)


def _first_passage(terms):
    """The first passage with a match: standfirst, body, caption, quote."""

    def first(parts, field, order_by):
        return Subquery(
            parts.filter(_any(field, terms), article=OuterRef("pk"))
            .order_by(order_by)
            .values(field)[:1]
        )

    return Coalesce(
        Case(When(_any("standfirst", terms), then=F("standfirst"))),
        first(
            Block.objects.filter(kind__in=Block.TEXT_KINDS).annotate(words=PlainText("text")),
            "words",
            "position",
        ),
        first(Caption.objects.all(), "caption", "pk"),
        first(Quote.objects.all(), "text", "pk"),
        F("standfirst"),
    )


def mark_terms(text, terms, length=PLAIN_EXCERPT_LENGTH):
    """
    About ``length`` characters of ``text`` around the first of ``terms``,
    cut at spaces, with every term occurrence between START and STOP.
    """
    text = " ".join((text or "").split())
    if not terms:
        return text[:length]
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    match = pattern.search(text)
    start = 0
    # Begin at the start unless that leaves the match near the excerpt's end.
    if match and match.end() > length * 2 // 3:
        start = text.rfind(" ", 0, match.start() - length // 3) + 1
    end = len(text)
    if end - start > length:
        end = text.rfind(" ", start, start + length)
        if end <= start:
            end = start + length
    excerpt = pattern.sub(lambda found: f"{START}{found.group()}{STOP}", text[start:end])
    return f"{'… ' if start else ''}{excerpt}{' …' if end < len(text) else ''}"


# Keeping the vector current ------------------------------------------------

# Saving with update_fields that miss all of these leaves the vector as it was.
VECTOR_FIELDS = {"headline", "standfirst", "search_vector"}


# The receivers also run for raw saves (loaddata, a restored version), so a
# restored story is searchable by the words it has again.


@receiver(post_save, sender=Article, dispatch_uid="articles.search.article_saved")
def article_saved(sender, instance, update_fields=None, using=None, **kwargs):
    # A full save also writes the (possibly stale) vector the instance holds.
    if update_fields is None or VECTOR_FIELDS & set(update_fields):
        refresh_search_vector(Article.objects.using(using).filter(pk=instance.pk))


@receiver(post_save, sender=Block, dispatch_uid="articles.search.block_saved")
@receiver(post_delete, sender=Block, dispatch_uid="articles.search.block_deleted")
@receiver(post_save, sender=Caption, dispatch_uid="articles.search.caption_saved")
@receiver(post_delete, sender=Caption, dispatch_uid="articles.search.caption_deleted")
@receiver(post_save, sender=Quote, dispatch_uid="articles.search.quote_saved")
@receiver(post_delete, sender=Quote, dispatch_uid="articles.search.quote_deleted")
def story_part_changed(sender, instance, using=None, **kwargs):
    refresh_search_vector(Article.objects.using(using).filter(pk=instance.article_id))
