"""
The one way a story changes.

Every change to a story, from the admin, the API or a loader, is one of the
actions here, after Wagtail's ``wagtail/actions/`` (one object per
operation): ``EditStory`` for its words and parts, ``SubmitForReview``,
``PublishStory``, ``UnpublishStory``, ``SendBack`` and ``DeleteStory`` for its
place in the workflow. Each asks the permission policy
(``articles.policies.story_policy``), keeps a story within the newsroom's
limits on its size (``settings.STORY_LIMITS``), validates every row with the
model's own ``full_clean()``, keeps a live story publishable, and saves in
one transaction as one version in the story's history, recording who and
when. A story's rows are written in bulk, so a long story saves as fast as a
short one; the search and the page cache hear of it once.

Forms and serializers only check the shape of their input and hand it here.
An actor of ``None`` is the system itself (a management command), which the
policy does not restrict; every request has a user, signed in or not.
"""

from dataclasses import dataclass, field

import reversion
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from reversion.models import Version

from newsroom.cache import content_changed

from .models import (
    Article,
    ArticlePerson,
    Block,
    Caption,
    Correction,
    EditorialNote,
    FormerSlug,
    Quote,
)
from .policies import story_policy
from .search import refresh_search_vector

# A story's parts: how the edit names them, the story's relation to them, their model.
PARTS = {
    "people": ("article_people", ArticlePerson),
    "captions": ("captions", Caption),
    "quotes": ("quotes", Quote),
    "corrections": ("corrections", Correction),
    "blocks": ("blocks", Block),
}
# The story's own fields an edit may set; the workflow and the server set the rest.
EDITABLE_FIELDS = (
    "headline",
    "slug",
    "standfirst",
    "section",
    "publisher",
    "published_at",
    "embargoed_until",
    "expires_at",
)
# When the story reaches partners, readers, and comes down: editors set them.
SCHEDULE_FIELDS = {
    "published_at": "Only editors set when a story is published.",
    "embargoed_until": "Only editors set an embargo.",
    "expires_at": "Only editors set when a story expires.",
}
RELATIONS = ("tags", "authors")
# Parts written in bulk, a statement for all their new rows, one for the changed
# and one for the removed, however many there are: a long story saves as fast
# as a short one. Pictures are saved row by row: each may bring an upload to
# store and has the people pictured in it.
BULK_PARTS = ("people", "quotes", "corrections", "blocks")
# A version's comment names each row an edit adds, changes or removes, up to
# this many of one part; beyond, it counts them ("added 480 blocks").
NAMED_ROWS = 10
# How the limits on a story's size name each part.
LIMIT_NOUNS = {"blocks": "body blocks", "captions": "pictures", "authors": "authors in its byline"}


class EditRefused(ValidationError):
    """
    Why an edit was not saved, where it went wrong: ``fields`` (the story's
    own fields: name to messages), ``rows`` (each part's rows by their
    position in the edit: ``{"quotes": {0: {"text": [...]}}}``) and ``story``
    (what is wrong with the story as a whole, e.g. a live story that would
    no longer be publishable).
    """

    def __init__(self, *, fields=None, rows=None, story=()):
        self.fields = fields or {}
        self.rows = rows or {}
        self.story = list(story)
        messages = [*self.story]
        for name, field_messages in self.fields.items():
            messages += [f"{name}: {message}" for message in field_messages]
        for part, errors in self.rows.items():
            for index, row_errors in errors.items():
                for name, row_messages in row_errors.items():
                    messages += [f"{part} {index + 1}, {name}: {m}" for m in row_messages]
        super().__init__(messages, code="edit_refused")


class EditConflict(Exception):
    """
    Someone saved the story after the editor loaded it: ``latest`` is their
    version, ``based_on`` the one the editor started from (None when unknown).
    """

    def __init__(self, article, latest, based_on):
        self.article, self.latest, self.based_on = article, latest, based_on
        revision = latest.revision
        who = (
            (revision.user.get_full_name() or revision.user.get_username())
            if revision.user
            else None
        )
        when = timezone.localtime(revision.date_created)
        super().__init__(
            f"{who or 'Someone'} saved “{latest.object_repr}” at {when:%H:%M:%S on %d %B %Y} "
            "after you opened it."
        )


