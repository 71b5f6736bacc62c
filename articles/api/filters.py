"""
The filters of the story, quote and picture endpoints, documented in the API
schema by their help text. They narrow what the caller may see already
(``Article.objects.visible_to()``, ``Quote.objects.live()``…), never widen it.

One rule for slugs throughout: a value that cannot be a slug is a 400; a slug
that matches nothing the caller may see gives an empty list (so an unknown
slug and a hidden one look the same).
"""

from django_filters import rest_framework as filters

from articles.models import Article, Caption, Quote
from articles.search import clean_query
from newsroom.api import SlugFilter
from people.models import Person

UNKNOWN_SLUG = "A slug that matches nothing gives an empty list."


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
    published_after = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__gte",
        help_text="Stories published on or after this day (YYYY-MM-DD, the paper's time zone).",
    )
    published_before = filters.DateFilter(
        field_name="published_at",
        lookup_expr="date__lte",
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
