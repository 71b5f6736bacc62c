"""
The newsroom's groups get their permissions from data migrations, so that no
one sets them by hand. Django creates permissions only after every migration
has run; a migration that hands them to a group needs them at once.
"""

from django.contrib.auth.management import create_permissions


def create_app_permissions(apps, app_label):
    """Create ``app_label``'s permissions now, as they stand at this migration."""
    app_config = apps.get_app_config(app_label)
    # A migration's app config is a stub without models_module, which
    # create_permissions() takes to mean "no models here".
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def app_permissions(apps, app_label, codenames=None):
    """``app_label``'s permissions named ``codenames`` (all of them when None)."""
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label=app_label
    )
    return permissions if codenames is None else permissions.filter(codename__in=codenames)


def grant(apps, group_name, app_label, codenames=None):
    """Give the group ``group_name`` (made if missing) permissions of ``app_label``."""
    create_app_permissions(apps, app_label)
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=group_name)
    group.permissions.add(*app_permissions(apps, app_label, codenames))
    return group


def revoke(apps, group_name, app_label, codenames=None):
    """Take the permissions ``grant()`` gave back from the group, if it is still there."""
    group = apps.get_model("auth", "Group").objects.filter(name=group_name).first()
    if group is not None:
        group.permissions.remove(*app_permissions(apps, app_label, codenames))