def latest_version(article):
    """The story's latest version in its history, or None."""
    return (
        Version.objects.get_for_object(article).select_related("revision__user").first()
        if article.pk
        else None
    )


def version_token(article):
    """What an edit form carries to say which version it was loaded from."""
    version = latest_version(article)
    return version.pk if version else 0


@dataclass
class Part:
    """One row of a story's part as an edit proposes it, with its many-to-many values."""

    row: object
    related: dict = field(default_factory=dict)

    @classmethod
    def of(cls, entry):
        return cls(*entry) if isinstance(entry, tuple) else cls(entry)


def key(row):
    """A row's identity within one edit: its id once saved, the object itself before."""
    return ("pk", row.pk) if row.pk is not None else ("new", id(row))


def _values(row):
    """The values an edit may change in a row, to tell whether it changes them."""
    values = {}
    for model_field in row._meta.concrete_fields:
        if model_field.primary_key or not model_field.editable:
            continue
        if model_field.attname in row.get_deferred_fields():
            continue
        value = model_field.value_from_object(row)
        if hasattr(value, "_committed"):
            # A file: the same name in storage, unless a new upload waits to be saved.
            value = (value.name, value._committed)
        values[model_field.attname] = value
    return values


def over_limit(name, count):
    """
    Why ``count`` rows of a story's part (or tags, or authors) are too many,
    naming the limit (``settings.STORY_LIMITS``); None when they are not.
    """
    limit = settings.STORY_LIMITS.get(name)
    if limit is None or count <= limit:
        return None
    noun = LIMIT_NOUNS.get(name, name)
    return f"A story holds at most {limit} {noun}; this one would have {count}."


def delete_rows(model, pks, batch=500):
    """
    Delete rows of ``model`` that nothing refers to, in a statement for each
    ``batch``, without a signal for each row: Django's ``QuerySet.delete()``
    would send two a row, and each row removed would index the story's words
    again. The edit refreshes the search and the page cache once instead.
    """
    connection = connections[router.db_for_write(model)]
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), batch):
            chunk = pks[start : start + batch]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"DELETE FROM {table} WHERE {column} IN ({placeholders})", chunk)


