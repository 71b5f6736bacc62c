"""
Receivers that keep the public pages current: any change to a person, their
career or an organisation drops every cached page (``newsroom.cache``), as
profiles and the stories naming them show it.
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
