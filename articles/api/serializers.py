"""
Stories as the API shows them, and as the newsroom writes them through it.

Reading: a story's body is its ordered blocks, each with a ``type``; its
pictures carry caption, credit, alt text and the people in them; its quotes
carry speaker, source and date. Writing: ``ArticleWriteSerializer`` takes the
fields a role owns, and every row passes the model's own ``full_clean()``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_slug
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from articles.editing import (
    EDITABLE_FIELDS,
    SCHEDULE_FIELDS,
    EditRefused,
    EditStory,
    over_limit,
)
from articles.markup import sanitise
from articles.models import Article, ArticlePerson, Block, Caption, Correction, Quote, Section, Tag
from articles.policies import story_policy
from newsroom.api import (
    PageURLField,
    ReadModelSerializer,
    StorySummarySerializer,
    absolute_url,
    model_errors,
    page_url,
)
from people.api.serializers import PartialDateSerializer, PersonSummarySerializer
from people.models import Organisation, Person


class SectionSerializer(ReadModelSerializer):
    """A part of the paper, with its own page listing its live stories."""

    url = PageURLField()

    class Meta:
        model = Section
        fields = ["slug", "name", "description", "url"]


class SectionSummarySerializer(SectionSerializer):
    class Meta(SectionSerializer.Meta):
        fields = ["slug", "name", "url"]


class TagSerializer(ReadModelSerializer):
    url = PageURLField()

    class Meta:
        model = Tag
        fields = ["slug", "name", "url"]


class PublisherSerializer(ReadModelSerializer):
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
        return f"{page_url(self, part.article)}#{self.anchor}-{part.pk}"


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


class StoryCaptionSerializer(ReadModelSerializer):
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


class StoryQuoteSerializer(ReadModelSerializer):
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


class CorrectionSerializer(ReadModelSerializer):
    """A correction, clarification or update printed with the story: `kind` says which."""

    class Meta:
        model = Correction
        fields = ["kind", "text", "published_at"]


def block_type(kind):
    """The ``type`` field of one kind of block: a string that is always ``kind``."""

    @extend_schema_field({"type": "string", "enum": [kind]})
    class BlockType(serializers.CharField):
        pass

    return BlockType(read_only=True, source="kind")


class ParagraphBlockSerializer(serializers.Serializer):
    """A paragraph of the story's text: its words, and its HTML with bold, italic and links."""

    type = block_type(Block.Kind.PARAGRAPH)
    text = serializers.CharField(
        read_only=True,
        source="plain_text",
        help_text="The paragraph's words as plain text, without markup.",
    )
    html = serializers.CharField(
        read_only=True,
        help_text="The paragraph as sanitised HTML: text with only `<strong>`, `<b>`, `<em>`, "
        '`<i>` and `<a href rel="nofollow noopener">` (http, https, mailto or relative '
        "addresses).",
    )


class SubheadingBlockSerializer(serializers.Serializer):
    """A subheading between paragraphs: plain text, never markup."""

    type = block_type(Block.Kind.SUBHEADING)
    text = serializers.CharField(
        read_only=True, source="plain_text", help_text="The subheading, as plain text."
    )


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


class ArticleSerializer(ReadModelSerializer):
    """
    A story as lists show it.

    An account in the Partners group also reads the stories out to it under
    an embargo, before the public has them: each is marked `embargoed: true`,
    and `embargoed_until` is the time the public gets it (when everyone sees
    it, with nothing to do). `expires_at` is when a story comes down: from
    then on its detail answers 410 Gone and it leaves every list.
    """

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
    embargoed = serializers.BooleanField(
        source="is_embargoed",
        read_only=True,
        help_text="Whether the story is under an embargo now: only partners (and the "
        "newsroom) see it, until `embargoed_until`. Always false for readers.",
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
            "embargoed",
            "embargoed_until",
            "expires_at",
            "updated_at",
        ]
        extra_kwargs = {
            "embargoed_until": {
                "help_text": "When the public gets the story: until then only partners see "
                "it, marked `embargoed`. Null without an embargo."
            },
            "expires_at": {
                "help_text": "When the story comes down: from then on its page and detail "
                "answer 410 Gone. Null if it stays."
            },
        }


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
        # One serializer for each kind of block, not one for each block:
        # making a serializer copies its fields, nested serializers and all.
        serializers_by_kind = {
            kind: serializer(context=self.context)
            for kind, serializer in BLOCK_SERIALIZERS.items()
        }
        body = []
        for block in article.blocks.all():
            if block.kind == Block.Kind.IMAGE:
                block.caption = captions.get(block.caption_id) or block.caption
            elif block.kind == Block.Kind.QUOTE:
                block.quote = quotes.get(block.quote_id) or block.quote
            body.append(serializers_by_kind[block.kind].to_representation(block))
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
        if isinstance(data, dict):
            # The record as a response shows it (``{"slug": …, "name": …}``): its slug.
            data = data.get("slug")
        try:
            validate_slug(data)
        except (DjangoValidationError, TypeError):
            self.fail("not_a_slug", value=str(data)[:50])
        return super().to_internal_value(data)


