"""`manage.py load_story`: the retirement story, its people, pictures and quotes."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import call_command
from PIL import Image
from reversion.models import Revision, Version

from articles.editing import EditStory
from articles.loader import STORY_FILE, load_story
from articles.models import Article, ArticlePerson, Block, Caption, Quote, Section, Tag
from articles.quoting import appears_verbatim
from people.dates import PartialDate, Precision
from people.models import Organisation, Person, TimelineEntry

SLUG = "durham-chief-constable-mike-barton-to-retire"
STORY_TEXT = Path(settings.BASE_DIR).parent / "shared" / "story" / "barton-retirement.txt"

# Every row the loader writes, in every table it writes to.
LOADED_MODELS = [
    Organisation,
    Person,
    TimelineEntry,
    Section,
    Tag,
    Article,
    Article.tags.through,
    Article.authors.through,
    ArticlePerson,
    Caption,
    Caption.people.through,
    Quote,
    Block,
    Revision,
    Version,
]


def load():
    """Run the command as an operator would; return the story."""
    call_command("load_story", stdout=io.StringIO())
    return Article.objects.get(slug=SLUG)


def snapshot(models=LOADED_MODELS, *, leave_out=()):
    """Every column of every row, by table and in id order."""
    return {
        model._meta.label: [
            {field: value for field, value in row.items() if field not in leave_out}
            for row in model.objects.order_by("pk").values()
        ]
        for model in models
    }


def files_in(folder):
    """Each file under ``folder`` with the time it was last written."""
    return {path: path.stat().st_mtime_ns for path in Path(folder).rglob("*") if path.is_file()}


@pytest.mark.django_db
def test_the_story_is_live_in_news_from_the_northern_echo_without_a_byline():
    load()

    article = Article.objects.live().get(slug=SLUG)
    assert article.published_at == datetime.datetime(2019, 2, 28, 10, tzinfo=datetime.UTC)
    assert article.headline == "Durham Police chief Mike Barton to retire"
    assert article.section.slug == "news"
    assert article.publisher.name == "The Northern Echo"
    assert article.publisher.kind == Organisation.Kind.NEWSPAPER
    assert set(article.tags.values_list("name", flat=True)) == {
        "Policing",
        "Drugs policy",
        "Durham Constabulary",
    }
    assert not article.authors.exists()
    assert {(role.person.slug, role.role) for role in article.article_people.all()} == {
        ("mike-barton", ArticlePerson.Role.SUBJECT),
        ("ron-hogg", ArticlePerson.Role.MENTIONED),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("options", [[], ["--reset"]], ids=["load", "reset"])
def test_running_the_command_twice_changes_no_row_and_writes_no_file(media_root, options):
    load()
    rows, files = snapshot(), files_in(media_root)
    output = io.StringIO()

    call_command("load_story", *options, stdout=output)

    assert snapshot() == rows
    assert files_in(media_root) == files
    assert "nothing changed" in output.getvalue()


@pytest.mark.django_db
def test_the_story_keeps_the_publication_and_update_times_of_its_data_not_of_the_load():
    article = load()

    published = datetime.datetime(2019, 2, 28, 10, tzinfo=datetime.UTC)
    assert (article.published_at, article.updated_at) == (published, published)
    assert article.last_modified == published
    assert article.updated_later is None
    # The one version of the load holds the same times.
    (version,) = Version.objects.get_for_object(article)
    assert version.field_dict["updated_at"] == published


@pytest.mark.django_db
def test_a_first_load_is_one_version_through_the_edit_path_and_publish():
    article = load()

    (version,) = Version.objects.get_for_object(article)
    assert version.revision.comment == f"Loaded from {STORY_FILE.name}"
    assert version.revision.user is None
    assert version.field_dict["status"] == Article.Status.PUBLISHED
    assert article.status_changed_at is not None  # publish() took the step


def edit_as_an_editor(django_user_model):
    """An editor's day on the story, through the admin's own edit path."""
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    article = Article.objects.get(slug=SLUG)
    blocks = list(article.blocks.all())
    blocks[1].text = "After almost seven years in the top job, Mike Barton is to retire."
    EditStory(
        article,
        by=editor,
        fields={"headline": "Durham's top cop Mike Barton to retire"},
        tags=list(article.tags.exclude(slug="drugs-policy")),
        blocks=blocks,
    ).save()
    barton = Person.objects.get(slug="mike-barton")
    barton.biography = "Mike Barton led Durham Police from 2012 to 2019."
    barton.full_clean()
    barton.save()
    return article


@pytest.mark.django_db
def test_running_the_command_again_keeps_what_editors_changed(media_root, django_user_model):
    load()
    edit_as_an_editor(django_user_model)
    rows, files = snapshot(), files_in(media_root)
    output = io.StringIO()

    call_command("load_story", stdout=output)

    assert snapshot() == rows
    assert files_in(media_root) == files
    assert "editors' changes are kept" in output.getvalue()
    assert "--reset" in output.getvalue()
    article = Article.objects.live().get(slug=SLUG)
    assert article.headline == "Durham's top cop Mike Barton to retire"
    assert article.blocks.all()[1].text.startswith("After almost seven years in the top job, Mike")
    assert set(article.tags.values_list("slug", flat=True)) == {
        "policing",
        "durham-constabulary",
    }
    assert Person.objects.get(slug="mike-barton").biography == (
        "Mike Barton led Durham Police from 2012 to 2019."
    )


@pytest.mark.django_db
def test_running_the_command_again_leaves_a_story_an_editor_took_down(media_root):
    article = load()
    article.unpublish()
    rows = snapshot()

    load()

    assert snapshot() == rows
    assert not Article.objects.live().filter(slug=SLUG).exists()


@pytest.mark.django_db
def test_running_the_command_again_creates_only_what_is_missing(media_root):
    load()
    Person.objects.filter(slug="mike-barton").update(biography="Kept.")
    Article.objects.get(slug=SLUG).delete()
    Tag.objects.filter(slug="drugs-policy").delete()
    output = io.StringIO()

    call_command("load_story", verbosity=2, stdout=output)

    article = Article.objects.live().get(slug=SLUG)
    assert article.tags.count() == 3
    assert Person.objects.get(slug="mike-barton").biography == "Kept."
    assert Person.objects.count() == 2
    assert "created Tag “Drugs policy”" in output.getvalue()
    assert "Person" not in output.getvalue()


@pytest.mark.django_db
def test_a_missing_picture_file_is_drawn_again_and_nothing_else_changes(media_root):
    article = load()
    caption = article.captions.get(caption__contains="Bikewise")
    caption.image.storage.delete(caption.image.name)
    rows = snapshot()
    output = io.StringIO()

    call_command("load_story", verbosity=2, stdout=output)

    assert snapshot() == rows
    assert caption.image.storage.exists(caption.image.name)
    with caption.image.storage.open(caption.image.name) as file:
        assert Image.open(file).size == (caption.width, caption.height)
    assert f"drew the missing picture file {caption.image.name}" in output.getvalue()


@pytest.mark.django_db
def test_reset_puts_back_what_editors_changed_under_the_same_ids(media_root):
    load()
    # Timestamps and revisions rightly record the repair itself, and a link put
    # back (a tag on the story) is a new row: what it links is what matters.
    tables = [model for model in LOADED_MODELS if model not in (Revision, Version)]
    rows = [model for model in tables if not model._meta.auto_created]
    links = [model for model in tables if model._meta.auto_created]
    loaded = (
        snapshot(rows, leave_out=("updated_at", "status_changed_at")),
        snapshot(links, leave_out=("id",)),
    )
    article = Article.objects.get(slug=SLUG)
    barton = Person.objects.get(slug="mike-barton")

    article.unpublish()
    Article.objects.filter(pk=article.pk).update(headline="Top cop quits")
    Person.objects.filter(pk=barton.pk).update(biography="Rewritten.", aliases=["Mike"])
    article.tags.clear()
    article.blocks.filter(position=2).update(text="He will retire later this year.")
    Block.objects.create(article=article, position=99, text="A paragraph the story never had.")
    article.quotes.filter(text="meaningful").update(text="meaningless")
    barton.timeline.filter(title="Chief Constable").update(end_date=datetime.date(2020, 1, 1))
    caption = article.captions.get(caption__contains="Bikewise")
    Caption.objects.filter(pk=caption.pk).update(alt_text="")
    caption.image.storage.delete(caption.image.name)
    output = io.StringIO()

    call_command("load_story", "--reset", stdout=output)

    assert (
        snapshot(rows, leave_out=("updated_at", "status_changed_at")),
        snapshot(links, leave_out=("id",)),
    ) == loaded
    assert Article.objects.live().filter(slug=SLUG).exists()
    assert caption.image.storage.exists(caption.image.name)
    assert output.getvalue().startswith("Put back “Durham Police chief Mike Barton to retire”: ")


@pytest.mark.django_db
def test_reset_after_an_edit_is_one_version_with_the_datas_times(django_user_model):
    load()
    edit_as_an_editor(django_user_model)
    article = Article.objects.get(slug=SLUG)
    assert article.updated_later is not None  # the editor's edit is today

    call_command("load_story", "--reset", stdout=io.StringIO())

    article.refresh_from_db()
    published = datetime.datetime(2019, 2, 28, 10, tzinfo=datetime.UTC)
    assert (article.headline, article.updated_at) == (
        "Durham Police chief Mike Barton to retire",
        published,
    )
    assert article.tags.count() == 3
    latest, edit, first = Version.objects.get_for_object(article)
    assert latest.revision.comment == f"Put back as {STORY_FILE.name} has it"
    assert latest.field_dict["updated_at"] == published


@pytest.mark.django_db
def test_every_paragraph_of_the_story_is_printed_verbatim_in_order_with_its_pictures():
    if not STORY_TEXT.exists():
        pytest.skip(f"The story text is not beside this checkout ({STORY_TEXT}).")
    article = load()

    # In the story a picture is "The Northern Echo:" (its credit) then its caption.
    expected, pieces = [], iter(re.split(r"\n\s*\n", STORY_TEXT.read_text("utf-8").strip()))
    for piece in pieces:
        if piece == "The Northern Echo:":
            expected.append((Block.Kind.IMAGE, next(pieces)))
        else:
            expected.append((Block.Kind.PARAGRAPH, piece))

    body = [
        (block.kind, block.caption.caption if block.caption_id else block.text)
        for block in article.blocks.select_related("caption")
    ]
    assert body == expected
    assert [kind for kind, _ in body].count(Block.Kind.IMAGE) == 2


@pytest.mark.django_db
def test_every_quote_stands_word_for_word_in_the_story_in_the_papers_own_typography():
    article = load()
    text = article.body_text()

    quotes = list(article.quotes.all())
    assert len(quotes) == 16
    for quote in quotes:
        assert appears_verbatim(quote.text, text), quote.text
        assert quote.text in text, f"{quote.text!r} lost the story's typography"


@pytest.mark.django_db
def test_quotes_are_attributed_to_who_said_them_and_where():
    article = load()
    said = {
        quote.text: (quote.speaker.slug, quote.source, quote.said)
        for quote in article.quotes.select_related("speaker")
    }

    letter = "his resignation letter"
    hogg_letter = "a letter accepting Mr Barton's decision to retire"
    assert said["Al Capone approach"] == (
        "mike-barton",
        "on taking up the role of Chief Constable",
        PartialDate(datetime.date(2012, 1, 1), Precision.YEAR),
    )
    assert said["sadness and deep frustration"] == ("mike-barton", letter, None)
    assert said["meaningful"] == (
        "mike-barton",
        "calling, with Ron Hogg, for a debate on drugs policy",
        None,
    )
    assert said[
        "My colleagues in Durham Constabulary are justly proud of the way they successfully "
        "tackle serious and organised crime, but that fight would be so much more effective "
        "if we could, in some way, staunch dealers\N{RIGHT SINGLE QUOTATION MARK} illicit "
        "income stream."
    ] == ("mike-barton", letter, None)
    assert said[
        "All the achievements in the force are the achievements of local people, "
        "our partners and our staff."
    ] == ("mike-barton", "announcing his retirement", None)
    assert said["breathtaking"] == ("mike-barton", letter, None)
    assert said[
        "I think it fair to say that with you as Chief Constable, there has rarely been "
        "a dull moment."
    ] == ("ron-hogg", hogg_letter, None)
    assert said[
        "As an aspiring farmer you know only too well that you reap what you sow and you "
        "should be immensely proud of the benefits our communities have reaped under your "
        "tenure"
    ] == ("ron-hogg", hogg_letter, None)
    speakers = [speaker for speaker, _, _ in said.values()]
    assert (speakers.count("mike-barton"), speakers.count("ron-hogg")) == (14, 2)


@pytest.mark.django_db
def test_mike_bartons_career_prints_only_the_dates_the_story_gives():
    load()
    barton = Person.objects.get(slug="mike-barton")
    entries = list(barton.timeline.select_related("organisation"))

    assert [
        (entry.kind, entry.title, entry.organisation and entry.organisation.slug, entry.period)
        for entry in entries
    ] == [
        ("position", "Police Constable", "lancashire-constabulary", "1980"),
        ("position", "Assistant Chief Constable", "durham-constabulary", "2008–2009"),
        ("position", "Deputy Chief Constable", "durham-constabulary", "2009–2012"),
        ("position", "Chief Constable", "durham-constabulary", "2012–7 June 2019"),
        ("honour", "Queen's Police Medal", None, "2014"),
        ("position", "Crime Operations lead", "national-police-chiefs-council", ""),
        ("education", "Law degree", "newcastle-university", ""),
    ]
    year, day, date = Precision.YEAR, Precision.DAY, datetime.date
    assert {
        entry.title: (entry.start_date, entry.start_precision, entry.end_date, entry.end_precision)
        for entry in entries
    } == {
        "Police Constable": (date(1980, 1, 1), year, None, year),
        "Assistant Chief Constable": (date(2008, 1, 1), year, date(2009, 1, 1), year),
        "Deputy Chief Constable": (date(2009, 1, 1), year, date(2012, 1, 1), year),
        "Chief Constable": (date(2012, 1, 1), year, date(2019, 6, 7), day),
        "Queen's Police Medal": (date(2014, 1, 1), year, None, year),
        "Crime Operations lead": (None, year, None, year),
        "Law degree": (None, year, None, year),
    }
    assert [entry.title for entry in entries if entry.ended_undated] == [
        "Police Constable",
        "Crime Operations lead",
    ]
    constable = barton.timeline.get(title="Police Constable")
    assert (constable.place, constable.note) == (
        "Blackpool",
        "His beat included Blackpool's Golden Mile.",
    )
    assert barton.timeline.get(title="Crime Operations lead").note == "three years"
    assert barton.timeline.get(kind="honour").honours_list == "Queen's Birthday Honours"
    assert barton.title_on(datetime.date(2010, 6, 1)) == "Deputy Chief Constable"
    assert barton.title_on(datetime.date(2019, 6, 7)) == "Chief Constable"
    assert barton.title_on(datetime.date(2019, 6, 8)) == ""


@pytest.mark.django_db
def test_profiles_carry_the_story_facts_about_each_person():
    load()
    barton = Person.objects.get(slug="mike-barton")
    hogg = Person.objects.get(slug="ron-hogg")

    assert barton.full_name == "Mr Mike Barton"
    assert barton.description == "Chief Constable of Durham Police"
    assert barton.origin == "born into a Lancashire farming family"
    assert barton.aliases == ["Mr Barton", "Barton"]
    assert hogg.description == "Durham's Police and Crime Commissioner"
    assert hogg.aliases == ["Mr Hogg", "Hogg"]
    commissioner = hogg.timeline.get()
    assert commissioner.organisation.kind == Organisation.Kind.OFFICE
    assert commissioner.is_ongoing
    assert Organisation.objects.get(slug="durham-constabulary").aliases == ["Durham Police"]


@pytest.mark.django_db
def test_the_pictures_are_honest_placeholders_with_alt_text_credit_and_who_is_pictured():
    article = load()

    captions = list(article.captions.prefetch_related("people"))
    assert [caption.caption for caption in captions] == [
        "Mike Barton at Durham Police's Bikewise event",
        "Mike Barton took part in a CEO sleepout event at Durham Cathedral",
    ]
    for caption in captions:
        assert caption.image.storage.exists(caption.image.name)
        assert (caption.width, caption.height) == (1200, 800)
        assert caption.alt_text.startswith("Placeholder image: the photograph of Mike Barton")
        assert caption.credit == "The Northern Echo"
        assert [person.slug for person in caption.people.all()] == ["mike-barton"]


@pytest.mark.django_db
def test_a_quote_missing_from_the_story_stops_the_load_and_saves_nothing(tmp_path):
    data = STORY_FILE.read_text("utf-8")
    assert "text = '''breathtaking'''" in data
    broken = tmp_path / "story.toml"
    broken.write_text(data.replace("text = '''breathtaking'''", "text = '''dazzling'''"))

    with pytest.raises(ValidationError, match="dazzling"):
        load_story(broken)

    assert not Article.objects.exists()
    assert not Person.objects.exists()
