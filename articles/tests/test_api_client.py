"""
The API as a consumer meets it: a Python client generated from the API's own
OpenAPI schema by openapi-python-client (a tool the project did not write)
drives the API over HTTP as httpx speaks it, answered in-process by Django
(``DjangoTransport``). Readers list, page, filter and read stories,
ninjs, quotes and profiles without an account; an editor writes a story
through the workflow with its ETags; a reporter's refusal comes back as a
typed problem. The client raises on any status the schema does not document
and parses every body into its typed models, and every response is also
checked against the schema with openapi-core (``newsroom.tests.schema_check``).

The client is generated once per session, into a temporary folder, from the
schema made in-process.
"""

import importlib
import json
import subprocess
import sys

import httpx
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from articles.models import Article
from articles.tests.conftest import STORY_SLUG
from articles.tests.factories import LiveArticleFactory, SectionFactory
from newsroom.tests.schema_check import api_schema, check_response

pytestmark = pytest.mark.django_db

PACKAGE = "newsroom_client"


@pytest.fixture(scope="session")
def generated(tmp_path_factory):
    """The client package openapi-python-client makes from the schema, imported."""
    folder = tmp_path_factory.mktemp("generated-client")
    schema = folder / "schema.json"
    schema.write_text(json.dumps(api_schema()))
    config = folder / "config.yaml"
    # No formatting of the generated code: it is only imported.
    config.write_text(f"post_hooks: []\npackage_name_override: {PACKAGE}\n")
    command = [
        *(sys.executable, "-m", "openapi_python_client", "generate"),
        *("--path", str(schema), "--config", str(config)),
        *("--meta", "none", "--output-path", str(folder / PACKAGE)),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    # A warning means part of the schema could not be turned into code.
    assert "Warning" not in said, said
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))
        for name in [name for name in sys.modules if name.split(".")[0] == PACKAGE]:
            del sys.modules[name]


def checked(response):
    """httpx response hook: the response is one the schema documents (openapi-core)."""
    response.read()
    check_response(
        response.request.method,
        str(response.request.url),
        response.status_code,
        response.headers,
        response.content,
        request_headers=response.request.headers,
    )


class DjangoTransport(httpx.BaseTransport):
    """
    httpx's requests answered by the app in-process, through Django's test
    client: every byte of the request and the response as over the wire, in
    the test's own transaction (a live server would need committed data, and
    would flush the groups the migrations made).
    """

    def __init__(self):
        self.django = Client()

    def handle_request(self, request):
        headers = {
            name: value
            for name, value in request.headers.items()
            # In-process, nothing to gain from compressing the answer.
            if name.lower() not in ("host", "content-length", "content-type", "accept-encoding")
        }
        response = self.django.generic(
            request.method,
            request.url.raw_path.decode(),
            data=request.read(),
            content_type=request.headers.get("content-type", ""),
            headers=headers,
        )
        return httpx.Response(
            response.status_code, headers=list(response.items()), content=response.content
        )


@pytest.fixture
def connect(generated):
    """``connect(user=None)``: a generated client of the API, with ``user``'s token."""

    def client(user=None):
        options = {
            "base_url": "http://testserver",
            "raise_on_unexpected_status": True,
            "httpx_args": {
                "transport": DjangoTransport(),
                "event_hooks": {"response": [checked]},
            },
        }
        if user is None:
            return generated.Client(**options)
        token, _ = Token.objects.get_or_create(user=user)
        # openapi-python-client sends "Authorization: Bearer <token>".
        return generated.AuthenticatedClient(token=token.key, **options)

    return client


def call(generated, operation, **arguments):
    """``operation`` (e.g. "articles.get_article") called through the generated client."""
    group, name = operation.split(".")
    module = importlib.import_module(f"{PACKAGE}.api.{group}.{name}")
    return module.sync_detailed(**arguments)


def model(generated, name):
    return getattr(importlib.import_module(f"{PACKAGE}.models"), name)


