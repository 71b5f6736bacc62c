"""
What changed in a story between two of its versions, marked up the way an
editor reads a proof: the headline, standfirst and the other story fields;
the body, block by block (added, removed, moved and rewritten); and the
pictures, quotes, people and corrections that go with it.

Every save of a story is a django-reversion revision holding a Version of the
story and a Version of each of its parts (see ``Article``'s registration), so
a version of the story is read with the rest of its revision. Changed words
are found with Python's ``difflib`` and marked with ``<ins>`` and ``<del>``,
every word HTML-escaped first.

django-reversion-compare is not used: it compares model by model and field by
field, so a block moved up the body shows there as every block in between
changed, and it marks changes by character or by line, never by word. Here
the body is compared by block id, and a longest common subsequence of the two
orders says which blocks moved: one block dragged up the body is one move.
"""

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.text import Truncator, capfirst
from reversion.models import Version

from people.dates import PartialDate
from people.models import Organisation, Person

from .models import Article, ArticlePerson, Block, Caption, Correction, Quote, Section, Tag

# How a field's change is marked: word by word, as one value replacing
# another, or as names added to and taken from a list.
TEXT, VALUE, LIST = "text", "value", "list"

# A word (with its inner apostrophes and hyphens) or a single punctuation mark:
# "on." becoming "on!" marks the full stop, not the word.
WORD = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")

PART_MODELS = (Block, Caption, Quote, ArticlePerson, Correction)


@dataclass(frozen=True)
class Field:
    """A field a comparison shows: its name, its label and how a change to it is marked."""

    name: str
    label: str
    kind: str = TEXT


def label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


STORY_FIELDS = (
    Field("headline", label(Article, "headline")),
    Field("standfirst", label(Article, "standfirst")),
    Field("slug", label(Article, "slug")),
    Field("section", label(Article, "section"), VALUE),
    Field("tags", label(Article, "tags"), LIST),
    Field("authors", "Byline", LIST),
    Field("publisher", label(Article, "publisher"), VALUE),
    Field("status", label(Article, "status"), VALUE),
    Field("published_at", "Publication time", VALUE),
)
CAPTION_FIELDS = (
    Field("caption", label(Caption, "caption")),
    Field("credit", label(Caption, "credit")),
    Field("alt_text", "Alt text"),
    Field("image", label(Caption, "image"), VALUE),
    Field("people", label(Caption, "people"), LIST),
    Field("focal_point", "Focal point", VALUE),
)
QUOTE_FIELDS = (
    Field("text", "Words"),
    Field("speaker", label(Quote, "speaker"), VALUE),
    Field("source", label(Quote, "source")),
    Field("said", "Said on", VALUE),
)
PERSON_FIELDS = (
    Field("person", label(ArticlePerson, "person"), VALUE),
    Field("role", label(ArticlePerson, "role"), VALUE),
)
CORRECTION_FIELDS = (
    Field("kind", "Type", VALUE),
    Field("text", label(Correction, "text")),
    Field("published_at", "Published", VALUE),
)


def mark_words(old, new):
    """
    ``new`` with the words ``old`` had and it has not in ``<del>``, and the
    words it has that ``old`` had not in ``<ins>``; the rest as it stands.
    Every word is escaped: the result is safe to print in a page.
    """
    old_spans = [match.span() for match in WORD.finditer(old)]
    new_spans = [match.span() for match in WORD.finditer(new)]

    def gap(text, spans, index):
        """The spaces between a word and the one before it."""
        return text[spans[index - 1][1] if index else 0 : spans[index][0]]

    def words(text, spans, start, end):
        return text[spans[start][0] : spans[end - 1][1]]

    matcher = SequenceMatcher(
        None,
        [old[start:end] for start, end in old_spans],
        [new[start:end] for start, end in new_spans],
        autojunk=False,
    )
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            # After words taken out, the space before the next kept word may
            # stand only in the older text.
            parts.append(escape(gap(new, new_spans, j1) or gap(old, old_spans, i1)))
            parts.append(escape(words(new, new_spans, j1, j2)))
            continue
        if op in ("delete", "replace"):
            parts.append(escape(gap(old, old_spans, i1)))
            parts.append(format_html("<del>{}</del>", words(old, old_spans, i1, i2)))
        if op in ("insert", "replace"):
            space = gap(new, new_spans, j1)
            if op == "replace" and not space and i2 < len(old_spans):
                # Words replacing the first words: apart from those taken
                # out as the older text had them apart from the next word.
                space = gap(old, old_spans, i2)
            parts.append(escape(space))
            parts.append(format_html("<ins>{}</ins>", words(new, new_spans, j1, j2)))
    parts.append(escape(new[new_spans[-1][1] :] if new_spans else new))
    return format_html_join("", "{}", ((part,) for part in parts))


