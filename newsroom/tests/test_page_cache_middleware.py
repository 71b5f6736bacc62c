"""
PageCacheMiddleware: a cache hit answered before sessions, authentication, URL
resolving and DRF, as the first reader was sent it; everything it does not
answer still reaches the view and its own lookup.
"""

import gzip

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token
from rest_framework.throttling import AnonRateThrottle

from articles.api.ninjs import NinjsRenderer

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/articles/chief-to-retire/"


def answered_early(response):
    # Django's handler resolves the URL only after the middleware has let the request by.
    return response.wsgi_request.resolver_match is None


def test_a_second_reader_of_a_page_is_answered_before_the_view(
    client, story_a, django_assert_num_queries
):
    first = client.get(story_a.get_absolute_url())
    assert not answered_early(first)
    with django_assert_num_queries(0):
        second = client.get(story_a.get_absolute_url())
    assert answered_early(second)
    assert second.status_code == 200
    assert second.content == first.content
    # Headers set by the middleware it stands in front of are kept with the page.
    for header in ("Content-Security-Policy", "X-Frame-Options", "ETag", "Surrogate-Key"):
        assert second[header] == first[header]
    assert "s-maxage" in second["Cache-Control"]


def test_an_early_hit_answers_a_matching_etag_with_304(client, story_a):
    etag = client.get(story_a.get_absolute_url())["ETag"]
    response = client.get(story_a.get_absolute_url(), headers={"if-none-match": etag})
    assert answered_early(response)
    assert response.status_code == 304


def test_an_edit_is_not_hidden_by_an_early_hit(client, story_a, story_b):
    client.get(story_a.get_absolute_url())
    client.get(story_b.get_absolute_url())
    story_a.headline = "Chief Constable to retire in June"
    story_a.save()
    edited = client.get(story_a.get_absolute_url())
    assert not answered_early(edited)
    assert "Chief Constable to retire in June" in edited.text
    # The story the edit did not touch is still answered from the cache.
    assert answered_early(client.get(story_b.get_absolute_url()))


def test_a_query_parameter_the_view_ignores_reaches_the_views_own_lookup(
    client, story_a, django_assert_num_queries
):
    first = client.get(story_a.get_absolute_url())
    with django_assert_num_queries(0):
        tracked = client.get(story_a.get_absolute_url(), {"utm_source": "newsletter"})
    assert not answered_early(tracked)
    assert tracked.content == first.content


def test_an_editor_is_never_answered_early(client, story_a):
    client.get(story_a.get_absolute_url())
    editor = get_user_model().objects.create_user("editor", password="x", is_staff=True)
    client.force_login(editor)
    response = client.get(story_a.get_absolute_url())
    assert not answered_early(response)
    assert "private" in response["Cache-Control"]


def test_an_api_answer_is_answered_early_in_json_only(client, story_a):
    first = client.get(DETAIL)
    assert first["Content-Type"] == "application/json"
    for accept in ({}, {"accept": "*/*"}, {"accept": "application/json"}):
        response = client.get(DETAIL, headers=accept)
        assert answered_early(response), accept
        assert response.content == first.content
        assert response["Vary"] == first["Vary"]
    # Asked for ninjs, the view negotiates, and keeps that answer apart.
    ninjs = client.get(DETAIL, headers={"accept": NinjsRenderer.media_type})
    assert not answered_early(ninjs)
    assert ninjs["Content-Type"].startswith(NinjsRenderer.media_type)
    again = client.get(DETAIL, headers={"accept": NinjsRenderer.media_type})
    assert again.content == ninjs.content
    assert client.get(DETAIL).content == first.content


def test_a_ninjs_answer_is_never_served_to_a_request_leaving_the_type_to_the_view(client, story_a):
    ninjs = client.get(DETAIL, {"format": "ninjs"})
    assert ninjs["Content-Type"].startswith(NinjsRenderer.media_type)
    response = client.get(DETAIL)
    assert response["Content-Type"] == "application/json"
    assert client.get(DETAIL, {"format": "ninjs"}).content == ninjs.content


def test_a_token_is_never_answered_from_the_cache(client, story_a):
    client.get(DETAIL)
    reader = get_user_model().objects.create_user("reader", password="x")
    token = Token.objects.create(user=reader)
    response = client.get(DETAIL, headers={"authorization": f"Token {token.key}"})
    assert not answered_early(response)
    assert "private" in response["Cache-Control"]


def test_a_repeated_parameter_still_gets_the_views_400(client, story_a):
    client.get("/api/v1/articles/", {"page": "1"})
    response = client.get("/api/v1/articles/?page=1&page=2")
    assert response.status_code == 400
    assert "Give “page” once" in response.text


def test_early_hits_count_towards_an_anonymous_clients_rate(client, story_a, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min", "user": None})
    responses = [client.get(DETAIL) for _ in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    assert answered_early(responses[1])
    assert int(responses[3]["Retry-After"]) > 0


def test_a_page_is_compressed_once_when_kept_not_for_each_reader(client, story_a, monkeypatch):
    gzip_headers = {"accept-encoding": "gzip, deflate, br"}
    plain = client.get(story_a.get_absolute_url())

    def compress_again(*args, **kwargs):
        raise AssertionError("a kept page was compressed again")

    monkeypatch.setattr("django.middleware.gzip.compress_string", compress_again)
    response = client.get(story_a.get_absolute_url(), headers=gzip_headers)
    assert answered_early(response)
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain.content
    assert response["Content-Length"] == str(len(response.content))
    assert response["ETag"] == "W/" + plain["ETag"]
    assert "Accept-Encoding" in response["Vary"]
    revalidated = client.get(
        story_a.get_absolute_url(), headers={**gzip_headers, "if-none-match": response["ETag"]}
    )
    assert revalidated.status_code == 304
    # A reader who cannot read gzip still gets the page as it is.
    assert client.get(story_a.get_absolute_url()).content == plain.content
