"""The admin as the newsroom uses it: its pages, the story form, the workflow and its rules."""

import datetime
import re

import pytest
import reversion
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import (
    Article,
    ArticlePerson,
    Block,
    Caption,
    Correction,
    FrontPage,
    Quote,
    Section,
    Tag,
)
from articles.tests.factories import (
    ArticleFactory,
    CaptionFactory,
    CorrectionFactory,
    LiveArticleFactory,
    ParagraphFactory,
    QuoteFactory,
    SectionFactory,
    TagFactory,
    jpeg_bytes,
)
from people.models import Organisation, Person
from people.tests.factories import OrganisationFactory, PersonFactory, PositionFactory

pytestmark = pytest.mark.django_db

QUOTE = "We will carry on."
PARAGRAPH = "He said: “We will carry on.”"


def full_story(**kwargs):
    """A story with something in every part of its form."""
    article = ArticleFactory(**kwargs)
    article.tags.add(TagFactory())
    article.authors.add(PersonFactory())
    ArticlePerson.objects.create(article=article, person=PersonFactory())
    caption = CaptionFactory(article=article)
    caption.people.add(PersonFactory())
    quote = QuoteFactory(article=article, text=QUOTE)
    ParagraphFactory(article=article, position=1, text=PARAGRAPH)
    Block.objects.create(article=article, position=2, kind=Block.Kind.IMAGE, caption=caption)
    Block.objects.create(article=article, position=3, kind=Block.Kind.QUOTE, quote=quote)
    CorrectionFactory(article=article)
    return article


def person_with_career():
    person = PersonFactory()
    PositionFactory(person=person)
    return person


ONE_OF_EACH = {
    Article: full_story,
    FrontPage: FrontPage.objects.current,
    Caption: CaptionFactory,
    Quote: QuoteFactory,
    Section: SectionFactory,
    Tag: TagFactory,
    Person: person_with_career,
    Organisation: OrganisationFactory,
}


def admin_url(obj_or_model, page, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}", args=args)


def inline_prefixes(response):
    """Each inline's form prefix on an admin form page, by model."""
    return {
        inline.formset.model: inline.formset.prefix
        for inline in response.context["inline_admin_formsets"]
    }


