"""
The JSON API under /api/: version 1 of each app's endpoints, the OpenAPI
schema and its interactive docs. Any other address here is a JSON 404.
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from newsroom.api import not_found

app_name = "api"

urlpatterns = [
    path("v1/", include("articles.api.urls")),
    path("v1/", include("people.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    # Any character, a newline too: nothing under /api/ falls through to an HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", not_found),
]
