"""
Old addresses of a renamed story: when a published story's slug changes, its
old page and API addresses answer 301 with the address it has now, however
often it was renamed (no chains); no other story may take a slug a story had;
a story may take its own old slug back.
"""

import pytest
from django.urls import reverse

from articles.editing import EditRefused, EditStory
from articles.models import Article, FormerSlug
from articles.tests.factories import (
    ArticleFactory,
    LiveArticleFactory,
    ParagraphFactory,
    newsroom_account,
)
from articles.tests.test_admin import inline_prefixes, saved_rows, story_fields, story_post

pytestmark = pytest.mark.django_db

TAKEN = "An earlier story had this slug"


@pytest.fixture
def story():
    story = LiveArticleFactory(headline="Chief to retire", slug="chief-to-retire")
    ParagraphFactory(article=story, text="The chief is retiring.")
    return story


def rename(story, slug, by):
    EditStory(story, by=by, fields={"slug": slug}).save()
    story.refresh_from_db()
    return story


def field_messages(response, name):
    """A field's messages in a 400, whichever way the API's errors nest them."""
    data = response.json()
    return data.get("errors", data).get(name)


def test_a_renamed_story_answers_301_at_its_old_page_and_api_addresses(client, api, story, editor):
    rename(story, "chief-constable-to-retire", editor)
    page = client.get("/articles/chief-to-retire/")
    assert page.status_code == 301
    assert page["Location"] == "/articles/chief-constable-to-retire/"
    assert client.get(page["Location"]).status_code == 200
    detail = api.get("/api/v1/articles/chief-to-retire/")
    assert detail.status_code == 301
    assert detail["Location"] == "http://testserver/api/v1/articles/chief-constable-to-retire/"
    assert api.get(detail["Location"]).json()["slug"] == "chief-constable-to-retire"


def test_old_addresses_keep_their_query_string_so_ninjs_stays_ninjs(client, api, story, editor):
    rename(story, "chief-constable-to-retire", editor)
    response = api.get("/api/v1/articles/chief-to-retire/", {"format": "ninjs"})
    assert response.status_code == 301
    assert response["Location"] == (
        "http://testserver/api/v1/articles/chief-constable-to-retire/?format=ninjs"
    )
    followed = api.get(response["Location"])
    assert followed.status_code == 200
    assert followed["Content-Type"] == "application/ninjs+json"
    page = client.get("/articles/chief-to-retire/?utm_source=feed")
    assert page["Location"] == "/articles/chief-constable-to-retire/?utm_source=feed"


def test_after_three_renames_every_old_address_points_at_the_story_now(client, api, story, editor):
    for slug in ("chief-to-go", "chief-to-step-down", "durham-chief-to-retire"):
        rename(story, slug, editor)
    for old in ("chief-to-retire", "chief-to-go", "chief-to-step-down"):
        page = client.get(f"/articles/{old}/")
        assert (page.status_code, page["Location"]) == (301, "/articles/durham-chief-to-retire/")
        detail = api.get(f"/api/v1/articles/{old}/")
        assert detail.status_code == 301
        assert detail["Location"].endswith("/api/v1/articles/durham-chief-to-retire/")
    assert set(story.former_slugs.values_list("slug", flat=True)) == {
        "chief-to-retire",
        "chief-to-go",
        "chief-to-step-down",
    }


def test_a_story_takes_its_own_old_slug_back(client, story, editor):
    rename(story, "chief-to-go", editor)
    rename(story, "chief-to-retire", editor)
    assert client.get("/articles/chief-to-retire/").status_code == 200
    moved = client.get("/articles/chief-to-go/")
    assert (moved.status_code, moved["Location"]) == (301, "/articles/chief-to-retire/")
    assert list(story.former_slugs.values_list("slug", flat=True)) == ["chief-to-go"]


def test_a_draft_renamed_before_it_was_ever_published_keeps_no_old_address(editor):
    draft = ArticleFactory(slug="working-title")
    rename(draft, "final-title", editor)
    assert not FormerSlug.objects.exists()
    EditStory(
        ArticleFactory(slug="other-draft"), by=editor, fields={"slug": "working-title"}
    ).save()


def test_a_rename_through_the_api_keeps_the_old_address(api, api_as, story, editor):
    client = api_as(editor)
    url = "/api/v1/articles/chief-to-retire/"
    response = client.patch(
        url, {"slug": "chief-constable-to-retire"}, format="json", **client.if_match(url)
    )
    assert response.status_code == 200, response.content
    assert api.get(url).status_code == 301


