"""Newsroom's root URLs: each app's own urls are included here, nothing more."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom admin"
admin.site.index_title = "The newsroom"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("newsroom.api_urls")),
    path("people/", include("people.urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
