"""
People as the API shows them: a profile with its career timeline, the quotes
the paper has published of theirs and the stories they are in (the latest
few, with links to the lists of all); and the organisations in those careers.

A profile reaches quotes and stories through the reverse relations the
articles app adds (``person.quotes``, ``person.stories``…), as read by
``PersonQuerySet.for_profile_page()`` and ``Person.read_latest()``; this app
never imports articles.
"""

import datetime
import re

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from newsroom.api import PageURLField, ReadModelSerializer, StorySummarySerializer, absolute_url
from people.dates import PartialDate, Precision
from people.models import LATEST_ON_PROFILE, Organisation, Person, TimelineEntry


class PartialDateSerializer(serializers.Serializer):
    """
    A date known only as far as the record knows it: ``date`` is the known
    part in ISO 8601 ("1980", "2019-06", "2019-06-07") and ``precision`` says
    which part that is.
    """

    PATTERNS = {
        Precision.YEAR: r"\d{4}",
        Precision.MONTH: r"\d{4}-\d{2}",
        Precision.DAY: r"\d{4}-\d{2}-\d{2}",
    }

    date = serializers.RegexField(
        r"^\d{4}(-\d{2}(-\d{2})?)?$",
        source="isoformat",
        help_text='The known part of the date, ISO 8601: "1980", "2019-06" or "2019-06-07".',
    )
    precision = serializers.ChoiceField(
        choices=Precision.choices, help_text="How much of the date is known."
    )

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        # Both parts are needed, even inside a partial update (PATCH) of what holds the date.
        missing = {
            field.field_name: [field.error_messages["required"]]
            for field in self.fields.values()
            if field.source not in values
        }
        if missing:
            raise serializers.ValidationError(missing)
        written, precision = values["isoformat"], values["precision"]
        if not re.fullmatch(self.PATTERNS[precision], written):
            raise serializers.ValidationError(
                {
                    "date": [
                        f"A date known to the {precision} is written like "
                        f"{PartialDate(datetime.date(2019, 6, 7), precision).isoformat()}."
                    ]
                }
            )
        try:
            return PartialDate.fromisoformat(written)
        except ValueError as error:
            raise serializers.ValidationError({"date": [f"Not a real date: {error}"]}) from None


class OrganisationSummarySerializer(ReadModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name"]


def aliases_field(help_text):
    """A record's aliases (``validate_aliases``): a list of names, typed as such."""
    return serializers.ListField(
        child=serializers.CharField(), read_only=True, help_text=help_text
    )


class OrganisationSerializer(ReadModelSerializer):
    """An organisation in the news. Organisations have no public page, so no ``url``."""

    aliases = aliases_field("Other names used in copy, e.g. “Durham Police”.")

    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind", "aliases"]


class PersonSummarySerializer(ReadModelSerializer):
    """Someone named in another object: a speaker, an author, a person pictured."""

    url = PageURLField()

    class Meta:
        model = Person
        fields = ["slug", "name", "url"]


class TimelineEntrySerializer(ReadModelSerializer):
    """One fact of a career: a position, a degree, an honour, with partial dates."""

    organisation = OrganisationSummarySerializer(allow_null=True, read_only=True)
    start = PartialDateSerializer(allow_null=True, read_only=True)
    end = PartialDateSerializer(
        allow_null=True,
        read_only=True,
        help_text="Null for a position still held or an end not known; "
        "an announced departure is a date to come.",
    )
    current = serializers.BooleanField(source="is_current", read_only=True)
    period = serializers.CharField(
        read_only=True, help_text='The dates as a reader sees them: "2008–2009", "from 2012".'
    )

    class Meta:
        model = TimelineEntry
        fields = [
            "kind",
            "title",
            "organisation",
            "place",
            "start",
            "end",
            "ended_undated",
            "current",
            "period",
            "honours_list",
            "note",
        ]


class PersonQuoteSerializer(serializers.Serializer):
    """One of the person's published quotes, with the story that printed it."""

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The quote in its story.")
    text = serializers.CharField(read_only=True)
    source = serializers.CharField(read_only=True)
    said_on = PartialDateSerializer(source="said", allow_null=True, read_only=True)
    article = StorySummarySerializer(read_only=True)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, quote):
        return f"{absolute_url(self, quote.article.get_absolute_url())}#quote-{quote.pk}"


