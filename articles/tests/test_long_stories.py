"""
Long stories: a story holds at most STORY_LIMITS of each part, whether it
comes from the API, the admin or a loader, and over a limit the edit is
refused with a message naming it before any row is looked at. Up to the
limits a story saves whole, through the API and the admin, in order, as one
complete version, with search and the readers' pages current at once.
(How fast: bench/long_story.py, run by `make bench`.)
"""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.editing import PARTS, EditRefused, EditStory
from articles.models import Article, ArticlePerson, Block, Caption, Correction, Quote
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    CorrectionFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
    jpeg_bytes,
    newsroom_account,
)
from articles.tests.test_admin import (
    admin_url,
    form_errors,
    saved_rows,
    story_fields,
    story_post,
)
from people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

LIMITS = settings.STORY_LIMITS
ARTICLES = "/api/v1/articles/"
# Each inline of the story's admin form is prefixed with the story's relation
# to its rows (a long story's form is slow to render just to read them).
PREFIXES = {model: relation for relation, model in PARTS.values()}


def paragraph(n):
    return f"Paragraph {n} of a long story."


def body_texts(article):
    return [block.text for block in article.blocks.all()]


def long_story_edit(article=None, *, blocks=LIMITS["blocks"], **fields):
    """An edit (by the system) making ``article`` a story of ``blocks`` paragraphs."""
    article = article or Article(slug="a-long-story")
    return EditStory(
        article,
        by=None,
        fields={
            "headline": "A long story",
            "standfirst": "Every word of it.",
            "section": SectionFactory(),
            **fields,
        },
        blocks=[Block(kind=Block.Kind.PARAGRAPH, text=paragraph(n)) for n in range(blocks)],
    )


# Over a limit ---------------------------------------------------------------

OVER = {
    "blocks": ("body blocks", lambda: Block(kind=Block.Kind.PARAGRAPH, text="Words.")),
    "quotes": ("quotes", lambda: Quote(text="Words.")),
    "captions": ("pictures", lambda: Caption(caption="A picture", credit="Us")),
    "people": ("people", lambda: ArticlePerson()),
    "corrections": ("corrections", lambda: Correction(text="A correction.")),
}


@pytest.mark.parametrize("part", OVER)
def test_an_edit_over_a_limit_is_refused_naming_it_before_any_row_is_looked_at(
    part, django_assert_num_queries
):
    noun, row = OVER[part]
    limit = LIMITS[part]
    edit = EditStory(
        Article(slug="too-long", headline="Too long"),
        by=None,
        **{part: [row() for _ in range(limit + 1)]},
    )
    with django_assert_num_queries(0), pytest.raises(EditRefused) as refused:
        edit.check()
    assert refused.value.story == [
        f"A story holds at most {limit} {noun}; this one would have {limit + 1}."
    ]
    with pytest.raises(EditRefused):
        edit.save()
    assert not Article.objects.exists()


def story_at_limit(part):
    """A story holding as many of ``part`` as a story may."""
    article = ArticleFactory(slug="a-long-story")
    count = LIMITS[part]
    if part == "blocks":
        Block.objects.bulk_create(
            Block(article=article, position=n, text=paragraph(n)) for n in range(count)
        )
    elif part == "quotes":
        QuoteFactory.create_batch(count, article=article, speaker=PersonFactory())
    else:
        CaptionFactory.create_batch(count, article=article)
    return article


ONE_MORE = {
    "blocks": (Block, lambda: {"position": 10_000, "kind": "paragraph", "text": "One more."}),
    "quotes": (Quote, lambda: {"text": "One more.", "speaker": PersonFactory().pk}),
    "captions": (
        Caption,
        lambda: {
            "image": SimpleUploadedFile("more.jpg", jpeg_bytes(8, 8), "image/jpeg"),
            "caption": "One more picture",
            "credit": "Us",
            "focal_point_x": 0.5,
            "focal_point_y": 0.5,
        },
    ),
}


@pytest.mark.parametrize("part", ONE_MORE)
def test_the_admin_shows_a_limit_at_the_top_of_the_form_and_saves_nothing(admin_client, part):
    article = story_at_limit(part)
    model, one_more = ONE_MORE[part]
    url = admin_url(article, "change", article.pk)
    rows = saved_rows(article)
    rows[model].append(one_more())
    before = (Version.objects.count(), model.objects.count())

    response = admin_client.post(url, story_post(PREFIXES, story_fields(article), rows))

    assert response.status_code == 200
    limit = LIMITS[part]
    noun = OVER[part][0]
    message = f"A story holds at most {limit} {noun}; this one would have {limit + 1}."
    assert message in response.context["adminform"].form.non_field_errors()
    assert message in response.text
    assert (Version.objects.count(), model.objects.count()) == before


