"""The 404 and 500 pages readers see when something is missing or broken."""

import pytest
from django.test import RequestFactory
from django.urls import path
from django.views.defaults import server_error

from newsroom.tests.pages import Page


def broken_view(request):
    raise RuntimeError("Something broke")


urlpatterns = [path("broken/", broken_view)]


@pytest.mark.django_db
def test_a_missing_page_is_the_404_page_with_a_way_on(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    page = Page(response)
    assert page.find("h1").text == "Page not found"
    assert page.find("a", class_="skip-link").attrs["href"] == "#main"
    assert [form.attrs["action"] for form in page.find_all("form", role="search")] == [
        "/search/",
        "/search/",
    ]


def test_the_500_page_needs_no_database_and_no_request_context(rf: RequestFactory):
    # No django_db mark: any query would fail this test.
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = Page(response)
    assert page.find("h1").text == "Something went wrong"
    assert page.find("html").attrs["lang"] == "en-GB"


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_shows_readers_the_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert Page(response).find("h1").text == "Something went wrong"
    assert "Something broke" not in response.text
