"""
The Admins group: its members add accounts, change them (deactivating one is
a change) and see them. Which groups they may hand out, and that they never
make a superuser, is the account policy's (accounts/policies.py).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINS_PERMISSIONS = ("add_user", "change_user", "view_user")


def create_admins(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the group needs them now.
    app_config = apps.get_app_config("auth")
    # A migration's app config is a stub without models_module, which
    # create_permissions() takes to mean "no models here".
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    admins, _ = Group.objects.get_or_create(name="Admins")
    admins.permissions.add(
        *Permission.objects.filter(content_type__app_label="auth", codename__in=ADMINS_PERMISSIONS)
    )


def remove_admins(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Admins").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_admins, remove_admins)]