# Up to the limits --------------------------------------------------------------


def test_a_story_of_the_most_blocks_saves_through_the_api_and_reads_back_in_order(api_as, editor):
    api = api_as(editor)
    body = [
        {"type": "subheading", "text": f"Part {n}"}
        if n % 50 == 0
        else {"type": "paragraph", "text": paragraph(n)}
        for n in range(LIMITS["blocks"])
    ]
    story = {
        "headline": "A long story",
        "slug": "a-long-story",
        "standfirst": "Every word of it.",
        "section": SectionFactory().slug,
        "body": body,
    }

    created = api.post(ARTICLES, story, format="json")

    assert created.status_code == 201, created.content[:500]
    url = f"{ARTICLES}a-long-story/"
    shown = [block["text"] for block in api.get(url).json()["body"]]
    assert shown == [block["text"] for block in body]

    # The same blocks in the opposite order, and every tenth paragraph rewritten.
    changed = [
        {**block, "text": f"Rewritten {n}."} if n % 10 == 5 else block
        for n, block in enumerate(body)
    ][::-1]
    replaced = api.put(url, {**story, "body": changed}, format="json", **api.if_match(url))

    assert replaced.status_code == 200, replaced.content[:500]
    assert [block["text"] for block in api.get(url).json()["body"]] == [
        block["text"] for block in changed
    ]
    article = Article.objects.get(slug="a-long-story")
    assert [block.position for block in article.blocks.all()] == list(
        range(1, LIMITS["blocks"] + 1)
    )


def test_the_longest_story_the_api_accepts_saves_through_the_admin(api_as, client):
    # Every list the API takes at its limit; pictures and corrections, which
    # only the admin adds, at theirs too.
    editor = newsroom_account("desk-editor", "Editors", is_staff=True)
    speakers = PersonFactory.create_batch(LIMITS["people"])
    api = api_as(editor)
    story = {
        "headline": "A long story",
        "slug": "a-long-story",
        "standfirst": "Every word of it.",
        "section": SectionFactory().slug,
        "tags": [tag.slug for tag in TagFactory.create_batch(LIMITS["tags"])],
        "authors": [person.slug for person in speakers[: LIMITS["authors"]]],
        "people": [{"person": person.slug} for person in speakers],
        "quotes": [
            {"text": "We will carry on", "speaker": speakers[n % len(speakers)].slug}
            for n in range(LIMITS["quotes"])
        ],
        "body": [
            {"type": "paragraph", "text": f"He said: “We will carry on”, {n} times."}
            for n in range(LIMITS["blocks"])
        ],
    }
    assert api.post(ARTICLES, story, format="json").status_code == 201
    article = Article.objects.get(slug="a-long-story")
    for _ in range(LIMITS["captions"]):
        CaptionFactory(article=article)
    CorrectionFactory.create_batch(LIMITS["corrections"], article=article)

    client.force_login(editor)
    url = admin_url(article, "change", article.pk)
    rows = saved_rows(article)
    # The body in the opposite order, its first block rewritten.
    for block in rows[Block]:
        block["position"] = LIMITS["blocks"] + 1 - block["position"]
    rows[Block][0]["text"] = "Rewritten in the admin."

    response = client.post(url, story_post(PREFIXES, story_fields(article), rows))

    assert response.status_code == 302, form_errors(response)
    texts = [f"He said: “We will carry on”, {n} times." for n in range(LIMITS["blocks"])]
    texts[0] = "Rewritten in the admin."
    assert body_texts(article) == texts[::-1]
    assert article.quotes.count() == LIMITS["quotes"]
    assert article.captions.count() == LIMITS["captions"]


