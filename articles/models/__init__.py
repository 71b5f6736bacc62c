"""
Stories and what they are made of: sections, tags, the ordered body blocks,
captioned pictures, quotes and corrections, the editorial workflow that
takes a story from draft to live, and the front page the editors arrange.
"""

from .front import FrontPage, FrontPageManager, FrontPageSlot, Lineup
from .parts import (
    Block,
    Caption,
    CaptionQuerySet,
    Correction,
    CorrectionQuerySet,
    Quote,
    QuoteQuerySet,
    StoryPartQuerySet,
)
from .previews import ShareLink
from .stories import (
    Article,
    ArticleManager,
    ArticlePerson,
    ArticleQuerySet,
    EditorialNote,
    FormerSlug,
    StoryPerson,
)
from .taxonomy import Section, SectionQuerySet, Tag, TagQuerySet

__all__ = [
    "Article",
    "ArticleManager",
    "ArticlePerson",
    "ArticleQuerySet",
    "Block",
    "Caption",
    "CaptionQuerySet",
    "Correction",
    "CorrectionQuerySet",
    "EditorialNote",
    "FormerSlug",
    "FrontPage",
    "FrontPageManager",
    "FrontPageSlot",
    "Lineup",
    "Quote",
    "QuoteQuerySet",
    "Section",
    "SectionQuerySet",
    "ShareLink",
    "StoryPartQuerySet",
    "StoryPerson",
    "Tag",
    "TagQuerySet",
]
