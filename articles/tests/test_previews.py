"""
Previews and share links: the newsroom sees a story that is not live on its
real page with a "Preview — not published" banner; an editor shares it by a
link that works without an account until it expires or is revoked. Neither
is ever cached, indexed or found anywhere readers look, and a bad link is a
plain 404 that says nothing of the story.
"""

import datetime
import hashlib

import pytest
from django.contrib.admin.models import LogEntry
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ShareLink
from articles.models.previews import DEFAULT_HOURS, MAX_HOURS
from articles.previews import where_it_stands
from articles.tests.factories import (
    NOT_LIVE,
    ArticleFactory,
    LiveArticleFactory,
    ParagraphFactory,
    newsroom_account,
)
from articles.tests.test_story_page import big_story
from newsroom.cache import page_key
from newsroom.tests.pages import Page

pytestmark = pytest.mark.django_db

HEADLINE = "Council leader to stand down"
PARAGRAPH = "The leader of the county council is to stand down in May."
BANNER = "Preview — not published"

HOURS_AGO = timezone.now() - datetime.timedelta(hours=3)
STATES = {
    **NOT_LIVE,
    "embargoed": {
        "status": Article.Status.PUBLISHED,
        "published_at": HOURS_AGO,
        "embargoed_until": timezone.now() + datetime.timedelta(days=1),
    },
    "expired": {
        "status": Article.Status.PUBLISHED,
        "published_at": HOURS_AGO,
        "expires_at": HOURS_AGO + datetime.timedelta(hours=1),
    },
    "live": {"status": Article.Status.PUBLISHED, "published_at": HOURS_AGO},
}
# What the banner says of each state that is not live.
STATE_WORDS = {
    "draft": "This story is a draft.",
    "in review": "This story is in review.",
    "unpublished": "This story was unpublished.",
    "scheduled": "This story is scheduled to go live on",
    "embargoed": "It is under embargo until",
    "expired": "This story expired on",
}


@pytest.fixture
def inactive(db):
    """An editor's account that has been switched off."""
    return newsroom_account("gone", "Editors", is_staff=True, is_active=False)


def story_in(state, owner, **fields):
    """A story in ``state`` (a key of STATES), started by ``owner``, with a paragraph."""
    article = ArticleFactory(headline=HEADLINE, created_by=owner, **STATES[state], **fields)
    ParagraphFactory(article=article, text=PARAGRAPH)
    return article


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def shared_url(token):
    return reverse("articles:shared-preview", args=[token])


def change_url(article, page="change", *args):
    return reverse(f"admin:articles_article_{page}", args=[article.pk, *args])


def move_clock(monkeypatch, to):
    """Make it ``to`` for the code under test (and the database queries it builds)."""
    monkeypatch.setattr(timezone, "now", lambda: to)


def assert_is_a_preview(response, article):
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "noindex" in response["X-Robots-Tag"]
    page = Page(response)
    assert "noindex" in page.meta("robots")
    assert page.find("section", class_="preview-banner").find("p").text == BANNER
    assert page.find("h1").text == article.headline
    return page


def assert_plain_404(response, article):
    """Not found, with nothing on the page that names or points at the story."""
    assert response.status_code == 404
    text = response.content.decode()
    for trace in (article.headline, article.slug, BANNER, str(article.standfirst)):
        assert trace not in text


# Who may preview: every role of the story policy against every state.

ROLES = ["anonymous", "reader", "owner", "other_reporter", "editor", "superuser", "inactive"]
MAY_PREVIEW = {"owner", "editor", "superuser"}


@pytest.fixture
def accounts(reader, reporter, other_reporter, editor, superuser, inactive):
    return {
        "anonymous": None,
        "reader": reader,
        "owner": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "superuser": superuser,
        "inactive": inactive,
    }


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ROLES)
def test_preview_is_for_editors_and_the_reporter_who_started_the_story(
    client, accounts, role, state
):
    article = story_in(state, owner=accounts["owner"])
    if accounts[role] is not None:
        client.force_login(accounts[role])
    response = client.get(preview_url(article))

    if role in ("anonymous", "inactive"):
        # Signed out (a switched-off account is signed out): sent to sign in,
        # whether or not there is such a story.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login") + "?next=/preview/")
        assert HEADLINE not in response.content.decode()
    elif state == "live":
        # A live story is public: its preview is its page.
        assert response.status_code == 302
        assert response["Location"] == article.get_absolute_url()
    elif role in MAY_PREVIEW:
        page = assert_is_a_preview(response, article)
        assert STATE_WORDS[state] in page.find("section", class_="preview-banner").text
        assert PARAGRAPH in page.find("div", class_="story-body").text
    else:
        assert_plain_404(response, article)