def formset(prefix, rows):
    """POST data for an inline formset: rows with an ``id`` are existing ones."""
    data = {
        f"{prefix}-TOTAL_FORMS": len(rows),
        f"{prefix}-INITIAL_FORMS": sum("id" in row for row in rows),
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{name}": value for name, value in row.items()})
    return data


def story_fields(article):
    """The story's own fields as its change form posts them."""
    published = timezone.localtime(article.published_at) if article.published_at else None
    return {
        "headline": article.headline,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "section": article.section_id,
        "tags": [tag.pk for tag in article.tags.all()],
        "authors": [person.pk for person in article.authors.all()],
        "publisher": article.publisher_id or "",
        "published_at_0": f"{published:%Y-%m-%d}" if published else "",
        "published_at_1": f"{published:%H:%M:%S}" if published else "",
    }


def saved_rows(article):
    """The story's saved people, pictures, quotes, body and corrections as form rows."""
    return {
        ArticlePerson: [
            {"id": row.pk, "person": row.person_id, "role": row.role}
            for row in article.article_people.all()
        ],
        Caption: [
            {
                "id": caption.pk,
                "caption": caption.caption,
                "credit": caption.credit,
                "alt_text": caption.alt_text,
                "people": [person.pk for person in caption.people.all()],
                "focal_point_x": caption.focal_point_x,
                "focal_point_y": caption.focal_point_y,
            }
            for caption in article.captions.all()
        ],
        Quote: [
            {
                "id": quote.pk,
                "text": quote.text,
                "speaker": quote.speaker_id,
                "source": quote.source,
                "said": str(quote.said or ""),
            }
            for quote in article.quotes.all()
        ],
        Block: [
            {
                "id": block.pk,
                "position": block.position,
                "kind": block.kind,
                "text": block.text,
                "caption": block.caption_id or "",
                "quote": block.quote_id or "",
            }
            for block in article.blocks.all()
        ],
        Correction: [
            {
                "id": correction.pk,
                "kind": correction.kind,
                "text": correction.text,
                "published_at_0": f"{timezone.localtime(correction.published_at):%Y-%m-%d}",
                "published_at_1": f"{timezone.localtime(correction.published_at):%H:%M:%S}",
            }
            for correction in article.corrections.all()
        ],
    }


def story_post(prefixes, fields, rows):
    """A whole story form: its fields, and every inline with the given rows (or none)."""
    data = dict(fields)
    for model, prefix in prefixes.items():
        data.update(formset(prefix, rows.get(model, [])))
    return data


def form_errors(response):
    """Whatever errors an admin form page shows, to explain a failed save."""
    if response.context is None or "adminform" not in response.context:
        return response.status_code
    errors = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        errors += [inline.formset.errors, inline.formset.non_form_errors()]
    return errors


def new_story_post(
    client, *, quote_text=QUOTE, alt_text="Mike Barton in uniform", image=None, **buttons
):
    """
    Post the add form of a story with a paragraph, a picture (``image``, an
    upload; a small JPEG by default) and a quote.
    """
    url = reverse("admin:articles_article_add")
    prefixes = inline_prefixes(client.get(url))
    speaker = PersonFactory(name="Mike Barton")
    fields = {
        "headline": "Chief Constable to retire",
        "slug": "chief-constable-to-retire",
        "standfirst": "Mike Barton is to step down.",
        "section": SectionFactory().pk,
        "published_at_0": "",
        "published_at_1": "",
    }
    rows = {
        Caption: [
            {
                "image": image or SimpleUploadedFile("barton.jpg", jpeg_bytes(), "image/jpeg"),
                "caption": "Mike Barton",
                "credit": "Durham Police",
                "alt_text": alt_text,
                "focal_point_x": 0.5,
                "focal_point_y": 0.5,
            }
        ],
        Quote: [{"text": quote_text, "speaker": speaker.pk}],
        Block: [{"position": 1, "kind": "paragraph", "text": PARAGRAPH}],
    }
    return client.post(url, {**story_post(prefixes, fields, rows), **buttons}, follow=True)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# Pages


def test_every_admin_page_of_the_newsroom_opens_for_an_editor(client, editor):
    client.force_login(editor)
    registered = [
        model for model in admin.site._registry if model._meta.app_label in ("people", "articles")
    ]
    assert set(registered) == set(ONE_OF_EACH)
    for model in registered:
        obj = ONE_OF_EACH[model]()
        pages = [("changelist", ()), ("add", ()), ("change", (obj.pk,))]
        if model is FrontPage:
            # There is one front page: it is arranged, never added.
            pages.remove(("add", ()))
        for page, args in pages:
            url = admin_url(model, page, *args)
            assert client.get(url, follow=True).status_code == 200, url


def test_an_editor_sees_a_story_history_and_can_open_an_earlier_version(client, editor):
    article = full_story()
    article.publish(by=editor)
    client.force_login(editor)
    history = client.get(admin_url(article, "history", article.pk))
    assert history.status_code == 200
    assert "Published" in history.text
    version = Version.objects.get_for_object(article).get()
    assert client.get(admin_url(article, "revision", article.pk, version.pk)).status_code == 200


@pytest.mark.parametrize(
    ("changelist", "budget"),
    [("articles_article", 13), ("articles_caption", 8), ("articles_quote", 8)],
)
def test_the_lists_cost_the_same_queries_for_thirty_stories_as_for_three(
    client, editor, django_assert_max_num_queries, changelist, budget
):
    client.force_login(editor)
    for count in (3, 30):
        Article.objects.all().delete()
        for number in range(count):
            section = SectionFactory(name=f"Section {number}", slug=f"section-{number}")
            article = LiveArticleFactory(section=section)
            article.tags.add(TagFactory())
            CaptionFactory(article=article)
            QuoteFactory(article=article)
        with django_assert_max_num_queries(budget):
            response = client.get(reverse(f"admin:{changelist}_changelist"))
        assert response.context["cl"].result_count == count


# Writing a story


def test_a_new_story_is_saved_with_its_people_pictures_quotes_and_body_in_order(client, editor):
    client.force_login(editor)
    add_url = reverse("admin:articles_article_add")
    prefixes = inline_prefixes(client.get(add_url))
    section = SectionFactory()
    barton = PersonFactory(name="Mike Barton")
    commissioner = PersonFactory(name="Ron Hogg")
    fields = {
        "headline": "Chief Constable to retire",
        "slug": "chief-constable-to-retire",
        "standfirst": "Mike Barton is to step down.",
        "section": section.pk,
        "authors": [commissioner.pk],
        "published_at_0": "",
        "published_at_1": "",
    }
    rows = {
        ArticlePerson: [{"person": barton.pk, "role": ArticlePerson.Role.SUBJECT}],
        Caption: [
            {
                "image": SimpleUploadedFile("barton.jpg", jpeg_bytes(80, 60), "image/jpeg"),
                "caption": "Chief Constable Mike Barton",
                "credit": "Durham Police",
                "alt_text": "Mike Barton in uniform",
                "people": [barton.pk],
                "focal_point_x": 0.4,
                "focal_point_y": 0.3,
            }
        ],
        Quote: [
            {
                "text": "It has been an honour",
                "speaker": barton.pk,
                "source": "his resignation letter",
                "said": "June 2019",
            },
            {"text": "Al Capone approach", "speaker": commissioner.pk},
        ],
        Block: [
            {"position": 1, "kind": "paragraph", "text": "“It has been an honour,” he wrote."},
            {"position": 2, "kind": "subheading", "text": "Al Capone"},
            {"position": 3, "kind": "paragraph", "text": "He backed the Al Capone approach."},
        ],
    }

    response = client.post(add_url, story_post(prefixes, fields, rows))

    assert response.status_code == 302, form_errors(response)
    article = Article.objects.get(slug="chief-constable-to-retire")
    assert article.status == Article.Status.DRAFT
    assert article.created_by == editor
    assert list(article.authors.all()) == [commissioner]
    assert list(article.people.all()) == [barton]
    caption = article.captions.get()
    assert (caption.caption, caption.credit, caption.alt_text) == (
        "Chief Constable Mike Barton",
        "Durham Police",
        "Mike Barton in uniform",
    )
    assert (caption.width, caption.height) == (80, 60)
    assert (caption.focal_point_x, caption.focal_point_y) == (0.4, 0.3)
    assert list(caption.people.all()) == [barton]
    first_quote, second_quote = article.quotes.all()
    assert (first_quote.text, first_quote.speaker, first_quote.source) == (
        "It has been an honour",
        barton,
        "his resignation letter",
    )
    assert str(first_quote.said) == "June 2019"
    assert (second_quote.text, second_quote.speaker) == ("Al Capone approach", commissioner)
    assert [(block.kind, block.text) for block in article.blocks.all()] == [
        ("paragraph", "“It has been an honour,” he wrote."),
        ("subheading", "Al Capone"),
        ("paragraph", "He backed the Al Capone approach."),
    ]

    # Once saved, the picture and the quotes can be placed in the body.
    change_url = admin_url(article, "change", article.pk)
    prefixes = inline_prefixes(client.get(change_url))
    rows = saved_rows(article)
    for block, position in zip(rows[Block], (1, 3, 5), strict=True):
        block["position"] = position
    rows[Block] += [
        {"position": 2, "kind": "image", "caption": caption.pk},
        {"position": 4, "kind": "quote", "quote": second_quote.pk},
    ]

    response = client.post(change_url, story_post(prefixes, story_fields(article), rows))

    assert response.status_code == 302, form_errors(response)
    assert [
        (block.kind, block.text, block.caption, block.quote) for block in article.blocks.all()
    ] == [
        ("paragraph", "“It has been an honour,” he wrote.", None, None),
        ("image", "", caption, None),
        ("subheading", "Al Capone", None, None),
        ("quote", "", None, second_quote),
        ("paragraph", "He backed the Al Capone approach.", None, None),
    ]


def test_the_body_offers_only_this_story_pictures_and_quotes(client, editor):
    article = full_story()
    other_story = full_story()
    client.force_login(editor)
    response = client.get(admin_url(article, "change", article.pk))
    body = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Block
    )
    form = body.forms[0]
    assert list(form.fields["caption"].queryset) == list(article.captions.all())
    assert list(form.fields["quote"].queryset) == list(article.quotes.all())
    assert not set(form.fields["quote"].queryset) & set(other_story.quotes.all())
    assert "saved or added above" in form.fields["caption"].help_text


