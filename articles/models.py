"""
Stories and what they are made of: sections, tags, the ordered body blocks,
captioned pictures, quotes and corrections, and the editorial workflow that
takes a story from draft to live.
"""

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from people.dates import PartialDate, Precision, truncate
from people.models import Organisation, Person

from .quoting import appears_verbatim


class Section(models.Model):
    """A part of the paper (News, Sport…) with its own page and feed."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=255, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Order in the site's navigation; lower comes first."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:section", kwargs={"slug": self.slug})


class TagQuerySet(models.QuerySet):
    def live(self):
        """Tags a reader may see: those on at least one live story."""
        return self.filter(articles__in=Article.objects.live()).distinct()


class Tag(models.Model):
    """A topic that runs across sections ("Drugs policy", "Policing")."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


class ArticleQuerySet(models.QuerySet):
    def live(self):
        """
        Stories the public may see: published, with a publication time that has
        come. The one definition of "live"; every public view goes through it.
        """
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


@reversion.register(follow=("blocks", "captions", "quotes", "corrections", "article_people"))
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
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
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

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_at").desc(nulls_last=True), "-pk"]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]
        indexes = [models.Index(fields=["status", "published_at"], name="article_live_idx")]

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:story", kwargs={"slug": self.slug})

    @property
    def is_live(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def body_text(self, blocks=None):
        """
        The words of the story: its paragraphs and subheadings, in order. Pass
        ``blocks`` to read an edit that is not saved yet.
        """
        if blocks is None:
            blocks = self.blocks.all()
        blocks = sorted(blocks, key=lambda block: (block.position, block.pk or 0))
        return "\n\n".join(block.text for block in blocks if block.kind in Block.TEXT_KINDS)

    def clean(self):
        if self.status == self.Status.PUBLISHED and not self.published_at:
            raise ValidationError({"published_at": "A published story needs a publication time."})

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

    def _change_status(self, status, by, comment, **fields):
        self.status = status
        self.status_changed_at = timezone.now()
        self.status_changed_by = by
        for name, value in fields.items():
            setattr(self, name, value)
        with reversion.create_revision():
            self.save()
            reversion.set_user(by)
            reversion.set_comment(comment)

    @transaction.atomic
    def submit_for_review(self, *, by=None):
        """A reporter hands the draft to the editors."""
        if self.status not in (self.Status.DRAFT, self.Status.UNPUBLISHED):
            raise ValidationError(
                "Only a draft or an unpublished story can be submitted for review.",
                code="invalid_transition",
            )
        self._change_status(self.Status.IN_REVIEW, by, "Submitted for review")

    @transaction.atomic
    def publish(self, *, by=None, at=None):
        """
        Put the story live at ``at`` (now by default; a future time schedules
        it), once nothing in ``publication_errors()`` stands in the way.
        """
        errors = self.publication_errors()
        if errors:
            raise ValidationError(errors, code="not_publishable")
        when = at or self.published_at or timezone.now()
        comment = "Scheduled" if when > timezone.now() else "Published"
        self._change_status(self.Status.PUBLISHED, by, comment, published_at=when)

    @transaction.atomic
    def unpublish(self, *, by=None):
        """Take a published (or scheduled) story off the site."""
        if self.status != self.Status.PUBLISHED:
            raise ValidationError(
                "Only a published story can be unpublished.", code="invalid_transition"
            )
        self._change_status(self.Status.UNPUBLISHED, by, "Unpublished")


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
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person"],
                name="unique_person_per_article",
                violation_error_message="This person is already listed in the story.",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()})"


class StoryPartQuerySet(models.QuerySet):
    """Pictures and quotes are seen only with their story."""

    def live(self):
        return self.filter(article__in=Article.objects.live())