extend_schema_field(
    {
        "oneOf": [
            {"$ref": "#/components/schemas/SlugReference"},
            {"type": "string", "description": "The slug alone."},
        ]
    }
)(SlugReferenceField)


@extend_schema_field({"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"})
class BareSlugReferenceField(SlugReferenceField):
    """A record by its slug alone, where a response shows the slug as a string."""


class PartReferenceField(serializers.IntegerField):
    """One of the story's pictures or quotes by its id, or as a response shows it."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            data = data.get("id")
        return super().to_internal_value(data)


extend_schema_field(
    {
        "oneOf": [
            {"$ref": "#/components/schemas/IdReference"},
            {"type": "integer", "description": "The id alone."},
        ]
    }
)(PartReferenceField)


class WholeItemSerializer(serializers.Serializer):
    """
    An item of a list the story is written with (a person, a block, a
    quote): it replaces what the story had, so its required fields are
    needed even inside a PATCH, where DRF would let them be left out.
    """

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        missing = {
            name: [field.error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and field.source not in values
        }
        if missing:
            raise serializers.ValidationError(missing)
        return values


class StoryPersonWriteSerializer(WholeItemSerializer):
    """Someone the story is about or mentions: by ``slug``, as a story's ``people`` show them."""

    slug = BareSlugReferenceField(
        queryset=Person.objects.all(), required=False, help_text="The person's slug."
    )
    person = SlugReferenceField(
        queryset=Person.objects.all(),
        required=False,
        help_text="The person's slug, as `slug` gives it (the older name).",
    )
    role = serializers.ChoiceField(
        choices=ArticlePerson.Role.choices, default=ArticlePerson.Role.SUBJECT
    )

    def validate(self, attrs):
        slug = attrs.pop("slug", None)
        attrs.setdefault("person", slug)
        if attrs["person"] is None:
            raise serializers.ValidationError({"slug": ["This field is required."]})
        return attrs


class BlockWriteSerializer(WholeItemSerializer):
    """
    One block of the body: a paragraph or subheading with its ``text``; a
    picture (``image``) by the id of one of the story's ``captions``; a pull
    quote (``quote``) by the id of one of its ``quotes``. A block as the
    story's ``body`` shows it is taken as it is: a paragraph's ``html`` (its
    markup) rather than its plain ``text``, a picture or quote by its ``id``.
    """

    type = serializers.ChoiceField(choices=Block.Kind.choices)
    text = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="For a `paragraph`: HTML, of which `<strong>`, `<b>`, `<em>`, `<i>` and "
        "`<a href>` are kept and all other markup dropped (write `&amp;` and `&lt;` for "
        "`&` and `<` as text). For a `subheading`: text; any tags are dropped.",
    )
    html = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="For a `paragraph`, instead of `text`: its HTML, as the story's `body` "
        "shows it. Sent with `text`, it is the one kept.",
    )
    caption = PartReferenceField(
        required=False, allow_null=True, help_text="For an `image` block: a picture's `id`."
    )
    quote = PartReferenceField(
        required=False,
        allow_null=True,
        help_text="For a `quote` block: the `id` of one of the story's quotes (saved already).",
    )

    def validate(self, attrs):
        html = attrs.pop("html", None)
        if html is not None and attrs["type"] == Block.Kind.PARAGRAPH:
            attrs["text"] = html
        return attrs


