"""
Receivers that keep the public pages current (``newsroom.cache``): a change
to a person or their career drops the pages that show them (their profile and
its lists, the stories naming them) and every list; a change to an
organisation, which any career or byline may show, drops every page.
"""

from django.db.models.signals import post_delete, post_save

from newsroom.cache import content_changed

from .models import Organisation, Person, TimelineEntry

CONTENT_MODELS = (Person, Organisation, TimelineEntry)


def connect():
    """Connect the receivers (from PeopleConfig.ready)."""
    for model in CONTENT_MODELS:
        for signal in (post_save, post_delete):
            signal.connect(
                content_changed, sender=model, dispatch_uid=f"page-cache-{model._meta.label}"
            )
