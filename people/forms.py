"""Admin forms for people and organisations, and the partial-date field they share."""

from django import forms
from django.core.exceptions import ValidationError

from .dates import PartialDate
from .models import Organisation, Person, TimelineEntry


class PartialDateInput(forms.TextInput):
    """One text box for a date known to its year, month or day."""

    def __init__(self, attrs=None):
        super().__init__(
            {
                "placeholder": "e.g. June 2015",
                "autocomplete": "off",
                "spellcheck": "false",
                "size": 20,
                **(attrs or {}),
            }
        )


class PartialDateField(forms.Field):
    """
    A date typed as people write it ("2015", "June 2015", "7 June 2015",
    "June 7, 2015", "2015-06"…), cleaned to a ``PartialDate`` whose precision
    is what was typed, and shown back in house style ("June 2015"). Empty is
    None. ``PartialDate.parse`` is the one parser; its message is the error.
    """

    widget = PartialDateInput
    default_error_messages = {"invalid": "%(reason)s"}

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return str(value)
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return PartialDate.parse(str(value))
        except ValueError as error:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"reason": error}
            ) from None


class PartialDateFormMixin:
    """
    A ModelForm whose partial dates are each one ``PartialDateField``, kept on
    the model as a date field plus a precision field, as now.

    ``partial_dates`` maps each form field to the model's two fields, e.g.
    ``{"start": ("start_date", "start_precision")}`` (a Quote would map
    ``"said"`` to ``("said_on", "said_on_precision")``). The form shows the
    stored date back as it is known; on clean it sets both model fields, so
    the model's ``clean()`` checks them, and its errors about either model
    field are shown on the one form field.
    """

    partial_dates = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        given = kwargs.get("initial") or {}
        for name, (date_field, precision_field) in self.partial_dates.items():
            if name not in given:
                day, precision = (getattr(self.instance, f) for f in (date_field, precision_field))
                self.initial[name] = PartialDate(day, precision) if day else None

    def clean(self):
        cleaned_data = super().clean()
        for name, (date_field, precision_field) in self.partial_dates.items():
            if name not in cleaned_data:
                continue  # refused by its field: the model keeps what it had
            partial = cleaned_data[name]
            setattr(self.instance, date_field, partial.date if partial else None)
            if partial:
                setattr(self.instance, precision_field, partial.precision)
            if name == date_field:
                # The form field has the model field's name: what the model
                # form copies onto the instance must be the date.
                cleaned_data[name] = partial.date if partial else None
        return cleaned_data

    def add_error(self, field, error):
        # The model's clean() names its own fields ("end_date"); show each
        # message on the form field that edits it.
        renamed = {
            model_field: name
            for name, model_fields in self.partial_dates.items()
            for model_field in model_fields
            if model_field not in self.fields
        }
        if field is None and isinstance(error, dict):
            error = ValidationError(error)
        if field in renamed:
            field = renamed[field]
        elif field is None and hasattr(error, "error_dict"):
            errors = {}
            for key, messages in error.error_dict.items():
                errors.setdefault(renamed.get(key, key), []).extend(messages)
            error = ValidationError(errors)
        super().add_error(field, error)


class NamesField(forms.Field):
    """
    A list of names (aliases) or links edited as text, one per line: what an
    editor types in a textarea becomes the list the model stores, and back.
    """

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]


class PersonForm(forms.ModelForm):
    aliases = NamesField(
        help_text="One name per line, as copy uses them, e.g. “Mr Barton” and “Barton”."
    )
    same_as = NamesField(
        label="Links elsewhere",
        help_text="One web address per line: pages that say who this is "
        "(Wikipedia, Wikidata, an official profile).",
    )

    class Meta:
        model = Person
        fields = (
            "name",
            "slug",
            "honorific",
            "description",
            "aliases",
            "biography",
            "origin",
            "portrait",
            "portrait_alt_text",
            "same_as",
        )


class OrganisationForm(forms.ModelForm):
    aliases = NamesField(
        help_text="One name per line: other names copy uses, e.g. “Durham Police” "
        "for Durham Constabulary."
    )

    class Meta:
        model = Organisation
        fields = ("name", "slug", "kind", "aliases")


class TimelineEntryForm(PartialDateFormMixin, forms.ModelForm):
    """One career entry on a person's profile, its dates typed as people write them."""

    partial_dates = {
        "start": ("start_date", "start_precision"),
        "end": ("end_date", "end_precision"),
    }
    start = PartialDateField(
        required=False,
        label="Start",
        help_text="“1980”, “June 2019” or “7 June 2019”.",
    )
    end = PartialDateField(
        required=False,
        label="End",
        help_text="Empty while held; a date to come if announced.",
    )

    class Meta:
        model = TimelineEntry
        fields = (
            "kind",
            "title",
            "organisation",
            "place",
            "start",
            "end",
            "ended_undated",
            "honours_list",
            "note",
        )