class PersonStorySerializer(StorySummarySerializer):
    """A live story the person is in, and how."""

    roles = serializers.ListField(
        child=serializers.ChoiceField(choices=["featured", "byline", "quoted", "pictured"]),
        read_only=True,
        help_text="How the person is in the story: `featured` (the story is about or "
        "mentions them), `byline`, `quoted`, `pictured`.",
    )


class PortraitSerializer(serializers.Serializer):
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField(source="portrait_width", read_only=True, allow_null=True)
    height = serializers.IntegerField(source="portrait_height", read_only=True, allow_null=True)
    alt_text = serializers.CharField(source="portrait_alt_text", read_only=True)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_url(self, person):
        return absolute_url(self, person.portrait.url)


class PersonSerializer(ReadModelSerializer):
    """Someone in the news, as lists show them."""

    url = PageURLField()

    class Meta:
        model = Person
        fields = ["slug", "name", "honorific", "description", "url", "updated_at"]


class PersonDetailSerializer(PersonSerializer):
    """
    A profile: who the person is, their career as a dated timeline, and the
    latest few quotes of theirs the paper has published and live stories they
    are in, with the addresses of the filtered, paginated lists of all of
    them (``quotes_url``, ``articles_url``): a profile is the same size
    whatever the career.
    """

    aliases = aliases_field("Names used in copy, e.g. “Mr Barton”, “Barton”.")
    same_as = serializers.ListField(
        child=serializers.URLField(),
        read_only=True,
        help_text="Pages elsewhere that say who this is (Wikipedia, an official profile).",
    )
    portrait = serializers.SerializerMethodField()
    timeline = TimelineEntrySerializer(many=True, read_only=True)
    quotes = PersonQuoteSerializer(
        source="latest_quotes",
        many=True,
        read_only=True,
        help_text=f"The person's latest {LATEST_ON_PROFILE} quotes at most, newest story "
        "first; `quotes_url` lists them all.",
    )
    quotes_url = serializers.SerializerMethodField(
        help_text="The list of all the person's quotes (`/api/v1/quotes/?speaker=…`)."
    )
    articles = serializers.SerializerMethodField(
        help_text=f"The latest {LATEST_ON_PROFILE} live stories the person is in at most, "
        "newest first; `articles_url` lists them all."
    )
    articles_url = serializers.SerializerMethodField(
        help_text="The list of all the live stories the person is in "
        "(`/api/v1/articles/?featuring=…`)."
    )

    class Meta(PersonSerializer.Meta):
        fields = [
            *PersonSerializer.Meta.fields,
            "biography",
            "origin",
            "aliases",
            "same_as",
            "portrait",
            "timeline",
            "quotes",
            "quotes_url",
            "articles",
            "articles_url",
        ]

    @extend_schema_field(PortraitSerializer(allow_null=True))
    def get_portrait(self, person):
        if not person.portrait:
            return None
        return PortraitSerializer(person, context=self.context).data

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_quotes_url(self, person):
        return self._list_url("api:articles:quote-list", speaker=person.slug)

    @extend_schema_field({"type": "string", "format": "uri"})
    def get_articles_url(self, person):
        return self._list_url("api:articles:article-list", featuring=person.slug)

    def _list_url(self, name, **query):
        return absolute_url(self, f"{reverse(name)}?{urlencode(query)}")

    @extend_schema_field(PersonStorySerializer(many=True))
    def get_articles(self, person):
        stories = list(person.stories_featuring()[:LATEST_ON_PROFILE])
        for story in stories:
            story.roles = [
                role
                for role, present in (
                    ("featured", story.featured),
                    ("byline", story.bylined),
                    ("quoted", story.quoted),
                    ("pictured", story.pictured),
                )
                if present
            ]
        return PersonStorySerializer(stories, many=True, context=self.context).data