def test_an_unknown_or_absurd_story_id_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get("/preview/999999/").status_code == 404
    assert client.get(f"/preview/{2**70}/").status_code == 404
    assert client.get("/preview/not-a-number/").status_code == 404


def test_a_preview_is_the_story_page_template_with_its_metadata(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    client.force_login(editor)
    page = assert_is_a_preview(client.get(preview_url(article)), article)
    assert page.find("article", class_="story")
    assert page.canonical() == f"http://testserver{article.get_absolute_url()}"
    assert page.json_ld()[0]["headline"] == HEADLINE
    assert page.find("title").text.startswith(f"Preview: {HEADLINE}")
    # The way back to the story's form, for the newsroom.
    assert change_url(article) in page.hrefs()


def test_the_banner_says_when_a_scheduled_or_embargoed_story_is_due(client, editor):
    goes_live = timezone.now() + datetime.timedelta(days=2)
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=goes_live, embargoed_until=goes_live
    )
    client.force_login(editor)
    banner = Page(client.get(preview_url(article))).find("section", class_="preview-banner").text
    assert "This story is a draft." in banner
    assert "under embargo until" in banner

    article.status = Article.Status.PUBLISHED
    notes = where_it_stands(article)
    due = timezone.localtime(goes_live)
    assert notes[0].startswith("This story is scheduled to go live on")
    assert f"{due:%-d %B %Y} at {due:%H:%M}" in notes[0]


def test_the_live_story_page_is_indexed_and_has_no_banner(client):
    article = LiveArticleFactory()
    response = client.get(article.get_absolute_url())
    page = Page(response)
    assert page.meta("robots") is None
    assert "X-Robots-Tag" not in response
    assert not page.find_all("section", class_="preview-banner")


def test_the_preview_is_never_put_in_the_page_cache(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    link, token = ShareLink.objects.make(article, by=editor)
    cache.clear()
    # A reader's page first, so that the cache has its content generation.
    assert client.get("/").status_code == 200
    client.force_login(editor)
    assert client.get(preview_url(article)).status_code == 200
    client.logout()
    assert client.get(shared_url(token)).status_code == 200
    for url in (preview_url(article), shared_url(token)):
        assert cache.get(page_key(RequestFactory().get(url))) is None
    assert cache.get(page_key(RequestFactory().get("/"))) is not None


def test_a_shared_preview_is_gone_the_moment_its_link_is_revoked(client, editor, reporter):
    # Revoking saves no content, so a page cache would still hold the preview.
    article = story_in("draft", owner=reporter)
    link, token = ShareLink.objects.make(article, by=editor)
    first = client.get(shared_url(token))
    assert_is_a_preview(first, article)
    link.revoke(by=editor)
    assert_plain_404(client.get(shared_url(token)), article)


def test_previewing_and_sharing_leave_readers_pages_feeds_and_search_unchanged(
    client, api, editor, reporter
):
    LiveArticleFactory(headline="Bypass opens a year late")
    article = story_in("in review", owner=reporter)
    public = [
        "/",
        "/sections/news/",
        "/feeds/latest/",
        "/sitemap.xml",
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
        "/search/?q=Council",
        "/search/?q=Bypass",
    ]
    before = {url: client.get(url).content for url in public}
    api_before = api.get("/api/v1/articles/").json()

    client.force_login(editor)
    client.get(preview_url(article))
    client.post(change_url(article, "share"), {"hours": 48})
    link, token = ShareLink.objects.make(article, by=editor)
    client.logout()
    client.get(shared_url(token))

    for url in public:
        after = client.get(url)
        assert after.content == before[url], url
        assert HEADLINE.encode() not in after.content, url
    assert api.get("/api/v1/articles/").json() == api_before
    assert api.get(f"/api/v1/articles/{article.slug}/").status_code == 404


# Share links


def test_a_share_link_opens_the_preview_without_an_account(client, editor, reporter):
    article = story_in("scheduled", owner=reporter)
    link, token = ShareLink.objects.make(article, by=editor)
    response = client.get(shared_url(token))
    page = assert_is_a_preview(response, article)
    banner = page.find("section", class_="preview-banner").text
    assert "This story is scheduled to go live on" in banner
    assert "share link that works until" in banner
    # No way into the admin for whoever holds the link, and its address is sent nowhere.
    assert change_url(article) not in page.hrefs()
    assert response["Referrer-Policy"] == "no-referrer"


def test_a_share_link_works_for_any_account_too(client, reader, editor, reporter):
    article = story_in("draft", owner=reporter)
    link, token = ShareLink.objects.make(article, by=editor)
    client.force_login(reader)
    assert_is_a_preview(client.get(shared_url(token)), article)


def test_a_share_link_token_is_random_and_only_its_hash_is_kept(editor, reporter):
    article = story_in("draft", owner=reporter)
    link, token = ShareLink.objects.make(article, by=editor)
    other_link, other_token = ShareLink.objects.make(article, by=editor)
    assert token != other_token
    assert len(token) >= 43
    assert str(article.pk) not in (token, other_token)
    assert article.slug not in token
    link.refresh_from_db()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(value) for value in ShareLink.objects.filter(pk=link.pk).values().get().values()]
    assert all(token not in value for value in stored)