class EditStory:
    """
    A proposed change to a story: its own ``fields`` (a dict of
    ``EDITABLE_FIELDS``), ``tags`` and ``authors``, and any of its parts
    (``people``, ``captions``, ``quotes``, ``corrections``, ``blocks``), each
    a list of model rows that replaces what the story has: rows with an id
    are changed, rows without one are added, rows left out are removed. A
    caption may come as ``(caption, {"people": [...]})``. The body's order
    is the order of ``blocks``; a block may show a picture or quote of the
    same edit that is not saved yet. A part left as None is not changed.

    ``based_on`` is the version the editor loaded (``version_token()``): when
    someone saved the story since, ``save()`` raises ``EditConflict`` and
    nothing of this edit is lost or saved. ``restoring`` records a version
    even when the story already holds what the edit proposes (a version
    brought back from the history).
    """

    def __init__(
        self,
        article,
        *,
        by,
        fields=None,
        tags=None,
        authors=None,
        comment="",
        based_on=None,
        restoring=False,
        **parts,
    ):
        unknown = set(parts) - set(PARTS)
        if unknown:
            raise TypeError(f"A story has no parts called {', '.join(sorted(unknown))}.")
        self.article = article
        self.by = by
        self.adding = article._state.adding
        for name, value in (fields or {}).items():
            if name not in EDITABLE_FIELDS:
                raise TypeError(f"{name} is not a field an edit sets.")
            setattr(article, name, value)
        self.relations = {
            name: list(value)
            for name, value in (("tags", tags), ("authors", authors))
            if value is not None
        }
        self.parts = {
            name: [Part.of(entry) for entry in rows]
            for name, rows in parts.items()
            if rows is not None
        }
        self.comment = comment
        self.based_on = based_on
        self.restoring = restoring
        self.changes = []
        self.rows_valid = False
        # Whether readers had the story before this edit (see check()).
        self.was_live = False

    # Checking

    def check(self, stored=None):
        """
        Everything ``save()`` checks, without saving: the version, the policy,
        every row. Raises ``EditConflict``, ``PermissionDenied`` or
        ``EditRefused``.
        """
        if not self.adding:
            stored = stored or Article.objects.get(pk=self.article.pk)
            self.check_version()
        self.check_permission(stored)
        self.was_live = stored is not None and stored.is_live
        self.clean()

    def check_version(self):
        if self.based_on is None:
            return
        latest = latest_version(self.article)
        if latest is not None and str(latest.pk) != str(self.based_on):
            based_on = Version.objects.filter(pk=self.based_on).first() if self.based_on else None
            raise EditConflict(self.article, latest, based_on)

    def check_permission(self, stored):
        if self.by is None:
            return
        if self.adding:
            allowed = story_policy.user_has_permission(self.by, "add")
        else:
            allowed = story_policy.user_has_permission_for_instance(self.by, "change", stored)
        if not allowed:
            raise PermissionDenied("Your newsroom role does not allow changing this story.")
        if not story_policy.user_has_permission(self.by, "schedule"):
            for name, refusal in SCHEDULE_FIELDS.items():
                if getattr(self.article, name) != (getattr(stored, name) if stored else None):
                    raise PermissionDenied(refusal)
        byline = set(stored.authors.values_list("pk", flat=True)) if stored else set()
        if (
            "authors" in self.relations
            and {person.pk for person in self.relations["authors"]} != byline
            and not story_policy.user_has_permission(self.by, "byline")
        ):
            raise PermissionDenied("Only editors set the byline.")

    def final(self, name):
        """The rows a part will hold after this edit: the proposal's, or the saved ones."""
        if name in self.parts:
            return [part.row for part in self.parts[name]]
        if self.adding:
            return []
        return list(getattr(self.article, PARTS[name][0]).all())

    def clean(self):
        """Validate the story and every row; raise ``EditRefused`` with all that is wrong."""
        over = self.over_limits()
        if over:
            # Refused before any row is looked at: the work is bounded however long the edit.
            raise EditRefused(story=over)
        article = self.article
        fields, rows, story = {}, {}, []
        try:
            article.full_clean()
        except ValidationError as error:
            fields = dict(error.message_dict)
        if self.was_live and article.is_embargoed:
            fields.setdefault("embargoed_until", []).append(
                "Readers already have this story: an embargo can no longer keep it from "
                "them. Unpublish it first if it must wait for the embargo."
            )
        for position, part in enumerate(self.parts.get("blocks", ()), start=1):
            part.row.position = position
        if not self.rows_valid:
            for name in PARTS:
                for index, part in enumerate(self.parts.get(name, ())):
                    errors = self.clean_row(name, part.row)
                    if errors:
                        rows.setdefault(name, {})[index] = errors
            # Rows found valid by check() are not cleaned again when save()
            # checks the story under its lock: nothing changes them between,
            # and the database holds them to its constraints as they are written.
            self.rows_valid = not rows
        self.check_references(fields, rows)
        if not (fields or rows or story) and article.status == Article.Status.PUBLISHED:
            story += article.publication_errors(
                blocks=self.final("blocks"),
                captions=self.final("captions"),
                quotes=self.final("quotes"),
            )
        if fields or rows or story:
            raise EditRefused(fields=fields, rows=rows, story=story)

    def over_limits(self):
        """What in this edit is over the newsroom's limits on the size of a story, in words."""
        return [
            message
            for name, rows in (*self.parts.items(), *self.relations.items())
            if (message := over_limit(name, len(rows)))
        ]

    def clean_row(self, name, row):
        # The row's story is this edit's, set here: nothing to look up.
        row.article = self.article
        try:
            row.full_clean(
                exclude=["article"],
                # One person per story is checked across the whole edit, in check_references().
                validate_constraints=name != "people",
            )
        except ValidationError as error:
            return error.message_dict
        return None

    def check_references(self, fields, rows):
        """
        What rows of different parts must agree on: the body shows only the
        story's own pictures and quotes (a removed one must leave the body
        first), and a person is listed once.
        """
        seen = set()
        for index, part in enumerate(self.parts.get("people", ())):
            if part.row.person_id in seen:
                rows.setdefault("people", {}).setdefault(index, {})["person"] = [
                    "This person is already listed in the story."
                ]
            seen.add(part.row.person_id)
        kept = {name: {key(row) for row in self.final(name)} for name in ("captions", "quotes")}
        in_body = self.parts.get("blocks")
        blocks = in_body if in_body is not None else [Part(b) for b in self.final("blocks")]
        shows = (
            ("caption", "captions", "picture", "shown"),
            ("quote", "quotes", "quote", "pulled out"),
        )
        for index, part in enumerate(blocks):
            for relation, name, what, how in shows:
                shown = getattr(part.row, relation)
                if shown is None or key(shown) in kept[name]:
                    continue
                if in_body is not None:
                    rows.setdefault("blocks", {}).setdefault(index, {})[relation] = [
                        f"The {what} “{shown}” is not one of this story's {name}."
                    ]
                else:
                    fields.setdefault(name, []).append(
                        f"The {what} “{shown}” is {how} in the body: take it out of the body "
                        f"as well, or keep the {what}."
                    )

    # Saving

    def save(self):
        """
        Check and save the edit in one transaction, as one version of the
        story recording who made it and ``comment``. Returns what changed, in
        words (an empty list when the edit changes nothing: then nothing is
        saved and no version is made).
        """
        with transaction.atomic(), reversion.create_revision():
            stored = None
            if not self.adding:
                # Locked until the edit is saved: no other edit slips in between.
                stored = Article.objects.select_for_update().get(pk=self.article.pk)
            self.check(stored)
            self.write(stored)
            if self.changes:
                reversion.set_user(self.by)
                reversion.set_comment(self.comment or f"Changed {', '.join(self.changes)}")
        return self.changes

    def write(self, stored):
        article = self.article
        if self.adding:
            article.created_by = self.by
            article.save()
            self.changes.append("started the story")
        else:
            self.keep_old_address(stored)
            before = _values(stored)
            changed = [
                name for name, value in _values(article).items() if before.get(name) != value
            ]
            self.changes += [article._meta.get_field(name).name for name in changed]
        for name, objects in self.relations.items():
            manager = getattr(article, name)
            if self.adding or set(manager.values_list("pk", flat=True)) != {o.pk for o in objects}:
                manager.set(objects)
                self.changes.append(name)
        stored_rows = {
            name: {row.pk: row for row in getattr(stored, PARTS[name][0]).all()} if stored else {}
            for name in self.parts
        }
        removed = {}
        for name, parts in self.parts.items():
            kept = {part.row.pk for part in parts}
            removed[name] = [row for pk, row in stored_rows[name].items() if pk not in kept]
        self.row_changes = {}
        # The body goes first: its blocks hold on to the pictures and quotes they show.
        self.remove("blocks", removed.get("blocks", []))
        for name in ("people", "captions", "quotes", "corrections", "blocks"):
            if name in self.parts:
                self.put(name, self.parts[name], stored_rows[name])
        for name in ("people", "captions", "quotes", "corrections"):
            self.remove(name, removed.get(name, []))
        for (verb, name), (count, named) in self.row_changes.items():
            if count > NAMED_ROWS:
                plural = PARTS[name][1]._meta.verbose_name_plural
                self.changes.append(f"{verb} {count} {plural}")
            else:
                self.changes += [f"{verb} {description}" for description in named]
        if self.restoring and not self.changes:
            self.changes.append("restored an earlier version")
        if self.changes:
            if not self.adding:
                article.save()
            if self.row_changes:
                # Rows written in bulk send no signals: the story's words are
                # indexed again, and the cached pages showing it dropped, once.
                refresh_search_vector(Article.objects.filter(pk=article.pk))
                content_changed(sender=Article, instance=article)
            # The version holds the story with every part as it now stands
            # (rows written in bulk are not added one by one as they are saved).
            reversion.add_to_revision(article)

    def keep_old_address(self, stored):
        """
        When a story that has been published changes its slug, its old slug
        is kept (``FormerSlug``) so that the old addresses of its page and API
        answer 301 to the new ones; one that goes back to a slug it had frees
        that slug's record. Each former slug names the story itself, so there
        are no chains however often it is renamed.
        """
        article = self.article
        if stored.slug == article.slug:
            return
        article.former_slugs.filter(slug=article.slug).delete()
        has_been_published = stored.published_at is not None and stored.status in (
            Article.Status.PUBLISHED,
            Article.Status.UNPUBLISHED,
        )
        if has_been_published:
            FormerSlug.objects.update_or_create(slug=stored.slug, defaults={"article": article})

    def put(self, name, parts, stored_rows):
        """Add the part's new rows and save its changed ones: in bulk, or row by row."""
        model = PARTS[name][1]
        added, changed, changed_fields = [], [], set()
        for part in parts:
            row = part.row
            row.article = self.article
            stored = stored_rows.get(row.pk)
            if name not in BULK_PARTS or (stored is None and row.pk is not None):
                # Row by row: pictures, and a row with an id the story does not
                # have (one of a version being restored), which save() puts back.
                self.save_row(name, part, stored)
            elif stored is None:
                added.append(row)
            else:
                before, after = _values(stored), _values(row)
                fields = {field for field, value in after.items() if before.get(field) != value}
                if fields:
                    changed.append(row)
                    changed_fields |= fields
        if added:
            model.objects.bulk_create(added)
            self.record("added", name, added)
        if changed:
            model.objects.bulk_update(
                changed, [model._meta.get_field(attname).name for attname in changed_fields]
            )
            self.record("changed", name, changed)

    def save_row(self, name, part, stored):
        row = part.row
        is_new = stored is None
        changed = is_new or _values(row) != _values(stored)
        if changed:
            row.save()
        for relation, objects in part.related.items():
            manager = getattr(row, relation)
            if is_new or set(manager.values_list("pk", flat=True)) != {o.pk for o in objects}:
                manager.set(objects)
                changed = True
        if changed:
            self.record("added" if is_new else "changed", name, [row])

    def remove(self, name, rows):
        if not rows:
            return
        self.record("removed", name, rows)
        model = PARTS[name][1]
        if model._meta.related_objects or model._meta.many_to_many:
            # Rows with relations (pictures, quotes): Django's delete, which
            # follows every relation and sends each row's signals.
            model.objects.filter(pk__in=[row.pk for row in rows]).delete()
        else:
            delete_rows(model, [row.pk for row in rows])

    def record(self, verb, name, rows):
        """
        Note the rows ``verb`` (added, changed, removed) for the version's
        comment, named while they can still be read: each of a few, or how many.
        """
        count, named = self.row_changes.get((verb, name), (0, []))
        count += len(rows)
        if count <= NAMED_ROWS:
            named = named + [self.describe(name, row) for row in rows]
        self.row_changes[(verb, name)] = (count, named)

    @staticmethod
    def describe(name, row):
        return f"{PARTS[name][1]._meta.verbose_name} “{row}”"


