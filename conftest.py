"""Fixtures shared by every app's tests."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated pictures go to a throwaway folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: no cached page or count is left by another."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="session")
def api_responses_keep_to_the_schema():
    """
    Every response a test gets from /api/v1/ through Django's (or DRF's) test
    client is one the API's OpenAPI schema documents, checked with
    openapi-core (``newsroom.tests.schema_check``): a test fails on any
    response that a client generated from the schema could not trust.
    """
    from django.test import Client

    from newsroom.tests.schema_check import check_test_response

    send = Client.request

    def request(self, **request):
        response = send(self, **request)
        check_test_response(response)
        return response

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Client, "request", request)
        yield
