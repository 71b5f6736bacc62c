"""
The Admins group sees failed sign-ins and lockouts (django-axes's access
attempts and access failures) and lifts a lockout by deleting its access
attempts. The failures stay as a record: no one but a superuser deletes them.
"""

from django.db import migrations

from newsroom.groups import grant, revoke

LOCKOUT_PERMISSIONS = ("view_accessattempt", "delete_accessattempt", "view_accessfailurelog")


def grant_to_admins(apps, schema_editor):
    grant(apps, "Admins", "axes", LOCKOUT_PERMISSIONS)


def revoke_from_admins(apps, schema_editor):
    revoke(apps, "Admins", "axes", LOCKOUT_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_admins_group"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant_to_admins, revoke_from_admins)]
