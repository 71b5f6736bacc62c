"""
Who may do what with stories through the API: what the story policy
(``articles.policies.story_policy``) says, per action of ``ArticleViewSet``.
What a caller may read at all is ``Article.objects.visible_to(user)``, the
same policy's answer.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from articles.policies import story_policy

# The policy's name for each of the viewset's writing actions.
POLICY_ACTIONS = {
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "submit": "submit",
    "publish": "publish",
    "unpublish": "unpublish",
    "send_back": "send_back",
    "destroy": "delete",
}


class StoryPermission(BasePermission):
    """Reading is open (to what the caller may see); writing is the policy's."""

    message = "Your newsroom role does not allow this."
    # For the API schema (newsroom.openapi): a read needs no account.
    reads_need_no_account = True

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        if view.action == "create":
            return story_policy.user_has_permission(request.user, "add")
        return True

    def has_object_permission(self, request, view, article):
        if request.method in SAFE_METHODS:
            return True
        return story_policy.user_has_permission_for_instance(
            request.user, POLICY_ACTIONS.get(view.action, "change"), article
        )
