"""
The newsroom's two roles as auth groups, so that no one sets permissions by hand:

- Reporters write and edit stories, pictures, quotes and profiles, and submit
  stories for review; they cannot publish or delete.
- Editors may do everything with stories and profiles, including publishing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for label in APPS:
        app_config = apps.get_app_config(label)
        # A migration's app config is a stub without models_module, which
        # create_permissions() takes to mean "no models here".
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    reporters, _ = Group.objects.get_or_create(name="Reporters")
    for app_label, models in REPORTER_PERMISSIONS.items():
        for model, actions in models.items():
            reporters.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*Permission.objects.filter(content_type__app_label__in=APPS))


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
