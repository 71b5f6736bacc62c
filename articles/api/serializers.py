"""
Stories as the API shows them, and as the newsroom writes them through it.

Reading: a story's body is its ordered blocks, each with a ``type``; its
pictures carry caption, credit, alt text and the people in them; its quotes
carry speaker, source and date. Writing: ``ArticleWriteSerializer`` takes the
fields a role owns, and every row passes the model's own ``full_clean()``.
"""

import reversion
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from django.db import transaction
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from articles.models import Article, ArticlePerson, Block, Caption, Correction, Quote, Section, Tag
from newsroom.api import model_errors
from people.api.serializers import (
    PageURLField,
    PartialDateSerializer,
    PersonSummarySerializer,
    StorySummarySerializer,
    absolute_url,
)
from people.models import Organisation, Person


class SectionSerializer(serializers.ModelSerializer):
    """A part of the paper, with its own page listing its live stories."""

    url = PageURLField()

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url"]


class SectionSummarySerializer(SectionSerializer):
    class Meta(SectionSerializer.Meta):
        fields = ["slug", "name", "url"]


class TagSerializer(serializers.ModelSerializer):
    url = PageURLField()

    class Meta:
        model = Tag
        fields = ["slug", "name", "url"]


class PublisherSerializer(serializers.ModelSerializer):
    """The title the story is credited to (organisations have no page of their own)."""

    class Meta:
        model = Organisation
        fields = ["slug", "name"]


class StoryPartURLField(serializers.Field):
    """A picture's or quote's address: its story's page, at its anchor there."""

    def __init__(self, anchor, **kwargs):
        self.anchor = anchor
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, part):
        story = absolute_url(self, part.article.get_absolute_url())
        return f"{story}#{self.anchor}-{part.pk}"


extend_schema_field(
    {"type": "string", "format": "uri", "description": "The picture or quote in its story."}
)(StoryPartURLField)


class ImageSerializer(serializers.Serializer):
    """The picture file, and its size in pixels."""

    url = serializers.SerializerMethodField()
    width = serializers.IntegerField(read_only=True, allow_null=True)
    height = serializers.IntegerField(read_only=True, allow_null=True)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, caption):
        return absolute_url(self, caption.image.url)


class FocalPointSerializer(serializers.Serializer):
    """Where the subject is: 0–1 across (x) and down (y) the picture."""

    x = serializers.FloatField(source="focal_point_x", read_only=True)
    y = serializers.FloatField(source="focal_point_y", read_only=True)


class StoryCaptionSerializer(serializers.ModelSerializer):
    """A captioned picture in a story: caption, credit, alt text and the people in it."""

    url = StoryPartURLField("picture")
    image = ImageSerializer(source="*", read_only=True)
    focal_point = FocalPointSerializer(source="*", read_only=True)
    people = PersonSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Caption
        fields = ["id", "url", "image", "caption", "credit", "alt_text", "focal_point", "people"]


class CaptionSerializer(StoryCaptionSerializer):
    """A captioned picture and the live story that printed it."""

    article = StorySummarySerializer(read_only=True)

    class Meta(StoryCaptionSerializer.Meta):
        fields = [*StoryCaptionSerializer.Meta.fields, "article"]


class StoryQuoteSerializer(serializers.ModelSerializer):
    """Words someone said, as the story printed them: speaker, source and date."""

    url = StoryPartURLField("quote")
    speaker = PersonSummarySerializer(read_only=True)
    said_on = PartialDateSerializer(
        source="said", allow_null=True, read_only=True, help_text="When, if known."
    )

    class Meta:
        model = Quote
        fields = ["id", "url", "text", "speaker", "source", "said_on"]


class QuoteSerializer(StoryQuoteSerializer):
    """A quote and the live story that published it."""

    article = StorySummarySerializer(read_only=True)

    class Meta(StoryQuoteSerializer.Meta):
        fields = [*StoryQuoteSerializer.Meta.fields, "article"]


class StoryPersonSerializer(serializers.Serializer):
    """Someone the story is about (`subject`) or mentions (`mentioned`)."""

    slug = serializers.SlugField(source="person.slug", read_only=True)
    name = serializers.CharField(source="person.name", read_only=True)
    url = PageURLField(source="person")
    role = serializers.ChoiceField(choices=ArticlePerson.Role.choices, read_only=True)


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "published_at"]