def mark_value(old, new):
    """One value replacing another: the old one in ``<del>``, the new one in ``<ins>``."""
    parts = []
    if old:
        parts.append(format_html("<del>{}</del>", old))
    if new:
        parts.append(format_html("<ins>{}</ins>", new))
    return format_html_join(" ", "{}", ((part,) for part in parts))


def mark_items(old, new):
    """A list of names: those taken off in ``<del>``, those put on in ``<ins>``, the rest plain."""
    matcher = SequenceMatcher(None, list(old), list(new), autojunk=False)
    parts = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts += [escape(item) for item in new[j1:j2]]
            continue
        if op in ("delete", "replace"):
            parts += [format_html("<del>{}</del>", item) for item in old[i1:i2]]
        if op in ("insert", "replace"):
            parts += [format_html("<ins>{}</ins>", item) for item in new[j1:j2]]
    return format_html_join(", ", "{}", ((part,) for part in parts))


MARKERS = {TEXT: mark_words, VALUE: mark_value, LIST: mark_items}


@dataclass(frozen=True)
class FieldChange:
    """
    One field changed between two versions: its old and new values as plain
    text, and ``marked``, the change marked up to print.
    """

    name: str
    label: str
    old: str
    new: str
    marked: str


def field_changes(fields, old, new):
    """The ``fields`` whose values differ between ``old`` and ``new`` (dicts of values)."""
    changes = []
    for field in fields:
        before, after = old.get(field.name, ""), new.get(field.name, "")
        if before == after:
            continue
        if field.kind == LIST:
            before, after = tuple(before or ()), tuple(after or ())
            plain = (", ".join(before), ", ".join(after))
        else:
            plain = (before, after)
        changes.append(
            FieldChange(field.name, field.label, *plain, MARKERS[field.kind](before, after))
        )
    return tuple(changes)


class Names:
    """
    The readable names of what versions refer to by id (sections, tags,
    people, publishers), each kind read in one query however many there are.
    A name since deleted reads as its kind and number.
    """

    MODELS = {"section": Section, "tag": Tag, "person": Person, "organisation": Organisation}

    def __init__(self, ids):
        self.names = {
            kind: {
                pk: row.name
                for pk, row in model.objects.only("name").in_bulk(ids.get(kind, ())).items()
            }
            for kind, model in self.MODELS.items()
        }

    def of(self, kind, pk):
        if pk is None:
            return ""
        return self.names[kind].get(pk) or f"{self.MODELS[kind]._meta.verbose_name} #{pk}"

    def each(self, kind, pks):
        return tuple(sorted(self.of(kind, pk) for pk in pks or ()))


def when(value):
    """A time as the admin prints it, in the newsroom's time zone."""
    if value is None:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return date_format(value, "DATETIME_FORMAT")


def choice(choices, value):
    try:
        return choices(value).label
    except ValueError:
        return value or ""


@dataclass(frozen=True)
class Part:
    """
    A picture, quote, person or correction as a version of its story holds
    it: ``label`` says which it is, ``values`` are its fields as the
    comparison prints them.
    """

    pk: int
    label: str
    values: dict


