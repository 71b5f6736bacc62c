"""
The Admins group sees failed sign-ins and lockouts (django-axes's access
attempts and access failures) and lifts a lockout by deleting its access
attempts. The failures stay as a record: no one but a superuser deletes them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LOCKOUT_PERMISSIONS = ("view_accessattempt", "delete_accessattempt", "view_accessfailurelog")


def lockout_permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="axes", codename__in=LOCKOUT_PERMISSIONS
    )


def grant(apps, schema_editor):
    # As in 0001: the permissions are normally created after all migrations have run.
    app_config = apps.get_app_config("axes")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    admins, _ = apps.get_model("auth", "Group").objects.get_or_create(name="Admins")
    admins.permissions.add(*lockout_permissions(apps))


def revoke(apps, schema_editor):
    admins = apps.get_model("auth", "Group").objects.filter(name="Admins").first()
    if admins is not None:
        admins.permissions.remove(*lockout_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_admins_group"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
