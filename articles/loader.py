"""
Loading a story, its pictures, quotes and people from one data file.

The data file (``articles/data/barton-retirement.toml``) is where the story
starts, not where it stays: once loaded, the story and its people belong to
the newsroom. So a load creates what is missing and leaves what exists: a
story, person, organisation, section or tag already in the database is not
touched (its fields, its parts, its career, its pictures), except that a
picture whose image file is missing from storage has its placeholder drawn
again. ``reset=True`` is the explicit way back to the original: the database
then holds exactly what the file says (rows already right keep their ids,
timestamps and files; rows an editor changed are put back; rows the story no
longer has are removed).

The story and its parts change through the edit path (``articles.editing``)
and go live through ``Article.publish()``, as one version in the story's
history, so the loader keeps the same rules as the admin and the API. People,
organisations, sections and tags are not parts of a story: each passes
``full_clean()`` before it is saved. The story keeps the publication and
update times the file gives it, not the time it was loaded.
"""

import datetime
import io
import tomllib
from pathlib import Path

import reversion
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from newsroom.cache import content_changed
from people.dates import Precision
from people.models import Organisation, Person, TimelineEntry

from .editing import EditStory
from .models import Article, ArticlePerson, Block, Caption, Quote, Section, Tag

STORY_FILE = Path(__file__).resolve().parent / "data" / "barton-retirement.toml"

PLACEHOLDER_SIZE = (1200, 800)

# "1980", "2019-06", "2019-06-07": how much of a date is known, by how many parts are written.
PRECISION_BY_PARTS = {1: Precision.YEAR, 2: Precision.MONTH, 3: Precision.DAY}


def load_story(path=STORY_FILE, *, reset=False, report=lambda change: None):
    """
    Load the story in the data file at ``path``, all in one transaction:
    create what is missing (a new story is put live at the file's
    publication time) and leave what exists. With ``reset``, put everything
    back as the file says instead, over any editor's changes. ``report`` is
    told each change in words ("created Person “Mike Barton”"); a rerun with
    nothing to do tells it nothing. Returns the article.
    """
    with open(path, "rb") as file:
        data = tomllib.load(file)
    with transaction.atomic():
        return _StoryLoader(report, reset=reset, source=Path(path).name).load(data)


def partial_date(field, written):
    """
    The field values for a date written as far as it is known ("1980",
    "2019-06-07"): ``partial_date("end_date", "2019")`` gives ``end_date`` and
    ``end_precision``. An unwritten date is empty, its precision untouched.
    """
    if written is None:
        return {field: None}
    parts = [int(part) for part in written.split("-")]
    precision_field = f"{field.removesuffix('_date')}_precision"
    return {
        field: datetime.date(*parts, *[1] * (3 - len(parts))),
        precision_field: PRECISION_BY_PARTS[len(parts)],
    }


