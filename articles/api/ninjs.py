"""
A story as IPTC ninjs 2.4 ("News in JSON"), the news industry's JSON format:
``GET /api/v1/articles/<slug>/?format=ninjs`` or ``Accept: application/ninjs+json``.

The document is checked against IPTC's published JSON schema, shipped in
``schemas/`` (see its README). The serializer's fields describe the subset of
ninjs Newsroom writes, for the OpenAPI schema; ``to_representation`` builds
the document.
"""

import mimetypes
import re

from django.utils import timezone
from django.utils.html import format_html
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from articles.models import Article, ArticlePerson, Block
from newsroom.api import absolute_url

NINJS_VERSION = "2.4"
NINJS_SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_2.4.json"

# Where a story stands in the workflow, as ninjs says it (staff may read drafts).
PUBSTATUS = {
    Article.Status.DRAFT: "withheld",
    Article.Status.IN_REVIEW: "withheld",
    Article.Status.PUBLISHED: "usable",
    Article.Status.UNPUBLISHED: "canceled",
}


class NinjsRenderer(JSONRenderer):
    """JSON under ninjs's own media type, chosen by ``?format=ninjs`` or the Accept header."""

    media_type = "application/ninjs+json"
    format = "ninjs"


class NinjsSerializer(serializers.Serializer):
    """
    A part of the ninjs document, as the schema describes it: ninjs leaves
    out what a story does not have, so a field not ``required`` may be absent.
    """

    fields_may_be_absent = True


class NinjsTextSerializer(NinjsSerializer):
    role = serializers.CharField(required=False)
    contenttype = serializers.CharField(required=False)
    value = serializers.CharField()


class NinjsBodySerializer(NinjsTextSerializer):
    charcount = serializers.IntegerField(required=False)
    wordcount = serializers.IntegerField(required=False)


class NinjsEntitySerializer(NinjsSerializer):
    name = serializers.CharField()
    rel = serializers.CharField(required=False)
    uri = serializers.URLField(required=False)


class NinjsRenditionSerializer(NinjsSerializer):
    name = serializers.CharField()
    href = serializers.URLField()
    contenttype = serializers.CharField(required=False)
    width = serializers.IntegerField(required=False)
    height = serializers.IntegerField(required=False)


class NinjsStandardSerializer(NinjsSerializer):
    name = serializers.CharField()
    version = serializers.CharField()
    schema = serializers.URLField()


class NinjsPictureSerializer(NinjsSerializer):
    """One of the story's pictures: caption, alt text, credit, the people in it, the file."""

    name = serializers.CharField()
    uri = serializers.URLField()
    type = serializers.ChoiceField(choices=["picture"])
    descriptions = NinjsTextSerializer(many=True)
    by = serializers.CharField(required=False)
    copyrightholder = serializers.CharField(required=False)
    people = NinjsEntitySerializer(many=True, required=False)
    renditions = NinjsRenditionSerializer(many=True)


class NinjsArticleSerializer(NinjsSerializer):
    """The story as an IPTC ninjs 2.4 news item (`application/ninjs+json`)."""

    uri = serializers.URLField(help_text="The story's public page, which identifies it.")
    standard = NinjsStandardSerializer()
    type = serializers.ChoiceField(choices=["text"])
    representationtype = serializers.ChoiceField(choices=["full"])
    profile = serializers.CharField()
    language = serializers.CharField()
    firstcreated = serializers.DateTimeField()
    versioncreated = serializers.DateTimeField()
    contentcreated = serializers.DateTimeField(required=False)
    embargoed = serializers.DateTimeField(
        required=False,
        help_text="Until when the story is embargoed: partners have it before the public, "
        "which gets it at this time.",
    )
    expires = serializers.DateTimeField(
        required=False, help_text="When the story comes down (its page then answers 410)."
    )
    pubstatus = serializers.ChoiceField(choices=sorted(set(PUBSTATUS.values())))
    slugline = serializers.CharField()
    headlines = NinjsTextSerializer(many=True)
    descriptions = NinjsTextSerializer(many=True)
    bodies = NinjsBodySerializer(many=True)
    by = serializers.CharField(required=False)
    copyrightholder = serializers.CharField(required=False)
    people = NinjsEntitySerializer(many=True)
    organisations = NinjsEntitySerializer(many=True)
    subjects = NinjsEntitySerializer(many=True)
    associations = NinjsPictureSerializer(many=True)

    def to_representation(self, article):
        return ninjs_document(article, self)


def _people(entries, field):
    """ninjs people: ``entries`` of (person, rel), each person once with their first rel."""
    seen, people = set(), []
    for person, rel in entries:
        if person.pk not in seen:
            seen.add(person.pk)
            people.append(
                {
                    "name": person.name,
                    "rel": rel,
                    "uri": absolute_url(field, person.get_absolute_url()),
                }
            )
    return people


