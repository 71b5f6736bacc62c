"""
The Partners group: API accounts of the partner sites and agencies that get
stories before their embargo ends (``articles.view_embargoed_article``, which
the story policy asks for). Editors, who see every story, hold it too.
"""

from django.db import migrations

from newsroom.groups import grant, revoke

EMBARGOED = ["view_embargoed_article"]


def create_partners(apps, schema_editor):
    grant(apps, "Partners", "articles", EMBARGOED)
    grant(apps, "Editors", "articles", EMBARGOED)


def remove_partners(apps, schema_editor):
    revoke(apps, "Editors", "articles", EMBARGOED)
    apps.get_model("auth", "Group").objects.filter(name="Partners").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_story_life"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_partners, remove_partners)]
