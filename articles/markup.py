"""
The little HTML a paragraph may hold: bold, italic and links.

What is stored. ``Block.text`` holds an HTML fragment. A paragraph's may use
``<strong>``/``<b>``, ``<em>``/``<i>`` and ``<a href>`` (http, https, mailto
or a relative address) and nothing else; a subheading's holds no tags at all
(markup typed into one is stripped, its words kept). Either way ``&``, ``<``
and ``>`` meant as text stand as ``&amp;``, ``&lt;`` and ``&gt;``.
``Block.clean()`` (so every save through the edit path, admin and API alike)
stores the text as ``sanitise()`` returns it: nh3 (the Ammonia sanitiser)
drops every other tag, every other attribute (``on*`` handlers, ``style``),
every other kind of link (``javascript:``, ``data:``), comments, and
``<script>``/``<style>`` with their content; it closes what was left open,
and gives each link ``rel="nofollow noopener"``.

What is read. Nothing trusts a stored text as safe HTML: rows written past
``clean()`` (a bulk load, an old version restored) are sanitised again when
read, which costs microseconds. Readers that want words, not markup (the
word-for-word quote check, search, JSON-LD, the API's ``text``, ninjs's plain
body; feeds print only the standfirst) read ``plain_text()``; the API's
``html`` and ninjs's HTML body read ``Block.html``; the story page reads
``Fragment.marked()``, which puts marks (the story's quotes) around
stretches of the plain text and keeps the HTML well formed where a mark
crosses a tag.
"""

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

import nh3
from django.utils.safestring import SafeString, mark_safe

