"""
Sitemaps for search engines: every live story, public profile and section
with live stories in ``/sitemap.xml``, and the last two days' live stories
with Google News' publication details in ``/sitemap-news.xml``.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from newsroom.site import current_site
from people.models import Person

from .models import Article, Section

# Google News takes stories published in the last two days, at most 1,000.
NEWS_WINDOW = datetime.timedelta(days=2)
NEWS_LIMIT = 1000


class SiteSitemap(Sitemap):
    """Addresses on SITE_URL when it is set, as canonical links are; else on the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(current_site().url).scheme or super().get_protocol(protocol)

    def get_domain(self, site=None):
        return urlsplit(current_site().url).netloc or super().get_domain(site)


class StorySitemap(SiteSitemap):
    def items(self):
        return Article.objects.live().only("slug", "published_at", "embargoed_until", "updated_at")

    def lastmod(self, article):
        return article.last_modified


class ProfileSitemap(SiteSitemap):
    def items(self):
        return Person.objects.public().only("slug", "updated_at")

    def lastmod(self, person):
        return person.updated_at


class SectionSitemap(SiteSitemap):
    def items(self):
        return Section.objects.with_live_stories().order_by("position", "name")

    def lastmod(self, section):
        return section.latest_published_at


SITEMAPS = {"stories": StorySitemap, "profiles": ProfileSitemap, "sections": SectionSitemap}


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
