"""
The JSON API under /api/: version 1 of each app's endpoints, the OpenAPI
schema and its interactive docs. Any other address here is a JSON 404.
"""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from newsroom.api import not_found

app_name = "api"

urlpatterns = [
    path("v1/", include("articles.api.urls")),
    path("v1/", include("people.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI's start-up script from its own URL (?script), not inline: the
    # Content-Security-Policy runs only the site's own script files. Its
    # stylesheet draws icons as data: SVGs, which this page alone allows.
    path(
        "docs/",
        csp_update({"img-src": ["data:"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api:schema")
        ),
        name="docs",
    ),
    # Any character, a newline too: nothing under /api/ falls through to an HTML page.
    re_path(r"^(?P<path>[\s\S]*)$", not_found),
]