def placeholder_jpeg(caption, credit, size=PLACEHOLDER_SIZE):
    """
    A plain picture that says what it is: a stand-in for a photograph the
    newsroom does not have, with the caption and credit it would carry.
    """
    image = Image.new("RGB", size, "#d9d9d9")
    draw = ImageDraw.Draw(image)
    lines = [
        ("PLACEHOLDER: photograph not available", 56),
        (caption, 32),
        (f"Photo: {credit}", 32),
    ]
    y = size[1] * 3 / 8
    for text, font_size in lines:
        font = ImageFont.load_default(size=font_size)
        draw.text((size[0] / 2, y), text, fill="#333333", font=font, anchor="mm")
        y += font_size * 2
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class _StoryLoader:
    """
    One load of a data file: finds or makes each row and reports the change.
    A row that exists is left as it is, unless ``reset``: then it is repaired
    to hold what the file says.
    """

    def __init__(self, report, *, reset=False, source=STORY_FILE.name):
        self.report = report
        self.reset = reset
        self.source = source

    def load(self, data):
        organisations = {
            slug: self.put_by_slug(Organisation, slug, values)
            for slug, values in data["organisations"].items()
        }
        people = {
            slug: self.put_person(slug, values, organisations)
            for slug, values in data["people"].items()
        }
        sections = {
            slug: self.put_by_slug(Section, slug, {"name": name})
            for slug, name in data["sections"].items()
        }
        tags = {
            slug: self.put_by_slug(Tag, slug, {"name": name})
            for slug, name in data["tags"].items()
        }

        spec = data["article"]
        article = Article.objects.filter(slug=spec["slug"]).first()
        if article and not self.reset:
            # The story is the newsroom's now: only a picture whose file is gone is mended.
            self.redraw_missing_files(article)
            return article
        article = article or Article(slug=spec["slug"])
        if article.pk:
            # Drawn again under the name its row records: a new file would get a
            # new random name (newsroom.uploads), and the row would change.
            self.redraw_missing_files(article)
        people_rows = self.propose(
            article.article_people.select_related("person") if article.pk else [],
            ArticlePerson,
            [{"person": people[row["person"]], "role": row["role"]} for row in spec["people"]],
            key=("person",),
        )
        pictures = self.propose_pictures(article, data["pictures"], people)
        quotes = self.propose(
            article.quotes.all() if article.pk else [],
            Quote,
            [
                {
                    "speaker": people[quote["speaker"]],
                    "source": quote.get("source", ""),
                    "text": quote["text"],
                    **partial_date("said_on", quote.get("said_on")),
                }
                for quote in data["quotes"]
            ],
            key=("text",),
        )
        blocks = self.propose(
            article.blocks.all() if article.pk else [],
            Block,
            [
                {
                    "position": position,
                    "kind": Block.Kind.IMAGE if "picture" in block else Block.Kind.PARAGRAPH,
                    "text": block.get("paragraph", ""),
                    "caption": pictures[block["picture"]][0] if "picture" in block else None,
                    "quote": None,
                }
                for position, block in enumerate(data["body"], start=1)
            ],
            key=("position",),
        )
        # The edit, going live and the file's times are one version in the
        # story's history: the revisions that EditStory and publish() open
        # join this one.
        with reversion.create_revision():
            changes = EditStory(
                article,
                by=None,
                fields={
                    "headline": spec["headline"],
                    "standfirst": spec["standfirst"],
                    "section": sections[spec["section"]],
                    "publisher": organisations[spec["publisher"]],
                },
                tags=[tags[slug] for slug in spec["tags"]],
                authors=[],
                people=people_rows,
                captions=list(pictures.values()),
                quotes=quotes,
                blocks=blocks,
            ).save()
            for change in changes:
                self.report(f"{change} (Article “{article}”)")
            # The story's own times, as the file gives them: it may give no
            # update time, and then the story was never updated after it went live.
            changed = [
                *changes,
                *self.put_live(article, spec["published_at"]),
                *self.put_updated_at(article, spec.get("updated_at", spec["published_at"])),
            ]
            if changed:
                reversion.set_comment(
                    f"Put back as {self.source} has it"
                    if self.reset
                    else f"Loaded from {self.source}"
                )
        return article

    def put_person(self, slug, spec, organisations):
        """
        A person and their career timeline as the file gives them: made when
        missing, left as editors keep them unless resetting.
        """
        person = Person.objects.filter(slug=slug).first()
        if person and not self.reset:
            return person
        person = self.put(
            person or Person(slug=slug),
            {
                field: spec.get(field, default)
                for field, default in [
                    ("name", ""),
                    ("honorific", ""),
                    ("description", ""),
                    ("origin", ""),
                    ("biography", ""),
                    ("aliases", []),
                ]
            },
        )
        stale = self.put_rows(
            TimelineEntry,
            person.timeline.select_related("organisation"),
            [
                {
                    "person": person,
                    "kind": entry["kind"],
                    "title": entry["title"],
                    "organisation": organisations.get(entry.get("organisation")),
                    "place": entry.get("place", ""),
                    **partial_date("start_date", entry.get("start")),
                    **partial_date("end_date", entry.get("end")),
                    "ended_undated": entry.get("ended_undated", False),
                    "honours_list": entry.get("honours_list", ""),
                    "note": entry.get("note", ""),
                }
                for entry in spec.get("timeline", [])
            ],
            key=("kind", "title", "organisation"),
        )
        self.remove(stale)
        return person

    def propose_pictures(self, article, specs, people):
        """
        The story's captioned pictures by the name the body gives them, each
        with the people in it and a placeholder image drawn only when it has
        none in storage.
        """
        values = [
            {"caption": spec["caption"], "credit": spec["credit"], "alt_text": spec["alt_text"]}
            for spec in specs.values()
        ]
        captions = self.propose(
            article.captions.all() if article.pk else [], Caption, values, key=("caption",)
        )
        pictures = {}
        for (name, spec), caption in zip(specs.items(), captions, strict=True):
            if not caption.image or not caption.image.storage.exists(caption.image.name):
                caption.image = ContentFile(
                    placeholder_jpeg(spec["caption"], spec["credit"]),
                    name=f"{name}-placeholder.jpg",
                )
            pictures[name] = (caption, {"people": [people[slug] for slug in spec["pictured"]]})
        return pictures

    def redraw_missing_files(self, article):
        """
        Draw again, under the name and at the size its row records, the
        placeholder for each of the story's pictures whose file is missing
        from storage (a fresh checkout keeps the database but not the media
        folder). The rows are not touched: they already say what the file is.
        """
        for caption in article.captions.all():
            storage, name = caption.image.storage, caption.image.name
            if not name or storage.exists(name):
                continue
            size = (caption.width, caption.height) if caption.width and caption.height else None
            saved = storage.save(
                name,
                ContentFile(
                    placeholder_jpeg(caption.caption, caption.credit, size or PLACEHOLDER_SIZE)
                ),
            )
            self.report(f"drew the missing picture file {saved} (Caption “{caption}”)")

    def put_live(self, article, published_at):
        """
        Put the story live at ``published_at`` through ``Article.publish()``;
        when it already is, only check that nothing now stops it being live.
        Returns what it did, in words (nothing when it already was).
        """
        if article.status == Article.Status.PUBLISHED and article.published_at == published_at:
            errors = article.publication_errors()
            if errors:
                raise ValidationError(errors, code="not_publishable")
            return []
        article.publish(by=None, at=published_at)
        change = f"published Article “{article}” at {published_at.isoformat()}"
        self.report(change)
        return [change]

    def put_updated_at(self, article, updated_at):
        """
        Give the story the update time its data file gives it. ``updated_at``
        is ``auto_now``: every save (the edit, publishing) stamps it with the
        time of the load, which readers would see as an update ("Updated 3
        May 2025") the story never had. A queryset ``update()`` writes the
        column without that stamp, inside the load's transaction, so no one
        ever sees the load's own time.
        """
        if article.updated_at == updated_at:
            return []
        Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        article.updated_at = updated_at
        # update() sends no post_save: the cached pages that print the time are told here.
        content_changed(sender=Article)
        # The version keeps the story as it now stands, its update time included.
        reversion.add_to_revision(article)
        change = f"dated Article “{article}” updated at {updated_at.isoformat()}"
        self.report(change)
        return [change]

    def put_by_slug(self, model, slug, values):
        """
        The row of ``model`` with ``slug``: made when missing; repaired to
        hold ``values`` only when resetting.
        """
        row = model.objects.filter(slug=slug).first()
        if row and not self.reset:
            return row
        return self.put(row or model(slug=slug), values)

    def put_rows(self, model, existing, values, *, key):
        """
        Make ``existing`` rows hold ``values`` (one dict of field values per
        row, in the file's order) and return the rows left over, for the
        caller to remove once nothing refers to them.
        """
        pairs, stale = self.pair(existing, values, key=key)
        for row, row_values in pairs:
            self.put(row or model(), row_values)
        return stale

    def propose(self, existing, model, values, *, key):
        """
        The rows a part of the story should hold, for the edit path: each
        existing row given the ``values`` it should have (paired as ``pair()``
        does), and new rows for the rest. Rows left out are removed by the edit.
        """
        pairs, _stale = self.pair(existing, values, key=key)
        rows = []
        for row, row_values in pairs:
            row = row or model()
            for name, value in row_values.items():
                setattr(row, name, value)
            rows.append(row)
        return rows

    @staticmethod
    def pair(existing, values, *, key):
        """
        Pair each dict of ``values`` with the existing row that should hold it:
        the row whose ``key`` fields match, else a spare row (one an editor
        changed, which keeps its id when put back), else None for a new row.
        Returns the pairs and the spare rows no values need.
        """
        wanted = {tuple(spec[field] for field in key) for spec in values}
        matched, spare = {}, []
        for row in sorted(existing, key=lambda row: row.pk):
            row_key = tuple(getattr(row, field) for field in key)
            if row_key in wanted and row_key not in matched:
                matched[row_key] = row
            else:
                spare.append(row)
        pairs = []
        for spec in values:
            row = matched.pop(tuple(spec[field] for field in key), None)
            if row is None and spare:
                row = spare.pop(0)
            pairs.append((row, spec))
        return pairs, spare

    def put(self, row, values):
        """
        Give ``row`` the ``values`` and, only when that changes it, validate
        and save it: an unchanged row keeps its ``updated_at``.
        """
        if row._state.adding:
            change = "created"
        else:
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if not changed:
                return row
            change = f"updated ({', '.join(changed)})"
        for name, value in values.items():
            setattr(row, name, value)
        row.full_clean()
        row.save()
        self.report(f"{change} {type(row).__name__} “{row}”")
        return row

    def remove(self, rows):
        """Delete rows the file no longer has."""
        for row in rows:
            self.report(f"removed {type(row).__name__} “{row}”")
            row.delete()
