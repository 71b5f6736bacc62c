"""
Who may do what with a story: the one permission policy that the admin
(``has_*_permission``, ``get_queryset``, actions, history, revisions), the
API's permission classes, ``Article.objects.visible_to()`` and the edit path
(``articles.editing``) all ask.

- Anyone, signed in or not, reads live stories.
- Reporters (``change_article`` without ``publish_article``) also read the
  stories they started, and change them and submit them for review only
  while they are not published. They never publish, schedule, unpublish,
  send back or delete, and set no publication time, embargo or expiry
  time, nor the byline.
- Editors (``publish_article``) read and change every story, publish,
  schedule, unpublish and send back; deleting needs ``delete_article``
  (editors have it) and restoring a deleted story needs both.
- Partners (``view_embargoed_article``: the Partners group, and editors)
  also read, through the API, the stories out to them under an embargo
  that still holds (``Article.objects.embargoed()``): never a draft, a
  scheduled or an expired story. The public pages stay live-only for them.
- A story that is not live is previewed (shown on its page template) by
  editors and by the reporter who started it; only editors share it with
  people outside the newsroom (share links).
- Superusers may do everything; inactive accounts nothing beyond reading
  what is live.
"""

from django.contrib.auth.models import Permission
from django.db import models

from newsroom.policies import ModelPermissionPolicy

from .models import Article

# The steps that only those who may publish take: they decide what readers see and when.
EDITORS_ACTIONS = (
    "publish",
    "unpublish",
    "schedule",
    "send_back",
    "byline",
    "front_page",
    "share",
)


class StoryPolicy(ModelPermissionPolicy):
    """The newsroom's rules for stories, by action (see the module's docstring)."""

    def __init__(self):
        super().__init__(Article)

    def user_has_permission(self, user, action):
        if action in EDITORS_ACTIONS:
            action = "publish"
        elif action in ("submit", "preview"):
            action = "change"
        elif action == "recover":
            return super().user_has_permission(user, "add") and super().user_has_permission(
                user, "publish"
            )
        return super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, article):
        if action == "view":
            return (
                article.is_live
                or self.is_editor(user)
                or self.owns(user, article)
                or (article.is_embargoed and self.user_has_permission(user, "view_embargoed"))
            )
        if action == "preview":
            return self.is_editor(user) or self.owns(user, article)
        if not self.user_has_permission(user, action):
            return False
        if action in ("change", "submit"):
            return self.is_editor(user) or (
                self.owns(user, article) and article.status != Article.Status.PUBLISHED
            )
        return True

    def instances_user_has_permission_for(self, user, action):
        if action in ("change", "submit"):
            stories = super().instances_user_has_permission_for(user, "change")
            if self.is_editor(user):
                return stories
            return stories.filter(created_by=user).exclude(status=Article.Status.PUBLISHED)
        if action != "view":
            return super().instances_user_has_permission_for(user, action)
        stories = Article.objects.all()
        if not (user and user.is_active):
            return stories.live()
        if user.is_superuser:
            return stories
        # The account's permissions are asked inside this one query, as
        # user.has_perm() reads them (directly or through its groups), so that
        # a public list costs no query of its own to check them.
        granted = Permission.objects.filter(
            models.Q(user=user) | models.Q(group__user=user),
            content_type__app_label=Article._meta.app_label,
        )
        return (
            stories.live()
            | stories.filter(models.Exists(granted.filter(codename="publish_article")))
            | stories.filter(
                models.Exists(granted.filter(codename="change_article")), created_by=user
            )
            | stories.embargoed().filter(
                models.Exists(granted.filter(codename="view_embargoed_article"))
            )
        )

    def is_editor(self, user):
        return self.user_has_permission(user, "publish")

    def owns(self, user, article):
        """Whether ``user`` started ``article`` and may still work on stories."""
        return (
            user is not None
            and user.is_authenticated
            and article.created_by_id == user.pk
            and super().user_has_permission(user, "change")
        )


story_policy = StoryPolicy()