def _picture(caption, story_uri, field):
    image = {"name": "original", "href": absolute_url(field, caption.image.url)}
    contenttype = mimetypes.guess_type(caption.image.name)[0]
    if contenttype:
        image["contenttype"] = contenttype
    if caption.width and caption.height:
        image |= {"width": caption.width, "height": caption.height}
    picture = {
        "name": f"picture-{caption.pk}",
        "uri": f"{story_uri}#picture-{caption.pk}",
        "type": "picture",
        "descriptions": [
            {"role": "caption", "contenttype": "text/plain", "value": caption.caption}
        ],
        "renditions": [image],
    }
    if caption.alt_text.strip():
        picture["descriptions"].append(
            {"role": "alternative", "contenttype": "text/plain", "value": caption.alt_text}
        )
    if caption.credit:
        picture |= {"by": caption.credit, "copyrightholder": caption.credit}
    people = _people(((person, "pictured") for person in caption.people.all()), field)
    if people:
        picture["people"] = people
    return picture


def _body_html(article, captions, quotes, field):
    """
    The body as HTML: paragraphs (with their sanitised bold, italic and
    links), subheadings, figures and pull quotes, all other text escaped.
    """
    parts = []
    for block in article.blocks.all():
        if block.kind == Block.Kind.PARAGRAPH:
            parts.append(format_html("<p>{}</p>", block.html))
        elif block.kind == Block.Kind.SUBHEADING:
            parts.append(format_html("<h2>{}</h2>", block.plain_text))
        elif block.kind == Block.Kind.IMAGE and block.caption_id in captions:
            caption = captions[block.caption_id]
            parts.append(
                format_html(
                    '<figure id="picture-{}"><img src="{}" alt="{}">'
                    "<figcaption>{} <small>{}</small></figcaption></figure>",
                    caption.pk,
                    absolute_url(field, caption.image.url),
                    caption.alt_text,
                    caption.caption,
                    caption.credit,
                )
            )
        elif block.kind == Block.Kind.QUOTE and block.quote_id in quotes:
            quote = quotes[block.quote_id]
            parts.append(
                format_html(
                    "<blockquote><p>{}</p><footer>{}</footer></blockquote>",
                    quote.text,
                    quote.speaker.name,
                )
            )
    return "\n".join(parts)


def ninjs_document(article, field):
    """
    The ninjs 2.4 document of ``article`` (fetched with ``for_api()``):
    headline, standfirst, corrections, body as HTML, byline, the people in
    the story and in its pictures, its publisher, section and tags, and each
    picture as an association with its caption, credit and alt text.
    ``field`` is the serializer, which knows the request (for absolute
    addresses).
    """
    uri = absolute_url(field, article.get_absolute_url())
    captions = {caption.pk: caption for caption in article.captions.all()}
    quotes = {quote.pk: quote for quote in article.quotes.all()}
    text = article.body_text()
    html = _body_html(article, captions, quotes, field)
    in_story = sorted(
        article.article_people.all(), key=lambda row: row.role != ArticlePerson.Role.SUBJECT
    )
    authors = list(article.authors.all())
    document = {
        "uri": uri,
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA_URI},
        "type": "text",
        "representationtype": "full",
        "profile": "text-photo" if captions else "text-only",
        "language": "en-GB",
        "firstcreated": article.created_at.isoformat(),
        "versioncreated": article.last_modified.isoformat(),
        "pubstatus": PUBSTATUS[article.status],
        "slugline": article.slug,
        "headlines": [{"role": "main", "contenttype": "text/plain", "value": article.headline}],
        "descriptions": [
            {"role": "summary", "contenttype": "text/plain", "value": article.standfirst},
            # ninjs has no place of its own for corrections: each is a
            # description whose role is its type ("correction",
            # "clarification", "update"). Their dates are in the JSON API.
            *(
                {"role": correction.kind, "contenttype": "text/plain", "value": correction.text}
                for correction in article.corrections.all()
            ),
        ],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "charcount": len(text),
                "wordcount": len(re.findall(r"\S+", text)),
                "value": html,
            },
            {"role": "main", "contenttype": "text/plain", "value": text},
        ],
        "people": _people(
            [
                *((author, "author") for author in authors),
                *((row.person, row.role) for row in in_story),
                *((quote.speaker, "quoted") for quote in quotes.values()),
            ],
            field,
        ),
        "organisations": [],
        "subjects": [
            {
                "name": article.section.name,
                "rel": "section",
                "uri": absolute_url(field, article.section.get_absolute_url()),
            },
            *(
                {
                    "name": tag.name,
                    "rel": "tag",
                    "uri": absolute_url(field, tag.get_absolute_url()),
                }
                for tag in article.tags.all()
            ),
        ],
        "associations": [_picture(caption, uri, field) for caption in captions.values()],
    }
    if article.published_at:
        document["contentcreated"] = article.published_at.isoformat()
        # Out to partners (or scheduled, for the newsroom) before the public
        # may have it: ninjs's embargo is the time the public gets it.
        live_from = article.live_from
        if article.status == Article.Status.PUBLISHED and live_from > timezone.now():
            document["embargoed"] = live_from.isoformat()
    if article.expires_at:
        document["expires"] = article.expires_at.isoformat()
    if article.is_expired:
        # Only the newsroom reads an expired story: it is withdrawn.
        document["pubstatus"] = "canceled"
    if authors:
        document["by"] = "By " + " and ".join(author.name for author in authors)
    elif article.publisher:
        document["by"] = article.publisher.name
    if article.publisher:
        document["copyrightholder"] = article.publisher.name
        document["organisations"].append({"name": article.publisher.name, "rel": "publisher"})
    return document
