"""
A synthetic archive for benchmarks: ``generate(stories)`` adds that many
realistic stories (``manage.py generate_corpus``), so that pages, query plans
and searches can be measured at 1,000, 10,000 or 100,000 stories.

The archive has the shape of a regional paper's: a dozen sections, a few
dozen tags, about one new person for every 20 stories (at least a few
hundred), some with careers at the organisations a paper writes about, a
few reporters who write the stories; stories spread over ten years, each
with 8 to 30 body blocks of plain English from a fixed vocabulary (common
words such as "police" and "council" are in many of them), subheadings,
quotes that stand word for word in a paragraph and whose speakers are
people in the story, some pull quotes, and a picture in about one story in
four (every picture is the same small image file, stored once). Most
stories are live; a few percent are drafts, scheduled, under embargo,
expired or due to expire, so that ``live()`` filters something. The people
who were already in the database (the seed story's, from ``load_story``)
appear in a share of the stories, Mike Barton in about 1.5%, as the busiest
profile does in a real archive.

This is a loader of benchmark data, not a way to edit stories: every story a
person writes goes through ``articles.editing``, one story at a time. Here
the rows are written with ``bulk_create``, a batch of stories per
transaction, with no signals, no versions in the stories' history and no
per-story search update; instead the search vectors of each batch are
filled by one UPDATE in SQL (``articles.search.search_vector()``; on
PostgreSQL, outside a transaction, on a second connection while the next
batch is made), and at the end every cached page is invalidated
(``newsroom.cache``) and, on PostgreSQL, the tables are analysed so the
planner sees their real size, and vacuumed (outside a transaction) so that
index-only scans need not visit them.
The rows are still ones the edit path would accept: each passes
``full_clean()`` and its story's ``publication_errors()`` (the tests check a
sample).

Everything is drawn from one ``random.Random(seed)``, and times are counted
from the start of the current day (UTC): the same seed on the same database
on the same day gives the same archive. Slugs never clash with those already
taken, so running it again adds more stories.
"""

import datetime
import io
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections, transaction
from django.db.models import DateTimeField, Value
from django.db.models.functions import Coalesce, Least
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image

from newsroom.cache import content_changed
from people.dates import Precision
from people.models import Organisation, Person, TimelineEntry

from .models import (
    Article,
    ArticlePerson,
    Block,
    Caption,
    FormerSlug,
    Quote,
    Section,
    Tag,
)
from .search import is_full_text, search_vector

# The bounds of one run, checked by the command.
MIN_STORIES, MAX_STORIES = 1, 1_000_000
MIN_BATCH, MAX_BATCH, DEFAULT_BATCH = 1, 10_000, 1_000

# About one new person for every this many stories, and at least MIN_PEOPLE.
STORIES_PER_PERSON = 20
MIN_PEOPLE = 300
# One person in this many is a reporter, who writes the stories.
PEOPLE_PER_REPORTER = 40
MIN_REPORTERS = 10

# How far back the archive goes.
YEARS = 10

# The people already in the database who appear in stories, and how often:
# the busiest profile, then the others (the first few by id).
BUSIEST_SLUG = "mike-barton"
BUSIEST_SHARE = 0.015
EXISTING_SHARE = 0.004
MOST_EXISTING = 20

# What share of stories is in each state; the rest are live with no expiry.
STATES = {
    "draft": 0.015,
    "in_review": 0.005,
    "unpublished": 0.005,
    "scheduled": 0.01,
    "embargoed": 0.01,
    "expired": 0.015,
    "expiring": 0.01,
}

PICTURE_SHARE = 0.25
IMAGE_NAME = "captions/generated-corpus.jpg"
IMAGE_SIZE = (1200, 800)

SECTIONS = [
    "News",
    "Crime",
    "Politics",
    "Business",
    "Health",
    "Education",
    "Environment",
    "Transport",
    "Sport",
    "Culture",
    "Opinion",
    "Obituaries",
]

