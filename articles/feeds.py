"""
RSS 2.0 and Atom feeds of live stories: the latest across the paper, a
section's, and a person's (the stories they are in, wrote, are quoted or
pictured in); and of the corrections printed with live stories.

A corrected story shows as updated: Atom's ``updated`` is the time of its
latest correction or edit, whichever came last. RSS has no such element for
an item, so there the story's description carries each correction after the
standfirst (a reader that shows an item again shows what changed), and the
channel's ``lastBuildDate`` moves on.

Every method below gives plain text, as editors and reporters typed it. The
feed generators turn it into what each format's readers expect, in one place:
RSS readers take titles and descriptions (the channel's as well as each
story's) as HTML, so those go out HTML-escaped; Atom declares its titles text
and its summaries HTML, so only summaries are escaped. Characters XML cannot
carry at all are dropped from every field, so one stray control character in
a headline cannot break a feed.
"""

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from newsroom.cache import private_cache_control, public_cache_control
from newsroom.site import current_site
from people.models import Person

from .models import Article, Correction, Section

FEED_LENGTH = 30

# What XML 1.0 cannot carry even escaped: control characters other than tab,
# newline and carriage return, and the non-characters U+FFFE and U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def printable(value, as_html=False):
    """
    ``value`` (a feed field: text, a list of texts, or anything else) with
    what XML cannot carry dropped, and HTML-escaped when readers take it as HTML.
    """
    if isinstance(value, str):
        value = NOT_XML.sub("", value)
        return escape(value) if as_html else value
    if isinstance(value, (list, tuple)):
        return type(value)(printable(part, as_html) for part in value)
    return value


class PrintableFeedMixin:
    """
    A feed generator that prints every text its feed is given as text: the
    fields its readers take as HTML (``channel_html``, ``item_html``) escaped,
    the rest only cleared of what XML cannot carry.
    """

    channel_html = ()
    item_html = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.feed = {
            name: printable(value, name in self.channel_html) for name, value in self.feed.items()
        }

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **kwargs)
        self.items[-1] = {
            name: printable(value, name in self.item_html)
            for name, value in self.items[-1].items()
        }


class RssFeed(PrintableFeedMixin, Rss201rev2Feed):
    """RSS 2.0, whose readers show titles and descriptions as HTML."""

    channel_html = item_html = ("title", "description")


class AtomFeed(PrintableFeedMixin, Atom1Feed):
    """Atom 1.0: titles and subtitles are text; a story's summary is declared HTML."""

    item_html = ("description",)


def absolute(url):
    """
    ``url`` on SITE_URL when it is set; otherwise left for the syndication
    framework to put on the host the request came in on.
    """
    return current_site().absolute(url)


def printed_date(moment):
    """A day as the site prints it ("1 March 2019"), in the newsroom's time zone."""
    return format_date(timezone.localtime(moment), "j F Y")


class SiteFeed(Feed):
    """A feed of the site's: RSS 2.0 in its language, by the site, at the site's address."""

    feed_type = RssFeed
    language = settings.LANGUAGE_CODE

    def author_name(self, obj):
        return current_site().name

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        # Shared caches may keep a feed as they keep a page, and are purged with the lists.
        if response.status_code == 200 and request.method in ("GET", "HEAD"):
            if request.user.is_authenticated:
                private_cache_control(response)
            else:
                public_cache_control(request, response)
        return response

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # The syndication framework puts the feed's own address on the request's
        # Host header; it belongs on the site's address like every other link.
        feed.feed["feed_url"] = current_site(request).absolute(request.path)
        return feed


class LatestStoriesFeed(SiteFeed):
    """RSS 2.0: the latest live stories across the paper."""

    # Each attribute method takes the feed's object (None here; the section or
    # person below), so the Atom variants can share them.
    def title(self, obj):
        return f"{current_site().name}: latest stories"

    def description(self, obj):
        return f"The latest stories from {current_site().name}."

    def link(self, obj):
        return absolute(reverse("articles:front"))

    def stories(self, obj):
        """The live stories this feed is about, before the cut to FEED_LENGTH."""
        return Article.objects.live()

    def items(self, obj):
        return self.stories(obj).for_feed()[:FEED_LENGTH]

    def item_title(self, article):
        return article.headline

    def item_description(self, article):
        """The standfirst, then each correction: "Correction, 1 March 2019: …"."""
        return "\n\n".join(
            [
                article.standfirst,
                *(
                    f"{correction.get_kind_display()}, "
                    f"{printed_date(correction.published_at)}: {correction.text}"
                    for correction in article.corrections.all()
                ),
            ]
        )

    def item_link(self, article):
        return absolute(article.get_absolute_url())

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.revised_at

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
    """The same feed in Atom 1.0, whose subtitle is the description."""

    feed_type = AtomFeed

    def subtitle(self, obj):
        return self.description(obj)


class LatestStoriesAtomFeed(AtomFeedMixin, LatestStoriesFeed):
    pass


class SectionAtomFeed(AtomFeedMixin, SectionFeed):
    pass


class PersonAtomFeed(AtomFeedMixin, PersonFeed):
    pass


class CorrectionsFeed(SiteFeed):
    """
    RSS 2.0: the latest corrections, clarifications and updates to live
    stories, newest first, each linked to where its story prints it.
    """

    def title(self, obj):
        return f"{current_site().name}: corrections"

    def description(self, obj):
        return f"Corrections, clarifications and updates to stories from {current_site().name}."

    def link(self, obj):
        return absolute(reverse("articles:corrections"))

    def items(self, obj):
        return Correction.objects.live().newest_first()[:FEED_LENGTH]

    def item_title(self, correction):
        return f"{correction.get_kind_display()}: {correction.article.headline}"

    def item_description(self, correction):
        return correction.text

    def item_link(self, correction):
        return absolute(f"{correction.article.get_absolute_url()}#correction-{correction.pk}")

    def item_pubdate(self, correction):
        return correction.published_at

    def item_updateddate(self, correction):
        return correction.published_at

    def item_categories(self, correction):
        return [correction.get_kind_display()]


class CorrectionsAtomFeed(AtomFeedMixin, CorrectionsFeed):
    pass
