"""
Who else has a story's form open: "Mike Barton is also editing this story."

Each open change form beats (POSTs to the story's ``editing/`` admin URL)
every few seconds; a beat records its editor in the default cache (locmem on a
laptop, Redis in production) and answers with the others seen recently. No
websockets, as in Wagtail's editing sessions: someone who closes the page
simply stops beating and drops out after ``PRESENCE_TIMEOUT`` seconds.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.contrib.admin.utils import quote, unquote
from django.core.cache import cache
from django.http import HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import timezone

# Someone not seen for this long has closed the story (or lost their connection).
PRESENCE_TIMEOUT = 45
# How often an open form beats; settings.PRESENCE_BEAT_SECONDS overrides it (tests beat faster).
BEAT_SECONDS = 15
# The most people remembered on one story; the ones seen longest ago go first.
MOST_EDITORS = 20


class Editor(NamedTuple):
    """Someone with a story's form open, as the notice names them, and since when."""

    name: str
    since: datetime.datetime


def cache_key(article_id):
    return f"articles:presence:{article_id}"


def display_name(user):
    return user.get_full_name() or user.get_username()


def _recent(entries, now):
    """The entries seen within the timeout: {user_id: (name, since, last_seen)}."""
    cutoff = now - datetime.timedelta(seconds=PRESENCE_TIMEOUT)
    return {user_id: entry for user_id, entry in entries.items() if entry[2] >= cutoff}


def touch(article_id, user):
    """
    Record that ``user`` has the story's form open now. Only the user's own
    entry is written. Two beats at the same moment may both read the old
    entries and one overwrite the other; the lost editor is back at their next
    beat, well within the timeout.
    """
    now = timezone.now()
    entries = _recent(cache.get(cache_key(article_id), {}), now)
    previous = entries.get(user.pk)
    since = previous[1] if previous else now
    entries[user.pk] = (display_name(user), since, now)
    if len(entries) > MOST_EDITORS:
        newest = sorted(entries.items(), key=lambda item: item[1][2], reverse=True)
        entries = dict(newest[:MOST_EDITORS])
    cache.set(cache_key(article_id), entries, PRESENCE_TIMEOUT)


def editing(article_id, user):
    """The other people who have had the story's form open within the timeout, longest first."""
    entries = _recent(cache.get(cache_key(article_id), {}), timezone.now())
    others = [
        Editor(name, since) for user_id, (name, since, _) in entries.items() if user_id != user.pk
    ]
    return sorted(others, key=lambda editor: (editor.since, editor.name))


def notice(others):
    """
    The sentence that names the others: "A is also editing this story.", "A
    and B are also editing this story." (presence.js words it the same way).
    """
    names = [editor.name for editor in others]
    if not names:
        return ""
    if len(names) == 1:
        return f"{names[0]} is also editing this story."
    return f"{', '.join(names[:-1])} and {names[-1]} are also editing this story."


def beat_milliseconds():
    return int(getattr(settings, "PRESENCE_BEAT_SECONDS", BEAT_SECONDS) * 1000)


class PresenceAdminMixin:
    """
    "X is also editing this story" on a ModelAdmin's change form: the
    ``<object_id>/editing/`` URL the form beats to, and the notice's first
    render (``also_editing``, ``also_editing_notice``, ``presence_url`` and
    ``presence_interval`` in the form's context), so that it is there before
    any script runs.
    """

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        # cacheable: the view sets its own Cache-Control rather than never_cache's.
        view = self.admin_site.admin_view(self.editing_view, cacheable=True)
        return [
            path("<path:object_id>/editing/", view, name="{}_{}_editing".format(*info)),
            *super().get_urls(),
        ]

    def editing_view(self, request, object_id):
        """One beat of an open form: record its editor and answer with the others."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            response = JsonResponse({"detail": "Not found."}, status=404)
        else:
            touch(obj.pk, request.user)
            others = [
                {"name": editor.name, "since": editor.since.isoformat()}
                for editor in editing(obj.pk, request.user)
            ]
            response = JsonResponse({"others": others})
        response["Cache-Control"] = "private, no-store"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and self.has_view_permission(request, obj):
            touch(obj.pk, request.user)
            info = self.opts.app_label, self.opts.model_name
            others = editing(obj.pk, request.user)
            extra_context = {
                **(extra_context or {}),
                "also_editing": others,
                "also_editing_notice": notice(others),
                "presence_url": reverse(
                    "{}:{}_{}_editing".format(self.admin_site.name, *info),
                    args=(quote(obj.pk),),
                    current_app=self.admin_site.name,
                ),
                "presence_interval": beat_milliseconds(),
            }
        return super().change_view(request, object_id, form_url, extra_context)