TAGS = [
    "Policing",
    "Drugs policy",
    "Courts",
    "Knife crime",
    "Road safety",
    "Local elections",
    "Council tax",
    "Housing",
    "Planning",
    "Jobs",
    "Retail",
    "Manufacturing",
    "NHS",
    "Mental health",
    "Social care",
    "Schools",
    "Universities",
    "Climate",
    "Flooding",
    "Wildlife",
    "Railways",
    "Buses",
    "Football",
    "Cricket",
    "Rugby",
    "Athletics",
    "Theatre",
    "Music",
    "Festivals",
    "Heritage",
    "Charities",
    "Volunteering",
    "Weather",
    "Tourism",
    "Farming",
    "Energy",
]

PLACES = [
    "Durham",
    "Darlington",
    "Sunderland",
    "Newcastle",
    "Gateshead",
    "Middlesbrough",
    "Stockton",
    "Hartlepool",
    "Redcar",
    "Bishop Auckland",
    "Consett",
    "Chester-le-Street",
    "Peterlee",
    "Seaham",
    "Barnard Castle",
    "Newton Aycliffe",
    "Spennymoor",
    "Crook",
    "Stanley",
    "Hexham",
    "Northallerton",
    "Richmond",
    "Thirsk",
    "Whitby",
    "Yarm",
    "Sedgefield",
    "Ferryhill",
    "Shildon",
    "Tow Law",
    "Wolsingham",
]

# Kinds of organisation, each a name pattern and the positions people hold there.
ORGANISATIONS = [
    (
        Organisation.Kind.POLICE_FORCE,
        "{place} Police",
        ["Chief Constable", "Superintendent", "Inspector", "Detective Sergeant"],
    ),
    (
        Organisation.Kind.COUNCIL,
        "{place} Council",
        ["Council leader", "Councillor", "Chief executive", "Cabinet member for housing"],
    ),
    (
        Organisation.Kind.UNIVERSITY,
        "University of {place}",
        ["Vice-chancellor", "Professor of economics", "Lecturer in law", "Researcher"],
    ),
    (
        Organisation.Kind.CHARITY,
        "{place} Community Trust",
        ["Chief executive", "Volunteer coordinator", "Trustee"],
    ),
    (
        Organisation.Kind.COMPANY,
        "{place} Engineering",
        ["Managing director", "Operations manager", "Apprentice"],
    ),
    (
        Organisation.Kind.ASSOCIATION,
        "{place} Chamber of Trade",
        ["President", "Secretary", "Member"],
    ),
]

PUBLISHERS = ["The Northern Echo", "The Durham Times", "The Teesside Gazette"]


def words(text):
    """The words of ``text``: the vocabulary is written as prose, a line at a time."""
    return text.split()


FIRST_NAMES = words(
    "Alan Alice Amir Andrew Anna Barbara Ben Carol Chloe Chris Claire Daniel David "
    "Deborah Elaine Emily Emma Fatima George Grace Hannah Helen Ian Imran James Jane "
    "Jessica John Julie Karen Kevin Laura Liam Lucy Mark Mary Matthew Michael Mohammed "
    "Natalie Neil Nicola Oliver Paul Peter Priya Rachel Rebecca Richard Robert Ruth "
    "Sam Sarah Simon Sophie Stephen Susan Thomas Tom Victoria William Zoe"
)

SURNAMES = words(
    "Ahmed Allen Anderson Armstrong Atkinson Bell Brown Carr Clark Cooper Davies Dixon "
    "Edwards Evans Fletcher Foster Graham Green Hall Harrison Hughes Hussain Jackson "
    "Johnson Jones Kaur Kelly Khan King Lee Lewis Martin Miller Milburn Moore Morgan "
    "Murray Nicholson Parker Patel Pearson Potts Reed Richardson Robinson Robson Scott "
    "Shaw Singh Smith Stephenson Taylor Thompson Turner Walker Ward Watson White Wilson "
    "Wood Wright Young"
)


HONORIFICS = ["", "", "", "Mr", "Ms", "Mrs", "Dr", "Cllr"]