@dataclass(frozen=True)
class BlockSnapshot:
    """
    One block of the body as a version holds it. ``shows`` is what a reader
    sees of it: its text, or the caption of its picture, or its quote.
    """

    pk: int
    kind: str
    text: str
    caption_id: int | None
    quote_id: int | None
    shows: str

    @property
    def kind_label(self):
        return choice(Block.Kind, self.kind)

    def same_content(self, other):
        return (self.kind, self.text, self.caption_id, self.quote_id) == (
            other.kind,
            other.text,
            other.caption_id,
            other.quote_id,
        )


@dataclass(frozen=True)
class StorySnapshot:
    """
    A story as one version of it holds it, with the parts its revision
    saved: the story's fields, the body's blocks in order, and its pictures,
    quotes, people (by person) and corrections, each by id.
    """

    version: Version
    fields: dict
    blocks: tuple
    captions: dict
    quotes: dict
    people: dict
    corrections: dict

    @property
    def revision(self):
        """Who saved this version, when, and what they said of it."""
        return self.version.revision

    @property
    def headline(self):
        return self.fields["headline"]


def snapshots(*versions):
    """
    The story as each of ``versions`` (Versions of Articles) holds it, in the
    same order. The versions' revisions and every name they show are read in
    a constant number of queries, however many blocks, pictures and quotes.
    """
    content_types = ContentType.objects.get_for_models(Article, *PART_MODELS)
    models = {content_type.pk: model for model, content_type in content_types.items()}
    if any(models.get(version.content_type_id) is not Article for version in versions):
        raise ValueError("Only versions of a story can be compared.")
    rows = defaultdict(list)
    for row in Version.objects.filter(
        revision_id__in={version.revision_id for version in versions},
        content_type__in=content_types.values(),
    ).select_related("revision__user"):
        rows[row.revision_id].append(row)

    saved = []
    ids = defaultdict(set)
    for version in versions:
        story = next(row for row in rows[version.revision_id] if row.pk == version.pk)
        story_id = Article._meta.pk.to_python(story.object_id)
        parts = defaultdict(list)
        for row in rows[version.revision_id]:
            model = models[row.content_type_id]
            if model is not Article and row.field_dict["article_id"] == story_id:
                parts[model].append(row.field_dict)
        data = story.field_dict
        ids["section"].add(data["section_id"])
        ids["organisation"].add(data["publisher_id"])
        ids["tag"].update(data.get("tags", ()))
        ids["person"].update(data.get("authors", ()))
        ids["person"].update(row["person_id"] for row in parts[ArticlePerson])
        ids["person"].update(row["speaker_id"] for row in parts[Quote])
        for row in parts[Caption]:
            ids["person"].update(row.get("people", ()))
        saved.append((story, data, parts))

    names = Names({kind: pks - {None} for kind, pks in ids.items()})
    return [snapshot(story, data, parts, names) for story, data, parts in saved]


