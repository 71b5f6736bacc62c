# The front page as editors arrange it: its lead and pinned stories, in order.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_editorial_note"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="FrontPage",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("arranged_at", models.DateTimeField(blank=True, editable=False, null=True)),
                (
                    "arranged_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "front page",
            },
        ),
        migrations.CreateModel(
            name="FrontPageSlot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        help_text="1 is the lead; the others follow in order.",
                        verbose_name="place",
                    ),
                ),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="front_page_slots",
                        to="articles.article",
                        verbose_name="story",
                    ),
                ),
                (
                    "front_page",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="slots",
                        to="articles.frontpage",
                    ),
                ),
            ],
            options={
                "verbose_name": "pinned story",
                "verbose_name_plural": "pinned stories",
                "ordering": ["front_page", "position"],
            },
        ),
        migrations.AddConstraint(
            model_name="frontpage",
            constraint=models.CheckConstraint(
                condition=models.Q(("id", 1)), name="one_front_page"
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpageslot",
            constraint=models.UniqueConstraint(
                fields=("front_page", "article"), name="unique_story_per_front_page"
            ),
        ),
        migrations.AddConstraint(
            model_name="frontpageslot",
            constraint=models.UniqueConstraint(
                fields=("front_page", "position"), name="unique_place_per_front_page"
            ),
        ),
    ]
