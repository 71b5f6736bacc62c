"""
Admin forms for stories. They check the shape of what an editor typed; the
story's rules are the edit path's (``articles.editing``): the story's form
and its inlines are gathered into one ``EditStory`` and checked together
before anything is saved, so a refusal comes back on the form with the
editor's input intact.
"""

import copy
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator, construct_instance
from django.utils.text import Truncator, capfirst

from people.forms import PartialDateField, PartialDateFormMixin

from .editing import (
    EDITABLE_FIELDS,
    PARTS,
    RELATIONS,
    EditConflict,
    EditRefused,
    EditStory,
    version_token,
)
from .models import Article, Block, Caption, Quote


class StoryForm(forms.ModelForm):
    """
    A story's own fields, and the version of the story the form was loaded
    from, so that a save cannot silently overwrite someone else's.
    """

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # What an edit sets: the story's own fields and its tags and byline.
        fields = (*EDITABLE_FIELDS, *RELATIONS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on"].initial = version_token(self.instance)

    def take_version(self, token):
        """After a refused stale save: the form now stands on the latest version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on")] = token


class SavedRowField(forms.ModelChoiceField):
    """
    A saved row's hidden id on its part's inline, found among the rows the
    inline has already read: Django's own field asks the database once a
    row, 500 queries for a long story's body.
    """

    def __init__(self, saved_rows, **kwargs):
        super().__init__(**kwargs)
        self.saved_rows = saved_rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.saved_rows().get(str(value))
        if row is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class StoryPartFormSet(BaseInlineFormSet):
    """
    One of the story's parts on its form. Its rows join the story's edit
    (``StoryFormEdit``), checked as a whole once every part is validated.
    """

    # The part of the story, as the edit path names it ("quotes", "blocks"…).
    part = None

    def __init__(self, *args, story_edit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.story_edit = story_edit
        if story_edit is not None:
            story_edit.formsets.append(self)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        saved = form.fields[name]
        form.fields[name] = SavedRowField(
            self.saved_rows,
            queryset=saved.queryset,
            required=saved.required,
            initial=saved.initial,
            widget=saved.widget,
        )

    def saved_rows(self):
        """The story's rows of this part, by id as the form posts it, read once."""
        if not hasattr(self, "_saved_rows"):
            self._saved_rows = {str(row.pk): row for row in self.get_queryset()}
        return self._saved_rows

    def proposed(self):
        """
        The rows this part would hold, in order: as edited, and the new ones;
        rows marked for deletion are gone. Each with its form.
        """
        return [
            (form.instance, form)
            for form in self.forms
            if not form.cleaned_data.get("DELETE")
            and (form.instance.pk is not None or form.has_changed())
        ]

    def related(self, form):
        """The many-to-many values a row brings with it (the people in a picture)."""
        return {}

    def clean(self):
        super().clean()
        if self.story_edit is not None:
            self.story_edit.part_cleaned(self)


class CaptionFormSet(StoryPartFormSet):
    part = "captions"

    def related(self, form):
        return {"people": form.cleaned_data.get("people", [])}


# How a body block names a picture or quote added on the same form and not
# saved yet: "new-3" is form 3 of the pictures' (or quotes') inline.
NEW_ROW = "new-"


class StoryRows:
    """
    The pictures (or quotes) a body block may show: the story's saved ones,
    and the new rows of their inline on the same form, which the block names
    ``new-<form index>`` until they are saved with it. ``body_editor.js``
    words the new rows' choices the same way as ``label()``.
    """

    def __init__(self, body, relation, part, what, text_field):
        self.body = body
        self.relation = relation
        self.part = part
        self.what = what
        self.text_field = text_field
        self._saved = None

    @property
    def formset(self):
        """The inline of the same form these rows are in, or None."""
        edit = self.body.story_edit
        formsets = edit.formsets if edit is not None else ()
        return next((formset for formset in formsets if formset.part == self.part), None)

    def queryset(self):
        model = Block._meta.get_field(self.relation).related_model
        article = self.body.instance
        return model.objects.filter(article=article) if article.pk else model.objects.none()

    def saved(self):
        """The story's saved rows, read once for every block of the form."""
        if self._saved is None:
            self._saved = list(self.queryset())
        return self._saved

    def new(self):
        """The choices of the new rows: ``(value, label)``."""
        formset = self.formset
        if formset is None:
            return []
        start = formset.initial_form_count()
        return [
            (f"{NEW_ROW}{index}", self.label(index, form))
            for index, form in enumerate(formset.forms[start:], start)
        ]

    def label(self, index, form):
        text = " ".join(str(form[self.text_field].value() or "").split())
        name = f"New {self.what} #{index + 1}"
        return f"{name}: {Truncator(text).chars(60)}" if text else f"{name} (not written yet)"

    def get(self, value):
        """
        The unsaved picture or quote a block's ``new-<index>`` names, as its
        own inline has cleaned it; a clear ``ValidationError`` when that row is
        missing, empty, marked for removal or has errors of its own.
        """
        index = value.removeprefix(NEW_ROW)
        formset = self.formset
        if formset is None or not index.isdigit():
            raise ValidationError(f"Choose the {self.what} again.", code="new_row_missing")
        index = int(index)
        name = f"new {self.what} #{index + 1}"
        if not formset.initial_form_count() <= index < formset.total_form_count():
            raise ValidationError(
                f"There is no {name} on this form any more: choose the {self.what} again.",
                code="new_row_missing",
            )
        form = formset.forms[index]
        if not form.has_changed():
            raise ValidationError(
                f"The {name} is empty: fill it in above, or choose another {self.what}.",
                code="new_row_empty",
            )
        form.is_valid()
        if form.cleaned_data.get("DELETE"):
            raise ValidationError(
                f"The {name} is marked for removal: keep it, or take this block out.",
                code="new_row_deleted",
            )
        if form.errors:
            raise ValidationError(
                f"The {name} has errors: correct them above, then save again.",
                code="new_row_invalid",
            )
        return form.instance


class StoryRowChoices(ModelChoiceIterator):
    """A block's choice of picture or quote: the saved ones, then the new ones of the form."""

    def __iter__(self):
        rows = self.field.rows
        if rows is None:
            yield from super().__iter__()
            return
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in rows.saved():
            yield self.choice(obj)
        yield from rows.new()

    def __len__(self):
        return len(list(iter(self)))


class StoryRowField(forms.ModelChoiceField):
    """
    The picture or quote a body block shows: one of the story's saved ones,
    by id, or a new row of the pictures' or quotes' inline of the same form
    (``new-3``), so that a picture can be placed in the body before the story
    is ever saved. The body's formset gives it ``rows`` (a ``StoryRows``).
    """

    iterator = StoryRowChoices
    rows = None

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(NEW_ROW):
            if self.rows is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            return self.rows.get(value)
        return super().to_python(value)


class BlockForm(forms.ModelForm):
    """One block of the body on the story's form."""

    caption = StoryRowField(
        Caption.objects.none(),
        required=False,
        label="Picture",
        help_text="For captioned images: one of this story's pictures, saved or added above.",
    )
    quote = StoryRowField(
        Quote.objects.none(),
        required=False,
        label="Quote",
        help_text="For pull quotes: one of this story's quotes, saved or added above.",
    )

    class Meta:
        model = Block
        fields = ("position", "kind", "text", "caption", "quote")

    def has_changed(self):
        # The editor's script numbers every block, the blank new ones too: a
        # new block that has only a place in the body is still blank.
        if self.instance.pk is None:
            return bool(set(self.changed_data) - {"position"})
        return super().has_changed()

    def add_error(self, field, error):
        # A block whose picture or quote could not be found has said so: the
        # model's "choose the picture" would only repeat it.
        if field is None and hasattr(error, "error_dict"):
            error.error_dict = {
                name: errors
                for name, errors in error.error_dict.items()
                if name not in ("caption", "quote") or not self.has_error(name)
            }
        super().add_error(field, error)


class BodyFormSet(StoryPartFormSet):
    """
    The body, block by block. A block may show a picture or quote added in
    the same form (``new-<index>`` of its inline): the block's form resolves
    it to that inline's unsaved row, which the edit path saves first.
    """

    part = "blocks"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.story_rows = {
            "caption": StoryRows(self, "caption", "captions", "picture", "caption"),
            "quote": StoryRows(self, "quote", "quotes", "quote", "text"),
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name, rows in self.story_rows.items():
            if isinstance(form.fields.get(name), StoryRowField):
                form.fields[name].queryset = rows.queryset()
                form.fields[name].rows = rows

    def proposed(self):
        # The order editors gave the blocks; rows with the same position keep the form's order.
        rows = super().proposed()
        return sorted(rows, key=lambda pair: pair[0].position)


def part_formset(name):
    """The formset class of one of the story's parts."""
    special = {"captions": CaptionFormSet, "blocks": BodyFormSet}
    if name in special:
        return special[name]
    return type(f"{name.title()}FormSet", (StoryPartFormSet,), {"part": name})


class StoryFormEdit:
    """
    The edit a story's admin form makes: its own fields (already on
    ``article`` once the form is validated) and the rows of each inline.
    When the last inline is validated, the whole edit is checked through the
    edit path; what it refuses is put on the fields, rows and inlines it is
    about. ``conflict`` holds an ``EditConflict`` when someone saved the story
    after the form was loaded.
    """

    def __init__(self, request, article):
        self.request = request
        self.article = article
        self.formsets = []
        self.cleaned = []
        self.form = None
        self.conflict = None
        self.checked = None

    def part_cleaned(self, formset):
        self.cleaned.append(formset)
        if len(self.cleaned) < len(self.formsets) or self.form is None:
            return
        if not self.form.is_valid() or any(
            form.errors for other in self.formsets for form in other.forms
        ):
            return
        self.checked = self.edit()
        try:
            self.checked.check()
        except EditConflict as conflict:
            self.conflict = conflict
            self.form.take_version(conflict.latest.pk)
            self.refuse(
                [
                    f"{conflict} Nothing was saved: your edits are still in the form, and "
                    "their change is shown below. Save again to keep your version."
                ]
            )
        except PermissionDenied as refused:
            self.refuse([str(refused)])
        except EditRefused as refused:
            self.show(refused)
            self.refuse(refused.story)

    def refuse(self, reasons):
        """
        Refuse the save: the reasons go at the top of the form, where the
        editor looks first, and the inline being validated says where they are.
        """
        for reason in reasons:
            self.form.add_error(None, reason)
        raise ValidationError(
            "The story was not saved: the reasons are at the top of the form.", code="refused"
        )

    def save(self):
        """Save the edit checked when the form was validated; returns what changed."""
        return self.checked.save()

    def edit(self):
        """The ``EditStory`` this form makes."""
        data = self.form.cleaned_data
        parts = {
            formset.part: [
                (row, formset.related(form)) if formset.related(form) else row
                for row, form in formset.proposed()
            ]
            for formset in self.formsets
        }
        return EditStory(
            self.article,
            by=self.request.user,
            based_on=data.get("based_on") or None,
            tags=data.get("tags"),
            authors=data.get("authors"),
            # Saving an earlier version from its history page.
            restoring=self.request.resolver_match.url_name
            in ("articles_article_revision", "articles_article_recover"),
            **parts,
        )

    def show(self, refused):
        """Put the edit path's refusal on the fields and rows it names."""
        for name, messages in refused.fields.items():
            field = name if name in self.form.fields else None
            for message in messages:
                self.form.add_error(field, message)
        for formset in self.formsets:
            forms = [form for _row, form in formset.proposed()]
            for index, errors in refused.rows.get(formset.part, {}).items():
                for name, messages in errors.items():
                    field = name if name in forms[index].fields else None
                    for message in messages:
                        forms[index].add_error(field, message)


class StoryPartForm(forms.ModelForm):
    """
    A picture or quote edited on its own page: a change to its story, made
    through the edit path with the rest of the story as it is, so that the
    same rules hold as on the story's page (a live story stays publishable).
    """

    def edit(self, *, by, part=None):
        """The ``EditStory`` this form makes of its story (with ``part`` as edited)."""
        part = part or self.instance
        name = {Caption: "captions", Quote: "quotes"}[self._meta.model]
        related = {"people": self.cleaned_data["people"]} if "people" in self.cleaned_data else {}
        others = [row for row in getattr(part.article, PARTS[name][0]).all() if row.pk != part.pk]
        return EditStory(part.article, by=by, **{name: [*others, (part, related)]})

    def clean(self):
        cleaned_data = super().clean()
        if self.errors or not (cleaned_data.get("article") or self.instance.article_id):
            return cleaned_data
        proposed = construct_instance(self, copy.copy(self.instance))
        try:
            # Who may change the story is asked when it is saved, as the admin knows the user.
            self.edit(by=None, part=proposed).clean()
        except EditRefused as refused:
            raise ValidationError(refused.messages, code="refused") from None
        return cleaned_data


class CaptionForm(StoryPartForm):
    class Meta:
        model = Caption
        fields = (
            "article",
            "image",
            "caption",
            "credit",
            "alt_text",
            "people",
            "focal_point_x",
            "focal_point_y",
        )


class StoryQuoteForm(PartialDateFormMixin, forms.ModelForm):
    """
    A quote on its story's form: the words, who said them, where, and when,
    the date typed as people write it ("2019", "June 2019", "7 June 2019")
    in one box, its precision taken from what was typed.
    """

    partial_dates = {"said": ("said_on", "said_on_precision")}
    said = PartialDateField(
        required=False,
        label="Said on",
        help_text="“2019”, “June 2019” or “7 June 2019”; empty when not known.",
    )

    class Meta:
        model = Quote
        fields = ("text", "speaker", "source", "said")


class QuoteForm(StoryPartForm, StoryQuoteForm):
    """A quote on its own page: the story it is in, and the same fields as on the story's form."""

    class Meta(StoryQuoteForm.Meta):
        fields = ("article", *StoryQuoteForm.Meta.fields)


@dataclass(frozen=True)
class Problem:
    """One reason a form was refused, as the summary at its top lists it."""

    message: str
    # The id of the field, row or inline the reason is about; "" for the story as a whole.
    anchor: str = ""


def error_summary(form, inline_admin_formsets):
    """
    Every reason a refused story form gives, for the "There is a problem"
    summary at its top: the story's own reasons first, then each field and
    each inline's rows in the order the page shows them, every one naming the
    field, quote or picture it is about and linking to it (Django's admin
    gives each inline row the id ``<prefix>-<index>``). A reason about the
    whole story that names one of its rows ("The quote “…” does not
    appear…") links to that row.
    """
    named_rows, inline_problems = [], []
    for inline in inline_admin_formsets:
        formset, kind = inline.formset, capfirst(inline.opts.verbose_name)
        for index, row in enumerate(formset.forms):
            anchor, label = f"{formset.prefix}-{index}", f"{kind} {index + 1}"
            name = _row_name(row)
            if name:
                label = f"{label} (“{name}”)"
                if not getattr(row, "cleaned_data", {}).get("DELETE"):
                    named_rows.append((f"“{name}”", label, anchor))
            inline_problems += [
                Problem(f"{label}{where}: {message}", target or anchor)
                for where, target, message in _field_errors(row)
            ]
        inline_problems += [
            Problem(
                f"{capfirst(inline.opts.verbose_name_plural)}: {error.message}",
                f"{formset.prefix}-group",
            )
            for error in formset.non_form_errors().as_data()
            # The pointer to this summary that StoryFormEdit.refuse() leaves on an inline.
            if error.code != "refused"
        ]
    story_problems = []
    for message in form.non_field_errors():
        named = [row for row in named_rows if row[0] in message]
        if named:
            _name, label, anchor = max(named, key=lambda row: len(row[0]))
            story_problems.append(Problem(f"{label}: {message}", anchor))
        else:
            story_problems.append(Problem(message))
    field_problems = [
        Problem(f"{where.removeprefix(', ')}: {message}", target)
        for where, target, message in _field_errors(form)
        if where
    ]
    return story_problems + field_problems + inline_problems


def _field_errors(form):
    """
    A form's errors as ``(", Label", field id, message)``; the form's own
    errors, and those of hidden fields, with an empty label and id.
    """
    for name, messages in form.errors.items():
        field = form[name] if name in form.fields else None
        visible = field is not None and not field.is_hidden
        where, target = (f", {field.label}", field.id_for_label) if visible else ("", "")
        for message in messages:
            yield where, target, message


def _row_name(form):
    """What a row says it is (a quote's words, a picture's caption), or "" before it has any."""
    try:
        return str(form.instance)
    except ObjectDoesNotExist:
        # A person in the story not chosen yet.
        return ""
