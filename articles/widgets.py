"""Form widgets the story admin uses for what a plain input cannot do."""

from django import forms


class InlineMarkupTextarea(forms.Textarea):
    """
    A paragraph's textarea with Bold, Italic and Link buttons above it that
    wrap the selected words in ``<strong>``, ``<em>`` or ``<a href>``
    (articles/static/articles/admin/inline_markup.js). The script finds its
    textareas by the ``data-inline-markup`` attribute, including those a page
    adds later; what is typed is sanitised by ``Block.clean()`` all the same.
    """

    class Media:
        js = ["articles/admin/inline_markup.js"]
        css = {"all": ["articles/admin/inline_markup.css"]}

    def __init__(self, attrs=None):
        super().__init__({"rows": 3, "cols": 60, "data-inline-markup": "", **(attrs or {})})