# The vocabulary the copy is written in: common words of local news, so that
# a search for "police" or "council" matches many stories and a rarer word few.
NOUNS = words(
    "police council school hospital court road bridge station plan budget report "
    "family community residents officers teachers pupils patients nurses doctors "
    "business shop factory jobs homes housing estate park river flood weather "
    "festival team match season club players fans charity volunteers campaign "
    "investigation inquiry officer chief leader scheme funding tax prices rail bus "
    "service services figures review decision meeting members election candidates "
    "voters survey children parents workers union strike company market centre "
    "library museum theatre concert award trophy farm farmers crops energy wind "
    "solar project hearing sentence appeal case jury judge victim witness crime "
    "drugs safety traffic accident fire crews ambulance town city village county"
)

VERBS = words(
    "said announced warned confirmed agreed rejected approved launched opened closed "
    "raised cut backed criticised welcomed delayed promised reported revealed found "
    "called urged praised questioned defended planned expected began ended won lost"
)

ADJECTIVES = words(
    "new local major small busy former senior young elderly public private national "
    "regional rural urban annual final early late record rising falling serious "
    "successful controversial popular historic modern safer stronger better"
)

FILLERS = words(
    "the a an of in on at for with to from by after before during over under about "
    "and but as this that their its more than last next year week month today"
)


def _weighted(groups):
    """Every word of the ``groups`` with the cumulative weights that give each group its share."""
    vocabulary, weights, total = [], [], 0.0
    for group, share in groups:
        for word in group:
            total += share / len(group)
            vocabulary.append(word)
            weights.append(total)
    return vocabulary, weights


# The words of a sentence: a third small words, a third nouns, then verbs and adjectives.
VOCABULARY, VOCABULARY_WEIGHTS = _weighted(
    [(FILLERS, 0.35), (NOUNS, 0.35), (VERBS, 0.15), (ADJECTIVES, 0.15)]
)

TIMES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week"]

SOURCES = ["", "", "", "a statement", "a press conference", "an interview", "a meeting"]


@dataclass
class Counts:
    """What a run made, and how long it took."""

    stories: int = 0
    live: int = 0
    people: int = 0
    organisations: int = 0
    timeline_entries: int = 0
    blocks: int = 0
    quotes: int = 0
    pictures: int = 0
    seconds: float = 0.0
    states: dict = field(default_factory=dict)

    def summary(self):
        return (
            f"Generated {self.stories:,} stories ({self.live:,} live), "
            f"{self.people:,} people, {self.organisations:,} organisations, "
            f"{self.timeline_entries:,} timeline entries, {self.blocks:,} blocks, "
            f"{self.quotes:,} quotes, {self.pictures:,} pictures "
            f"in {self.seconds:.1f} s."
        )


def generate(stories, *, seed=0, batch=DEFAULT_BATCH, using="default", now=None, progress=None):
    """
    Add ``stories`` synthetic stories to the database ``using``, ``batch``
    stories per transaction, drawn from ``seed``; ``now`` is the moment the
    archive is counted back from (the start of today, UTC, by default).
    ``progress`` is told how many stories are done after each batch.
    Returns the ``Counts``.
    """
    started = time.monotonic()
    if now is None:
        now = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    generator = _Generator(random.Random(seed), using, now)
    # Outside a transaction, PostgreSQL fills each batch's search vectors on
    # a connection of its own while Python makes the next batch: two cores.
    finish = _Finisher(
        using, threaded=is_full_text(using) and not connections[using].in_atomic_block
    )
    counts = Counts()
    try:
        with transaction.atomic(using=using):
            generator.prepare(stories, counts)
        done = 0
        while done < stories:
            size = min(batch, stories - done)
            with transaction.atomic(using=using):
                written = generator.write_batch(size, counts)
            finish(written)
            done += size
            if progress:
                progress(done)
    finally:
        finish.close()
        # No signal told the page cache: every cached page may show a list
        # these stories now belong to.
        content_changed(sender=Article, instance=None, using=using)
    if is_full_text(using):
        tables = [
            model._meta.db_table
            for model in (
                Article,
                Article.tags.through,
                Article.authors.through,
                ArticlePerson,
                Block,
                Quote,
                Caption,
                Caption.people.through,
                Person,
                Organisation,
                TimelineEntry,
            )
        ]
        connection = connections[using]
        # Vacuumed too where VACUUM may run (outside a transaction): a table
        # written in bulk has no visibility map until it is, and until then
        # every index-only scan (a profile's latest few are chosen by them)
        # visits the table for each row after all.
        refresh = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
        with connection.cursor() as cursor:
            cursor.execute(f"{refresh} {', '.join(map(connection.ops.quote_name, tables))}")
    counts.seconds = time.monotonic() - started
    return counts


