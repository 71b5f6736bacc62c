"""
The editors' pages for stories (``stories``), their pictures and quotes on
their own (``parts``), sections and tags (``taxonomy``) and the front page
(``front``). Importing the package registers them all.
"""

from .front import FrontPageAdmin
from .parts import AltTextFilter, CaptionAdmin, QuoteAdmin, StoryPartAdmin
from .stories import ArticleAdmin, BlockInline, story_state
from .taxonomy import SectionAdmin, TagAdmin

__all__ = [
    "AltTextFilter",
    "ArticleAdmin",
    "BlockInline",
    "CaptionAdmin",
    "FrontPageAdmin",
    "QuoteAdmin",
    "SectionAdmin",
    "StoryPartAdmin",
    "TagAdmin",
    "story_state",
]
