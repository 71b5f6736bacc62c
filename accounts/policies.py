"""
Who may manage the newsroom's accounts: the one policy the user admin asks.

- Admins (``add_user``/``change_user``, the Admins group of
  ``accounts/migrations/0001``) add accounts, deactivate them and put them in
  the newsroom's groups (Reporters, Editors, Admins), and nothing more: they
  neither make a superuser nor give an account a permission of its own, and
  they cannot change a superuser's account (its password included).
- Superusers may do everything.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from newsroom.policies import ModelPermissionPolicy

# The roles an Admin hands out; their permissions are set by migrations
# (articles/migrations/0002 and accounts/migrations/0001), never by hand.
NEWSROOM_GROUPS = ("Reporters", "Editors", "Admins")


class AccountPolicy(ModelPermissionPolicy):
    """The rules for accounts (see the module's docstring)."""

    def __init__(self):
        super().__init__(get_user_model())

    def user_has_permission_for_instance(self, user, action, account):
        if account.is_superuser and not (user and user.is_superuser):
            return action == "view" and self.user_has_permission(user, action)
        return self.user_has_permission(user, action)

    def may_grant_anything(self, user):
        """Whether ``user`` may make superusers and give accounts permissions of their own."""
        return bool(user and user.is_active and user.is_superuser)

    def assignable_groups(self, user):
        """The groups ``user`` may put an account in."""
        if self.may_grant_anything(user):
            return Group.objects.all()
        return Group.objects.filter(name__in=NEWSROOM_GROUPS)


account_policy = AccountPolicy()
