"""
The story itself: its fields, the people in it, the editorial notes on it, and
the one definition of "live" (``Article.objects.live()``) with the querysets
each page and API view reads a story through.
"""

import datetime
from dataclasses import dataclass

import reversion
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from people.models import Organisation, Person, one_persons_newest_first

from ..quoting import appears_verbatim, occurrences
from .parts import Block, Caption, Correction, Quote


def live_condition(story=""):
    """
    ``ArticleQuerySet.live()``'s condition, for the stories at ``story`` from
    the rows filtered (``"article__"`` from a quote's or a picture's): a
    list of a story's parts joins its stories once, for their order and for
    this, rather than asking a second time whether each is live.
    """
    now = timezone.now()
    return (
        (
            models.Q(**{f"{story}embargoed_until__isnull": True})
            | models.Q(**{f"{story}embargoed_until__lte": now})
        )
        & (
            models.Q(**{f"{story}expires_at__isnull": True})
            | models.Q(**{f"{story}expires_at__gt": now})
        )
        & models.Q(
            **{f"{story}status": Article.Status.PUBLISHED, f"{story}published_at__lte": now}
        )
    )


def in_story_order(model):
    """
    The rows of one of a story's parts (``model``: its blocks, quotes…) in
    their order within the story, for prefetching: ``Meta.ordering`` less
    its leading "article", which would join each row to its story only to
    sort by the stories' own order, when each row goes to its story anyway.
    """
    story, *within = model._meta.ordering
    assert story == "article", f"{model.__name__} is not ordered by its story first."
    return model._default_manager.order_by(*within)