# The workflow


class WorkflowStep:
    """
    One step of a story through the workflow, asked of the policy as
    ``action`` and saved as a version with ``comment``.
    """

    action = None
    comment = ""

    def __init__(self, article, *, by=None):
        self.article = article
        self.by = by

    def check_permission(self):
        if self.by is not None and not story_policy.user_has_permission_for_instance(
            self.by, self.action, self.article
        ):
            raise PermissionDenied("Your newsroom role does not allow this step.")

    def check(self):
        """Raise ValidationError when the story cannot take this step now."""

    def apply(self):
        """Change the story for this step (not saved yet)."""

    def execute(self):
        with transaction.atomic():
            self.check_permission()
            self.check()
            self.apply()
            self.article.status_changed_at = timezone.now()
            self.article.status_changed_by = self.by
            with reversion.create_revision():
                self.article.save()
                reversion.set_user(self.by)
                reversion.set_comment(self.describe())
        return self.article

    def describe(self):
        return self.comment

    def refuse_unless(self, *statuses, message):
        if self.article.status not in statuses:
            raise ValidationError(message, code="invalid_transition")


class SubmitForReview(WorkflowStep):
    """A reporter hands the draft to the editors."""

    action = "submit"
    comment = "Submitted for review"

    def check(self):
        self.refuse_unless(
            Article.Status.DRAFT,
            Article.Status.UNPUBLISHED,
            message="Only a draft or an unpublished story can be submitted for review.",
        )

    def apply(self):
        self.article.status = Article.Status.IN_REVIEW


