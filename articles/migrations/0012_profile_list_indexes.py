from django.db import migrations, models

from newsroom.migration_operations import AddIndexOnPostgreSQL


class Migration(migrations.Migration):
    """
    The indexes a profile's latest few stories, bylines, quotes and pictures
    are read through (``people.models.newest_few()``): each person's keys,
    person first, and each story's live columns by key, so the few are
    chosen from the indexes alone before any full row is read.

    The byline and pictured-people tables are Django's own (many-to-many
    fields without a ``through`` model), which no ``Meta.indexes`` can
    reach: their indexes are made in SQL that SQLite and PostgreSQL both
    take, and Django's state does not know them.
    """

    dependencies = [
        ("articles", "0011_article_list_indexes"),
        ("people", "0005_person_name_index"),
    ]

    operations = [
        AddIndexOnPostgreSQL(
            model_name="article",
            index=models.Index(
                condition=models.Q(("status", "published")),
                fields=["id"],
                include=("published_at", "embargoed_until", "expires_at"),
                name="article_live_by_id_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="articleperson",
            index=models.Index(fields=["person", "article"], name="articleperson_person_idx"),
        ),
        migrations.AddIndex(
            model_name="quote",
            index=models.Index(
                fields=["speaker", "article"], include=("id",), name="quote_speaker_idx"
            ),
        ),
        migrations.RunSQL(
            "CREATE INDEX article_authors_person_idx "
            "ON articles_article_authors (person_id, article_id)",
            reverse_sql="DROP INDEX article_authors_person_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX caption_people_person_idx "
            "ON articles_caption_people (person_id, caption_id)",
            reverse_sql="DROP INDEX caption_people_person_idx",
        ),
    ]