def snapshot(version, data, parts, names):
    """
    The story as ``version`` holds it: ``data`` is its fields, ``parts`` its
    parts' fields by model; ``names`` turns their ids into names.
    """
    captions = {
        row["id"]: Part(
            row["id"],
            Truncator(row["caption"]).chars(80),
            {
                "caption": row["caption"],
                "credit": row["credit"],
                "alt_text": row["alt_text"],
                "image": str(row["image"] or ""),
                "people": names.each("person", row.get("people")),
                "focal_point": f"{row['focal_point_x']:g} across, {row['focal_point_y']:g} down",
            },
        )
        for row in parts[Caption]
    }
    quotes = {}
    for row in parts[Quote]:
        speaker = names.of("person", row["speaker_id"])
        said = PartialDate(row["said_on"], row["said_on_precision"]) if row["said_on"] else ""
        quotes[row["id"]] = Part(
            row["id"],
            f"“{Truncator(row['text']).words(12)}” ({speaker})",
            {"text": row["text"], "speaker": speaker, "source": row["source"], "said": str(said)},
        )
    people = {
        row["person_id"]: Part(
            row["person_id"],
            names.of("person", row["person_id"]),
            {
                "person": names.of("person", row["person_id"]),
                "role": choice(ArticlePerson.Role, row["role"]),
            },
        )
        for row in parts[ArticlePerson]
    }
    corrections = {
        row["id"]: Part(
            row["id"],
            Truncator(row["text"]).words(12),
            {
                "kind": choice(Correction.Kind, row.get("kind", Correction.Kind.CORRECTION)),
                "text": row["text"],
                "published_at": when(row["published_at"]),
            },
        )
        for row in parts[Correction]
    }

    def shows(row):
        if row["kind"] == Block.Kind.IMAGE:
            picture = captions.get(row["caption_id"])
            return picture.values["caption"] if picture else f"picture #{row['caption_id']}"
        if row["kind"] == Block.Kind.QUOTE:
            quote = quotes.get(row["quote_id"])
            return (
                f"“{quote.values['text']}” ({quote.values['speaker']})"
                if quote
                else f"quote #{row['quote_id']}"
            )
        return row["text"]

    blocks = tuple(
        BlockSnapshot(
            row["id"], row["kind"], row["text"], row["caption_id"], row["quote_id"], shows(row)
        )
        for row in sorted(parts[Block], key=lambda row: (row["position"], row["id"]))
    )
    fields = {
        "headline": data["headline"],
        "standfirst": data["standfirst"],
        "slug": data["slug"],
        "section": names.of("section", data["section_id"]),
        "tags": names.each("tag", data.get("tags")),
        "authors": names.each("person", data.get("authors")),
        "publisher": names.of("organisation", data["publisher_id"]),
        "status": choice(Article.Status, data["status"]),
        "published_at": when(data["published_at"]),
    }
    return StorySnapshot(version, fields, blocks, captions, quotes, people, corrections)


@dataclass(frozen=True)
class BlockChange:
    """
    A block of the body that was added, removed, moved or rewritten.
    ``old_place`` and ``new_place`` count from 1 down each version's body;
    ``marked`` is what the block shows, with its changes marked.
    """

    pk: int
    kind: str
    old_place: int | None
    new_place: int | None
    moved: bool
    changed: bool
    marked: str
    fields: tuple = ()

    @property
    def added(self):
        return self.old_place is None

    @property
    def removed(self):
        return self.new_place is None

    @property
    def what(self):
        """What happened to the block, in words, with its places down the body."""
        if self.added:
            return f"added at place {self.new_place}"
        if self.removed:
            return f"removed from place {self.old_place}"
        moved = f"moved from place {self.old_place} to place {self.new_place}"
        if self.moved:
            return f"{moved}, and changed" if self.changed else moved
        return f"changed at place {self.new_place}"


@dataclass(frozen=True)
class PartChange:
    """A picture, quote, person or correction added, removed or changed, field by field."""

    pk: int
    label: str
    action: str
    fields: tuple

    @property
    def added(self):
        return self.action == "added"

    @property
    def removed(self):
        return self.action == "removed"


def kept_in_order(ids, rank):
    """
    The largest set of ``ids`` whose ``rank`` rises down the list (a longest
    increasing subsequence, which for two orders of the same blocks is their
    longest common subsequence): the blocks that stayed in order.
    """
    tail_ranks, tails, before = [], [], {}
    for pk in ids:
        length = bisect_left(tail_ranks, rank[pk])
        before[pk] = tails[length - 1] if length else None
        if length == len(tails):
            tail_ranks.append(rank[pk])
            tails.append(pk)
        else:
            tail_ranks[length], tails[length] = rank[pk], pk
    kept, pk = set(), tails[-1] if tails else None
    while pk is not None:
        kept.add(pk)
        pk = before[pk]
    return kept


