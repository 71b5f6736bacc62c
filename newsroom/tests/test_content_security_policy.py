"""
The Content-Security-Policy header: only the site's own scripts, styles and
pictures, on public pages, feeds, the API and its docs, and the admin; and
nothing on those pages that the policy would refuse (inline scripts and
styles), so that it can stay this strict.
"""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from articles.tests.factories import CaptionFactory, LiveArticleFactory, QuoteFactory
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response):
    """The response's Content-Security-Policy, directive by directive."""
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


class Inline(HTMLParser):
    """What in a page the policy refuses: inline scripts, <style> and style attributes."""

    def __init__(self):
        super().__init__()
        self.refused = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        # JSON-LD and the admin's JSON constants are data, never run.
        data = attrs.get("type") in ("application/ld+json", "application/json")
        if tag == "script" and not attrs.get("src") and not data:
            self.refused.append(self.get_starttag_text())
        if tag == "style" or "style" in attrs:
            self.refused.append(self.get_starttag_text())
        if any(name.startswith("on") for name in attrs):
            self.refused.append(self.get_starttag_text())


def refused_inline(response):
    parser = Inline()
    parser.feed(response.content.decode())
    return parser.refused


@pytest.fixture
def story():
    person = PersonFactory(slug="mike-barton")
    story = LiveArticleFactory()
    story.people.add(person)
    QuoteFactory(article=story, speaker=person)
    CaptionFactory(article=story).people.add(person)
    return story


def test_public_pages_carry_the_policy_and_nothing_it_refuses(client, story):
    for path in [
        "/",
        story.get_absolute_url(),
        "/people/mike-barton/",
        story.section.get_absolute_url(),
        "/search/?q=story",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path
        assert refused_inline(response) == [], path


def test_json_ld_is_a_data_block_the_policy_does_not_run(client, story):
    page = client.get(story.get_absolute_url()).content.decode()
    assert re.search(r'<script type="application/ld\+json">', page)


def test_feeds_and_the_api_carry_the_policy(client, story):
    for path in ["/feeds/latest/", "/feeds/latest/atom/", "/api/v1/articles/", "/api/schema/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path


def test_the_api_docs_start_swagger_ui_from_a_script_file_of_the_sites_own(client):
    response = client.get(reverse("api:docs"))
    # Swagger UI's stylesheet draws its icons as data: SVGs.
    assert policy(response) == {**POLICY, "img-src": "'self' data:"}
    assert refused_inline(response) == []
    page = response.content.decode()
    [start] = re.findall(r'<script src="(/api/docs/\?[^"]*script[^"]*)"', page)
    script = client.get(start.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_the_admin_carries_the_policy_and_nothing_it_refuses(client, django_user_model, story):
    login = client.get(reverse("admin:login"))
    assert policy(login) == POLICY
    assert refused_inline(login) == []
    client.force_login(django_user_model.objects.create_superuser("chief"))
    for path in [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),
        reverse("admin:articles_article_change", args=[story.pk]),
        reverse("admin:people_person_change", args=[story.people.get().pk]),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy(response) == POLICY, path
        assert refused_inline(response) == [], path