class ArticleQuerySet(models.QuerySet):
    def live(self):
        """
        Stories the public may see: published, with a publication time that has
        come, no embargo still holding and no expiry passed. The one definition
        of "live"; every public view goes through it. Stories go live and come
        down by the clock alone, with nothing saved and no worker.
        """
        return self.filter(live_condition())

    def scheduled(self):
        """
        Published stories still waiting for the public: their publication time
        or their embargo is to come, and they go live by themselves then (see
        ``live()``). The one definition of "scheduled".
        """
        now = timezone.now()
        return self.filter(
            models.Q(published_at__gt=now) | models.Q(embargoed_until__gt=now),
            status=Article.Status.PUBLISHED,
        )

    def embargoed(self):
        """
        Stories out to partners but not yet to the public: published (the
        workflow's step is what hands them out) with an embargo still holding.
        The Partners group reads them through the API, marked as embargoed;
        at the embargo's end they go live for everyone (``live()``).
        """
        now = timezone.now()
        return self.filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now),
            status=Article.Status.PUBLISHED,
            embargoed_until__gt=now,
        )

    def expired(self):
        """
        Published stories whose expiry time has passed: their page and API
        detail answer 410 Gone, and they are in no list, feed or search.
        """
        now = timezone.now()
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=now, expires_at__lte=now
        )

    def timetable(self):
        """
        What the clock has done and will do, in one query: the sections with
        live stories now, in navigation order, as ``(pk, slug, name)`` (the
        navigation on every page shows them), and the next moment a published
        story goes live, leaves its embargo or expires (None if none is to
        come). Until that moment, what ``live()`` returns changes only when
        something is saved.
        """
        now = timezone.now()
        moments = ("published_at", "embargoed_until", "expires_at")
        published = self.filter(status=Article.Status.PUBLISHED)
        # A row per section, each asked by index, however large the archive:
        # whether one live story is in it, and (the same on every row, worked
        # out once) the first moment to come of each kind.
        section_model = Article._meta.get_field("section").related_model
        rows = (
            section_model.objects.order_by(*section_model._meta.ordering, "pk")
            .annotate(
                has_live=models.Exists(self.live().filter(section=models.OuterRef("pk"))),
                **{
                    f"next_{field}": models.Subquery(
                        published.filter(**{f"{field}__gt": now}).order_by(field).values(field)[:1]
                    )
                    for field in moments
                },
            )
            .values("pk", "slug", "name", "has_live", *(f"next_{field}" for field in moments))
        )
        sections, upcoming = [], []
        for row in rows:
            if row["has_live"]:
                sections.append((row["pk"], row["slug"], row["name"]))
            upcoming += [row[f"next_{field}"] for field in moments if row[f"next_{field}"]]
        return sections, min(upcoming, default=None)

    def at_address(self, slug):
        """
        The story whose address has ``slug`` now, else the one whose address
        had it before a rewrite (``FormerSlug``); None when neither. Whether
        an old address answers is the caller's to say, from the story's state.
        """
        stories = self.filter(
            models.Q(slug=slug)
            | models.Q(pk__in=FormerSlug.objects.filter(slug=slug).values("article"))
        )
        # A slug is one story's now or one story's before, never both (Article.clean()),
        # but the story that has it now comes first if a former one lingers.
        return min(stories, key=lambda story: story.slug != slug, default=None)

    def ordered_by_going_live(self):
        """Scheduled stories in the order the public will get them, next first."""
        return self.annotate(goes_live_at=Coalesce("embargoed_until", "published_at")).order_by(
            "goes_live_at", "pk"
        )

    def visible_to(self, user):
        """
        The stories ``user`` may read, as the permission policy says: live
        ones for everyone; a reporter's own besides; those out under an
        embargo for partners; every story for editors.
        """
        # Imported here: the policy is written in terms of these models.
        from ..policies import story_policy

        return self & story_policy.instances_user_has_permission_for(user, "view")

    def for_api_list(self):
        """What the API's list of stories shows of each: section, tags, byline."""
        return self.select_related("section").prefetch_related("tags", "authors")

    def for_api(self):
        """
        Everything the API shows of a story (as JSON or ninjs), in a constant
        number of queries however long it is: section and publisher, tags,
        byline, the people in it, the body, every picture with the people in
        it, every quote with its speaker, the corrections. The body's pictures
        and pull quotes are read from the story's own pictures and quotes.
        """
        return self.select_related("section", "publisher").prefetch_related(
            "tags",
            "authors",
            models.Prefetch(
                "article_people",
                queryset=in_story_order(ArticlePerson).select_related("person"),
            ),
            models.Prefetch("blocks", queryset=in_story_order(Block)),
            models.Prefetch(
                "captions", queryset=in_story_order(Caption).prefetch_related("people")
            ),
            models.Prefetch("quotes", queryset=in_story_order(Quote).select_related("speaker")),
            models.Prefetch("corrections", queryset=in_story_order(Correction)),
        )

    def for_story_page(self):
        """
        Everything a story page shows, in a constant number of queries however
        long the story: section and publisher, tags, byline, the body with its
        pictures, every quote and its speaker, the people in the story with
        their careers (for their titles), the corrections. The body's pull
        quotes are the story's own quotes (``body_with_quotes()``).
        """
        return self.select_related("section", "publisher").prefetch_related(
            "tags",
            "authors",
            models.Prefetch("blocks", queryset=in_story_order(Block).select_related("caption")),
            models.Prefetch("quotes", queryset=in_story_order(Quote).select_related("speaker")),
            models.Prefetch(
                "article_people",
                queryset=in_story_order(ArticlePerson)
                .select_related("person")
                .prefetch_related("person__timeline"),
            ),
            models.Prefetch("corrections", queryset=in_story_order(Correction)),
        )

    def for_listing(self):
        """What a list of stories shows: each story's section and its pictures in order."""
        return self.select_related("section").prefetch_related(
            models.Prefetch(
                "blocks",
                queryset=Block.objects.filter(kind=Block.Kind.IMAGE).select_related("caption"),
                to_attr="picture_blocks",
            )
        )

    def newest_in_sections(self, sections, count):
        """
        The ``count`` newest of these stories in each of ``sections``, as
        ``{section pk: [stories, newest first]}``, in one query: each
        section's few are read from the index of its stories by date. (A
        sliced prefetch would number every story of every section, the whole
        archive, to keep the first few of each.)
        """
        newest = {section.pk: [] for section in sections}
        if not newest:
            return newest
        # Each section's slice inside a subquery of its own: SQLite takes no
        # LIMIT on the parts of a UNION.
        per_section = [
            Article.objects.filter(pk__in=self.filter(section=pk).values("pk")[:count])
            .order_by()
            .values("pk")
            for pk in newest
        ]
        for story in self.filter(pk__in=per_section[0].union(*per_section[1:], all=True)):
            newest[story.section_id].append(story)
        return newest

    def featuring(self, person):
        """
        Stories a person is in: about or mentioning them, bylined to them,
        quoting them or picturing them; newest first, from the person's own
        rows (``one_persons_newest_first()``).
        """
        # One list of the person's story keys, read from their own rows by
        # index (four ORed subqueries would be checked against every story).
        keys = (
            ArticlePerson.objects.filter(person=person)
            .order_by()
            .values("article")
            .union(
                Article.authors.through.objects.filter(person=person).values("article"),
                Quote.objects.filter(speaker=person).order_by().values("article"),
                Caption.objects.filter(people=person).order_by().values("article"),
            )
        )
        return self.filter(pk__in=keys).order_by(*one_persons_newest_first())

    def for_feed(self):
        """
        Stories with what a feed prints of them: section, credit, byline, tags
        and corrections (a corrected story shows as updated).
        """
        return self.select_related("section", "publisher").prefetch_related(
            "authors", "tags", "corrections"
        )

    def search(self, query):
        """
        The stories that match a reader's ``query``, best first, each annotated
        with ``search_rank`` and ``search_excerpt`` (the passage a result's
        snippet is cut from). Full-text search on PostgreSQL, a plain
        case-insensitive match elsewhere: see ``articles.search``.
        """
        # Imported here: articles.search builds on these models.
        from ..search import full_text_search, is_full_text, plain_search

        if is_full_text(self.db):
            return full_text_search(self, query)
        return plain_search(self, query)