def test_a_share_link_works_for_48_hours_by_default_and_then_is_a_404(
    client, monkeypatch, editor, reporter
):
    article = story_in("draft", owner=reporter)
    made = timezone.now()
    move_clock(monkeypatch, made)
    link, token = ShareLink.objects.make(article, by=editor)
    assert link.expires_at == made + datetime.timedelta(hours=DEFAULT_HOURS)

    move_clock(monkeypatch, link.expires_at - datetime.timedelta(seconds=1))
    assert_is_a_preview(client.get(shared_url(token)), article)
    move_clock(monkeypatch, link.expires_at)
    assert_plain_404(client.get(shared_url(token)), article)
    assert not link.is_valid


def test_a_share_link_lifetime_is_set_per_link_within_bounds(editor, reporter):
    article = story_in("draft", owner=reporter)
    link, _ = ShareLink.objects.make(article, by=editor, hours=1)
    assert link.expires_at - link.created_at < datetime.timedelta(hours=1, seconds=5)
    for hours in (0, -1, MAX_HOURS + 1, "48", 2.5, None, True):
        with pytest.raises(ValidationError):
            ShareLink.objects.make(article, by=editor, hours=hours)
    assert ShareLink.objects.count() == 1


def test_a_revoked_share_link_is_a_404_and_the_others_still_work(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    revoked, revoked_token = ShareLink.objects.make(article, by=editor)
    kept, kept_token = ShareLink.objects.make(article, by=editor)
    assert revoked.revoke(by=editor) is True
    assert revoked.revoke(by=editor) is False
    assert_plain_404(client.get(shared_url(revoked_token)), article)
    assert_is_a_preview(client.get(shared_url(kept_token)), article)
    revoked.refresh_from_db()
    assert revoked.revoked_by == editor


def test_revoking_all_of_a_story_links_leaves_other_stories_links_working(
    client, editor, reporter
):
    article = story_in("draft", owner=reporter)
    other = ArticleFactory(headline="Another draft")
    tokens = [ShareLink.objects.make(article, by=editor)[1] for _ in range(3)]
    _, other_token = ShareLink.objects.make(other, by=editor)
    assert article.share_links.revoke(by=editor) == 3
    for token in tokens:
        assert_plain_404(client.get(shared_url(token)), article)
    assert client.get(shared_url(other_token)).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: ("x" if token[0] != "x" else "y") + token[1:],
        lambda token: token[:-1],
        lambda token: token + "A",
        lambda token: token.upper() if token != token.upper() else token.lower(),
    ],
    ids=["last character", "first character", "shortened", "lengthened", "case"],
)
def test_a_tampered_share_link_is_a_404(client, editor, reporter, tamper):
    article = story_in("draft", owner=reporter)
    _, token = ShareLink.objects.make(article, by=editor)
    assert_plain_404(client.get(shared_url(tamper(token))), article)


