"""
The newsroom's two roles as auth groups, so that no one sets permissions by hand:

- Reporters write and edit stories, pictures, quotes and profiles, and submit
  stories for review; they cannot publish or delete.
- Editors may do everything with stories and profiles, including publishing.
"""

from django.db import migrations

from newsroom.groups import grant

APPS = ("people", "articles")
REPORTER_PERMISSIONS = {
    "people": {
        "person": ("add", "change", "view"),
        "organisation": ("add", "change", "view"),
        "timelineentry": ("add", "change", "delete", "view"),
    },
    "articles": {
        "article": ("add", "change", "view"),
        "articleperson": ("add", "change", "delete", "view"),
        "block": ("add", "change", "delete", "view"),
        "caption": ("add", "change", "delete", "view"),
        "quote": ("add", "change", "delete", "view"),
        "correction": ("view",),
        "section": ("view",),
        "tag": ("add", "view"),
    },
}


def create_groups(apps, schema_editor):
    for app_label, models in REPORTER_PERMISSIONS.items():
        codenames = [
            f"{action}_{model}" for model, actions in models.items() for action in actions
        ]
        grant(apps, "Reporters", app_label, codenames)
    for app_label in APPS:
        grant(apps, "Editors", app_label)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Reporters", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("people", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
