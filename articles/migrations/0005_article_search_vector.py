"""
The article's weighted full-text search vector, its GIN index and its first
filling.

The column is added on every database (SQLite takes any column type and
leaves it empty), but the GIN index and the vectors exist only on PostgreSQL:
SQLite cannot run ``CREATE INDEX … USING gin``, which is why the index is not
in ``Article.Meta.indexes`` but made here by a RunPython that asks the
connection's vendor. The filling repeats ``articles.search.search_vector()``
on the historical models, so later changes to that code cannot change what
this migration does.
"""

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import migrations
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Coalesce

INDEX = GinIndex(fields=["search_vector"], name="article_search_vector_idx")


def joined(parts, field, order_by):
    return Coalesce(
        Subquery(
            parts.filter(article=OuterRef("pk"))
            .order_by()
            .values("article")
            .annotate(joined=StringAgg(field, "\n", order_by=order_by))
            .values("joined")
        ),
        Value(""),
        output_field=TextField(),
    )


def index_and_fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Article = apps.get_model("articles", "Article")
    Block = apps.get_model("articles", "Block")
    Caption = apps.get_model("articles", "Caption")
    Quote = apps.get_model("articles", "Quote")
    schema_editor.add_index(Article, INDEX)
    body = joined(Block.objects.filter(kind__in=["paragraph", "subheading"]), "text", "position")
    Article.objects.using(schema_editor.connection.alias).update(
        search_vector=SearchVector("headline", weight="A", config="english")
        + SearchVector("standfirst", weight="B", config="english")
        + SearchVector(
            body, joined(Quote.objects.all(), "text", "pk"), weight="C", config="english"
        )
        + SearchVector(
            joined(Caption.objects.all(), "caption", "pk"), weight="D", config="english"
        )
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.remove_index(apps.get_model("articles", "Article"), INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_article_created_by"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=SearchVectorField(
                editable=False,
                help_text="The story's words, weighted for PostgreSQL's full-text search; kept current by articles.search. Always empty on other databases.",
                null=True,
            ),
        ),
        migrations.RunPython(index_and_fill, drop_index, elidable=False),
    ]
