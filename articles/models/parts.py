"""
What a story is made of: the ordered body blocks, the captioned pictures and
quotes they show, and the corrections printed with it.
"""

import reversion
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from newsroom.uploads import PictureField, RandomName
from people.dates import PartialDate, Precision, truncate
from people.models import Person

from .. import markup
from ..renditions import Renditions


class StoryPartQuerySet(models.QuerySet):
    """Pictures and quotes are seen only with their story."""

    def live(self):
        # Imported here: stories imports this module, as Article's querysets and
        # methods read blocks, pictures and quotes.
        from .stories import live_condition

        return self.filter(live_condition("article__"))


class CaptionQuerySet(StoryPartQuerySet):
    def for_api(self):
        """Pictures as the API lists them: with their story and the people in them."""
        return self.select_related("article").prefetch_related("people")


class QuoteQuerySet(StoryPartQuerySet):
    def for_api(self):
        """Quotes as the API lists them: with their speaker and their story."""
        return self.select_related("speaker", "article")


class CorrectionQuerySet(StoryPartQuerySet):
    def newest_first(self):
        """
        Corrections as the corrections page and feed list them: newest first,
        each with its story (less the story's search vector, which no list reads).
        """
        return (
            self.select_related("article")
            .defer("article__search_vector")
            .order_by("-published_at", "-pk")
        )


@reversion.register()
class Caption(models.Model):
    """A picture as the story prints it: the image, its caption, credit and alt text."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="captions")
    # Stored upright, without the camera's metadata, under a random name (newsroom.uploads).
    image = PictureField(
        upload_to=RandomName("captions"), width_field="width", height_field="height"
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

    objects = CaptionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]

    def __str__(self):
        return Truncator(self.caption).chars(80)

    @cached_property
    def renditions(self):
        """The picture at the widths a page offers (``srcset``), made on first use."""
        return Renditions(self.image, self.width, self.height)


@reversion.register()
class Quote(models.Model):
    """
    Words someone said, exactly as a story printed them: who said them, where
    ("his resignation letter") and when, if known.
    """

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="quotes")
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

    objects = QuoteQuerySet.as_manager()

    class Meta:
        ordering = ["article", "pk"]
        # A speaker's quotes' keys and stories, read from the index alone for
        # their profile.
        indexes = [
            models.Index(fields=["speaker", "article"], include=["id"], name="quote_speaker_idx")
        ]

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
    """
    One piece of a story's body, in order: a paragraph, subheading, picture or
    pull quote. A paragraph's ``text`` is HTML with bold, italic and links
    only; a subheading's is HTML with no tags (see ``articles.markup``).
    """

    class Kind(models.TextChoices):
        PARAGRAPH = "paragraph", "Paragraph"
        SUBHEADING = "subheading", "Subheading"
        IMAGE = "image", "Captioned image"
        QUOTE = "quote", "Pull quote"

    TEXT_KINDS = (Kind.PARAGRAPH, Kind.SUBHEADING)

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="blocks")
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
        return Truncator(self.plain_text).words(12)

    @property
    def inline_markup(self):
        """Whether this block's text may hold bold, italic and links: paragraphs only."""
        return self.kind == self.Kind.PARAGRAPH

    @property
    def plain_text(self):
        """The block's words without markup, as the quote check, search and feeds read them."""
        return markup.plain_text(self.text, inline=self.inline_markup)

    @property
    def html(self):
        """The block's text as safe HTML, sanitised again on every read."""
        return mark_safe(markup.sanitise(self.text, inline=self.inline_markup))

    def fragment(self):
        """The block's text read as tags and words, for marking quotes in it."""
        return markup.Fragment(self.text, inline=self.inline_markup)

    def get_constraints(self):
        # clean() states the content rule field by field, and can check a
        # picture or quote new in the same edit, before it has an id; asking
        # the database as well would cost a query a block. The database
        # still holds the rule.
        return [
            (model, [rule for rule in rules if rule.name != "block_content_matches_kind"])
            for model, rules in super().get_constraints()
        ]

    def shown(self, relation):
        """
        The picture or quote (``relation``) this block shows, or None; it may
        be new in the same edit and not saved yet.
        """
        try:
            return getattr(self, relation)
        except ObjectDoesNotExist:
            return None

    def clean(self):
        errors = {}
        caption, quote = self.shown("caption"), self.shown("quote")
        if self.kind in self.TEXT_KINDS:
            # Stored as it will be shown: only the markup a paragraph may hold.
            self.text = markup.sanitise(self.text, inline=self.inline_markup)
            if not self.plain_text.strip():
                errors["text"] = f"A {self.get_kind_display().lower()} needs its text."
            if caption is not None or quote is not None:
                errors["kind"] = "A paragraph or subheading holds text only."
        elif self.kind == self.Kind.IMAGE:
            if caption is None:
                errors["caption"] = "Choose the picture this block shows."
            elif caption.article_id != self.article_id:
                errors["caption"] = "The picture must belong to this story."
            if self.text or quote is not None:
                errors["kind"] = (
                    "A picture block holds its picture only: write the caption on the picture."
                )
        elif self.kind == self.Kind.QUOTE:
            if quote is None:
                errors["quote"] = "Choose the quote to pull out."
            elif quote.article_id != self.article_id:
                errors["quote"] = "The quote must be one of this story's quotes."
            if self.text or caption is not None:
                errors["kind"] = "A pull quote block holds its quote only."
        if errors:
            raise ValidationError(errors)


@reversion.register()
class Correction(models.Model):
    """A correction, clarification or update printed with a story."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.CORRECTION)
    text = models.TextField()
    published_at = models.DateTimeField(default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "published_at", "pk"]

    def __str__(self):
        return Truncator(self.text).words(12)
