"""
The newsroom's admin site: Django's, with the newsroom's day on its home
page. Installed as the default admin site (``newsroom.apps.NewsroomAdminConfig``),
so every app's ``admin.py`` registers on it as usual.
"""

from dataclasses import dataclass, field

from django.contrib import admin
from django.db.models import F
from django.urls import reverse
from django.utils.http import urlencode

from articles.models import Article, Caption


@dataclass(frozen=True)
class Desk:
    """
    One of the newsroom's lists on the admin home: its first few entries,
    and the admin's list of all of them, filtered the same way.
    """

    title: str
    url: str
    empty: str
    entries: list = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """A story or picture on a desk: what it is, where to open it, and when it got there."""

    title: str
    url: str
    note: str
    when: object = None


class NewsroomAdminSite(admin.AdminSite):
    """
    Where the newsroom works. Its home page starts with the day's desks: the
    stories in review (oldest first), the scheduled ones (next first), the
    signed-in reporter's drafts, what went live lately, and the pictures
    still missing alt text; each lists the first few its user may see (the
    story policy's ``visible_to``) and links to the whole filtered list.
    """

    site_header = "Newsroom"
    site_title = "Newsroom admin"
    index_title = "The newsroom"
    index_template = "admin/newsroom_index.html"

    # How many entries a desk shows on the home page; its list has the rest.
    DESK_LENGTH = 5

    def index(self, request, extra_context=None):
        context = {"newsroom_day": self.newsroom_day(request), **(extra_context or {})}
        return super().index(request, context)

    def newsroom_day(self, request):
        """The desks this user may see, in the order of a story's day; a query each."""
        desks = []
        story_admin, picture_admin = self._registry.get(Article), self._registry.get(Caption)
        if story_admin and story_admin.has_view_or_change_permission(request):
            stories = Article.objects.visible_to(request.user).select_related("section")
            desks += self.story_desks(request, stories)
        if picture_admin and picture_admin.has_view_or_change_permission(request):
            desks.append(self.missing_alt_text_desk(request, picture_admin))
        return desks

    def story_desks(self, request, stories):
        length = self.DESK_LENGTH
        return [
            self.story_desk(
                "In review",
                {"state": Article.Status.IN_REVIEW},
                "Nothing is waiting for an editor.",
                stories.filter(status=Article.Status.IN_REVIEW).order_by(
                    F("status_changed_at").asc(nulls_first=True), "pk"
                )[:length],
                lambda story: ("in review since", story.status_changed_at or story.updated_at),
            ),
            self.story_desk(
                "Scheduled",
                {"state": "scheduled"},
                "No story is scheduled.",
                stories.scheduled().ordered_by_going_live()[:length],
                lambda story: ("goes live", story.live_from),
            ),
            self.story_desk(
                "My drafts",
                {"state": Article.Status.DRAFT, "created_by__id__exact": request.user.pk},
                "You have no drafts.",
                stories.filter(status=Article.Status.DRAFT, created_by=request.user).order_by(
                    "-updated_at", "-pk"
                )[:length],
                lambda story: ("last edited", story.updated_at),
            ),
            self.story_desk(
                "Recently published",
                {"state": "live"},
                "Nothing is live yet.",
                stories.live().order_by("-published_at", "-pk")[:length],
                lambda story: ("live since", story.published_at),
            ),
        ]

    def story_desk(self, title, filters, empty, stories, when):
        return Desk(
            title=title,
            url=f"{self.admin_url(Article, 'changelist')}?{urlencode(filters)}",
            empty=empty,
            entries=[
                Entry(
                    str(story),
                    self.admin_url(Article, "change", story.pk),
                    *when(story),
                )
                for story in stories
            ],
        )

    def missing_alt_text_desk(self, request, picture_admin):
        # The picture list's own filter, so the desk and the list it links to agree.
        from articles.admin import AltTextFilter

        filters = {AltTextFilter.parameter_name: "missing"}
        missing = AltTextFilter(
            request, {name: [value] for name, value in filters.items()}, Caption, picture_admin
        )
        pictures = missing.queryset(
            request,
            Caption.objects.filter(article__in=Article.objects.visible_to(request.user)),
        )
        return Desk(
            title="Pictures missing alt text",
            url=f"{self.admin_url(Caption, 'changelist')}?{urlencode(filters)}",
            empty="Every picture has its alt text.",
            entries=[
                Entry(
                    str(picture) or "A picture without a caption",
                    self.admin_url(Caption, "change", picture.pk),
                    f"in “{picture.article}”",
                )
                for picture in pictures.select_related("article").order_by("-pk")[
                    : self.DESK_LENGTH
                ]
            ],
        )

    def admin_url(self, model, page, *args):
        opts = model._meta
        return reverse(f"{self.name}:{opts.app_label}_{opts.model_name}_{page}", args=args)