@dataclass(frozen=True)
class StoryPerson:
    """Someone in a story, as its page lists them: their role and their title at the time."""

    person: Person
    role: str
    title: str


class ArticleManager(models.Manager.from_queryset(ArticleQuerySet)):
    def get_queryset(self):
        # The search vector, kilobytes of text for a long story, is read only
        # by the database's own search: no page or list needs it in Python.
        # A story loaded without it saves only the fields it loaded.
        return super().get_queryset().defer("search_vector")


# The indexes the public lists read (Article.Meta.indexes): each list's order,
# over published stories only (``live()`` asks for them), carrying the embargo
# and expiry that ``live()`` also checks, so that a count, or the rows a deep
# page skips, are read from the index alone.
_PUBLISHED = models.Q(status="published")
_LIVE_TIMES = ["embargoed_until", "expires_at"]
_NEWEST_FIRST = (models.F("published_at").desc(nulls_last=True), models.F("id").desc())

# The order of every list of stories: newest first, a story not yet given a
# publication time last (the indexes above serve it).
NEWEST_FIRST = (models.F("published_at").desc(nulls_last=True), "-pk")


@reversion.register(
    follow=("blocks", "captions", "quotes", "corrections", "article_people"),
    # Derived from the story's words, not one of them: versions do not keep it,
    # and articles.search recomputes it when a version is restored.
    exclude=("search_vector",),
)
class Article(models.Model):
    """A story, from the reporter's first draft to the live page."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    standfirst = models.TextField(
        help_text="The sentence or two under the headline that sells the story."
    )
    # Named, not imported: taxonomy imports this module (its querysets ask for live stories).
    section = models.ForeignKey("Section", on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField("Tag", blank=True, related_name="articles")
    authors = models.ManyToManyField(
        Person,
        blank=True,
        related_name="bylined_stories",
        help_text="The byline: reporters with profiles.",
    )
    publisher = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="published_stories",
        help_text="The title the story is credited to, e.g. The Northern Echo.",
    )
    people = models.ManyToManyField(
        Person, through="ArticlePerson", blank=True, related_name="stories"
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When the story goes live. A time in the future schedules it.",
    )
    embargoed_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Embargo: until this time the public sees nothing of the story; "
        "partners see it through the API, marked as embargoed.",
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the story comes down: from then on its page answers "
        "410 Gone and it leaves every list, feed and search.",
    )
    status_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The account that started the story; a reporter edits their own drafts.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_vector = SearchVectorField(
        null=True,
        editable=False,
        help_text="The story's words, weighted for PostgreSQL's full-text search; "
        "kept current by articles.search. Always empty on other databases.",
    )

    objects = ArticleManager()

    class Meta:
        ordering = list(NEWEST_FIRST)
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles"),
            ("view_embargoed_article", "Can read embargoed articles before their time"),
        ]
        # So that no public list scans the archive on PostgreSQL (checked by
        # articles/tests/test_query_plans.py).
        indexes = [
            # Published stories by time, ascending: the API's ?ordering=published_at
            # and the next to go live (``timetable()``).
            models.Index(fields=["status", "published_at"], name="article_live_idx"),
            # Every list's own order (Meta.ordering), site-wide and by section.
            models.Index(
                *_NEWEST_FIRST,
                name="article_newest_idx",
                condition=_PUBLISHED,
                include=_LIVE_TIMES,
            ),
            models.Index(
                models.F("section"),
                *_NEWEST_FIRST,
                name="article_section_newest_idx",
                condition=_PUBLISHED,
                include=_LIVE_TIMES,
            ),
            # The API's other orders.
            models.Index(
                fields=["updated_at", "id"],
                name="article_updated_idx",
                condition=_PUBLISHED,
                include=_LIVE_TIMES,
            ),
            models.Index(
                fields=["headline", "id"],
                name="article_headline_idx",
                condition=_PUBLISHED,
                include=_LIVE_TIMES,
            ),
            # Whether each of a few thousand stories is live, and its date, read
            # by key from the index alone: a person's latest few are chosen from
            # their own stories' keys before any story's full row is read
            # (``people.models.newest_few()``).
            models.Index(
                fields=["id"],
                name="article_live_by_id_idx",
                condition=_PUBLISHED,
                include=["published_at", *_LIVE_TIMES],
            ),
            # The next embargo to end and the next expiry (``timetable()``).
            models.Index(
                fields=["embargoed_until"],
                name="article_embargo_idx",
                condition=models.Q(embargoed_until__isnull=False),
            ),
            models.Index(
                fields=["expires_at"],
                name="article_expiry_idx",
                condition=models.Q(expires_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    @property
    def last_modified(self):
        """When readers last saw the story change: its last edit, or going live if later."""
        live_from = self.live_from
        if live_from and live_from > self.updated_at:
            return live_from
        return self.updated_at

    @property
    def live_from(self):
        """
        When the public gets (or got) the story: its publication time, or the
        end of its embargo if that is later. None before it is given a time.
        """
        if self.published_at is None:
            return None
        if self.embargoed_until and self.embargoed_until > self.published_at:
            return self.embargoed_until
        return self.published_at

    @property
    def revised_at(self):
        """
        When readers last saw the story change, its corrections counted: its
        last edit, going live, or its latest correction, whichever came last.
        Reads the corrections the page, API and feed querysets prefetch.
        """
        corrected = [correction.published_at for correction in self.corrections.all()]
        return max([self.last_modified, *corrected])

    @property
    def is_live(self):
        """Whether the public sees the story now: ``live()`` for one story."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and (self.embargoed_until is None or self.embargoed_until <= now)
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_embargoed(self):
        """Whether the story is out to partners under an embargo now: ``embargoed()``."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.embargoed_until is not None
            and self.embargoed_until > now
            and (self.expires_at is None or self.expires_at > now)
        )

    @property
    def is_expired(self):
        """Whether the story has come down at its expiry time: ``expired()``."""
        now = timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= now
            and self.expires_at is not None
            and self.expires_at <= now
        )

    @property
    def updated_later(self):
        """
        When the story was last edited, if that was on a later day than it went
        live (the page then says "Updated"); else None.
        """
        if not self.published_at:
            return None
        edited = self.last_modified
        # The public's first day with the story is the end of its embargo, if it had one.
        first_seen = self.live_from
        return edited if timezone.localdate(edited) > timezone.localdate(first_seen) else None

    @property
    def pictures(self):
        """The captioned pictures the body shows, in order (prefetched by the page's queryset)."""
        blocks = getattr(self, "picture_blocks", None)
        if blocks is None:
            blocks = [block for block in self.blocks.all() if block.kind == Block.Kind.IMAGE]
        return [block.caption for block in blocks]

    @property
    def lead_picture(self):
        """The first picture in the body, for lists and share cards; None without one."""
        return next(iter(self.pictures), None)

    def body_with_quotes(self):
        """
        The body blocks in order, each paragraph and subheading with
        ``pieces``: its text as ``articles.markup.Piece`` objects, marked
        with the Quote each stretch of words is, so the page can mark every
        quote up and attribute it to its speaker while keeping the
        paragraph's bold, italic and links.

        Quotes are found in the words a reader reads (the text without its
        markup), as the word-for-word check finds them. Longer quotes claim
        their words first, and each quote is marked where it first stands,
        so "sadness and deep frustration" is not marked inside the longer
        quote that repeats it.
        """
        blocks = list(self.blocks.all())
        quotes = {quote.pk: quote for quote in self.quotes.all()}
        for block in blocks:
            if block.kind == Block.Kind.QUOTE:
                # A pull quote is one of the story's quotes, already read.
                block.quote = quotes.get(block.quote_id) or block.quote
        texts = [block for block in blocks if block.kind in Block.TEXT_KINDS]
        fragments = [block.fragment() for block in texts]
        claimed = [[] for block in texts]
        for quote in sorted(quotes.values(), key=lambda quote: (-len(quote.text), quote.pk)):
            for fragment, claims in zip(fragments, claimed, strict=True):
                free = [
                    (start, end)
                    for start, end in occurrences(quote.text, fragment.text)
                    if all(end <= s or start >= e for s, e, _ in claims)
                ]
                if free:
                    claims.append((*free[0], quote))
                    break
        for block, fragment, claims in zip(texts, fragments, claimed, strict=True):
            block.pieces = fragment.marked(claims)
        return blocks

    def people_in_story(self):
        """
        The people the story is about, then those it mentions, each with the
        title they held when it was published (their one-line description
        when their career does not say).
        """
        day = timezone.localdate(self.published_at) if self.published_at else None
        rows = sorted(
            self.article_people.all(),
            key=lambda row: row.role != ArticlePerson.Role.SUBJECT,
        )
        return [
            StoryPerson(
                person=row.person,
                role=row.role,
                title=(day and row.person.title_on(day)) or row.person.description,
            )
            for row in rows
        ]

    def named_people(self):
        """
        The ids of everyone the story's page or API answer names: its byline,
        the people it is about or mentions, its quotes' speakers and, where
        they were read with it (``for_api()``), the people in its pictures.
        The page cache tags the answer with them, so an edit to one of them
        reaches it (``newsroom.cache.object_tags``). Reads what
        ``for_story_page()`` or ``for_api()`` prefetched.
        """
        ids = {author.pk for author in self.authors.all()}
        ids.update(row.person_id for row in self.article_people.all())
        ids.update(quote.speaker_id for quote in self.quotes.all())
        if "captions" in getattr(self, "_prefetched_objects_cache", {}):
            ids.update(
                person.pk for caption in self.captions.all() for person in caption.people.all()
            )
        return ids

    def schema_org(self, site):
        """
        The story as a schema.org NewsArticle, for search engines and
        aggregators (JSON-LD). Reads what ``for_story_page()`` prefetched;
        ``site`` makes the addresses absolute.
        """
        url = site.absolute(self.get_absolute_url())

        def person(person):
            return {
                "@type": "Person",
                "name": person.name,
                "url": site.absolute(person.get_absolute_url()),
            }

        # The titles a story is credited to are the newsroom's own: they share
        # the site's address and logo (NEWSROOM_PUBLISHER_LOGO).
        publisher = {
            "@type": "NewsMediaOrganization",
            "name": self.publisher.name if self.publisher else site.name,
            "url": site.url,
            "logo": {"@type": "ImageObject", "url": site.logo_url},
        }
        in_story = list(self.article_people.all())
        about = [row.person for row in in_story if row.role == ArticlePerson.Role.SUBJECT]
        mentions = [row.person for row in in_story if row.role != ArticlePerson.Role.SUBJECT]
        for quote in self.quotes.all():
            if quote.speaker not in about and quote.speaker not in mentions:
                mentions.append(quote.speaker)
        images = [picture.renditions.largest for picture in self.pictures]
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": self.headline,
            "description": self.standfirst,
            "datePublished": self.published_at.isoformat() if self.published_at else None,
            "dateModified": self.revised_at.isoformat(),
            "author": [person(author) for author in self.authors.all()] or [publisher],
            "publisher": publisher,
            "image": [site.absolute(image.url) for image in images if image],
            "articleSection": self.section.name,
            # Plain text: JSON-LD readers take no markup.
            "articleBody": self.body_text(),
            "keywords": [tag.name for tag in self.tags.all()],
            "about": [person(someone) for someone in about],
            "mentions": [person(someone) for someone in mentions],
            "inLanguage": "en-GB",
            "isAccessibleForFree": True,
        }
        # Each correction's type ("Correction", "Clarification", "Update") is
        # its name: CorrectionComment has no property for the type, and a name
        # is what structured-data checkers accept on any CreativeWork.
        corrections = [
            {
                "@type": "CorrectionComment",
                "name": correction.get_kind_display(),
                "text": correction.text,
                "datePublished": correction.published_at.isoformat(),
                "url": f"{url}#correction-{correction.pk}",
            }
            for correction in self.corrections.all()
        ]
        if corrections:
            data["correction"] = corrections
        return data

    def body_text(self, blocks=None):
        """
        The words of the story: its paragraphs and subheadings, in order, as
        plain text (no markup). Pass ``blocks`` to read an edit that is not
        saved yet.
        """
        if blocks is None:
            blocks = self.blocks.all()
        blocks = sorted(blocks, key=lambda block: (block.position, block.pk or 0))
        return "\n\n".join(block.plain_text for block in blocks if block.kind in Block.TEXT_KINDS)

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "A published story needs a publication time."})
        errors = {}
        for name, when in self.story_times().items():
            try:
                self.check_publication_time(when, field=name)
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        self.check_times_in_order()
        self.check_slug_is_free()

    def story_times(self):
        """The times the story has, by field: when it is published, its embargo, its expiry."""
        times = {
            "published_at": self.published_at,
            "embargoed_until": self.embargoed_until,
            "expires_at": self.expires_at,
        }
        return {name: when for name, when in times.items() if when is not None}

    def check_times_in_order(self, published_at=None):
        """
        The story's times must follow one another: its publication time no
        later than the end of its embargo (when the public gets it), and its
        expiry after both. ``published_at`` checks a time about to be given.
        """
        published = published_at or self.published_at
        embargo, expires = self.embargoed_until, self.expires_at
        errors = {}
        if embargo and published and published > embargo:
            errors["embargoed_until"] = [
                "The embargo ends before the publication time: partners would lose the story "
                "in between, and readers would wait for the publication time anyway. End the "
                "embargo at or after the publication time, or clear it."
            ]
        if expires and published and expires <= published:
            errors.setdefault("expires_at", []).append(
                "The expiry time must come after the publication time: readers would never "
                "see the story."
            )
        elif expires and embargo and expires <= embargo:
            errors.setdefault("expires_at", []).append(
                "The expiry time must come after the embargo ends: readers would never see "
                "the story."
            )
        if errors:
            raise ValidationError(errors, code="times_out_of_order")

    def check_slug_is_free(self):
        """
        Refuse a slug another story had before a rewrite: its old address
        still sends readers to that story (``FormerSlug``).
        """
        if not self.slug:
            return
        taken = FormerSlug.objects.filter(slug=self.slug)
        if self.pk is not None:
            taken = taken.exclude(article_id=self.pk)
        if taken.exists():
            raise ValidationError(
                {
                    "slug": "An earlier story had this slug, and its old address still takes "
                    "readers to it: choose another slug."
                },
                code="slug_taken",
            )

    # The times a story can be published at: before 1900 the paper's time zone
    # used local mean time, which no feed or API client can read back.
    EARLIEST_PUBLICATION = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)
    LATEST_PUBLICATION = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
    # How each of the story's times is named in an editor's message.
    TIME_NAMES = {
        "published_at": "A publication time",
        "embargoed_until": "An embargo",
        "expires_at": "An expiry time",
    }

    @classmethod
    def check_publication_time(cls, when, *, field="published_at"):
        """
        Refuse a publication time (or an embargo, or an expiry time: ``field``)
        no newsroom could mean (the year 92, the year 9999).
        """
        if not cls.EARLIEST_PUBLICATION <= when < cls.LATEST_PUBLICATION:
            raise ValidationError(
                {
                    field: f"{cls.TIME_NAMES[field]} is from {cls.EARLIEST_PUBLICATION.year} "
                    f"to {cls.LATEST_PUBLICATION.year - 1}."
                },
                code="implausible_time",
            )

    def publication_errors(self, *, blocks=None, captions=None, quotes=None):
        """
        What stops this story going live, in words an editor can act on: every
        picture needs alt text, and every quote must stand word for word in the
        story's text. Pass ``blocks``, ``captions`` and ``quotes`` to check an
        edit before it is saved; by default the saved story is checked.
        """
        if captions is None:
            captions = self.captions.all()
        if quotes is None:
            quotes = self.quotes.select_related("speaker")
        errors = [
            f"The picture “{caption}” needs alt text before the story can be published."
            for caption in captions
            if not caption.alt_text.strip()
        ]
        text = self.body_text(blocks)
        errors += [
            f"The quote “{quote}”{f' ({quote.speaker})' if quote.speaker_id else ''} "
            "does not appear word for word in the story's text."
            for quote in quotes
            if not appears_verbatim(quote.text, text)
        ]
        return errors

    # The workflow's steps, as the edit path takes them (articles.editing): each
    # asks the permission policy, checks the story and saves a version.

    def submit_for_review(self, *, by=None):
        """A reporter hands the draft to the editors."""
        from ..editing import SubmitForReview

        return SubmitForReview(self, by=by).execute()

    def publish(self, *, by=None, at=None):
        """Put the story live at ``at`` (now by default; a future time schedules it)."""
        from ..editing import PublishStory

        return PublishStory(self, by=by, at=at).execute()

    def unpublish(self, *, by=None):
        """Take a published (or scheduled) story off the site."""
        from ..editing import UnpublishStory

        return UnpublishStory(self, by=by).execute()

    def send_back(self, *, by=None, note=""):
        """An editor returns a story in review to draft, saying why."""
        from ..editing import SendBack

        return SendBack(self, by=by, note=note).execute()


