"""
Sitemaps for search engines: ``/sitemap.xml`` is an index of the sitemaps of
every live story (``/sitemap-stories.xml``), public profile
(``/sitemap-profiles.xml``) and section with live stories
(``/sitemap-sections.xml``), each in pages of ``SITEMAP_PAGE`` addresses
(``?p=2`` and on; Google takes up to 50,000 a page, but a page of 1,000 costs
the same to make at 1,000 stories as at 100,000); ``/sitemap-news.xml`` has
the last two days' live stories with Google News' publication details.

A page of a sitemap is two queries (a count and the page, in the order of the
primary key, its keys read first: ``newsroom.pagination``), however large the
archive; the index is two per sitemap. The counts and each sitemap's latest
change are kept until content or the clock changes them
(``newsroom.cache.list_fact``), so a sitemap rendered again asks for its page alone.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from newsroom.cache import list_fact
from newsroom.pagination import Paginator
from newsroom.site import current_site
from people.models import Person

from .models import Article, Section

# Google News takes stories published in the last two days, at most 1,000.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


# Addresses on each page of a sitemap.
SITEMAP_PAGE = 1000


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL when it is set, as canonical links are; else on the request's host."""

    limit = SITEMAP_PAGE
    # Whether the sitemap's count and latest change are kept while nothing
    # changes (newsroom.cache.list_fact): only for what content and the state
    # alone decide.
    kept = True

    @property
    def paginator(self):
        name = f"sitemap {type(self).__name__}" if self.kept else None
        return Paginator(self._items(), self.limit, count_name=name)

    def get_latest_lastmod(self):
        if not self.kept:
            return self.latest_change()
        return list_fact(f"sitemap latest {type(self).__name__}", self.latest_change)

    def latest_change(self):
        """The latest change to any address in the sitemap (Django's: each one's, in turn)."""
        return super().get_latest_lastmod()

    def get_protocol(self, protocol=None):
        return urlsplit(current_site().url).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(current_site().url).netloc or super().get_domain(site)


class StorySitemap(SiteSitemap):
    # What a story's address and last change are made of (Article.last_modified).
    FIELDS = ("updated_at", "published_at", "embargoed_until")

    def items(self):
        return Article.objects.live().only("slug", *self.FIELDS).order_by("pk")

    def lastmod(self, article):
        return article.last_modified

    def latest_change(self):
        # The latest of each story's last change, in one query: a live story's
        # publication and embargo times have passed, so the latest of all three.
        latest = Article.objects.live().aggregate(*(Max(field) for field in self.FIELDS))
        return max(filter(None, latest.values()), default=None)


class ProfileSitemap(SiteSitemap):
    def items(self):
        return Person.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, person):
        return person.updated_at

    def latest_change(self):
        return Person.objects.public().aggregate(latest=Max("updated_at"))["latest"]


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.with_live_stories().order_by("position", "name")

    def lastmod(self, section):
        return section.latest_published_at


SITEMAPS = {"stories": StorySitemap, "profiles": ProfileSitemap, "sections": SectionSitemap}


def index(request):
    """
    ``/sitemap.xml``: Django's sitemap index of ``SITEMAPS``, each page of
    each (``?p=``) with its sitemap's last change, on the site's address as
    the sitemaps themselves are (not the request's host).
    """
    response = sitemap_views.index(
        request,
        SITEMAPS,
        template_name="articles/sitemap_index.xml",
        sitemap_url_name="articles:sitemap-section",
    )
    site = current_site(request)
    # An entry for each thousand addresses (a hundred at 100,000 stories),
    # each sitemap's pages sharing its address and last change: each is
    # worked out once a sitemap (the template writes them as given).
    addresses, changes = {}, {}
    for sitemap in response.context_data["sitemaps"]:
        address = urlsplit(sitemap.location)
        if address.path not in addresses:
            addresses[address.path] = site.absolute(address.path)
        sitemap.location = addresses[address.path] + (f"?{address.query}" if address.query else "")
        if sitemap.last_mod is not None:
            if sitemap.last_mod not in changes:
                changes[sitemap.last_mod] = w3c_datetime(sitemap.last_mod)
            sitemap.last_mod = changes[sitemap.last_mod]
    return response


def w3c_datetime(moment):
    """``moment`` as a sitemap's ``<lastmod>`` gives it, as Django's ``date:"c"`` writes it."""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.isoformat()


def news_language(language_code):
    """
    The language as Google News wants it: ISO 639 ("en" for "en-gb"), but
    zh-cn and zh-tw in full.
    """
    code = language_code.lower()
    if code in ("zh-cn", "zh-tw"):
        return code
    return code.split("-")[0]


class NewsSitemap(SiteSitemap):
    """
    The last two days' live stories, newest first, each with the publication
    it appears in (its publisher, else the site), its language, publication
    time and headline (see articles/sitemap_news.xml).

    The sitemap schema needs at least one ``<url>``: with no story in the
    window the newest live story stands in (Google News passes over a story
    older than two days), and with no live story at all the front page, bare.
    """

    limit = NEWS_LIMIT
    # Stories leave the last two days by the clock alone.
    kept = False

    def items(self):
        live = (
            Article.objects.live()
            .select_related("publisher")
            .only("slug", "headline", "published_at", "publisher__name")
        )
        recent = live.filter(published_at__gte=timezone.now() - NEWS_WINDOW)
        return recent if recent.exists() else live[:1]

    def get_urls(self, page=1, site=None, protocol=None):
        site_name = current_site().name
        language = news_language(settings.LANGUAGE_CODE)
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        if not urls and page == 1:
            front = reverse("articles:front")
            protocol, domain = self.get_protocol(protocol), self.get_domain(site)
            return [{"item": None, "location": f"{protocol}://{domain}{front}"}]
        for url in urls:
            article = url["item"]
            url["publication"] = {
                "name": article.publisher.name if article.publisher else site_name,
                "language": language,
            }
        return urls