# Publishing from the form


def test_save_and_publish_keeps_a_story_with_a_quote_not_in_its_text_unpublished(client, editor):
    client.force_login(editor)
    response = new_story_post(client, quote_text="We will never give up", _publish="1")
    article = Article.objects.get(slug="chief-constable-to-retire")
    assert article.status == Article.Status.DRAFT
    assert response.redirect_chain[-1][0] == admin_url(article, "change", article.pk)
    assert "“We will never give up” (Mike Barton) does not appear word for word" in (
        response.content.decode()
    )


def test_save_and_publish_keeps_a_story_with_a_picture_without_alt_text_unpublished(
    client, editor
):
    client.force_login(editor)
    response = new_story_post(client, alt_text="", _publish="1")
    article = Article.objects.get(slug="chief-constable-to-retire")
    assert article.status == Article.Status.DRAFT
    assert "The picture “Mike Barton” needs alt text" in response.content.decode()


def test_save_and_publish_puts_a_valid_story_live_in_the_editor_name(client, editor):
    client.force_login(editor)
    response = new_story_post(client, _publish="1")
    article = Article.objects.get(slug="chief-constable-to-retire")
    assert article.is_live
    assert article.status_changed_by == editor
    assert "“Chief Constable to retire” was published." in shown_messages(response)