def finish_stories(ids, using):
    """
    What a batch of stories needs once its rows are all written, in one
    UPDATE: on PostgreSQL the search vector of each, as ``articles.search``
    computes it from the story's words; and their creation and last change
    at the time they went live (now, for a draft or a story still to come),
    not at the moment of the load, as feeds, sitemaps and ETags read them.
    """
    now = Value(timezone.now(), output_field=DateTimeField())
    went_live = Coalesce(Least("published_at", now), now)
    fields = {"created_at": went_live, "updated_at": went_live}
    if is_full_text(using):
        fields["search_vector"] = search_vector()
    Article.objects.using(using).filter(pk__in=ids).update(**fields)


class _Finisher:
    """
    Calls ``finish_stories`` for each batch once it is committed: at once,
    or (``threaded``) in a thread on a connection of its own, one batch at a
    time, so the database works on one batch while the next is made.
    """

    def __init__(self, using, *, threaded):
        self.using = using
        self.executor = ThreadPoolExecutor(max_workers=1) if threaded else None
        self.pending = None

    def __call__(self, ids):
        if self.executor is None:
            finish_stories(ids, self.using)
            return
        self.wait()
        self.pending = self.executor.submit(finish_stories, ids, self.using)

    def wait(self):
        """Wait for the batch in hand, raising what went wrong with it."""
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self):
        if self.executor is None:
            return
        try:
            self.wait()
        finally:
            # Looked up in the thread: its connection is its own.
            self.executor.submit(lambda: connections[self.using].close()).result()
            self.executor.shutdown()


