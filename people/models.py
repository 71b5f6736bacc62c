"""
The people in the news, the organisations they belong to, and their careers.

This app knows nothing of articles: a profile reaches a person's quotes,
stories and pictures through the reverse relations that ``articles`` adds
(``person.quotes``, ``person.stories``, ``person.pictures``).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from newsroom.uploads import PictureField, RandomName

from .dates import PartialDate, Precision, format_period, truncate


def validate_aliases(value):
    """Aliases are a list of distinct, non-empty names."""
    if not isinstance(value, list) or not all(
        isinstance(alias, str) and alias.strip() for alias in value
    ):
        raise ValidationError("Aliases must be a list of names.", code="not_a_list")
    if len(set(value)) != len(value):
        raise ValidationError("Each alias may be listed once.", code="duplicate")


# A profile's links elsewhere: a few pages that identify the person.
MAX_SAME_AS = 10


def validate_same_as(value):
    """Links elsewhere are a short list of distinct web addresses (http or https)."""
    if not isinstance(value, list) or not all(isinstance(link, str) for link in value):
        raise ValidationError("Links must be a list of web addresses.", code="not_a_list")
    if len(value) > MAX_SAME_AS:
        raise ValidationError(
            f"Give at most {MAX_SAME_AS} links.", code="too_many", params={"max": MAX_SAME_AS}
        )
    check = URLValidator(schemes=["http", "https"])
    for link in value:
        try:
            check(link)
        except ValidationError:
            raise ValidationError(
                "“%(link)s” is not a web address (https://…).",
                # Not "invalid": the JSON field puts its own message on that code.
                code="not_a_link",
                params={"link": link},
            ) from None
    if len(set(value)) != len(value):
        raise ValidationError("Each link may be listed once.", code="duplicate")


def reached_live(model, relations):
    """
    The condition that live content reaches a ``model`` row through any of
    its reverse ``relations`` (e.g. Person "quotes"): the related model's own
    ``live()`` decides what is live, so this app never imports the articles
    app nor repeats its rule.

    One EXISTS per relation, asked of the row at hand through the relation's
    indexed foreign key: a page of people costs a few index lookups per
    person however large the archive. (``pk IN (…every live story's…)``
    made the database gather the whole archive first, and once that
    outgrew its working memory, compare every person with all of it.)
    """
    reached = models.Q()
    for relation in relations:
        reverse = model._meta.get_field(relation)
        live = reverse.related_model.objects.live()
        # The row's key as a range of one (from it, to it), not "=": PostgreSQL
        # would turn an equality into a hash of every live row's key, built
        # in full before the first person of a page is shown.
        row = {
            f"{reverse.field.name}__gte": models.OuterRef("pk"),
            f"{reverse.field.name}__lte": models.OuterRef("pk"),
        }
        reached |= models.Exists(live.filter(**row))
    return reached


def flagged(queryset, condition):
    """``queryset`` with each row's ``in_live_story``: whether ``condition`` holds for it."""
    return queryset.annotate(
        in_live_story=models.ExpressionWrapper(condition, output_field=models.BooleanField())
    )


class OrganisationQuerySet(models.QuerySet):
    @staticmethod
    def is_public():
        """
        The condition ``public()`` filters on: in the career of a public
        person, or publishing a live story.
        """
        in_career = Person.objects.public().filter(timeline__organisation=models.OuterRef("pk"))
        return models.Exists(in_career) | reached_live(Organisation, ["published_stories"])

    def public(self):
        """
        Organisations a reader or API consumer may see: in the career of a
        public person, or publishing a live story.
        """
        return self.filter(self.is_public())

    def with_live_flag(self):
        """Each organisation marked ``in_live_story``: whether it is ``public()``."""
        return flagged(self, self.is_public())


class PersonQuerySet(models.QuerySet):
    # The reverse relations (added by the articles app) through which live
    # content reaches a person: in a story, bylined, quoted, pictured.
    LIVE_RELATIONS = ("stories", "bylined_stories", "quotes", "pictures")

    @classmethod
    def is_public(cls):
        """The condition ``public()`` filters on, for a person in the outer query."""
        return reached_live(Person, cls.LIVE_RELATIONS)

    def public(self):
        """
        People a reader or API consumer may see: those that a live story is
        about or mentions, that wrote one, or that one quotes or pictures. A
        person only in drafts stays unseen, so a profile cannot give away an
        unpublished story.
        """
        return self.filter(self.is_public())

    def with_live_flag(self):
        """
        Each person marked ``in_live_story``: whether they are ``public()``,
        asked once with the rows (the profile rule in ``people.policies``).
        """
        return flagged(self, self.is_public())

    def for_profile_page(self):
        """
        What a profile page (and the API's profile) shows of each person with
        the rows: their career, with its organisations. The latest of their
        quotes, stories and pictures are read for the one person shown
        (``Person.read_latest()``).
        """
        return self.prefetch_related(
            models.Prefetch(
                "timeline", queryset=TimelineEntry.objects.select_related("organisation")
            )
        )


# How many of their latest quotes, stories and pictures a profile (page or
# API) shows of each; the rest are on the person's paginated lists.
LATEST_ON_PROFILE = 5


def one_persons_newest_first(story=""):
    """
    Newest story first, for a list narrowed to one person's stories (or
    quotes, or pictures: ``story`` is then the path to their story,
    ``"article__"``). The date is ordered as an expression no index is built
    on (the date, coalesced with itself), so PostgreSQL reads the person's
    own rows, a few thousand at most, and sorts them (only their keys and
    dates, from indexes, where a few are wanted: ``newest_few()``). By the
    date itself it walks the archive's newest-first index and keeps the
    rows that are the person's, expecting to meet the few it needs soon;
    for someone with few such rows, or none (most people write no byline),
    it reads every story (half a second at 100,000).
    """
    published = Coalesce(f"{story}published_at", f"{story}published_at")
    ordering = (published.desc(nulls_last=True), f"-{story}pk")
    # A story's quotes or pictures in story order.
    return (*ordering, "pk") if story else ordering


def newest_few(rows, story="", count=LATEST_ON_PROFILE):
    """
    The newest ``count`` of ``rows``, one person's live stories (or quotes,
    or pictures: ``story`` is then ``"article__"``), newest story first
    (``one_persons_newest_first()``), read keys first: the few are chosen
    from the person's keys and their stories' dates and live columns, which
    indexes hold (person first, and each story's by its key), and only those
    few rows are then read. Sliced, the list would read every one of the
    person's rows in full, stories of kilobytes each, only to sort them and
    keep a handful.
    """
    ordering = one_persons_newest_first(story)
    keys = rows.order_by(*ordering).values("pk")[:count]
    # The few are read by key alone: chosen in the same statement, they are
    # the person's and live. Asking both again would double what PostgreSQL
    # plans for each list (half a millisecond, on every profile).
    return rows.model._default_manager.filter(pk__in=keys).order_by(*ordering)


def _live(relation):
    """The live rows of the model on the other side of Person's reverse ``relation``."""
    return Person._meta.get_field(relation).related_model.objects.live()


class Organisation(models.Model):
    """A police force, council, university, newspaper… that people belong to."""

    class Kind(models.TextChoices):
        POLICE_FORCE = "police_force", "Police force"
        OFFICE = "office", "Office"
        COUNCIL = "council", "Council"
        UNIVERSITY = "university", "University"
        NEWSPAPER = "newspaper", "Newspaper"
        GOVERNMENT = "government", "Government body"
        ASSOCIATION = "association", "Association"
        COMPANY = "company", "Company"
        CHARITY = "charity", "Charity"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text="Other names used in copy, e.g. “Durham Police” for Durham Constabulary.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            (
                "change_public_organisation",
                "Can change an organisation that appears in a live story",
            )
        ]

    def __str__(self):
        return self.name