def test_publish_action_reports_each_story_that_went_live_and_each_that_could_not(client, editor):
    ready = full_story(headline="Ready")
    not_ready = full_story(headline="Not ready")
    not_ready.captions.update(alt_text="")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [ready.pk, not_ready.pk]},
        follow=True,
    )
    ready.refresh_from_db()
    not_ready.refresh_from_db()
    assert ready.is_live
    assert not_ready.status == Article.Status.DRAFT
    messages = shown_messages(response)
    assert "“Ready” was published." in messages
    assert (
        "“Not ready” was not published: The picture “A picture of the scene” needs alt text "
        "before the story can be published."
    ) in messages


# Editing a live story


def live_story_change_post(client, article, paragraph=None, quote=None, alt_text=None):
    """Open a live story's form and post it back with a new headline and the given edits."""
    url = admin_url(article, "change", article.pk)
    prefixes = inline_prefixes(client.get(url))
    rows = saved_rows(article)
    edits = (
        (Block, "text", paragraph),
        (Quote, "text", quote),
        (Caption, "alt_text", alt_text),
    )
    for model, field, value in edits:
        if value is not None:
            next(row for row in rows[model] if row[field])[field] = value
    fields = {**story_fields(article), "headline": "A new headline"}
    return client.post(url, story_post(prefixes, fields, rows))