@reversion.register()
class Caption(models.Model):
    """A picture as the story prints it: the image, its caption, credit and alt text."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="captions")
    image = models.ImageField(
        upload_to="captions/%Y/%m/", width_field="width", height_field="height"
    )
    caption = models.TextField(help_text="The words printed under the picture.")
    credit = models.CharField(max_length=200, help_text="Photographer or agency.")
    alt_text = models.CharField(
        max_length=500,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it. Required to publish.",
    )
    people = models.ManyToManyField(
        Person, blank=True, related_name="pictures", verbose_name="people pictured"
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    focal_point_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Where the subject is, across the picture: 0 is the left edge, 1 the right.",
    )
    focal_point_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text="Where the subject is, down the picture: 0 is the top, 1 the bottom.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StoryPartQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]

    def __str__(self):
        return Truncator(self.caption).chars(80)


@reversion.register()
class Quote(models.Model):
    """
    Words someone said, exactly as a story printed them: who said them, where
    ("his resignation letter") and when, if known.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField(
        help_text="The exact words, as they stand in the story (without quotation marks)."
    )
    speaker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="quotes")
    source = models.CharField(
        max_length=255,
        blank=True,
        help_text="Where it was said, e.g. “his resignation letter”.",
    )
    said_on = models.DateField(null=True, blank=True, help_text="Leave empty when not known.")
    said_on_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY
    )

    objects = StoryPartQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]

    def __str__(self):
        return Truncator(self.text).words(12)

    @property
    def said(self):
        return PartialDate(self.said_on, self.said_on_precision) if self.said_on else None

    def clean(self):
        if self.said_on:
            self.said_on = truncate(self.said_on, self.said_on_precision)


@reversion.register()
class Block(models.Model):
    """One piece of a story's body, in order: a paragraph, subheading, picture or pull quote."""

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        SUBHEADING = "subheading", "Subheading"
        IMAGE = "image", "Captioned image"
        QUOTE = "quote", "Pull quote"

    TEXT_KINDS = (Kind.PARAGRAPH, Kind.SUBHEADING)

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the body; lower comes first."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARAGRAPH)
    text = models.TextField(blank=True, help_text="For paragraphs and subheadings.")
    # RESTRICT, not PROTECT: a picture or quote the body shows cannot be deleted
    # on its own, but deleting the whole story takes them with it.
    caption = models.ForeignKey(
        Caption,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="blocks",
        help_text="For captioned images: one of this story's pictures.",
    )
    quote = models.ForeignKey(
        Quote,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="blocks",
        help_text="For pull quotes: one of this story's quotes.",
    )

    class Meta:
        ordering = ["article", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        kind__in=["paragraph", "subheading"],
                        caption__isnull=True,
                        quote__isnull=True,
                    )
                    & ~models.Q(text="")
                )
                | models.Q(kind="image", caption__isnull=False, quote__isnull=True, text="")
                | models.Q(kind="quote", quote__isnull=False, caption__isnull=True, text=""),
                name="block_content_matches_kind",
                violation_error_message="A block holds exactly the content its kind calls for.",
            )
        ]

    def __str__(self):
        if self.kind == self.Kind.IMAGE and self.caption_id:
            return f"Picture: {self.caption}"
        if self.kind == self.Kind.QUOTE and self.quote_id:
            return f"Pull quote: {self.quote}"
        return Truncator(self.text).words(12)

    def clean(self):
        errors = {}
        if self.kind in self.TEXT_KINDS:
            if not self.text.strip():
                errors["text"] = f"A {self.get_kind_display().lower()} needs its text."
            if self.caption_id or self.quote_id:
                errors["kind"] = "A paragraph or subheading holds text only."
        elif self.kind == self.Kind.IMAGE:
            if not self.caption_id:
                errors["caption"] = "Choose the picture this block shows."
            elif self.caption.article_id != self.article_id:
                errors["caption"] = "The picture must belong to this story."
            if self.text or self.quote_id:
                errors["kind"] = (
                    "A picture block holds its picture only: write the caption on the picture."
                )
        elif self.kind == self.Kind.QUOTE:
            if not self.quote_id:
                errors["quote"] = "Choose the quote to pull out."
            elif self.quote.article_id != self.article_id:
                errors["quote"] = "The quote must be one of this story's quotes."
            if self.text or self.caption_id:
                errors["kind"] = "A pull quote block holds its quote only."
        if errors:
            raise ValidationError(errors)


@reversion.register()
class Correction(models.Model):
    """A correction or clarification printed with a story."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["article", "published_at", "pk"]

    def __str__(self):
        return Truncator(self.text).words(12)
