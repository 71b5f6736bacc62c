"""
Previews and share links: a story that is not live, seen on its real page
template with a "Preview — not published" banner, by the newsroom at
``/preview/<id>/`` and by anyone holding a share link at
``/preview/shared/<token>/`` (the views are in ``articles.views``).

Here: what the banner says, and the story admin's part (``PreviewAdminMixin``):
the Preview button, the story's share links, and the POST-only views that make
and revoke them, for editors only (the story policy's ``share``).
"""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html

from newsroom.site import current_site

from .models import Article, ShareLink
from .models.previews import DEFAULT_HOURS, LIFETIME_REFUSED, MAX_HOURS, MIN_HOURS
from .policies import story_policy
from .presence import display_name

# What every preview answers with: never stored by a browser or a shared
# cache, never indexed, and (as the address of a shared one is its key) never
# sent on as a Referer, not even to the site's own pages.
PREVIEW_HEADERS = {
    "Cache-Control": "private, no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


def when(moment):
    """A moment as the banner and the admin say it: "2 March 2026 at 14:00 GMT"."""
    return dateformat.format(timezone.localtime(moment), r"j F Y \a\t H:i T")


@dataclass
class Banner:
    """What the preview banner says: where the story stands, in sentences, and a way back."""

    notes: list = field(default_factory=list)
    edit_url: str = ""


def where_it_stands(article):
    """Where a story that is not live stands, in a sentence or two, as the banner says it."""
    now = timezone.now()
    Status = Article.Status
    notes = []
    if article.status == Status.DRAFT:
        notes.append("This story is a draft.")
    elif article.status == Status.IN_REVIEW:
        notes.append("This story is in review.")
    elif article.status == Status.UNPUBLISHED:
        notes.append("This story was unpublished.")
    elif article.is_expired:
        notes.append(f"This story expired on {when(article.expires_at)} and was taken down.")
    elif article.published_at and article.published_at > now:
        notes.append(f"This story is scheduled to go live on {when(article.published_at)}.")
    elif not (article.embargoed_until and article.embargoed_until > now):
        notes.append("This story is not live.")
    if article.embargoed_until and article.embargoed_until > now:
        notes.append(f"It is under embargo until {when(article.embargoed_until)}.")
    return notes


def banner(article, link=None, edit_url=""):
    """
    The banner of a preview: where the story stands and that readers cannot
    see it; through a share link (``link``), until when the link works.
    """
    notes = where_it_stands(article)
    if link is None:
        notes.append("Readers cannot see it: only the newsroom can open this page.")
    else:
        notes.append(
            f"Readers cannot see it. You are reading it through a share link that works "
            f"until {when(link.expires_at)}: please do not pass the link on."
        )
    return Banner(notes=notes, edit_url=edit_url)


class ShareLinkForm(forms.Form):
    """How long a new share link works, in hours."""

    hours = forms.IntegerField(
        label="Works for (hours)",
        min_value=MIN_HOURS,
        max_value=MAX_HOURS,
        initial=DEFAULT_HOURS,
        help_text=f"Whole hours, from {MIN_HOURS} to {MAX_HOURS} ({MAX_HOURS // 24} days).",
        # One reason for every lifetime refused, the model's, saying what is allowed.
        error_messages=dict.fromkeys(
            ("required", "invalid", "min_value", "max_value"), LIFETIME_REFUSED
        ),
    )

    def __init__(self, *args, **kwargs):
        # On the story's page beside the story's own form: ids of their own.
        kwargs.setdefault("auto_id", "id_share_link_%s")
        super().__init__(*args, **kwargs)


class PreviewAdminMixin:
    """
    For the story's ModelAdmin: a Preview button on a story that is not live,
    for those the story policy lets preview it; the story's share links,
    listed read-only (who made each, when, until when, whether it still
    works); and, for editors, controls to make a link (its address shown
    once, in a message, as only its hash is kept) and to revoke one or all.
    Making and revoking are recorded in the story's admin log.
    """

    share_link_template = "admin/articles/article/share_link.html"

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/share-links/",
                self.admin_site.admin_view(self.make_share_link_view),
                name="{}_{}_share".format(*info),
            ),
            path(
                "<path:object_id>/share-links/revoke/",
                self.admin_site.admin_view(self.revoke_share_links_view),
                name="{}_{}_revoke_share_links".format(*info),
            ),
            path(
                "<path:object_id>/share-links/<int:link_id>/revoke/",
                self.admin_site.admin_view(self.revoke_share_links_view),
                name="{}_{}_revoke_share_link".format(*info),
            ),
            *super().get_urls(),
        ]

    def view_on_site(self, article):
        # "View on site" only where readers can: a story not live has Preview instead.
        return article.get_absolute_url() if article.is_live else None

    def _admin_url(self, name, *args):
        info = self.opts.app_label, self.opts.model_name
        return reverse(
            "{}:{}_{}_{}".format(self.admin_site.name, *info, name),
            args=[quote(arg) for arg in args],
            current_app=self.admin_site.name,
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The story's own page only: not a version being restored or a deleted story recovered.
        info = self.opts.app_label, self.opts.model_name
        match = request.resolver_match
        if obj is not None and match and match.url_name == "{}_{}_change".format(*info):
            context.update(self.preview_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def preview_context(self, request, article):
        """The Preview button's address and the share links, for the story's change form."""
        context = {}
        if not article.is_live and story_policy.user_has_permission_for_instance(
            request.user, "preview", article
        ):
            context["preview_url"] = reverse("articles:preview", args=[article.pk])
        may_share = story_policy.user_has_permission_for_instance(request.user, "share", article)
        links = list(article.share_links.select_related("created_by", "revoked_by"))
        context["share_links"] = [
            {
                "made_by": display_name(link.created_by) if link.created_by else "—",
                "made": when(link.created_at),
                "state": self.share_link_state(link),
                "revoke_url": (
                    self._admin_url("revoke_share_link", article.pk, link.pk)
                    if may_share and link.is_valid
                    else ""
                ),
            }
            for link in links
        ]
        context["may_share"] = may_share
        if may_share:
            context["share_link_form"] = ShareLinkForm()
            context["share_link_url"] = self._admin_url("share", article.pk)
            if any(link.is_valid for link in links):
                context["revoke_share_links_url"] = self._admin_url(
                    "revoke_share_links", article.pk
                )
        return context

    @staticmethod
    def share_link_state(link):
        """Whether a link still works, in words: until when, or since when and why not."""
        if link.is_revoked:
            by = f" by {display_name(link.revoked_by)}" if link.revoked_by else ""
            return f"Revoked {when(link.revoked_at)}{by}"
        if link.is_expired:
            return f"Expired {when(link.expires_at)}"
        return f"Works until {when(link.expires_at)}"

    def _story_to_share(self, request, object_id):
        """The story whose links an editor makes or revokes; refused to everyone else."""
        if not story_policy.user_has_permission(request.user, "share"):
            raise PermissionDenied
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such story.")
        if not story_policy.user_has_permission_for_instance(request.user, "share", article):
            raise PermissionDenied
        return article

    def make_share_link_view(self, request, object_id):
        """
        Make a share link (POST, with its lifetime in hours) and show its
        address once; a lifetime out of bounds shows the form again (400).
        """
        article = self._story_to_share(request, object_id)
        form = ShareLinkForm(request.POST or None)
        status = 200
        if request.method == "POST":
            if form.is_valid():
                try:
                    link, token = ShareLink.objects.make(
                        article, by=request.user, hours=form.cleaned_data["hours"]
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self._share_link_made(request, article, link, token)
                    return redirect(self._admin_url("change", article.pk))
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "form": form,
            "title": f"Share “{article}”",
        }
        return TemplateResponse(request, self.share_link_template, context, status=status)

    def _share_link_made(self, request, article, link, token):
        url = current_site(request).absolute(reverse("articles:shared-preview", args=[token]))
        until = when(link.expires_at)
        self.log_change(request, article, f"Made a share link working until {until}.")
        messages.success(
            request,
            format_html(
                "A share link to “{}” works until {}. Copy it now: it is not shown again. "
                '<a class="share-link-url" href="{}" rel="noreferrer">{}</a>',
                article,
                until,
                url,
                url,
            ),
        )

    def revoke_share_links_view(self, request, object_id, link_id=None):
        """Revoke one of the story's share links (POST), or all of them still working."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self._story_to_share(request, object_id)
        if link_id is None:
            count = article.share_links.revoke(by=request.user)
            if count:
                said = "1 share link" if count == 1 else f"{count} share links"
                self.log_change(request, article, f"Revoked {said}.")
                messages.success(request, f"Revoked {said} to “{article}”: they no longer work.")
            else:
                messages.info(request, f"No share link to “{article}” was still working.")
        else:
            link = article.share_links.filter(pk=link_id).first()
            if link is None:
                raise Http404("No such share link.")
            if link.revoke(by=request.user):
                made = f"made {when(link.created_at)}"
                self.log_change(request, article, f"Revoked the share link {made}.")
                messages.success(request, f"The share link {made} no longer works.")
            else:
                messages.info(request, "That share link had already stopped working.")
        return redirect(self._admin_url("change", article.pk))