@pytest.mark.parametrize(
    ("edit", "refusal"),
    [
        ({"paragraph": "He left."}, "“We will carry on.” (Person"),
        ({"quote": "We will stop."}, "“We will stop.” (Person"),
        ({"alt_text": ""}, "The picture “A picture of the scene” needs alt text"),
    ],
    ids=["paragraph loses the quote", "quote not in the text", "alt text removed"],
)
def test_an_edit_that_would_break_a_live_story_is_refused_and_nothing_changes(
    client, editor, edit, refusal
):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    saved = saved_rows(article)
    versions = Version.objects.get_for_object(article).count()
    client.force_login(editor)

    response = live_story_change_post(client, article, **edit)

    assert response.status_code == 200
    reasons = response.context["adminform"].form.non_field_errors()
    assert any(refusal in reason for reason in reasons), reasons
    assert refusal in response.content.decode()
    assert saved_rows(article) == saved
    assert Article.objects.get(pk=article.pk).headline == article.headline
    assert Version.objects.get_for_object(article).count() == versions


def test_the_editor_input_stays_on_the_form_when_a_live_edit_is_refused(client, editor):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    client.force_login(editor)
    response = live_story_change_post(client, article, paragraph="He left the force.")
    assert "He left the force." in response.content.decode()
    assert 'value="A new headline"' in response.content.decode()


def test_a_live_story_edited_so_its_text_and_quote_still_match_is_saved(client, editor):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    client.force_login(editor)
    paragraph = "He said: “We shall carry on.”"

    response = live_story_change_post(
        client, article, paragraph=paragraph, quote="We shall carry on."
    )

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    assert article.headline == "A new headline"
    assert article.blocks.get(kind=Block.Kind.PARAGRAPH).text == paragraph
    assert article.quotes.get().text == "We shall carry on."
    assert article.is_live


def test_a_live_story_quote_cannot_be_changed_on_the_quotes_page_to_words_not_in_it(
    client, editor
):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    quote = article.quotes.get()
    client.force_login(editor)
    response = client.post(
        admin_url(quote, "change", quote.pk),
        {"text": "We will stop.", "speaker": quote.speaker_id},
    )
    assert response.status_code == 200
    assert "does not appear word for word" in str(response.context["adminform"].form.errors)
    quote.refresh_from_db()
    assert quote.text == QUOTE


def test_restoring_an_earlier_version_of_a_live_story_keeps_it_live(client, editor):
    article = full_story()
    article.submit_for_review(by=editor)
    earlier = Version.objects.get_for_object(article).get()
    article.publish(by=editor)
    paragraph = article.blocks.get(kind=Block.Kind.PARAGRAPH)
    with reversion.create_revision():
        paragraph.text = "He said on Friday: “We will carry on.”"
        paragraph.save()
        article.save()
    client.force_login(editor)
    url = admin_url(article, "revision", article.pk, earlier.pk)
    prefixes = inline_prefixes(client.get(url))
    rows = saved_rows(article)
    rows[Block][0]["text"] = PARAGRAPH

    response = client.post(url, story_post(prefixes, story_fields(article), rows))

    assert response.status_code == 302, form_errors(response)
    article.refresh_from_db()
    paragraph.refresh_from_db()
    assert paragraph.text == PARAGRAPH
    assert article.is_live


def test_a_deleted_story_opens_for_recovery_with_its_pictures_placeable_in_its_body(
    client, editor
):
    article = full_story()
    with reversion.create_revision():
        article.save()
    caption, quote = article.captions.get(), article.quotes.get()
    article.delete()
    client.force_login(editor)
    deleted = Version.objects.get_deleted(Article).get()

    response = client.get(reverse("admin:articles_article_recover", args=[deleted.pk]))

    # The page is drawn while the story is restored, then the restore is rolled back.
    assert response.status_code == 200
    page = response.content.decode()
    image_block = re.search(r'<select name="blocks-1-caption".*?</select>', page, re.DOTALL)
    quote_block = re.search(r'<select name="blocks-2-quote".*?</select>', page, re.DOTALL)
    assert f'<option value="{caption.pk}" selected>' in image_block.group()
    assert f'<option value="{quote.pk}" selected>' in quote_block.group()


# Reporters


