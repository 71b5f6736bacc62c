"""
Receivers that keep the public pages current: any change to a person, their
career or an organisation starts a new content generation, so no profile (or
story naming them) cached before it is served again.
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