def test_a_reader_reads_stories_ninjs_quotes_and_profiles_without_an_account(
    generated, connect, story
):
    other = LiveArticleFactory(section=story.section)
    reader = connect()

    listed = call(generated, "articles.list_articles", client=reader)
    assert listed.status_code == 200
    assert isinstance(listed.parsed, model(generated, "PaginatedArticleList"))
    assert {item.slug for item in listed.parsed.results} == {STORY_SLUG, other.slug}
    assert listed.headers["ETag"]

    first = call(generated, "articles.list_articles", client=reader, page=1, page_size=1)
    assert (first.parsed.count, len(first.parsed.results)) == (2, 1)
    assert first.parsed.next_ is not None
    assert first.parsed.previous is None
    second = call(generated, "articles.list_articles", client=reader, page=2, page_size=1)
    assert second.parsed.next_ is None
    assert second.parsed.previous is not None

    ordered = call(
        generated, "articles.list_articles", client=reader, ordering="headline,-published_at"
    )
    headlines = [item.headline for item in ordered.parsed.results]
    assert headlines == sorted(headlines)

    filtered = call(generated, "articles.list_articles", client=reader, person="mike-barton")
    assert [item.slug for item in filtered.parsed.results] == [STORY_SLUG]

    detail = call(generated, "articles.get_article", slug=STORY_SLUG, client=reader)
    assert isinstance(detail.parsed, model(generated, "ArticleDetail"))
    assert detail.parsed.headline == story.headline
    kinds = {type(block).__name__ for block in detail.parsed.body}
    assert kinds >= {"ParagraphBlock", "ImageBlock"}
    assert detail.headers["ETag"]

    ninjs = call(generated, "articles.get_article_ninjs", slug=STORY_SLUG, client=reader)
    assert ninjs.headers["Content-Type"] == "application/ninjs+json"
    assert isinstance(ninjs.parsed, model(generated, "NinjsArticle"))
    assert ninjs.parsed.headlines[0].value == story.headline
    assert ninjs.parsed.uri == detail.parsed.url

    quotes = call(generated, "quotes.list_quotes", client=reader, speaker="mike-barton")
    assert quotes.parsed.count >= 1
    assert {quote.speaker.slug for quote in quotes.parsed.results} == {"mike-barton"}

    person = call(generated, "people.get_person", slug="mike-barton", client=reader)
    assert isinstance(person.parsed, model(generated, "PersonDetail"))
    timeline = person.parsed.timeline
    assert timeline
    assert all(isinstance(entry.current, bool) for entry in timeline)
    assert any(entry.organisation is not None for entry in timeline)
    assert all(isinstance(alias, str) for alias in person.parsed.aliases)

    missing = call(generated, "articles.get_article", slug="no-such-story", client=reader)
    assert missing.status_code == 404
    assert isinstance(missing.parsed, model(generated, "Problem"))
    assert missing.parsed.code == "not_found"


def test_an_editor_writes_a_story_through_the_workflow(generated, connect, editor):
    section = SectionFactory()
    client = connect(editor)
    Write, Patch = (
        model(generated, "ArticleWriteRequest"),
        model(generated, "PatchedArticleWriteRequest"),
    )
    Block, BlockType = model(generated, "BlockWriteRequest"), model(generated, "BlockTypeEnum")
    Status = model(generated, "ArticleStatusEnum")

    created = call(
        generated,
        "articles.create_article",
        client=client,
        body=Write(
            headline="Police chief to retire",
            slug="police-chief-to-retire",
            standfirst="After seven years in the job.",
            section=section.slug,
            body=[Block(type_=BlockType.PARAGRAPH, text="He said: <em>it is time</em>.")],
        ),
    )
    assert created.status_code == 201
    assert created.parsed.status == Status.DRAFT
    assert created.headers["Location"].endswith("/api/v1/articles/police-chief-to-retire/")
    slug, etag = created.parsed.slug, created.headers["ETag"]

    changed = call(
        generated,
        "articles.update_article",
        slug=slug,
        client=client,
        body=Patch(headline="Police chief retires"),
        if_match=etag,
    )
    assert changed.status_code == 200
    assert changed.parsed.headline == "Police chief retires"
    stale = call(
        generated,
        "articles.update_article",
        slug=slug,
        client=client,
        body=Patch(headline="Lost update"),
        if_match=etag,
    )
    assert stale.status_code == 412
    assert stale.parsed.code == "precondition_failed"

    # The story as read, written back as it is: nothing changes but its time.
    read = call(generated, "articles.get_article", slug=slug, client=client)
    as_read = read.parsed.to_dict()
    again = call(
        generated,
        "articles.replace_article",
        slug=slug,
        client=client,
        body=Write.from_dict(as_read),
        if_match=read.headers["ETag"],
    )
    assert again.status_code == 200, again.content
    written = again.parsed.to_dict()
    assert {**written, "updated_at": None} == {**as_read, "updated_at": None}
    assert written["body"][0]["html"] == "He said: <em>it is time</em>."

    submitted = call(generated, "articles.submit_article", slug=slug, client=client)
    assert submitted.parsed.status == Status.IN_REVIEW
    published = call(generated, "articles.publish_article", slug=slug, client=client)
    assert published.parsed.status == Status.PUBLISHED
    assert published.parsed.published_at is not None
    unpublished = call(generated, "articles.unpublish_article", slug=slug, client=client)
    assert unpublished.parsed.status == Status.UNPUBLISHED
    deleted = call(
        generated,
        "articles.delete_article",
        slug=slug,
        client=client,
        if_match=unpublished.headers["ETag"],
    )
    assert deleted.status_code == 204
    assert not Article.objects.filter(slug=slug).exists()


def test_a_reporter_refused_a_step_gets_a_typed_problem(generated, connect, reporter):
    story = LiveArticleFactory(created_by=reporter)
    refused = call(
        generated, "articles.unpublish_article", slug=story.slug, client=connect(reporter)
    )
    assert refused.status_code == 403
    problem = refused.parsed
    assert isinstance(problem, model(generated, "Problem"))
    assert (problem.status, problem.code, problem.title) == (403, "permission_denied", "Forbidden")
    assert problem.detail == "Your newsroom role does not allow this."
    assert refused.headers["Content-Type"] == "application/problem+json"
