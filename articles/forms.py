"""
Admin forms for stories: the checks that keep a live story publishable while
it is being edited, run before anything is saved.
"""

import copy

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet, construct_instance

from .models import Article, Caption, Quote


def proposed_objects(formset):
    """
    What a validated inline formset would leave in the story: its rows as
    edited and the new ones, unsaved; rows marked for deletion are gone.
    """
    return [
        form.instance
        for form in formset.forms
        if not form.cleaned_data.get("DELETE")
        and (form.instance.pk is not None or form.has_changed())
    ]


class BodyBlockFormSet(BaseInlineFormSet):
    """
    The body of a story. While the story is published, an edit that would
    break a publication rule (a quote no longer in the text, a picture without
    alt text) is refused here, reading the pictures and quotes from their own
    formsets on the same page, so the editor sees why above the body.
    """

    # The other inline formsets of the page, handed over by ArticleAdmin.
    siblings = ()
    proposed_parts = {Caption: "captions", Quote: "quotes"}

    def clean(self):
        super().clean()
        article = self.instance
        if article.status != Article.Status.PUBLISHED or any(self.errors):
            return
        proposed = {"blocks": proposed_objects(self)}
        for formset in self.siblings:
            if formset.model in self.proposed_parts:
                if not formset.is_valid():
                    return
                proposed[self.proposed_parts[formset.model]] = proposed_objects(formset)
        errors = article.publication_errors(**proposed)
        if errors:
            raise ValidationError(errors, code="not_publishable")


class StoryPartForm(forms.ModelForm):
    """
    A picture or quote edited on its own page. If its story is published, an
    edit that would break a publication rule is refused, as on the story's page.
    """

    # The story's related name for this kind of part, as publication_errors() takes it.
    story_parts = None

    def clean(self):
        cleaned_data = super().clean()
        article = cleaned_data.get("article") or (
            self.instance.article if self.instance.article_id else None
        )
        if self.errors or article is None or article.status != Article.Status.PUBLISHED:
            return cleaned_data
        proposed = construct_instance(self, copy.copy(self.instance))
        parts = getattr(article, self.story_parts).exclude(pk=proposed.pk)
        errors = article.publication_errors(**{self.story_parts: [*parts, proposed]})
        if errors:
            raise ValidationError(errors, code="not_publishable")
        return cleaned_data


class CaptionForm(StoryPartForm):
    story_parts = "captions"

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
    story_parts = "quotes"

    class Meta:
        model = Quote
        fields = ("article", "text", "speaker", "source", "said_on", "said_on_precision")
