"""
RSS 2.0 and Atom feeds of live stories: the latest across the paper, a
section's, and a person's (the stories they are in, wrote, are quoted or
pictured in).

Titles and standfirsts are plain text that feed readers show as HTML, so they
go out escaped, as Django's own feeds do; Atom titles are declared text and
go out as they are.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from newsroom.site import current_site
from people.models import Person

from .models import Article, Section

FEED_LENGTH = 30


def absolute(url):
    """
    ``url`` on SITE_URL when it is set; otherwise left for the syndication
    framework to put on the host the request came in on.
    """
    return current_site().absolute(url)


class LatestStoriesFeed(Feed):
    """RSS 2.0: the latest live stories across the paper."""

    language = settings.LANGUAGE_CODE

    # Each attribute method takes the feed's object (None here; the section or
    # person below), so the Atom variants can share them.
    def title(self, obj):
        return f"{current_site().name}: latest stories"

    def description(self, obj):
        return f"The latest stories from {current_site().name}."

    def author_name(self, obj):
        return current_site().name

    def link(self, obj):
        return absolute(reverse("articles:front"))

    def stories(self, obj):
        """The live stories this feed is about, before the cut to FEED_LENGTH."""
        return Article.objects.live()

    def items(self, obj):
        return self.stories(obj).for_feed()[:FEED_LENGTH]

    def item_description(self, article):
        return escape(article.standfirst)

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.last_modified

    def item_author_name(self, article):
        """The byline, or the title the story is credited to when it has none."""
        authors = [author.name for author in article.authors.all()]
        if authors:
            return ", ".join(authors)
        return article.publisher.name if article.publisher else None

    def item_categories(self, article):
        return [article.section.name, *(tag.name for tag in article.tags.all())]


class SectionFeed(LatestStoriesFeed):
    """RSS 2.0: a section's latest live stories."""

    def get_object(self, request, slug):
        return get_object_or_404(Section, slug=slug)

    def title(self, section):
        return f"{current_site().name}: {section.name}"

    def description(self, section):
        return section.description or f"The latest {section.name} stories."

    def link(self, section):
        return absolute(section.get_absolute_url())

    def stories(self, section):
        return Article.objects.live().filter(section=section)


class PersonFeed(LatestStoriesFeed):
    """RSS 2.0: the latest live stories a person is in, wrote, or is quoted or pictured in."""

    def get_object(self, request, slug):
        return get_object_or_404(Person.objects.public(), slug=slug)

    def title(self, person):
        return f"{current_site().name}: {person.name}"

    def description(self, person):
        return f"The latest stories featuring {person.name}."

    def link(self, person):
        return absolute(person.get_absolute_url())

    def stories(self, person):
        return Article.objects.live().featuring(person)


class AtomFeedMixin:
    """The same feed in Atom 1.0, whose titles are text and whose subtitle is the description."""

    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)

    def item_title(self, article):
        return article.headline


class LatestStoriesAtomFeed(AtomFeedMixin, LatestStoriesFeed):
    pass


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class PersonAtomFeed(AtomFeedMixin, PersonFeed):
    pass