def block_type(kind):
    """The ``type`` field of one kind of block: a string that is always ``kind``."""

    @extend_schema_field({"type": "string", "enum": [kind]})
    class BlockType(serializers.CharField):
        pass

    return BlockType(read_only=True, source="kind")


class ParagraphBlockSerializer(serializers.Serializer):
    """A paragraph of the story's text."""

    type = block_type(Block.Kind.PARAGRAPH)
    text = serializers.CharField(read_only=True)


class SubheadingBlockSerializer(serializers.Serializer):
    """A subheading between paragraphs."""

    type = block_type(Block.Kind.SUBHEADING)
    text = serializers.CharField(read_only=True)


class ImageBlockSerializer(serializers.Serializer):
    """One of the story's pictures, where the body shows it."""

    type = block_type(Block.Kind.IMAGE)
    caption = StoryCaptionSerializer(read_only=True)


class QuoteBlockSerializer(serializers.Serializer):
    """One of the story's quotes, pulled out where the body shows it."""

    type = block_type(Block.Kind.QUOTE)
    quote = StoryQuoteSerializer(read_only=True)


BLOCK_SERIALIZERS = {
    Block.Kind.PARAGRAPH: ParagraphBlockSerializer,
    Block.Kind.SUBHEADING: SubheadingBlockSerializer,
    Block.Kind.IMAGE: ImageBlockSerializer,
    Block.Kind.QUOTE: QuoteBlockSerializer,
}

BODY_BLOCK = PolymorphicProxySerializer(
    component_name="BodyBlock",
    serializers={str(kind): serializer for kind, serializer in BLOCK_SERIALIZERS.items()},
    resource_type_field_name="type",
    many=True,
)


class ArticleSerializer(serializers.ModelSerializer):
    """A story as lists show it."""

    url = PageURLField()
    section = SectionSummarySerializer(read_only=True)
    tags = TagSerializer(many=True, read_only=True)
    authors = PersonSummarySerializer(
        many=True, read_only=True, help_text="The byline: reporters with profiles."
    )
    status = serializers.ChoiceField(
        choices=Article.Status.choices,
        read_only=True,
        help_text="Always `published` for readers; newsroom staff with a token also see "
        "their drafts and stories in review.",
    )

    class Meta:
        model = Article
        fields = [
            "slug",
            "url",
            "headline",
            "standfirst",
            "section",
            "tags",
            "authors",
            "status",
            "published_at",
            "updated_at",
        ]


class ArticleDetailSerializer(ArticleSerializer):
    """
    A story in full: its body as ordered typed blocks (paragraphs,
    subheadings, pictures, pull quotes), every picture and quote in it, the
    people it is about or mentions, and its corrections.
    """

    publisher = PublisherSerializer(allow_null=True, read_only=True)
    people = StoryPersonSerializer(
        source="article_people", many=True, read_only=True, help_text="Subjects first."
    )
    body = serializers.SerializerMethodField(help_text="The body's blocks, in order.")
    captions = StoryCaptionSerializer(many=True, read_only=True)
    quotes = StoryQuoteSerializer(many=True, read_only=True)
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [
            *ArticleSerializer.Meta.fields,
            "publisher",
            "people",
            "body",
            "captions",
            "quotes",
            "corrections",
        ]

    def to_representation(self, article):
        data = super().to_representation(article)
        # The people the story is about come before those it mentions.
        data["people"].sort(key=lambda person: person["role"] != ArticlePerson.Role.SUBJECT)
        return data

    @extend_schema_field(BODY_BLOCK)
    def get_body(self, article):
        # The body's pictures and quotes are the story's own, already fetched.
        captions = {caption.pk: caption for caption in article.captions.all()}
        quotes = {quote.pk: quote for quote in article.quotes.all()}
        body = []
        for block in article.blocks.all():
            if block.kind == Block.Kind.IMAGE:
                block.caption = captions.get(block.caption_id) or block.caption
            elif block.kind == Block.Kind.QUOTE:
                block.quote = quotes.get(block.quote_id) or block.quote
            body.append(BLOCK_SERIALIZERS[block.kind](block, context=self.context).data)
        return body


