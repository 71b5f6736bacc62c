from django.db import migrations, models


class Migration(migrations.Migration):
    """The people list's order, by name, served from an index (Person.Meta.indexes)."""

    dependencies = [
        ("people", "0004_person_same_as"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["name"], name="person_name_idx"),
        ),
    ]