class EditorialNote(models.Model):
    """
    Why an editor sent a story back to its reporter. Kept with the version
    the step made in the story's history (who and when are the revision's);
    shown to the newsroom in the admin, never to readers.
    """

    revision = models.ForeignKey(
        "reversion.Revision", on_delete=models.CASCADE, related_name="editorial_notes"
    )
    article = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="editorial_notes"
    )
    text = models.TextField(max_length=2000)

    class Meta:
        ordering = ["-revision__date_created", "-pk"]

    def __str__(self):
        return Truncator(self.text).words(12)


@reversion.register()
class ArticlePerson(models.Model):
    """A person a story is about, or merely mentions."""

    class Role(models.TextChoices):
        SUBJECT = "subject", "Subject (the story is about them)"
        MENTIONED = "mentioned", "Mentioned"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_people")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="story_roles")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.SUBJECT)

    class Meta:
        ordering = ["article", "role", "pk"]
        verbose_name = "person in the story"
        verbose_name_plural = "people in the story"
        # A person's stories' keys, read from the index alone for their
        # profile (the unique constraint's index is the other way round).
        indexes = [models.Index(fields=["person", "article"], name="articleperson_person_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"],
                name="unique_person_per_article",
                violation_error_message="This person is already listed in the story.",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class FormerSlug(models.Model):
    """
    A slug a published story had before a headline rewrite changed it: its old
    URLs (page and API) answer 301 to the story's current ones, and no other
    story may take it.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=255, unique=True)
    retired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-retired_at", "-pk"]

    def __str__(self):
        return self.slug