class QuoteWriteSerializer(WholeItemSerializer):
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
    the byline, the embargo (``embargoed_until``) and the expiry time
    (``expires_at``) only by editors, and the account that started the story
    never: sending them is a 400. Pictures are added in the admin (they need an image
    upload); the body places them by id.
    """

    # Fields set by the workflow or the server, never by the request body.
    WORKFLOW_FIELDS = ("status", "published_at", "status_changed_at", "status_changed_by")
    SERVER_FIELDS = ("created_by", "created_at", "updated_at")
    # The lists a story's size is limited by (settings.STORY_LIMITS), as the edit path names them.
    LIMITED = {
        "tags": "tags",
        "authors": "authors",
        "people": "people",
        "body": "blocks",
        "quotes": "quotes",
    }

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
    people = StoryPersonWriteSerializer(
        many=True, required=False, max_length=settings.STORY_LIMITS["people"]
    )
    body = BlockWriteSerializer(
        many=True,
        required=False,
        max_length=settings.STORY_LIMITS["blocks"],
        help_text=f"The body's blocks, in order: at most {settings.STORY_LIMITS['blocks']}.",
    )
    quotes = QuoteWriteSerializer(
        many=True, required=False, max_length=settings.STORY_LIMITS["quotes"]
    )

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
            "embargoed_until",
            "expires_at",
            "people",
            "body",
            "quotes",
        ]
        extra_kwargs = {
            "embargoed_until": {
                "help_text": "Editors: the embargo. Published, the story reaches partners at "
                "once and the public at this time; publishing it without a time publishes "
                "it at this time. Null for none."
            },
            "expires_at": {
                "help_text": "Editors: when the story comes down (410 Gone from then on). "
                "After its publication time and its embargo; null for never."
            },
        }

    def to_internal_value(self, data):
        if isinstance(data, dict):
            # Too long a list is refused before any of it is looked at (or looked up).
            too_long = {
                name: [message]
                for name, part in self.LIMITED.items()
                if isinstance(data.get(name), list)
                and (message := over_limit(part, len(data[name])))
            }
            if too_long:
                raise serializers.ValidationError(too_long)
            user = self.context["request"].user
            # What the story already has may be sent back as a read showed it,
            # whoever sends it: only a change is refused.
            changed = {name for name in data if not self.as_the_story_has_it(name, data[name])}
            refused = {
                name: ["Set by the workflow: POST to the story's submit/, publish/ or unpublish/."]
                for name in self.WORKFLOW_FIELDS
                if name in changed
            }
            refused |= {
                name: ["Set by the server."] for name in self.SERVER_FIELDS if name in changed
            }
            if "authors" in changed and not story_policy.user_has_permission(user, "byline"):
                refused["authors"] = ["Only editors set the byline."]
            if not story_policy.user_has_permission(user, "schedule"):
                refused |= {
                    name: [SCHEDULE_FIELDS[name]]
                    for name in ("embargoed_until", "expires_at")
                    if name in changed
                }
            if refused:
                raise serializers.ValidationError(refused)
        return super().to_internal_value(data)

    def as_the_story_has_it(self, name, value):
        """
        Whether ``value``, sent for ``name``, is what the story (or a new
        story) has now, as a GET shows it: the workflow's and the server's
        fields, the byline, the embargo and expiry times.
        """
        article = self.instance
        if name == "status":
            return value == (article.status if article else Article.Status.DRAFT)
        if name == "authors":
            byline = {person.slug for person in article.authors.all()} if article else set()
            sent = value if isinstance(value, list) else [value]
            slugs = [person.get("slug") if isinstance(person, dict) else person for person in sent]
            return all(isinstance(slug, str) for slug in slugs) and set(slugs) == byline
        if name in ("published_at", "updated_at", "embargoed_until", "expires_at"):
            now = getattr(article, name, None) if article else None
            if value is None or now is None:
                return value is None and now is None
            try:
                return serializers.DateTimeField().to_internal_value(value) == now
            except serializers.ValidationError:
                return False
        return False

    def create(self, validated_data):
        return self.write(Article(), validated_data, "Started through the API")

    def update(self, article, validated_data):
        return self.write(article, validated_data, "Changed through the API")

    def write(self, article, data, comment):
        """
        Hand the story and the parts sent to the edit path
        (``articles.editing``), which checks the newsroom's rules and saves it
        all as one version; what it refuses is a 400 naming each field and row.
        """
        edit = EditStory(
            article,
            by=self.context["request"].user,
            comment=comment,
            fields={name: data[name] for name in EDITABLE_FIELDS if name in data},
            tags=data.get("tags"),
            authors=data.get("authors"),
            **self.proposed_parts(article, data),
        )
        try:
            edit.save()
        except EditRefused as refused:
            raise serializers.ValidationError(api_errors(refused)) from None
        return article

    @staticmethod
    def proposed_parts(article, data):
        """
        The people, quotes and body sent, as the story's rows: a person or quote
        it already has keeps its row (quotes by ``id``); a body block with the
        same content as one the story has keeps that block, so its history
        shows what moved rather than a body written anew.
        """
        saved = article.pk is not None
        parts, errors = {}, {}
        if "people" in data:
            rows = {row.person_id: row for row in article.article_people.all()} if saved else {}
            parts["people"] = []
            for entry in data["people"]:
                row = rows.pop(entry["person"].pk, None) or ArticlePerson(person=entry["person"])
                row.role = entry.get("role", ArticlePerson.Role.SUBJECT)
                parts["people"].append(row)
        quotes = {quote.pk: quote for quote in article.quotes.all()} if saved else {}
        if "quotes" in data:
            parts["quotes"] = []
            for index, entry in enumerate(data["quotes"]):
                if "id" in entry and entry["id"] not in quotes:
                    errors.setdefault("quotes", {})[index] = {
                        "id": [f"The story has no quote {entry['id']}."]
                    }
                    continue
                quote = quotes.get(entry.get("id")) or Quote()
                said = entry.get("said_on")
                quote.text = entry["text"]
                quote.speaker = entry["speaker"]
                quote.source = entry.get("source", "")
                quote.said_on = said.date if said else None
                if said:
                    quote.said_on_precision = said.precision
                parts["quotes"].append(quote)
            kept = {quote.pk for quote in parts["quotes"]}
            quotes = {pk: quote for pk, quote in quotes.items() if pk in kept}
        if "body" in data:
            captions = {caption.pk: caption for caption in article.captions.all()} if saved else {}
            # The saved blocks by what they show, each content's in body order.
            unused = {}
            for old in article.blocks.all() if saved else ():
                unused.setdefault(saved_content(old), []).append(old)
            parts["blocks"] = []
            for index, entry in enumerate(data["body"]):
                block = Block(kind=entry["type"], text=entry.get("text", ""))
                for relation, found, what in (
                    ("caption", captions, "pictures"),
                    ("quote", quotes, "quotes"),
                ):
                    if entry.get(relation) is None:
                        continue
                    shown = found.get(entry[relation])
                    if shown is None:
                        errors.setdefault("body", {}).setdefault(index, {})[relation] = [
                            f"Not one of this story's {what}."
                        ]
                    setattr(block, relation, shown)
                same = unused.get(sent_content(block))
                if same:
                    block = same.pop(0)
                parts["blocks"].append(block)
        if errors:
            raise serializers.ValidationError(errors)
        return parts


def saved_content(block):
    """What a saved block shows; a block sent that shows the same keeps its row."""
    return (block.kind, block.text, block.caption_id, block.quote_id)


def sent_content(block):
    """What a block sent shows, as ``saved_content()`` reads a saved one."""
    return (
        block.kind,
        # As it would be saved: a paragraph's markup sanitised.
        sanitise(block.text, inline=block.inline_markup),
        block.caption.pk if block.caption else None,
        block.quote.pk if block.quote else None,
    )


# What the edit path calls the story's parts, as the API names them.
API_PART_NAMES = {"blocks": "body"}
API_FIELD_NAMES = {"kind": "type"}


def api_errors(refused):
    """An edit the edit path refused, as the API's 400: fields, rows by position, the story."""
    errors = model_errors(DjangoValidationError(refused.fields)) if refused.fields else {}
    for part, rows in refused.rows.items():
        errors[API_PART_NAMES.get(part, part)] = {
            index: {API_FIELD_NAMES.get(name, name): messages for name, messages in row.items()}
            for index, row in rows.items()
        }
    if refused.story:
        errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(refused.story)
    return errors


class PublishSerializer(serializers.Serializer):
    at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text="When the story goes live; a time to come schedules it. If not given: the "
        "time it was given before, else the end of its embargo (partners get it at once, "
        "the public then), else now. No later than the end of its embargo.",
    )


class SendBackSerializer(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        help_text="Why the story goes back to draft, for its reporter. Never shown to readers.",
    )