class SlugReferenceField(serializers.SlugRelatedField):
    """Another record by its slug; a value that cannot be a slug is refused before any lookup."""

    default_error_messages = {
        "not_a_slug": "“{value}” is not a slug: letters, numbers, hyphens and underscores only."
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("slug_field", "slug")
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        try:
            validate_slug(data)
        except (DjangoValidationError, TypeError):
            self.fail("not_a_slug", value=str(data)[:50])
        return super().to_internal_value(data)


class StoryPersonWriteSerializer(serializers.Serializer):
    person = SlugReferenceField(queryset=Person.objects.all())
    role = serializers.ChoiceField(
        choices=ArticlePerson.Role.choices, default=ArticlePerson.Role.SUBJECT
    )


class BlockWriteSerializer(serializers.Serializer):
    """
    One block of the body: a paragraph or subheading with its ``text``; a
    picture (``image``) by the id of one of the story's ``captions``; a pull
    quote (``quote``) by the id of one of its ``quotes``.
    """

    type = serializers.ChoiceField(choices=Block.Kind.choices)
    text = serializers.CharField(required=False, allow_blank=True, default="")
    caption = serializers.IntegerField(
        required=False, allow_null=True, help_text="For an `image` block: a picture's `id`."
    )
    quote = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="For a `quote` block: the `id` of one of the story's quotes (saved already).",
    )


class QuoteWriteSerializer(serializers.Serializer):
    """A quote of the story: with ``id`` to change one it has, without to add one."""

    id = serializers.IntegerField(required=False)
    text = serializers.CharField(
        help_text="The exact words, as they stand in the story (without quotation marks)."
    )
    speaker = SlugReferenceField(queryset=Person.objects.all())
    source = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    said_on = PartialDateSerializer(required=False, allow_null=True, default=None)