def test_reporters_are_offered_review_but_not_publishing(client, reporter, editor):
    draft = full_story(created_by=reporter)
    client.force_login(reporter)
    actions = client.get(reverse("admin:articles_article_changelist")).context["action_form"]
    offered = [name for name, _label in actions.fields["action"].choices]
    assert "submit_for_review" in offered
    assert "publish" not in offered
    assert "unpublish" not in offered
    form = client.get(admin_url(draft, "change", draft.pk)).content.decode()
    assert 'name="_submit_for_review"' in form
    assert 'name="_publish"' not in form

    client.force_login(editor)
    assert 'name="_publish"' in client.get(admin_url(draft, "change", draft.pk)).content.decode()


def test_a_reporter_cannot_publish_with_the_action_or_the_button(client, reporter):
    draft = full_story(created_by=reporter)
    client.force_login(reporter)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    url = admin_url(draft, "change", draft.pk)
    prefixes = inline_prefixes(client.get(url))
    response = client.post(
        url, {**story_post(prefixes, story_fields(draft), saved_rows(draft)), "_publish": "1"}
    )
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.status == Article.Status.DRAFT


def test_a_reporter_can_read_but_not_change_a_published_story(client, reporter):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    quote = article.quotes.get()
    client.force_login(reporter)
    url = admin_url(article, "change", article.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    fields = {**story_fields(article), "headline": "A reporter's headline"}
    response = client.post(url, story_post(inline_prefixes(page), fields, saved_rows(article)))
    assert response.status_code == 403
    assert client.post(admin_url(quote, "change", quote.pk), {"text": "x"}).status_code == 403
    article.refresh_from_db()
    assert article.headline != "A reporter's headline"


def test_a_reporter_cannot_add_a_quote_to_a_published_story_from_the_quotes_page(client, reporter):
    article = full_story(status=Article.Status.PUBLISHED, published_at=timezone.now())
    draft = full_story(created_by=reporter)
    client.force_login(reporter)
    add_url = reverse("admin:articles_quote_add")
    quote = {"text": QUOTE, "speaker": PersonFactory().pk}

    refused = client.post(add_url, {**quote, "article": article.pk})
    accepted = client.post(add_url, {**quote, "article": draft.pk})

    assert "article" in refused.context["adminform"].form.errors
    assert article.quotes.count() == 1
    assert accepted.status_code == 302
    assert draft.quotes.count() == 2


def test_a_reporter_cannot_restore_an_earlier_version_of_a_published_story(
    client, reporter, editor
):
    article = full_story(created_by=reporter)
    article.submit_for_review(by=reporter)
    earlier = Version.objects.get_for_object(article).get()
    article.publish(by=editor)
    client.force_login(reporter)
    url = admin_url(article, "revision", article.pk, earlier.pk)
    fields = {**story_fields(article), "headline": "A reporter's headline"}
    response = client.post(url, story_post({}, fields, {}))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.is_live


def test_a_reporter_submits_drafts_for_review_from_the_list_and_the_form(client, reporter):
    from_list = full_story(created_by=reporter)
    from_form = full_story(created_by=reporter)
    client.force_login(reporter)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "submit_for_review", "_selected_action": [from_list.pk]},
    )
    url = admin_url(from_form, "change", from_form.pk)
    prefixes = inline_prefixes(client.get(url))
    data = story_post(prefixes, story_fields(from_form), saved_rows(from_form))
    response = client.post(url, {**data, "_submit_for_review": "1"})
    assert response.status_code == 302, form_errors(response)
    for article in (from_list, from_form):
        article.refresh_from_db()
        assert article.status == Article.Status.IN_REVIEW
        assert article.status_changed_by == reporter


def test_a_scheduled_story_is_reported_as_scheduled(client, editor):
    article = full_story(published_at=timezone.now() + datetime.timedelta(days=1))
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert not article.is_live
    assert any("is scheduled to go live" in message for message in shown_messages(response))