@pytest.mark.parametrize(
    "token",
    ["unknown", "a" * 43, "x" * 5000, "%F0%9F%92%A5", "%ED%A0%80", "1", "' OR 1=1 --"],
    ids=["word", "token-shaped", "very long", "emoji", "broken unicode", "id", "sql"],
)
def test_an_unknown_share_link_is_the_plain_404(client, editor, reporter, token):
    article = story_in("draft", owner=reporter)
    ShareLink.objects.make(article, by=editor)
    response = client.get(f"/preview/shared/{token}/")
    assert_plain_404(response, article)
    # The same page as any missing address: it says nothing of links or stories.
    assert response.content == client.get("/no-such-page/").content


def test_a_share_link_to_a_story_since_gone_live_leads_to_its_page(client, editor, reporter):
    article = story_in("in review", owner=reporter)
    _, token = ShareLink.objects.make(article, by=editor)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - datetime.timedelta(minutes=1)
    article.save()
    response = client.get(shared_url(token))
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()
    assert response["Cache-Control"] == "private, no-store"


def test_a_share_link_of_a_deleted_story_is_a_404(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    _, token = ShareLink.objects.make(article, by=editor)
    article.delete()
    assert client.get(shared_url(token)).status_code == 404


# Query budgets: as constant as the story page's.


def previewable_story(**size):
    article = big_story(**size)
    article.status = Article.Status.IN_REVIEW
    article.save()
    return article


def test_a_preview_takes_as_many_queries_for_a_big_story_as_for_a_small_one(
    client, editor, django_assert_max_num_queries
):
    small = previewable_story(blocks=3, quotes=1, captions=1, people=1)
    big = previewable_story(blocks=60, quotes=15, captions=8, people=10)
    tokens = {article: ShareLink.objects.make(article, by=editor)[1] for article in (small, big)}
    client.force_login(editor)
    # The navigation's sections come with the page cache's state, worked out on the first page.
    client.get(preview_url(small))
    counts = []
    for article in (small, big):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(preview_url(article)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    # The story page's budget of ten, and the account's session, user and permissions.
    with django_assert_max_num_queries(13):
        client.get(preview_url(big))
    client.logout()
    # Through a link: within the story page's budget, the link included.
    for article in (small, big):
        with django_assert_max_num_queries(10):
            assert client.get(shared_url(tokens[article])).status_code == 200


# The admin: the Preview button, the list of links, making and revoking them.


def test_the_change_form_has_a_preview_button_for_those_who_may_preview(
    client, reporter, other_reporter, editor
):
    draft = story_in("draft", owner=reporter)
    live = story_in("live", owner=reporter, slug="a-live-one")
    for user in (reporter, editor):
        client.force_login(user)
        tools = Page(client.get(change_url(draft))).find("ul", class_="object-tools")
        button = tools.find("a", class_="preview-link")
        assert button.attrs["href"] == preview_url(draft)
        assert button.attrs["target"] == "_blank"
        # Not "View on site": readers' page of a story not live is a 404.
        assert not tools.find_all("a", class_="viewsitelink")
        # A live story has its page ("View on site"), not a preview.
        tools = Page(client.get(change_url(live))).find("ul", class_="object-tools")
        assert not tools.find_all("a", class_="preview-link")
        assert tools.find("a", class_="viewsitelink")


def test_an_editor_makes_a_share_link_and_sees_its_address_only_once(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    client.force_login(editor)
    response = client.post(change_url(article, "share"), {"hours": 6}, follow=True)
    assert response.redirect_chain == [(change_url(article), 302)]
    link = article.share_links.get()
    assert link.created_by == editor
    assert link.expires_at - link.created_at < datetime.timedelta(hours=6, seconds=5)
    address = Page(response).find("a", class_="share-link-url").attrs["href"]
    assert address.startswith("http://testserver/preview/shared/")
    token = address.removeprefix("http://testserver/preview/shared/").strip("/")
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    # Listed on the story's page, with who made it and until when it works, never its address.
    again = client.get(change_url(article)).content.decode()
    assert token not in again
    listed = Page(again).find("section", class_="share-links")
    assert "editor" in listed.text
    assert "Works until" in listed.text
    # Recorded in the story's admin log.
    entry = LogEntry.objects.get(object_id=str(article.pk))
    assert entry.user == editor
    assert "share link" in entry.get_change_message()
    # And it works, for anyone.
    client.logout()
    assert_is_a_preview(client.get(address), article)


@pytest.mark.parametrize("hours", ["0", "-3", str(MAX_HOURS + 1), "two", "", "1.5"])
def test_a_share_link_lifetime_out_of_bounds_is_a_clear_400(client, editor, reporter, hours):
    article = story_in("draft", owner=reporter)
    client.force_login(editor)
    response = client.post(change_url(article, "share"), {"hours": hours})
    assert response.status_code == 400
    reason = Page(response).find("ul", class_="errorlist").text
    assert (
        reason
        == "A share link works for a whole number of hours, from 1 hour to 720 hours (30 days)."
    )
    assert not ShareLink.objects.exists()


def test_an_editor_revokes_one_link_then_all_from_the_admin(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    (first, first_token), (second, second_token), (third, third_token) = (
        ShareLink.objects.make(article, by=editor) for _ in range(3)
    )
    client.force_login(editor)
    page = Page(client.get(change_url(article)))
    revoke_one = change_url(article, "revoke_share_link", first.pk)
    assert revoke_one in [form.attrs.get("action") for form in page.find_all("form")]

    assert client.get(revoke_one).status_code == 405
    assert client.post(revoke_one).status_code == 302
    assert client.get(shared_url(first_token)).status_code == 404
    assert client.get(shared_url(second_token)).status_code == 200

    listed = Page(client.get(change_url(article))).find("section", class_="share-links").text
    assert "Revoked" in listed
    assert "by editor" in listed

    assert client.post(change_url(article, "revoke_share_links")).status_code == 302
    for token in (second_token, third_token):
        assert client.get(shared_url(token)).status_code == 404
    assert LogEntry.objects.filter(object_id=str(article.pk)).count() == 2


def test_a_link_of_another_story_cannot_be_revoked_through_this_one(client, editor, reporter):
    article = story_in("draft", owner=reporter)
    other = ArticleFactory()
    link, token = ShareLink.objects.make(other, by=editor)
    client.force_login(editor)
    response = client.post(change_url(article, "revoke_share_link", link.pk))
    assert response.status_code == 404
    assert client.get(shared_url(token)).status_code == 200


def test_a_reporter_sees_the_links_but_no_controls(client, reporter, editor):
    article = story_in("draft", owner=reporter)
    ShareLink.objects.make(article, by=editor)
    client.force_login(reporter)
    listed = Page(client.get(change_url(article))).find("section", class_="share-links")
    assert "Works until" in listed.text
    assert not listed.find_all("form")
    assert not listed.find_all("button")


@pytest.mark.parametrize("story_of", ["own", "other"])
def test_a_reporter_forging_share_posts_is_refused_and_nothing_changes(
    client, reporter, other_reporter, editor, story_of
):
    owner = reporter if story_of == "own" else other_reporter
    article = story_in("draft", owner=owner)
    link, token = ShareLink.objects.make(article, by=editor)
    client.force_login(reporter)
    assert client.post(change_url(article, "share"), {"hours": 48}).status_code == 403
    assert client.post(change_url(article, "revoke_share_link", link.pk)).status_code == 403
    assert client.post(change_url(article, "revoke_share_links")).status_code == 403
    assert article.share_links.count() == 1
    assert client.get(shared_url(token)).status_code == 200
    assert not LogEntry.objects.exists()


def test_accounts_without_a_newsroom_role_cannot_share(client, reader, inactive, reporter):
    article = story_in("draft", owner=reporter)
    for user in (reader, inactive):
        client.force_login(user)
        response = client.post(change_url(article, "share"), {"hours": 48})
        # Not into the admin at all: sent to sign in.
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    client.logout()
    assert client.post(change_url(article, "share"), {"hours": 48}).status_code == 302
    assert not ShareLink.objects.exists()
