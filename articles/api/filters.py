"""
The filters of the story, quote and picture endpoints, documented in the API
schema by their help text. They narrow what the caller may see already
(``Article.objects.visible_to()``, ``Quote.objects.live()``…), never widen it.

One rule for slugs throughout: a value that cannot be a slug is a 400; a slug
that matches nothing the caller may see gives an empty list (so an unknown
slug and a hidden one look the same).
"""

import datetime

from django.utils import timezone
from django_filters import rest_framework as filters
from django_filters.constants import EMPTY_VALUES

from articles.models import Article, Caption, Quote
from articles.search import clean_query
from newsroom.api import SlugFilter
from people.models import Person, one_persons_newest_first

UNKNOWN_SLUG = "A slug that matches nothing gives an empty list."


class DayFilter(filters.DateFilter):
    """
    A day in the paper's time zone, compared as the moments it begins and
    ends (``lookup_expr`` ``gte``: from its first moment; ``lte``: until its
    last), so the index on the time serves it: the day of each story's time
    would be worked out for every story.
    """

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        if self.lookup_expr == "lte":
            return qs.filter(**{f"{self.field_name}__lt": start_of(value, days_after=1)})
        return qs.filter(**{f"{self.field_name}__gte": start_of(value)})


def start_of(day, days_after=0):
    """
    The first moment in the paper's time zone of ``day`` (or of the day
    ``days_after`` it). No story is published outside the years
    ``Article.check_publication_time`` allows, so a day beyond them stands
    for their first or last: it matches the same stories, and every date
    has a start (9999-12-31 has no next day).
    """
    first = Article.EARLIEST_PUBLICATION.date()
    last = Article.LATEST_PUBLICATION.date()
    day = min(max(day, first - datetime.timedelta(1)), last) + datetime.timedelta(days_after)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class ArticleFilter(filters.FilterSet):
    section = SlugFilter(
        field_name="section__slug", help_text=f"Stories in this section (slug). {UNKNOWN_SLUG}"
    )
    tag = SlugFilter(
        field_name="tags__slug", help_text=f"Stories with this tag (slug). {UNKNOWN_SLUG}"
    )
    person = SlugFilter(
        field_name="people__slug",
        help_text=f"Stories about or mentioning this person (slug). {UNKNOWN_SLUG}",
    )
    author = SlugFilter(
        field_name="authors__slug",
        help_text=f"Stories bylined to this person (slug). {UNKNOWN_SLUG}",
    )
    featuring = SlugFilter(
        method="filter_featuring",
        help_text="Stories this person (slug) is in: about or mentioning them, bylined "
        f"to them, quoting or picturing them. {UNKNOWN_SLUG}",
    )
    published_after = DayFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text="Stories published on or after this day (YYYY-MM-DD, the paper's time zone).",
    )
    published_before = DayFilter(
        field_name="published_at",
        lookup_expr="lte",
        help_text="Stories published on or before this day (YYYY-MM-DD, the paper's time zone).",
    )
    q = filters.CharFilter(
        method="filter_q",
        help_text="Full-text search over the story's words (headline, standfirst, body, "
        "captions, quotes), best match first unless `ordering` is given. Words with no "
        "letter or digit match nothing.",
    )

    class Meta:
        model = Article
        fields = [
            "section",
            "tag",
            "person",
            "author",
            "featuring",
            "published_after",
            "published_before",
            "q",
        ]

    def filter_queryset(self, queryset):
        stories = super().filter_queryset(queryset)
        one_person = ("person", "author", "featuring")
        if not self.form.cleaned_data.get("q") and any(
            self.form.cleaned_data.get(name) for name in one_person
        ):
            # One person's stories, newest first from their own rows (an
            # ``ordering`` asked for comes after, and wins).
            stories = stories.order_by(*one_persons_newest_first())
        return stories

    def filter_featuring(self, queryset, name, value):
        person = Person.objects.filter(slug=value).first()
        return queryset.featuring(person) if person else queryset.none()

    def filter_q(self, queryset, name, value):
        query = clean_query(value)
        return queryset.search(query) if query else queryset.none()


class QuoteFilter(filters.FilterSet):
    speaker = SlugFilter(
        field_name="speaker__slug", help_text=f"Quotes of this person (slug). {UNKNOWN_SLUG}"
    )
    article = SlugFilter(
        field_name="article__slug",
        help_text=f"Quotes published in this story (slug). {UNKNOWN_SLUG}",
    )
    source = filters.CharFilter(
        lookup_expr="icontains",
        max_length=255,
        help_text="Quotes whose source contains this (any case), e.g. `resignation letter`.",
    )
    q = filters.CharFilter(
        field_name="text",
        lookup_expr="icontains",
        max_length=500,
        help_text="Quotes whose words contain this (any case).",
    )
    said_after = filters.DateFilter(
        field_name="said_on",
        lookup_expr="gte",
        help_text="Quotes said on or after this day (YYYY-MM-DD). A date known only to the "
        "year or month counts as its first day; quotes with no date are left out.",
    )
    said_before = filters.DateFilter(
        field_name="said_on",
        lookup_expr="lte",
        help_text="Quotes said on or before this day (YYYY-MM-DD), as for `said_after`.",
    )

    class Meta:
        model = Quote
        fields = ["speaker", "article", "source", "q", "said_after", "said_before"]


class CaptionFilter(filters.FilterSet):
    person = SlugFilter(
        field_name="people__slug",
        help_text=f"Pictures of this person (slug). {UNKNOWN_SLUG}",
    )
    article = SlugFilter(
        field_name="article__slug",
        help_text=f"Pictures in this story (slug). {UNKNOWN_SLUG}",
    )

    class Meta:
        model = Caption
        fields = ["person", "article"]