def test_another_story_cannot_take_a_slug_a_story_had(story, editor):
    rename(story, "chief-constable-to-retire", editor)
    other = ArticleFactory(slug="another-story")
    with pytest.raises(EditRefused) as refused:
        EditStory(other, by=editor, fields={"slug": "chief-to-retire"}).save()
    assert TAKEN in refused.value.fields["slug"][0]
    with pytest.raises(EditRefused):
        EditStory(
            Article(
                headline="New", standfirst="New.", section=story.section, slug="chief-to-retire"
            ),
            by=editor,
        ).save()
    other.refresh_from_db()
    assert other.slug == "another-story"


def test_the_api_refuses_a_slug_a_story_had_with_a_400(api_as, story, editor):
    rename(story, "chief-constable-to-retire", editor)
    ArticleFactory(slug="another-story")
    client = api_as(editor)
    url = "/api/v1/articles/another-story/"
    changed = client.patch(url, {"slug": "chief-to-retire"}, format="json", **client.if_match(url))
    assert changed.status_code == 400
    assert TAKEN in field_messages(changed, "slug")[0]
    created = client.post(
        "/api/v1/articles/",
        {"headline": "New", "slug": "chief-to-retire", "standfirst": "New.", "section": "news"},
        format="json",
    )
    assert created.status_code == 400
    assert TAKEN in field_messages(created, "slug")[0]
    assert Article.objects.filter(slug="another-story").exists()


def test_the_admin_refuses_a_slug_a_story_had_on_the_slug_field(client, story, editor):
    rename(story, "chief-constable-to-retire", editor)
    other = ArticleFactory(slug="another-story")
    url = reverse("admin:articles_article_change", args=[other.pk])
    client.force_login(editor)
    prefixes = inline_prefixes(client.get(url))
    fields = {**story_fields(other), "slug": "chief-to-retire"}
    response = client.post(url, story_post(prefixes, fields, saved_rows(other)))
    assert response.status_code == 200
    assert TAKEN in str(response.context["adminform"].form.errors["slug"])
    other.refresh_from_db()
    assert other.slug == "another-story"


def test_an_old_address_of_a_story_that_is_not_live_is_not_found(client, api, story, editor):
    rename(story, "chief-constable-to-retire", editor)
    story.unpublish(by=editor)
    assert client.get("/articles/chief-to-retire/").status_code == 404
    assert api.get("/api/v1/articles/chief-to-retire/").status_code == 404


def test_an_old_address_of_an_expired_story_is_gone(client, api, story, editor, clock):
    rename(story, "chief-constable-to-retire", editor)
    EditStory(story, by=editor, fields={"expires_at": clock.after(hours=1)}).save()
    clock.advance(hours=1)
    assert client.get("/articles/chief-to-retire/").status_code == 410
    assert api.get("/api/v1/articles/chief-to-retire/").status_code == 410


def test_partners_follow_an_old_api_address_of_an_embargoed_story(
    client, api, api_as, editor, clock
):
    story = ArticleFactory(
        slug="embargoed-story",
        status=Article.Status.PUBLISHED,
        published_at=clock.after(hours=-1),
        embargoed_until=clock.after(hours=1),
    )
    rename(story, "embargoed-story-renamed", editor)
    partner = api_as(newsroom_account("partner", "Partners"))
    moved = partner.get("/api/v1/articles/embargoed-story/")
    assert moved.status_code == 301
    assert "private" in moved["Cache-Control"]
    assert partner.get(moved["Location"]).status_code == 200
    assert api.get("/api/v1/articles/embargoed-story/").status_code == 404
    assert client.get("/articles/embargoed-story/").status_code == 404


def test_only_reads_are_redirected_a_write_to_an_old_address_is_not_found(
    client, api_as, story, editor
):
    rename(story, "chief-constable-to-retire", editor)
    writer = api_as(editor)
    old = "/api/v1/articles/chief-to-retire/"
    changed = writer.patch(old, {"headline": "X"}, format="json", HTTP_IF_MATCH="*")
    assert changed.status_code == 404
    assert writer.delete(old, HTTP_IF_MATCH="*").status_code == 404
    assert client.post("/articles/chief-to-retire/").status_code == 404
    assert client.head("/articles/chief-to-retire/").status_code == 301
    story.refresh_from_db()
    assert story.headline == "Chief to retire"


def test_an_old_address_answers_in_a_few_queries_and_caches_the_answer_briefly(
    client, story, editor, django_assert_max_num_queries
):
    rename(story, "chief-constable-to-retire", editor)
    with django_assert_max_num_queries(3):
        response = client.get("/articles/chief-to-retire/")
    assert response.status_code == 301
    assert response["Cache-Control"] == "max-age=3600"


def test_deleting_a_story_frees_its_old_slugs(story, editor):
    rename(story, "chief-constable-to-retire", editor)
    story.delete()
    EditStory(
        ArticleFactory(slug="another-story"), by=editor, fields={"slug": "chief-to-retire"}
    ).save()
    assert Article.objects.get().slug == "chief-to-retire"
