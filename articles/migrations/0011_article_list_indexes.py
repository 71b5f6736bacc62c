from django.db import migrations, models

from newsroom.migration_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    """
    The indexes the public lists read at archive scale (Article.Meta.indexes):
    newest first, site-wide and by section; the API's other orders; the next
    embargo to end and the next expiry.
    """

    dependencies = [
        ("articles", "0010_partners_group"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="article",
            index=models.Index(
                models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                include=("embargoed_until", "expires_at"),
                name="article_newest_idx",
            ),
        ),
        AddIndexOnPostgreSQL(
            model_name="article",
            index=models.Index(
                models.F("section"),
                models.OrderBy(models.F("published_at"), descending=True, nulls_last=True),
                models.OrderBy(models.F("id"), descending=True),
                condition=models.Q(("status", "published")),
                include=("embargoed_until", "expires_at"),
                name="article_section_newest_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["updated_at", "id"],
                include=("embargoed_until", "expires_at"),
                name="article_updated_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["headline", "id"],
                include=("embargoed_until", "expires_at"),
                name="article_headline_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("embargoed_until__isnull", False)),
                fields=["embargoed_until"],
                name="article_embargo_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                condition=models.Q(("expires_at__isnull", False)),
                fields=["expires_at"],
                name="article_expiry_idx",
            ),
        ),
    ]
