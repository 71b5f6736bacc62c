"""
The Admins group: its members add accounts, change them (deactivating one is
a change) and see them. Which groups they may hand out, and that they never
make a superuser, is the account policy's (accounts/policies.py).
"""

from django.db import migrations

from newsroom.groups import grant

ADMINS_PERMISSIONS = ("add_user", "change_user", "view_user")


def create_admins(apps, schema_editor):
    grant(apps, "Admins", "auth", ADMINS_PERMISSIONS)


def remove_admins(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Admins").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_admins, remove_admins)]