def body_changes(old, new):
    """The blocks added, removed, moved or changed, in the newer body's order."""
    old_place = {block.pk: place for place, block in enumerate(old.blocks, 1)}
    new_place = {block.pk: place for place, block in enumerate(new.blocks, 1)}
    both = [block.pk for block in old.blocks if block.pk in new_place]
    moved = set(both) - kept_in_order(both, new_place)
    old_blocks = {block.pk: block for block in old.blocks}

    changes = []
    for block in new.blocks:
        before = old_blocks.get(block.pk)
        if before is None:
            marked = mark_words("", block.shows)
            changes.append(
                BlockChange(
                    block.pk, block.kind_label, None, new_place[block.pk], False, True, marked
                )
            )
            continue
        changed = not block.same_content(before)
        if not changed and block.pk not in moved:
            continue
        fields = ()
        if before.kind != block.kind:
            fields = field_changes(
                [Field("kind", label(Block, "kind"), VALUE)],
                {"kind": before.kind_label},
                {"kind": block.kind_label},
            )
        if not changed:
            marked = escape(block.shows)
        elif before.kind in Block.TEXT_KINDS and block.kind in Block.TEXT_KINDS:
            marked = mark_words(before.shows, block.shows)
        else:
            # Another picture or quote is another thing, not an edit of the words.
            marked = mark_value(before.shows, block.shows)
        changes.append(
            BlockChange(
                block.pk,
                block.kind_label,
                old_place[block.pk],
                new_place[block.pk],
                block.pk in moved,
                changed,
                marked,
                fields,
            )
        )

    # A removed block is listed where it stood: before the block that followed it.
    order = [(new_place[change.pk], 1) for change in changes]
    for place, block in enumerate(old.blocks, 1):
        if block.pk in new_place:
            continue
        following = next(
            (new_place[later.pk] for later in old.blocks[place:] if later.pk in new_place),
            len(new.blocks) + 1,
        )
        changes.append(
            BlockChange(
                block.pk, block.kind_label, place, None, False, True, mark_words(block.shows, "")
            )
        )
        order.append((following, 0))
    ranked = sorted(zip(order, range(len(changes)), changes, strict=True))
    return tuple(change for _, _, change in ranked)


def part_changes(fields, old, new):
    """The parts (by id) added, removed or changed between two versions, field by field."""
    changes = []
    for pk, part in new.items():
        before = old.get(pk)
        if before is None:
            changes.append(
                PartChange(pk, part.label, "added", field_changes(fields, {}, part.values))
            )
        elif before.values != part.values:
            changes.append(
                PartChange(
                    pk, part.label, "changed", field_changes(fields, before.values, part.values)
                )
            )
    changes += [
        PartChange(pk, part.label, "removed", field_changes(fields, part.values, {}))
        for pk, part in old.items()
        if pk not in new
    ]
    return tuple(changes)


@dataclass(frozen=True)
class Comparison:
    """
    What changed in a story from one version (``old``) to another (``new``):
    its fields, its body and its parts. Every ``marked`` value in it is safe
    HTML; ``admin/articles/article/_story_diff.html`` prints it.
    """

    old: StorySnapshot
    new: StorySnapshot
    fields: tuple
    blocks: tuple
    captions: tuple
    quotes: tuple
    people: tuple
    corrections: tuple

    @property
    def parts(self):
        """The story's parts that changed, each kind under its heading, for printing."""
        groups = (
            ("Pictures", self.captions),
            ("Quotes", self.quotes),
            ("People in the story", self.people),
            ("Corrections", self.corrections),
        )
        return [(heading, changes) for heading, changes in groups if changes]

    @property
    def has_changes(self):
        return bool(self.fields or self.blocks or self.parts)


def compare(old, new):
    """
    What changed in a story from the Version ``old`` to the Version ``new``
    (both Versions of the same Article, older first), read in a constant
    number of queries however long the story.
    """
    old_story, new_story = snapshots(old, new)
    return Comparison(
        old=old_story,
        new=new_story,
        fields=field_changes(STORY_FIELDS, old_story.fields, new_story.fields),
        blocks=body_changes(old_story, new_story),
        captions=part_changes(CAPTION_FIELDS, old_story.captions, new_story.captions),
        quotes=part_changes(QUOTE_FIELDS, old_story.quotes, new_story.quotes),
        people=part_changes(PERSON_FIELDS, old_story.people, new_story.people),
        corrections=part_changes(CORRECTION_FIELDS, old_story.corrections, new_story.corrections),
    )
