"""
A profile that appears in a live story is the editors' to change: a
permission for people and one for organisations, granted to the Editors group
(``people.policies.ProfilePolicy`` asks for them). Reporters keep adding people
and changing those that no live story shows.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS_ONLY = ["change_public_person", "change_public_organisation"]


def grant_to_editors(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # group needs them now. A migration's app config is a stub without
    # models_module, which create_permissions() takes to mean "no models here".
    app_config = apps.get_app_config("people")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # The group is the one articles/migrations/0002 makes, whichever runs first.
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="people", codename__in=EDITORS_ONLY)
    )


def withdraw_from_editors(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Permission.objects.filter(content_type__app_label="people", codename__in=EDITORS_ONLY).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="organisation",
            options={
                "ordering": ["name"],
                "permissions": [
                    (
                        "change_public_organisation",
                        "Can change an organisation that appears in a live story",
                    )
                ],
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["name"],
                "permissions": [
                    ("change_public_person", "Can change a person who appears in a live story")
                ],
                "verbose_name_plural": "people",
            },
        ),
        migrations.RunPython(grant_to_editors, withdraw_from_editors),
    ]
