"""Migration operations the apps' migrations share."""

from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """
    An index only PostgreSQL builds, for a list that reads it at archive
    scale: SQLite cannot order an index NULLS LAST nor carry columns in it
    (INCLUDE), and without them such an index would serve nothing; its
    lists are a development database's.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
