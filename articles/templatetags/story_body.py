"""
``{% story_body body %}``: a story's body, as ``body_with_quotes()`` gives it.

Paragraphs and subheadings are written here rather than by a template: each
is a run of pieces with its quotes marked, and a story of thirty paragraphs
rendered through an include and a loop apiece spent more time there than on
the rest of its page. Pictures and pull quotes, a few a story, are still
their templates (``_figure.html``, ``_pull_quote.html``).
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Block

register = template.Library()

TEXT_ELEMENTS = {Block.Kind.PARAGRAPH: "p", Block.Kind.SUBHEADING: "h2"}
TEMPLATES = {
    Block.Kind.IMAGE: ("articles/_figure.html", "caption"),
    Block.Kind.QUOTE: ("articles/_pull_quote.html", "quote"),
}


@register.simple_tag(takes_context=True)
def story_body(context, body):
    site = context["site"]
    engine = context.template.engine
    written = []
    for block in body:
        element = TEXT_ELEMENTS.get(block.kind)
        if element is not None:
            written.append(f"<{element}>{quoted_text(block.pieces, site)}</{element}>")
        elif block.kind in TEMPLATES:
            name, variable = TEMPLATES[block.kind]
            with context.push({variable: getattr(block, variable)}):
                written.append(engine.get_template(name).render(context))
    return mark_safe("\n".join(written))


def quoted_text(pieces, site):
    """
    A paragraph's pieces (``articles.markup.Piece``) as HTML: each quote in a
    ``<q>`` citing its speaker's profile, followed, past its closing
    quotation marks, by a quiet link to the profile, named for screen
    readers by whose words they were. The link holds no text of its own (the
    mark is drawn by site.css), so the paragraph reads on.
    """
    written = []
    for piece in pieces:
        if piece.kind == "html":
            written.append(piece.html)
        elif piece.kind == "open":
            url = piece.key.speaker_url
            written.append(
                format_html('<q class="quote" cite="{}">', site.absolute(url) if url else "")
            )
        elif piece.kind == "close":
            written.append("</q>")
        elif piece.kind == "after":
            quote = piece.key
            said = f"{quote.speaker.name}, {quote.source}" if quote.source else quote.speaker.name
            written.append(
                format_html(
                    '<a class="quote-speaker" href="{}" aria-label="{}" title="{}"></a>',
                    quote.speaker_url,
                    said,
                    said,
                )
            )
    return "".join(written)