class Person(models.Model):
    """Someone in the news, or who writes it: the subject of a profile page."""

    name = models.CharField("display name", max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    honorific = models.CharField(
        max_length=30,
        blank=True,
        help_text="Mr, Ms, Dr, Sir… as the paper's style uses it.",
    )
    description = models.CharField(
        max_length=255,
        blank=True,
        help_text="One line, e.g. “Chief Constable of Durham Police”.",
    )
    biography = models.TextField(blank=True)
    origin = models.CharField(
        max_length=255,
        blank=True,
        help_text="E.g. “born into a Lancashire farming family”.",
    )
    # Stored upright, without the camera's metadata, under a random name (newsroom.uploads).
    portrait = PictureField(
        upload_to=RandomName("people/portraits"),
        blank=True,
        width_field="portrait_width",
        height_field="portrait_height",
    )
    portrait_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    portrait_alt_text = models.CharField(max_length=500, blank=True)
    aliases = models.JSONField(
        default=list,
        blank=True,
        validators=[validate_aliases],
        help_text="Names used in copy, e.g. “Mr Barton”, “Barton”.",
    )
    same_as = models.JSONField(
        "links elsewhere",
        default=list,
        blank=True,
        validators=[validate_same_as],
        help_text="Pages that say who this is: Wikipedia, Wikidata, an official profile.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        # The people list reads them in this order, a page at a time, asking
        # of each whether it is public: no scan of everyone for a page.
        indexes = [models.Index(fields=["name"], name="person_name_idx")]
        # A profile that live stories show is the editors' (people.policies).
        permissions = [("change_public_person", "Can change a person who appears in a live story")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:profile", kwargs={"slug": self.slug})

    def clean(self):
        if self.portrait and not self.portrait_alt_text.strip():
            raise ValidationError(
                {"portrait_alt_text": "A portrait needs alt text describing it."}
            )

    # Everything live that reaches a person, for the profile and its lists:
    # found through the reverse relations, as ``live_reverse`` does, so this
    # app never imports articles.

    def latest(self):
        """
        What ``read_latest()`` reads, by the name it sets: the latest few
        (``LATEST_ON_PROFILE``) of this person's live quotes (with their
        stories), stories about or mentioning them, stories they wrote and
        pictures of them, each chosen keys first (``newest_few()``).
        """
        return {
            "latest_quotes": newest_few(self.quotes.live(), "article__").select_related("article"),
            "latest_stories": newest_few(self.stories.live()).select_related("section"),
            "latest_bylines": newest_few(self.bylined_stories.live()).select_related("section"),
            "latest_pictures": newest_few(self.pictures.live(), "article__").select_related(
                "article"
            ),
        }

    def read_latest(self):
        """
        The latest few of each of this person's lists (``latest()``), as
        ``latest_quotes``, ``latest_stories``, ``latest_bylines`` and
        ``latest_pictures``: the rest are on their paginated lists, so a
        profile is the same size whatever the career. A query each, from the
        person's own rows (``one_persons_newest_first()``), keys first, so a
        long career costs little more than a short one.
        """
        for name, rows in self.latest().items():
            setattr(self, name, list(rows))
        return self

    def quotes_said(self):
        """This person's live quotes, with their stories, newest story first."""
        quotes = self.quotes.live().select_related("article")
        return quotes.order_by(*one_persons_newest_first("article__"))

    def pictures_of(self):
        """The live pictures (captions) of this person, with their stories, newest story first."""
        pictures = self.pictures.live().select_related("article")
        return pictures.order_by(*one_persons_newest_first("article__"))

    def stories_featuring(self):
        """
        The live stories this person is in (about or mentioning them, bylined,
        quoting or picturing them), newest first, each annotated with how:
        ``featured``, ``bylined``, ``quoted``, ``pictured`` (booleans).
        """
        story = models.OuterRef("pk")
        return (
            _live("stories")
            .featuring(self)
            .annotate(
                featured=models.Exists(self.stories.filter(pk=story)),
                bylined=models.Exists(self.bylined_stories.filter(pk=story)),
                quoted=models.Exists(self.quotes.filter(article=story)),
                pictured=models.Exists(self.pictures.filter(article=story)),
            )
            .order_by(*one_persons_newest_first())
        )

    @property
    def full_name(self):
        """The name with the honorific, as copy first introduces someone."""
        return f"{self.honorific} {self.name}".strip()

    def position_on(self, day):
        """
        The position this person held on ``day``, or None.

        A position is held from the first day its start can mean. With an end
        date it is held until the last day that end can mean; with no end it is
        still held; when it ended on an unknown date, it is known to be held
        only within its start's year (or month, or day). Where positions
        overlap, the one that started last is the answer. Works on the
        prefetched ``timeline`` so a page can ask it for free.
        """
        held = [
            entry
            for entry in self.timeline.all()
            if entry.kind == TimelineEntry.Kind.POSITION and entry.is_held_on(day)
        ]
        return max(held, key=lambda entry: (entry.start_date, entry.pk), default=None)

    def title_on(self, day):
        """The title this person held on ``day`` ("Chief Constable"), or ""."""
        position = self.position_on(day)
        return position.title if position else ""

    def schema_org(self, site):
        """
        The profile as a schema.org ProfilePage whose main entity is the
        person, for search engines (JSON-LD). Reads the timeline
        ``for_profile_page()`` prefetched; ``site`` makes the addresses
        absolute.
        """
        timeline = list(self.timeline.all())
        position = self.position_on(timezone.localdate())
        url = site.absolute(self.get_absolute_url())

        def organisation(entry):
            return {"@type": "Organization", "name": entry.organisation.name}

        person = {
            "@type": "Person",
            "name": self.name,
            "url": url,
            "honorificPrefix": self.honorific,
            "description": self.description,
            "jobTitle": position.title if position else self.description,
            "alternateName": self.aliases,
            "alumniOf": [
                organisation(entry)
                for entry in timeline
                if entry.kind == TimelineEntry.Kind.EDUCATION and entry.organisation_id
            ],
            "award": [
                entry.title for entry in timeline if entry.kind == TimelineEntry.Kind.HONOUR
            ],
        }
        if position and position.organisation_id:
            person["worksFor"] = organisation(position)
        if self.portrait:
            person["image"] = site.absolute(self.portrait.url)
        if self.same_as:
            person["sameAs"] = self.same_as
        return {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "url": url,
            "dateCreated": self.created_at.isoformat(),
            "dateModified": self.updated_at.isoformat(),
            "mainEntity": person,
        }


class TimelineEntry(models.Model):
    """
    One fact of a career: a position held, a degree earned, an honour awarded.

    Dates may be partial ("1980", "June 2019"): each is stored as a date plus
    its precision and printed only as far as it is known.
    """

    class Kind(models.TextChoices):
        POSITION = "position", "Position"
        EDUCATION = "education", "Education"
        HONOUR = "honour", "Honour"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.POSITION)
    title = models.CharField(
        max_length=255,
        help_text="The position (“Chief Constable”), degree (“Law degree”) or award.",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="timeline_entries",
        help_text="The employer, institution or awarding body.",
    )
    place = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True, help_text="Leave empty when not known.")
    start_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.YEAR
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="Empty for a position still held. An announced departure is a future date.",
    )
    end_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.YEAR
    )
    ended_undated = models.BooleanField(
        "ended, date unknown",
        default=False,
        help_text="Tick when the position is known to have ended but not when.",
    )
    honours_list = models.CharField(
        max_length=200,
        blank=True,
        help_text="For honours: e.g. “Queen's Birthday Honours”.",
    )
    note = models.CharField(
        max_length=255,
        blank=True,
        help_text="A detail the dates cannot hold, e.g. “three years”.",
    )

    class Meta:
        ordering = [
            models.F("start_date").asc(nulls_last=True),
            models.F("end_date").asc(nulls_last=True),
            "pk",
        ]
        verbose_name = "timeline entry"
        verbose_name_plural = "timeline entries"

    def __str__(self):
        if self.organisation_id:
            return f"{self.title}, {self.organisation}"
        return self.title

    @property
    def start(self):
        return PartialDate(self.start_date, self.start_precision) if self.start_date else None

    @property
    def end(self):
        return PartialDate(self.end_date, self.end_precision) if self.end_date else None

    @property
    def is_ongoing(self):
        """A position with no end, not known to have ended."""
        return self.kind == self.Kind.POSITION and not self.end_date and not self.ended_undated

    @property
    def is_current(self):
        """Held today: ongoing, or with an announced end still to come."""
        if self.kind != self.Kind.POSITION:
            return False
        return self.is_ongoing or bool(self.end and self.end.last_day >= timezone.localdate())

    @property
    def period(self):
        """The dates as a reader sees them: "2008–2009", "from 2012", "1980"."""
        return format_period(self.start, self.end, ongoing=self.is_ongoing)

    def is_held_on(self, day: datetime.date):
        """Whether this position is known to be held on ``day`` (see Person.position_on)."""
        start = self.start
        if start is None or day < start.first_day:
            return False
        if self.end:
            return day <= self.end.last_day
        if self.ended_undated:
            return day <= start.last_day
        return True

    def clean(self):
        errors = {}
        if self.start_date:
            self.start_date = truncate(self.start_date, self.start_precision)
        if self.end_date:
            self.end_date = truncate(self.end_date, self.end_precision)
        if self.start and self.end and self.end.last_day < self.start.first_day:
            errors["end_date"] = f"The end ({self.end}) is before the start ({self.start})."
        if self.end_date and self.ended_undated:
            errors["ended_undated"] = (
                "An entry with an end date cannot also be marked as ended on an unknown date."
            )
        if self.kind == self.Kind.HONOUR and self.end_date:
            errors["end_date"] = "An honour is awarded on a date; it has no end date."
        if self.kind != self.Kind.HONOUR and self.honours_list:
            errors["honours_list"] = "Only an honour can belong to an honours list."
        if errors:
            raise ValidationError(errors)
