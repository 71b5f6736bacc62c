"""
Who may do what with stories through the API: the newsroom's roles, as the
Reporters and Editors groups grant them (articles/migrations/0002) and as the
admin applies them.

- Anyone reads; what they see is ``Article.objects.visible_to(user)``: live
  stories, plus a reporter's own and, for editors, all of them.
- Starting a story needs ``articles.add_article`` (reporters, editors).
- Changing a story and submitting it for review need
  ``articles.change_article``; a reporter changes only stories they started
  and that are not published (a published story is the editors').
- Publishing, scheduling and unpublishing need ``articles.publish_article``.
- Deleting needs ``articles.delete_article`` (editors).
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from articles.models import Article


def may_change(user, article):
    """Whether ``user`` may edit ``article`` (or submit it for review)."""
    if not user.has_perm("articles.change_article"):
        return False
    if user.has_perm("articles.publish_article"):
        return True
    return article.created_by_id == user.pk and article.status != Article.Status.PUBLISHED


class StoryPermission(BasePermission):
    """The rules above, per action of ``ArticleViewSet``."""

    message = "Your newsroom role does not allow this."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if view.action == "create":
            return request.user.has_perm("articles.add_article")
        return True

    def has_object_permission(self, request, view, article):
        if request.method in SAFE_METHODS:
            return True
        user = request.user
        if view.action in ("publish", "unpublish"):
            return user.has_perm("articles.publish_article")
        if view.action == "destroy":
            return user.has_perm("articles.delete_article")
        return may_change(user, article)