class _Generator:
    def __init__(self, rng, using, now):
        self.rng, self.using, self.now = rng, using, now

    # Before the stories: sections, tags, organisations, people, the picture.

    def prepare(self, stories, counts):
        db = self.using
        self.sections = self._get_or_create(Section, SECTIONS, lambda i, name: {"position": i})
        self.tags = self._get_or_create(Tag, TAGS)
        self.publishers = self._get_or_create(
            Organisation,
            PUBLISHERS,
            lambda i, name: {"kind": Organisation.Kind.NEWSPAPER},
            counts=counts,
        )
        organisations = [
            (pattern.format(place=place), kind, titles)
            for place in PLACES
            for kind, pattern, titles in ORGANISATIONS
        ]
        made = self._get_or_create(
            Organisation,
            [name for name, _, _ in organisations],
            lambda i, name: {"kind": organisations[i][1]},
            counts=counts,
        )
        self.organisations = [(made[i], titles) for i, (_, _, titles) in enumerate(organisations)]

        existing = list(Person.objects.using(db).order_by("pk")[:MOST_EXISTING])
        self.busiest = next((p for p in existing if p.slug == BUSIEST_SLUG), None)
        self.existing = [p for p in existing if p is not self.busiest]

        people = max(MIN_PEOPLE, stories // STORIES_PER_PERSON)
        reporters = max(MIN_REPORTERS, people // PEOPLE_PER_REPORTER)
        self.reporters = self._make_people(reporters, counts, reporter=True)
        self.people = self._make_people(people - reporters, counts)

        self.image = self._image()
        self.article_slugs = set(Article.objects.using(db).values_list("slug", flat=True))
        self.article_slugs |= set(FormerSlug.objects.using(db).values_list("slug", flat=True))

    def _get_or_create(self, model, names, extra=lambda i, name: {}, counts=None):
        """The rows of ``model`` named ``names`` by slug, in order, making those missing."""
        manager = model.objects.using(self.using)
        slugs = [slugify(name) for name in names]
        found = {row.slug: row for row in manager.filter(slug__in=slugs)}
        missing = [
            model(name=name, slug=slug, **extra(i, name))
            for i, (name, slug) in enumerate(zip(names, slugs, strict=True))
            if slug not in found
        ]
        for row in manager.bulk_create(missing):
            found[row.slug] = row
        if counts is not None:
            counts.organisations += len(missing)
        return [found[slug] for slug in slugs]

    def _make_people(self, number, counts, *, reporter=False):
        rng, db = self.rng, self.using
        taken = set(Person.objects.using(db).values_list("slug", flat=True))
        people, careers = [], []
        for _ in range(number):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
            slug = base = slugify(name)
            n = 1
            while slug in taken:
                n += 1
                slug = f"{base}-{n}"
            taken.add(slug)
            career = []
            if reporter:
                publisher = rng.choice(self.publishers)
                description = f"Reporter, {publisher.name}"
                career.append(self._position(publisher, "Reporter", ongoing=True))
            elif rng.random() < 0.4:
                organisation, titles = rng.choice(self.organisations)
                title = rng.choice(titles)
                description = f"{title}, {organisation.name}"
                if rng.random() < 0.5:
                    earlier, earlier_titles = rng.choice(self.organisations)
                    career.append(
                        self._position(earlier, rng.choice(earlier_titles), ongoing=False)
                    )
                career.append(self._position(organisation, title, ongoing=True))
                if rng.random() < 0.3:
                    university = rng.choice(PLACES)
                    career.append(
                        {
                            "kind": TimelineEntry.Kind.EDUCATION,
                            "title": rng.choice(["Law degree", "History degree", "MBA"]),
                            "organisation": self._university(university),
                            "start_date": datetime.date(rng.randint(1975, 2005), 1, 1),
                        }
                    )
            else:
                description = f"{rng.choice(['Resident', 'Campaigner', 'Shop owner'])} "
                description += f"from {rng.choice(PLACES)}"
            people.append(
                Person(
                    name=name,
                    slug=slug,
                    honorific=rng.choice(HONORIFICS),
                    description=description,
                    aliases=[name.split()[-1]],
                )
            )
            careers.append(career)
        people = Person.objects.using(db).bulk_create(people)
        entries = [
            TimelineEntry(person=person, **entry)
            for person, career in zip(people, careers, strict=True)
            for entry in career
        ]
        TimelineEntry.objects.using(db).bulk_create(entries)
        counts.people += len(people)
        counts.timeline_entries += len(entries)
        return people

    def _position(self, organisation, title, *, ongoing):
        start = self.rng.randint(1990, 2015)
        entry = {
            "kind": TimelineEntry.Kind.POSITION,
            "title": title,
            "organisation": organisation,
            "start_date": datetime.date(start, 1, 1),
            "start_precision": Precision.YEAR,
        }
        if not ongoing:
            entry["end_date"] = datetime.date(start + self.rng.randint(1, 8), 1, 1)
            entry["end_precision"] = Precision.YEAR
        return entry

    def _university(self, place):
        kinds = [kind for kind, _, _ in ORGANISATIONS]
        index = PLACES.index(place) * len(ORGANISATIONS) + kinds.index(
            Organisation.Kind.UNIVERSITY
        )
        return self.organisations[index][0]

    def _image(self):
        """The one picture every generated caption shows, stored once."""
        if not default_storage.exists(IMAGE_NAME):
            buffer = io.BytesIO()
            Image.new("RGB", IMAGE_SIZE, (96, 120, 144)).save(buffer, "JPEG", quality=60)
            default_storage.save(IMAGE_NAME, ContentFile(buffer.getvalue()))
        return IMAGE_NAME

    # The stories, a batch at a time.

    def write_batch(self, size, counts):
        db = self.using
        plans = [self._plan_story() for _ in range(size)]
        stories = Article.objects.using(db).bulk_create([plan["story"] for plan in plans])
        for story, plan in zip(stories, plans, strict=True):
            for row in plan["rows"]:
                row.article_id = story.pk
        ArticlePerson.objects.using(db).bulk_create(
            [row for plan in plans for row in plan["rows"]]
        )
        Article.tags.through.objects.using(db).bulk_create(
            [
                Article.tags.through(article_id=story.pk, tag_id=tag.pk)
                for story, plan in zip(stories, plans, strict=True)
                for tag in plan["tags"]
            ]
        )
        Article.authors.through.objects.using(db).bulk_create(
            [
                Article.authors.through(article_id=story.pk, person_id=author.pk)
                for story, plan in zip(stories, plans, strict=True)
                for author in plan["authors"]
            ]
        )
        for story, plan in zip(stories, plans, strict=True):
            for part in (*plan["quotes"], *plan["captions"], *plan["blocks"]):
                part.article_id = story.pk
        quotes = Quote.objects.using(db).bulk_create(
            [quote for plan in plans for quote in plan["quotes"]]
        )
        captions = Caption.objects.using(db).bulk_create(
            [caption for plan in plans for caption in plan["captions"]]
        )
        Caption.people.through.objects.using(db).bulk_create(
            [
                Caption.people.through(caption_id=caption.pk, person_id=person.pk)
                for caption in captions
                for person in caption._pictured
            ]
        )
        # A block's picture or quote has its id now: bulk_create reads it from the object.
        blocks = [block for plan in plans for block in plan["blocks"]]
        Block.objects.using(db).bulk_create(blocks)

        counts.stories += size
        counts.blocks += len(blocks)
        counts.quotes += len(quotes)
        counts.pictures += len(captions)
        for plan in plans:
            counts.states[plan["state"]] = counts.states.get(plan["state"], 0) + 1
            counts.live += plan["state"] in ("live", "expiring")
        return [story.pk for story in stories]

    def _plan_story(self):
        rng = self.rng
        section = rng.choice(self.sections)
        tags = rng.sample(self.tags, rng.randint(0, 4))
        cast = rng.sample(self.people, rng.randint(2, 6))
        if self.busiest and rng.random() < BUSIEST_SHARE:
            cast.insert(0, self.busiest)
        cast += [person for person in self.existing if rng.random() < EXISTING_SHARE]
        authors = rng.sample(self.reporters, 1 if rng.random() < 0.8 else 2)
        place = rng.choice(PLACES)
        headline = self._headline(cast[0], place)
        slug = self._slug(headline)
        state, times = self._state()
        story = Article(
            headline=headline,
            slug=slug,
            standfirst=self._sentence(14, 30, place=place),
            section=section,
            publisher=rng.choice(self.publishers),
            **times,
        )
        rows = [
            ArticlePerson(
                person=person,
                role=ArticlePerson.Role.SUBJECT if i == 0 else ArticlePerson.Role.MENTIONED,
            )
            for i, person in enumerate(cast)
        ]
        said_on = (times.get("published_at") or self.now).date()

        blocks, quotes, captions = [], [], []
        length = rng.randint(8, 30)
        speakers = rng.choices(cast, k=rng.randint(2, 5))
        # Where each quote's paragraph stands: never first, never together.
        quote_at = sorted(rng.sample(range(1, length), min(len(speakers), length - 1)))
        picture_at = rng.randrange(1, length) if rng.random() < PICTURE_SHARE else None
        pull_at = rng.randrange(2, length) if rng.random() < 0.3 else None
        for position in range(length):
            if position in quote_at:
                speaker = speakers[quote_at.index(position)]
                quote = Quote(
                    speaker=speaker,
                    text=self._sentence(8, 24, end=""),
                    source=rng.choice(SOURCES),
                    said_on=said_on,
                    said_on_precision=Precision.DAY,
                )
                quotes.append(quote)
                text = (
                    f"“{quote.text},” said {speaker.full_name}."
                    if rng.random() < 0.5
                    else f"{speaker.name} said: “{quote.text}.” {self._sentence(8, 20)}"
                )
                blocks.append(Block(kind=Block.Kind.PARAGRAPH, text=text))
            elif position == picture_at:
                pictured = [person for person in cast if rng.random() < 0.5][:2] or cast[:1]
                caption = Caption(
                    image=self.image,
                    width=IMAGE_SIZE[0],
                    height=IMAGE_SIZE[1],
                    caption=f"{pictured[0].name} in {place}. {self._sentence(6, 14)}",
                    credit=f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}",
                    alt_text=f"{pictured[0].name} standing outside in {place}",
                )
                caption._pictured = pictured
                captions.append(caption)
                blocks.append(Block(kind=Block.Kind.IMAGE, caption=caption))
            elif position == pull_at and quotes:
                blocks.append(Block(kind=Block.Kind.QUOTE, quote=quotes[-1]))
            elif position > 2 and rng.random() < 0.12:
                blocks.append(Block(kind=Block.Kind.SUBHEADING, text=self._words(2, 5)))
            else:
                sentences = rng.randint(1, 3)
                text = " ".join(self._sentence(8, 22, place=place) for _ in range(sentences))
                blocks.append(Block(kind=Block.Kind.PARAGRAPH, text=text))
        for position, block in enumerate(blocks):
            block.position = position
        return {
            "story": story,
            "state": state,
            "rows": rows,
            "tags": tags,
            "authors": authors,
            "quotes": quotes,
            "captions": captions,
            "blocks": blocks,
        }

    def _state(self):
        """Which state the next story is in, and its times."""
        rng, now = self.rng, self.now
        day = datetime.timedelta(days=1)

        def past(days):
            return now - datetime.timedelta(seconds=rng.randint(60, int(days * 86400)))

        def future(days):
            return now + day + datetime.timedelta(seconds=rng.randint(0, int(days * 86400)))

        draw, state = rng.random(), "live"
        for name, share in STATES.items():
            if draw < share:
                state = name
                break
            draw -= share
        published = Article.Status.PUBLISHED
        if state in ("draft", "in_review"):
            return state, {"status": state}
        if state == "unpublished":
            return state, {"status": Article.Status.UNPUBLISHED, "published_at": past(YEARS * 365)}
        if state == "scheduled":
            return state, {"status": published, "published_at": future(30)}
        if state == "embargoed":
            at = past(2)
            return state, {"status": published, "published_at": at, "embargoed_until": future(7)}
        if state == "expired":
            at = past(YEARS * 365)
            expires = at + datetime.timedelta(seconds=rng.randint(3600, 90 * 86400))
            return state, {
                "status": published,
                "published_at": at,
                "expires_at": min(expires, now - datetime.timedelta(seconds=1)),
            }
        at = past(YEARS * 365)
        times = {"status": published, "published_at": at}
        if state == "expiring":
            times["expires_at"] = future(60)
        return state, times

    def _slug(self, headline):
        slug = base = slugify(headline)[:240].strip("-")
        n = 1
        while slug in self.article_slugs:
            n += 1
            slug = f"{base}-{n}"
        self.article_slugs.add(slug)
        return slug

    def _headline(self, person, place):
        rng = self.rng
        noun, other = rng.choice(NOUNS), rng.choice(NOUNS)
        adjective = rng.choice(ADJECTIVES)
        templates = [
            f"{place} {noun} {rng.choice(VERBS)} {adjective} {other} plan",
            f"{person.name} {rng.choice(VERBS)} {other} over {noun} in {place}",
            f"{adjective.capitalize()} {noun} for {place} as {other} {rng.choice(VERBS)}",
            f"{place} {other}: {person.name} on the {adjective} {noun}",
        ]
        return rng.choice(templates)

    def _words(self, least, most):
        rng = self.rng
        words = [rng.choice(ADJECTIVES), rng.choice(NOUNS)]
        words += rng.choices(NOUNS, k=rng.randint(least, most) - 2)
        return " ".join(words).capitalize()

    def _sentence(self, least, most, *, place=None, end="."):
        """A sentence of ``least`` to ``most`` words, most of them common ones."""
        rng = self.rng
        words = rng.choices(VOCABULARY, cum_weights=VOCABULARY_WEIGHTS, k=rng.randint(least, most))
        if place and rng.random() < 0.4:
            words.insert(rng.randint(1, len(words)), f"in {place}")
        if rng.random() < 0.3:
            words.insert(rng.randint(1, len(words)), rng.choice(TIMES))
        if len(words) > 10 and rng.random() < 0.4:
            words[len(words) // 2] += ","
        sentence = " ".join(words)
        return sentence[0].upper() + sentence[1:] + end
