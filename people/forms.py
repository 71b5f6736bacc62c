"""Admin forms for people and organisations."""

from django import forms

from .models import Organisation, Person


class NamesField(forms.Field):
    """
    A list of names (aliases) edited as text, one name per line: what an editor
    types in a textarea becomes the list the model stores, and back.
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
        )


class OrganisationForm(forms.ModelForm):
    aliases = NamesField(
        help_text="One name per line: other names copy uses, e.g. “Durham Police” "
        "for Durham Constabulary."
    )

    class Meta:
        model = Organisation
        fields = ("name", "slug", "kind", "aliases")
