"""
A profile that appears in a live story is the editors' to change: a
permission for people and one for organisations, granted to the Editors group
(``people.policies.ProfilePolicy`` asks for them). Reporters keep adding people
and changing those that no live story shows.
"""

from django.db import migrations

from newsroom.groups import app_permissions, grant

EDITORS_ONLY = ["change_public_person", "change_public_organisation"]


def grant_to_editors(apps, schema_editor):
    # The group is the one articles/migrations/0002 makes, whichever runs first.
    grant(apps, "Editors", "people", EDITORS_ONLY)


def withdraw_from_editors(apps, schema_editor):
    app_permissions(apps, "people", EDITORS_ONLY).delete()


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
