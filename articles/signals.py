"""
Receivers that keep the public pages current: a change to a story, its body,
pictures, quotes, corrections, people or tags, or to its place on the front
page, drops its own page and every list from the page cache; a change to a
section, a tag or the front page drops every page (``newsroom.cache``).
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from newsroom.cache import content_changed

from .models import (
    Article,
    ArticlePerson,
    Block,
    Caption,
    Correction,
    FrontPage,
    FrontPageSlot,
    Quote,
    Section,
    Tag,
)

CONTENT_MODELS = (
    Section,
    Tag,
    Article,
    ArticlePerson,
    Caption,
    Quote,
    Block,
    Correction,
    FrontPage,
    FrontPageSlot,
)
CONTENT_RELATIONS = (Article.tags.through, Article.authors.through, Caption.people.through)


def connect():
    """Connect the receivers (from ArticlesConfig.ready)."""
    for model in CONTENT_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"page-cache-{model._meta.label}"
            )
    for through in CONTENT_RELATIONS:
        m2m_changed.connect(
            content_changed, sender=through, dispatch_uid=f"page-cache-{through._meta.label}"
        )
