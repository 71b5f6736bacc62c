"""The site's URLs plus the baseline: the smallest Django view there is."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("newsroom.urls")),
]
