"""
Admin forms for stories. They check the shape of what an editor typed; the
story's rules are the edit path's (``articles.editing``): the story's form
and its inlines are gathered into one ``EditStory`` and checked together
before anything is saved, so a refusal comes back on the form with the
editor's input intact.
"""

import copy

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance

from .editing import PARTS, EditConflict, EditRefused, EditStory, version_token
from .models import Article, Caption, Quote


class StoryForm(forms.ModelForm):
    """
    A story's own fields, and the version of the story the form was loaded
    from, so that a save cannot silently overwrite someone else's.
    """

    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = (
            "headline",
            "slug",
            "standfirst",
            "section",
            "tags",
            "authors",
            "publisher",
            "published_at",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["based_on"].initial = version_token(self.instance)

    def take_version(self, token):
        """After a refused stale save: the form now stands on the latest version."""
        self.data = self.data.copy()
        self.data[self.add_prefix("based_on")] = token


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


class BodyFormSet(StoryPartFormSet):
    part = "blocks"

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

    def part_cleaned(self, formset):
        self.cleaned.append(formset)
        if len(self.cleaned) < len(self.formsets) or self.form is None:
            return
        if not self.form.is_valid() or any(
            form.errors for other in self.formsets for form in other.forms
        ):
            return
        try:
            self.edit().check()
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

    def edit(self, **kwargs):
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
            **parts,
            **kwargs,
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


class QuoteForm(StoryPartForm):
    class Meta:
        model = Quote
        fields = ("article", "text", "speaker", "source", "said_on", "said_on_precision")