class ArticleWriteSerializer(serializers.ModelSerializer):
    """
    A story as the newsroom writes it. On a change, each of ``tags``,
    ``authors``, ``people``, ``body`` and ``quotes`` that is sent replaces
    what the story had; quotes keep their ids when sent with them. The
    status and publication time change only through the workflow actions,
    the byline only by editors, and the account that started the story never:
    sending them is a 400. Pictures are added in the admin (they need an image
    upload); the body places them by id.
    """

    # Fields set by the workflow or the server, never by the request body.
    WORKFLOW_FIELDS = ("status", "published_at", "status_changed_at", "status_changed_by")
    SERVER_FIELDS = ("created_by", "created_at", "updated_at")

    section = SlugReferenceField(queryset=Section.objects.all())
    tags = SlugReferenceField(queryset=Tag.objects.all(), many=True, required=False)
    authors = SlugReferenceField(
        queryset=Person.objects.all(),
        many=True,
        required=False,
        help_text="The byline, by people's slugs. Only editors set it.",
    )
    publisher = SlugReferenceField(
        queryset=Organisation.objects.all(), required=False, allow_null=True
    )
    people = StoryPersonWriteSerializer(many=True, required=False)
    body = BlockWriteSerializer(many=True, required=False)
    quotes = QuoteWriteSerializer(many=True, required=False)

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "standfirst",
            "section",
            "tags",
            "authors",
            "publisher",
            "people",
            "body",
            "quotes",
        ]

    def to_internal_value(self, data):
        if isinstance(data, dict):
            user = self.context["request"].user
            refused = {
                name: ["Set by the workflow: POST to the story's submit/, publish/ or unpublish/."]
                for name in self.WORKFLOW_FIELDS
                if name in data
            }
            refused |= {
                name: ["Set by the server."] for name in self.SERVER_FIELDS if name in data
            }
            if "authors" in data and not user.has_perm("articles.publish_article"):
                refused["authors"] = ["Only editors set the byline."]
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def create(self, validated_data):
        article = Article(created_by=self.context["request"].user)
        return self.write(article, validated_data)

    def update(self, article, validated_data):
        return self.write(article, validated_data)

    def write(self, article, data):
        """
        Save the story and the parts sent, each through ``full_clean()``, as
        one version in the story's history; a published story must still
        pass ``publication_errors()`` afterwards, or nothing is saved.
        """
        with transaction.atomic(), reversion.create_revision():
            article = self.write_story(article, data)
            reversion.set_user(self.context["request"].user)
            reversion.set_comment("Changed through the API")
        return article

    def write_story(self, article, data):
        parts = {name: data.pop(name) for name in ("people", "body", "quotes") if name in data}
        relations = {name: data.pop(name) for name in ("tags", "authors") if name in data}
        for name, value in data.items():
            setattr(article, name, value)
        self.clean(article)
        article.save()
        for name, value in relations.items():
            getattr(article, name).set(value)
        if "people" in parts:
            self.write_people(article, parts["people"])
        if "body" in parts:
            # The old body goes first: its blocks hold on to pictures and quotes.
            article.blocks.all().delete()
        if "quotes" in parts:
            self.write_quotes(article, parts["quotes"])
        if "body" in parts:
            self.write_body(article, parts["body"])
        if article.status == Article.Status.PUBLISHED:
            errors = article.publication_errors()
            if errors:
                raise serializers.ValidationError({"non_field_errors": errors})
        return article

    @staticmethod
    def clean(row):
        """``full_clean()``, its errors as the serializer's (a 400 with the model's messages)."""
        try:
            row.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(model_errors(error)) from None

    def write_people(self, article, people):
        article.article_people.all().delete()
        errors = {}
        for index, entry in enumerate(people):
            row = ArticlePerson(
                article=article,
                person=entry["person"],
                role=entry.get("role", ArticlePerson.Role.SUBJECT),
            )
            try:
                row.full_clean()
            except DjangoValidationError as error:
                errors[index] = model_errors(error)
            else:
                row.save()
        if errors:
            raise serializers.ValidationError({"people": errors})

    def write_quotes(self, article, quotes):
        existing = {quote.pk: quote for quote in article.quotes.all()}
        kept = {entry["id"] for entry in quotes if "id" in entry}
        pulled_out = {
            block.quote_id for block in article.blocks.filter(quote__isnull=False)
        } - kept
        refused = [
            f"The quote “{existing[quote_id]}” is pulled out in the body: send a body "
            "without it, or keep the quote."
            for quote_id in sorted(pulled_out & set(existing))
        ]
        if refused:
            raise serializers.ValidationError({"quotes": refused})
        for quote in existing.values():
            if quote.pk not in kept:
                quote.delete()
        errors = {}
        for index, entry in enumerate(quotes):
            quote = existing.get(entry.get("id"))
            if "id" in entry and quote is None:
                errors[index] = {"id": [f"The story has no quote {entry['id']}."]}
                continue
            quote = quote or Quote(article=article)
            said = entry.get("said_on")
            quote.text = entry["text"]
            quote.speaker = entry["speaker"]
            quote.source = entry.get("source", "")
            quote.said_on = said.date if said else None
            if said:
                quote.said_on_precision = said.precision
            try:
                quote.full_clean()
            except DjangoValidationError as error:
                errors[index] = model_errors(error)
                continue
            quote.save()
        if errors:
            raise serializers.ValidationError({"quotes": errors})

    def write_body(self, article, blocks):
        captions = {caption.pk: caption for caption in article.captions.all()}
        quotes = {quote.pk: quote for quote in article.quotes.all()}
        errors = {}
        for index, entry in enumerate(blocks):
            block = Block(
                article=article,
                position=index + 1,
                kind=entry["type"],
                text=entry.get("text", ""),
            )
            error = {}
            if entry.get("caption") is not None:
                block.caption = captions.get(entry["caption"])
                if block.caption is None:
                    error["caption"] = ["Not one of this story's pictures."]
            if entry.get("quote") is not None:
                block.quote = quotes.get(entry["quote"])
                if block.quote is None:
                    error["quote"] = ["Not one of this story's quotes."]
            if not error:
                try:
                    block.full_clean()
                except DjangoValidationError as invalid:
                    error = model_errors(invalid)
                else:
                    block.save()
            if error:
                errors[index] = error
        if errors:
            raise serializers.ValidationError({"body": errors})


class PublishSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When the story goes live; a time to come schedules it. Now if not given "
        "(or the time it was given before).",
    )
