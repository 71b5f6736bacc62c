"""
A story's history in the admin: the versions django-reversion keeps, and a
page comparing any two of them (see ``articles.diffs``).
"""

from django import forms
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from reversion.models import Version

from .diffs import compare

# Version ids as the address gives them: whole numbers a database key can hold.
VERSION_ID = forms.IntegerField(min_value=1, max_value=2**63 - 1)


def chosen_versions(query):
    """
    The ids of the two versions a comparison's address asks for (``from``
    and ``to``), or None when either is missing or is not an id.
    """
    try:
        return VERSION_ID.clean(query.get("from")), VERSION_ID.clean(query.get("to"))
    except ValidationError:
        return None


def version_label(version):
    """A version as the history's comparison form lists it: when, who, and their note."""
    revision = version.revision
    said = [date_format(timezone.localtime(revision.date_created), "DATETIME_FORMAT")]
    if revision.user:
        said.append(revision.user.get_username())
    if revision.comment:
        said.append(revision.get_comment())
    return " — ".join(said)


class StoryHistoryMixin:
    """
    For a story's ModelAdmin (a reversion ``VersionAdmin``): its history page
    lets an editor pick two versions, and a page shows what changed between
    them, word by word and block by block.
    """

    object_history_template = "admin/articles/article/object_history.html"
    compare_template = "admin/articles/article/compare.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        # The versions to choose between, newest first, as the comparison form offers them.
        versions = (
            Version.objects.get_for_object_reference(self.model, unquote(object_id))
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )
        choices = [(version.pk, version_label(version)) for version in versions]
        context = {"compare_choices": choices, **(extra_context or {})}
        return super().history_view(request, object_id, context)

    def compare_view(self, request, object_id, extra_context=None):
        """What changed in the story from the version ``?from=`` to the version ``?to=``."""
        # Refused outright to those who may see no story; else as this story allows.
        if not self.has_view_permission(request):
            raise PermissionDenied
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404("No such story.")
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        ids = chosen_versions(request.GET)
        if ids is None:
            return HttpResponseBadRequest(
                "Choose two versions of the story to compare, from its history page."
            )
        versions = Version.objects.get_for_object(story).in_bulk(ids)
        if any(pk not in versions for pk in ids):
            raise Http404("The story has no such version.")
        old, new = (versions[pk] for pk in ids)

        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions of “{story}”",
            "subtitle": None,
            "opts": opts,
            "object": story,
            "module_name": str(capfirst(opts.verbose_name_plural)),
            "comparison": compare(old, new),
            "history_url": reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_history",
                args=(quote(story.pk),),
            ),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, self.compare_template, context)
