"""
Checking that a quote stands verbatim in a story's text.

Copy uses typographic quotation marks and apostrophes (“ ” ‘ ’) where an
editor may type straight ones, and line breaks fall where they fall. The
comparison folds those differences away and nothing else: a changed word, a
changed letter case or a missing comma is a different quote.
"""

import functools
import re

# Every mark that stands for a straight apostrophe or a straight double quote.
_FOLD = str.maketrans(
    {
        "\N{LEFT SINGLE QUOTATION MARK}": "'",
        "\N{RIGHT SINGLE QUOTATION MARK}": "'",
        "\N{SINGLE LOW-9 QUOTATION MARK}": "'",
        "\N{SINGLE HIGH-REVERSED-9 QUOTATION MARK}": "'",
        "\N{PRIME}": "'",
        "\N{MODIFIER LETTER APOSTROPHE}": "'",
        "\N{LEFT DOUBLE QUOTATION MARK}": '"',
        "\N{RIGHT DOUBLE QUOTATION MARK}": '"',
        "\N{DOUBLE LOW-9 QUOTATION MARK}": '"',
        "\N{DOUBLE HIGH-REVERSED-9 QUOTATION MARK}": '"',
        "\N{DOUBLE PRIME}": '"',
        "\N{LEFT-POINTING DOUBLE ANGLE QUOTATION MARK}": '"',
        "\N{RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK}": '"',
    }
)
_WHITESPACE = re.compile(r"\s+")


def normalise(text):
    """``text`` with quotation marks straightened and white space folded."""
    return _WHITESPACE.sub(" ", text.translate(_FOLD)).strip()


def appears_verbatim(words, text):
    """
    Whether the quoted ``words`` stand, word for word, in ``text``. Quotation
    marks pasted around the words are not part of them.
    """
    words = normalise(words).strip('" ')
    return bool(words) and words in normalise(text)


def occurrences(words, text):
    """
    Where the quoted ``words`` stand in ``text``, as ``(start, end)`` offsets
    into ``text`` itself, by the same comparison as ``appears_verbatim``: so a
    page can mark up the very characters the story prints.
    """
    pattern = _pattern(words)
    return [match.span() for match in pattern.finditer(text)] if pattern else []


@functools.lru_cache(maxsize=1024)
def _pattern(words):
    """
    The compiled expression ``occurrences`` looks for (None for no words):
    built once for a quote's words and kept, not once per quote and paragraph,
    since a story page looks for every quote in every paragraph.
    """
    words = normalise(words).strip('" ')
    if not words:
        return None
    return re.compile("".join(_PATTERN.get(char, re.escape(char)) for char in words))


def _any_of(straight):
    """A pattern matching ``straight`` or any mark ``normalise`` folds to it."""
    marks = straight + "".join(chr(code) for code, folded in _FOLD.items() if folded == straight)
    return "[" + re.escape(marks) + "]"


# How each straightened mark and each space of a normalised quote may stand in
# the story's own text.
_PATTERN = {"'": _any_of("'"), '"': _any_of('"'), " ": r"\s+"}
