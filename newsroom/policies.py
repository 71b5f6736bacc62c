"""
Permission policies: one object per kind of record that answers "may this
account do this?", asked by the admin, the API and every loader alike, after
Wagtail's ``wagtail/permission_policies/base.py``.

The answers start from the permissions that the newsroom's groups grant
(Reporters, Editors: ``articles/migrations/0002``); a policy may narrow them
per record (a reporter changes only the drafts they started).
"""


class ModelPermissionPolicy:
    """
    Who may ``add``, ``view``, ``change`` and ``delete`` records of ``model``:
    exactly the Django permissions of those names, for active accounts.
    """

    def __init__(self, model):
        self.model = model

    def permission_name(self, action):
        opts = self.model._meta
        return f"{opts.app_label}.{action}_{opts.model_name}"

    def user_has_permission(self, user, action):
        """Whether ``user`` may do ``action`` to records of this kind in general."""
        return bool(user and user.is_active and user.has_perm(self.permission_name(action)))

    def user_has_permission_for_instance(self, user, action, instance):
        """Whether ``user`` may do ``action`` to this one record."""
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        """The records ``user`` may do ``action`` to."""
        if self.user_has_permission(user, action):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class PolicyAdminMixin:
    """
    A ModelAdmin whose ``has_*_permission`` answers are its ``policy``'s, so
    that the admin asks the same rules as the API and the loaders.
    """

    policy = None

    def has_add_permission(self, request, *args):
        return self.policy.user_has_permission(request.user, "add")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, "view", obj) or self._allowed(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, "delete", obj)

    def _allowed(self, request, action, obj):
        if obj is None:
            return self.policy.user_has_permission(request.user, action)
        return self.policy.user_has_permission_for_instance(request.user, action, obj)