# What a paragraph may hold, and the attributes those tags may carry.
INLINE_TAGS = frozenset({"strong", "b", "em", "i", "a"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener"

_PARAGRAPH = nh3.Cleaner(
    tags=set(INLINE_TAGS),
    clean_content_tags={"script", "style"},
    attributes={"a": {"href"}},
    url_schemes=set(LINK_SCHEMES),
    link_rel=LINK_REL,
    strip_comments=True,
)
_TEXT_ONLY = nh3.Cleaner(
    tags=set(),
    clean_content_tags={"script", "style"},
    attributes={},
    link_rel=None,
    strip_comments=True,
)

# A link nh3 kept without its address (it was ``javascript:`` or missing):
# nh3 never nests links, so the first ``</a>`` after it is its own.
_LINK_WITHOUT_ADDRESS = re.compile(f'<a rel="{LINK_REL}">(.*?)</a>', re.DOTALL)


def sanitise(html, *, inline=True):
    """
    ``html`` as it may be stored and shown: with the inline markup a
    paragraph may hold, or with no tags at all (``inline=False``, for a
    subheading). The same text sanitised twice is the same text.
    """
    if not inline:
        return _TEXT_ONLY.clean(html)
    return _LINK_WITHOUT_ADDRESS.sub(r"\1", _PARAGRAPH.clean(html))


def plain_text(html, *, inline=True):
    """The words of ``html``, as a reader reads them: no tags, entities decoded."""
    if "<" not in html and "&" not in html:
        # Nothing to strip or decode: most paragraphs, read many times a page.
        return html
    return Fragment(html, inline=inline).text


@dataclass(frozen=True)
class Piece:
    """
    One piece of a marked fragment, in order. ``kind`` is "html" (``html``
    is markup and escaped text, safe to print), "open" or "close" (a mark
    ``key`` starts or stops here), or "after" (the place just after a mark,
    outside any link: where a page may put a link of its own about it).
    """

    kind: str
    html: SafeString = ""
    key: object = None


class Fragment:
    """A stored text, sanitised and read as tags and words."""

    def __init__(self, html, *, inline=True):
        self.html = mark_safe(sanitise(html, inline=inline))
        if "<" in self.html or "&" in self.html:
            self.tokens = _Tokens.read(self.html)
        else:
            # No tag and no entity: the words as they are (most paragraphs).
            self.tokens = [("text", None, self.html)] if self.html else []
        self.text = "".join(value for kind, _, value in self.tokens if kind == "text")

    def marked(self, marks):
        """
        The fragment as ``Piece`` objects, with each of ``marks`` — ``(start,
        end, key)``, offsets into ``self.text``, not overlapping — opened and
        closed around its words, and its "after" piece past the quotation
        marks (and the punctuation before them) that close it. Each mark
        opens and closes once; where one crosses a tag, the tag is closed and
        opened again on the other side (``<b>a [b</b> c]`` becomes
        ``<b>a </b>[<b>b</b> c]``), so the pieces always make well-formed HTML.
        """
        marks = [
            (start, end, key, end + len(_CLOSING.match(self.text, end).group()))
            for start, end, key in marks
        ]
        return _Marker(self.tokens, marks).pieces()


# What closes a quotation after its last word: “… carry on.” or ‘… approach’.
_CLOSING = re.compile(r"(?:[.,;:!?…]*[”’\"'»])?")


class _Tokens(HTMLParser):
    """Sanitised HTML as ``(kind, tag, value)`` tokens: "start" and "end" tags, and "text"."""

    @classmethod
    def read(cls, html):
        parser = cls(convert_charrefs=True)
        parser.tokens = []
        parser.feed(html)
        parser.close()
        return parser.tokens

    def handle_starttag(self, tag, attrs):
        # Re-written from the parsed attributes: nh3 has already chosen them.
        written = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.tokens.append(("start", tag, f"<{tag}{written}>"))

    def handle_endtag(self, tag):
        self.tokens.append(("end", tag, f"</{tag}>"))

    def handle_data(self, data):
        self.tokens.append(("text", None, data))


@dataclass(eq=False)
class _Open:
    """An element open while marking: a tag, or a mark (``tag`` None)."""

    tag: str | None
    html: str = ""
    key: object = None
    # Where in the text a tag's element ends.
    closes_at: int = 0
    # The marks that ended inside this link, waiting for it to close.
    waiting: list = field(default_factory=list)


class _Marker:
    """Walks a fragment's tokens once, opening and closing marks among its tags."""

    def __init__(self, tokens, marks):
        self.tokens = tokens
        self.starts = {start: (end, key) for start, end, key, after in marks}
        self.ends = {end: key for start, end, key, after in marks}
        self.afters = {}
        for _, _, key, after in marks:
            self.afters.setdefault(after, []).append(key)
        # A mark's "after" piece is written once its words are closed and
        # the text has reached its place.
        self.closed, self.due, self.written = set(), set(), set()
        self.out = []
        self.stack = []
        # Marks whose words are done, closed once the tags around their last
        # words close, so "[a <b>b]</b>" ends "<b>b</b></q>", not "</b></q><b></b>".
        self.ending = set()

    def pieces(self):
        closes_at = self._tag_ends()
        position = 0
        for index, (kind, tag, value) in enumerate(self.tokens):
            if kind == "start":
                mark = self.starts.get(position)
                if mark and closes_at[index] < mark[0]:
                    # A tag that ends inside a mark starting with it goes inside the mark.
                    self._start_mark(*self.starts.pop(position))
                self.stack.append(_Open(tag, value, closes_at=closes_at[index]))
                self._html(value)
            elif kind == "end":
                self._close(next(e for e in reversed(self.stack) if e.tag == tag))
                while (
                    self.stack and self.stack[-1].tag is None and self.stack[-1].key in self.ending
                ):
                    self._end_mark(self.stack[-1].key)
            else:
                self._text(position, value)
                position += len(value)
        while self.stack:
            opened = self.stack[-1]
            if opened.tag is None:
                self._end_mark(opened.key)
            else:
                self._close(opened)
        for keys in self.afters.values():
            for key in keys:
                self.due.add(key)
                self._after(key)
        return self._merged()

    def _text(self, position, value):
        end = position + len(value)
        cuts = sorted(
            {end} | {at for at in (*self.starts, *self.ends, *self.afters) if position <= at < end}
        )
        done = position
        for cut in cuts:
            if cut > done:
                self._html(escape(value[done - position : cut - position], quote=False))
                done = cut
            key = self.ends.get(cut)
            mark = next((e for e in self.stack if e.tag is None and e.key == key), None)
            if key is not None and mark is not None:
                above = self.stack[self.stack.index(mark) + 1 :]
                if above and all(opened.closes_at == cut for opened in above):
                    self.ending.add(key)
                else:
                    self._end_mark(key)
            for key in self.afters.get(cut, ()):
                self.due.add(key)
                self._after(key)
            if cut in self.starts and cut < end:
                self._start_mark(*self.starts.pop(cut))

    def _tag_ends(self):
        """For each start tag (by token index), where in the text its element ends."""
        closes_at, open_tags, position = {}, [], 0
        for index, (kind, _, value) in enumerate(self.tokens):
            if kind == "start":
                open_tags.append(index)
            elif kind == "end" and open_tags:
                closes_at[open_tags.pop()] = position
            elif kind == "text":
                position += len(value)
        for index in open_tags:
            closes_at[index] = position
        return closes_at

    def _html(self, html):
        self.out.append(Piece("html", html))

    def _start_mark(self, end, key):
        # Tags that end before the mark does are closed first and opened
        # again inside it, so the mark need not be split.
        inner = next(
            (at for at, opened in enumerate(self.stack) if opened.closes_at < end),
            len(self.stack),
        )
        reopened = self.stack[inner:]
        for opened in reversed(reopened):
            self._write_close(opened)
        del self.stack[inner:]
        self.out.append(Piece("open", key=key))
        self.stack.append(_Open(None, key=key))
        for opened in reopened:
            self._reopen(opened)

    def _end_mark(self, key):
        self.ending.discard(key)
        self._close(next(e for e in self.stack if e.tag is None and e.key == key))
        self.closed.add(key)
        self._after(key)

    def _after(self, key):
        if key not in self.closed or key not in self.due or key in self.written:
            return
        self.written.add(key)
        link = next((opened for opened in self.stack if opened.tag == "a"), None)
        if link is None:
            self.out.append(Piece("after", key=key))
        else:
            # Nothing links inside a link: what follows the mark waits for it to end.
            link.waiting.append(key)

    def _close(self, element):
        """Close ``element``; what was opened inside it is closed and opened again after it."""
        at = self.stack.index(element)
        above = self.stack[at + 1 :]
        for opened in reversed(above):
            self._write_close(opened)
        self._write_close(element)
        del self.stack[at:]
        self.out.extend(Piece("after", key=key) for key in element.waiting)
        for opened in above:
            self._reopen(opened)

    def _write_close(self, opened):
        if opened.tag is None:
            self.out.append(Piece("close", key=opened.key))
        else:
            self._html(f"</{opened.tag}>")

    def _reopen(self, opened):
        if opened.tag is None:
            self.out.append(Piece("open", key=opened.key))
        else:
            self._html(opened.html)
        self.stack.append(opened)

    def _merged(self):
        """Runs of HTML joined into one piece, so a page prints few."""
        merged = []
        for piece in self.out:
            if piece.kind == "html" and merged and merged[-1].kind == "html":
                merged[-1] = Piece("html", merged[-1].html + piece.html)
            else:
                merged.append(piece)
        return [
            Piece("html", mark_safe(piece.html)) if piece.kind == "html" else piece
            for piece in merged
            if piece.kind != "html" or piece.html
        ]