class PublishStory(WorkflowStep):
    """
    Put the story live at ``at`` (a future time schedules it), once nothing
    in ``publication_errors()`` stands in the way. Without ``at``: the time it
    was given before, else the end of its embargo (partners get it at once,
    the public then), else now.
    """

    action = "publish"

    def __init__(self, article, *, by=None, at=None):
        super().__init__(article, by=by)
        self.at = at

    def publication_time(self):
        article = self.article
        return self.at or article.published_at or article.embargoed_until or timezone.now()

    def check(self):
        if self.at is not None:
            Article.check_publication_time(self.at)
        if self.article.expires_at and self.article.expires_at <= timezone.now():
            raise ValidationError(
                {
                    "expires_at": "The story's expiry time has passed: it would come down at "
                    "once. Move or clear its expiry time first."
                },
                code="expired",
            )
        self.article.check_times_in_order(published_at=self.publication_time())
        errors = self.article.publication_errors()
        if errors:
            raise ValidationError(errors, code="not_publishable")

    def apply(self):
        self.article.status = Article.Status.PUBLISHED
        self.article.published_at = self.publication_time()

    def describe(self):
        if self.article.is_embargoed:
            return "Published under embargo"
        return "Scheduled" if self.article.published_at > timezone.now() else "Published"


class UnpublishStory(WorkflowStep):
    """Take a published (or scheduled) story off the site."""

    action = "unpublish"
    comment = "Unpublished"

    def check(self):
        self.refuse_unless(
            Article.Status.PUBLISHED, message="Only a published story can be unpublished."
        )

    def apply(self):
        self.article.status = Article.Status.UNPUBLISHED


