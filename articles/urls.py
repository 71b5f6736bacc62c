from django.contrib.sitemaps.views import sitemap
from django.urls import path

from newsroom.cache import cached_page

from . import feeds, sitemaps, views
from .sitemaps import SITEMAPS, NewsSitemap

# Through the page cache, as a list of stories and people ("lists"): ?p= is the page.
cached_sitemap = cached_page(query_params=("p",))

app_name = "articles"

urlpatterns = [
    path("", views.front, name="front"),
    path("articles/<slug:slug>/", views.story, name="story"),
    path("preview/<int:pk>/", views.preview, name="preview"),
    path("preview/shared/<str:token>/", views.shared_preview, name="shared-preview"),
    path("sections/<slug:slug>/", views.section, name="section"),
    path("tags/<slug:slug>/", views.tag, name="tag"),
    path("search/", views.search, name="search"),
    path("corrections/", views.corrections, name="corrections"),
    path("feeds/latest/", feeds.LatestStoriesFeed(), name="feed-latest"),
    path("feeds/latest/atom/", feeds.LatestStoriesAtomFeed(), name="feed-latest-atom"),
    path("feeds/sections/<slug:slug>/", feeds.SectionFeed(), name="feed-section"),
    path("feeds/sections/<slug:slug>/atom/", feeds.SectionAtomFeed(), name="feed-section-atom"),
    path("feeds/people/<slug:slug>/", feeds.PersonFeed(), name="feed-person"),
    path("feeds/people/<slug:slug>/atom/", feeds.PersonAtomFeed(), name="feed-person-atom"),
    path("feeds/corrections/", feeds.CorrectionsFeed(), name="feed-corrections"),
    path("feeds/corrections/atom/", feeds.CorrectionsAtomFeed(), name="feed-corrections-atom"),
    path("sitemap.xml", cached_sitemap(sitemaps.index), name="sitemap"),
    path(
        "sitemap-news.xml",
        sitemap,
        {"sitemaps": {"news": NewsSitemap}, "template_name": "articles/sitemap_news.xml"},
        name="sitemap-news",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cached_sitemap(sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots, name="robots"),
]
