"""
Who may change people's profiles and organisations: the permissions the
newsroom's groups grant (reporters add and change them, editors also delete),
asked by the admin as the story policy is (``newsroom.policies``), narrowed by
one rule: a profile that appears in a live story is the editors'.
"""

from newsroom.policies import ModelPermissionPolicy

from .models import Organisation, Person


class ProfilePolicy(ModelPermissionPolicy):
    """
    A person or organisation that a live story reaches (``objects.public()``)
    is shown to readers at once on its profile and in live stories' sidebars,
    so changing or deleting it takes the ``change_public_<model>`` permission
    that only editors hold. Anyone who may add profiles may add one, and
    change or delete (as far as their group allows) one that no live story
    shows yet.
    """

    GUARDED = ("change", "delete")

    def public_permission_name(self):
        opts = self.model._meta
        return f"{opts.app_label}.change_public_{opts.model_name}"

    def user_may_change_public(self, user):
        return bool(user and user.is_active and user.has_perm(self.public_permission_name()))

    def is_public(self, instance):
        """
        Whether a live story reaches ``instance``, so readers see it: read from
        ``with_live_flag()`` when the instance was loaded with it (the admin
        asks many times a page), asked of ``objects.public()`` otherwise.
        """
        known = getattr(instance, "in_live_story", None)
        if known is not None:
            return known
        return self.model.objects.public().filter(pk=instance.pk).exists()

    def user_has_permission_for_instance(self, user, action, instance):
        if not super().user_has_permission_for_instance(user, action, instance):
            return False
        if action not in self.GUARDED or instance.pk is None:
            return True
        return self.user_may_change_public(user) or not self.is_public(instance)

    def instances_user_has_permission_for(self, user, action):
        instances = super().instances_user_has_permission_for(user, action)
        if action in self.GUARDED and not self.user_may_change_public(user):
            instances = instances.exclude(pk__in=self.model.objects.public().values("pk"))
        return instances


person_policy = ProfilePolicy(Person)
organisation_policy = ProfilePolicy(Organisation)