class SendBack(WorkflowStep):
    """
    An editor returns a story in review to its reporter as a draft, saying
    why in ``note``. The note is kept with the version in the story's history
    and shown on its admin page; readers never see it.
    """

    action = "send_back"

    def __init__(self, article, *, by=None, note=""):
        super().__init__(article, by=by)
        self.note = note.strip()

    def check(self):
        self.refuse_unless(
            Article.Status.IN_REVIEW, message="Only a story in review can be sent back."
        )
        if not self.note:
            raise ValidationError(
                {"note": "Say why the story goes back, so its reporter knows what to do."},
                code="note_required",
            )
        max_length = EditorialNote._meta.get_field("text").max_length
        if len(self.note) > max_length:
            raise ValidationError(
                {"note": f"A note is at most {max_length} characters."}, code="note_too_long"
            )

    def apply(self):
        self.article.status = Article.Status.DRAFT
        reversion.add_meta(EditorialNote, article=self.article, text=self.note)

    def execute(self):
        # The note joins the revision the step makes.
        with transaction.atomic(), reversion.create_revision():
            return super().execute()

    def describe(self):
        return f"Sent back: {self.note}"


class DeleteStory:
    """Delete a story and everything in it (editors); its versions stay to restore it."""

    def __init__(self, article, *, by=None):
        self.article = article
        self.by = by

    def execute(self):
        if self.by is not None and not story_policy.user_has_permission_for_instance(
            self.by, "delete", self.article
        ):
            raise PermissionDenied("Your newsroom role does not allow deleting this story.")
        self.article.delete()