def test_a_long_edit_is_one_complete_version_named_in_few_words():
    article = Article(slug="a-long-story")
    long_story_edit(article, blocks=LIMITS["blocks"] - 20).save()
    first = Version.objects.get_for_object(article).get()
    blocks = list(article.blocks.all())
    blocks += [Block(kind=Block.Kind.PARAGRAPH, text=f"Added {n}.") for n in range(20)]

    changes = EditStory(Article.objects.get(pk=article.pk), by=None, blocks=blocks).save()

    assert changes == ["added 20 blocks"]
    latest = Version.objects.get_for_object(article).first()
    assert latest.revision.get_comment() == "Changed added 20 blocks"
    saved = {str(pk) for pk in article.blocks.values_list("pk", flat=True)}
    assert len(saved) == LIMITS["blocks"]
    in_version = {
        version.object_id
        for version in latest.revision.version_set.all()
        if version.content_type.model == "block"
    }
    assert in_version == saved

    # Restoring the first version takes the story back to its first blocks.
    first.revision.revert(delete=True)
    assert body_texts(article) == [paragraph(n) for n in range(LIMITS["blocks"] - 20)]


def test_a_few_rows_added_changed_and_removed_are_each_named_in_the_version():
    article = Article(slug="a-long-story")
    long_story_edit(article, blocks=30).save()
    blocks = list(article.blocks.all())
    blocks[3].text = "A new fourth paragraph."
    blocks[-1] = Block(kind=Block.Kind.PARAGRAPH, text="A new last paragraph.")

    changes = EditStory(Article.objects.get(pk=article.pk), by=None, blocks=blocks).save()

    assert changes == [
        "removed block “Paragraph 29 of a long story.”",
        "added block “A new last paragraph.”",
        "changed block “A new fourth paragraph.”",
    ]
    texts = body_texts(article)
    assert (len(texts), texts[3], texts[-1]) == (
        30,
        "A new fourth paragraph.",
        "A new last paragraph.",
    )


def test_a_long_edit_keeps_search_and_the_readers_pages_current(client):
    article = Article(slug="a-long-story")
    edit = long_story_edit(article)
    edit.parts["blocks"][250].row.text = "The chief spoke of aardvarks."
    edit.parts["blocks"][400].row.text = "The chief spoke of bandicoots."
    edit.save()
    article.publish()
    page = article.get_absolute_url()
    search = reverse("articles:search")
    assert "aardvarks" in client.get(page).text
    assert "A long story" in client.get(search, {"q": "bandicoots"}).text

    # One block removed, one rewritten in place, one added.
    blocks = list(article.blocks.all())
    blocks[400].text = "The chief spoke of capybaras."
    del blocks[250]
    blocks.append(Block(kind=Block.Kind.PARAGRAPH, text="And of dormice."))
    EditStory(Article.objects.get(pk=article.pk), by=None, blocks=blocks).save()

    shown = client.get(page).text
    assert "aardvarks" not in shown
    assert "bandicoots" not in shown
    assert "capybaras" in shown
    assert "dormice" in shown
    for word, found in [
        ("aardvarks", False),
        ("bandicoots", False),
        ("capybaras", True),
        ("dormice", True),
    ]:
        assert ("A long story" in client.get(search, {"q": word}).text) == found, word


def body_story(blocks):
    article = ArticleFactory()
    Block.objects.bulk_create(
        Block(article=article, position=n, text=paragraph(n)) for n in range(1, blocks + 1)
    )
    return article


def test_saving_the_admin_form_costs_the_same_queries_however_long_the_body(
    admin_client, django_assert_max_num_queries
):
    # Measured for the shortest body: a longer one may not cost more.
    short = body_story(5)
    rows = saved_rows(short)
    rows[Block][-1]["text"] = "Rewritten in the admin."
    with CaptureQueriesContext(connection) as baseline:
        response = admin_client.post(
            admin_url(short, "change", short.pk), story_post(PREFIXES, story_fields(short), rows)
        )
    assert response.status_code == 302, form_errors(response)

    article = body_story(60)
    rows = saved_rows(article)
    rows[Block][-1]["text"] = "Rewritten in the admin."
    with django_assert_max_num_queries(len(baseline)):
        response = admin_client.post(
            admin_url(article, "change", article.pk),
            story_post(PREFIXES, story_fields(article), rows),
        )

    assert response.status_code == 302, form_errors(response)
    assert body_texts(article)[-1] == "Rewritten in the admin."


def test_a_block_of_another_story_posted_on_a_story_form_is_refused(admin_client):
    article, other = body_story(2), body_story(2)
    rows = saved_rows(article)
    rows[Block][0]["id"] = other.blocks.first().pk
    rows[Block][0]["text"] = "Taken over."

    response = admin_client.post(
        admin_url(article, "change", article.pk),
        story_post(PREFIXES, story_fields(article), rows),
    )

    assert response.status_code == 200
    assert "Taken over." not in body_texts(other) + body_texts(article)
