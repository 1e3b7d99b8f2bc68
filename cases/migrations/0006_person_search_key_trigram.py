"""Trigram index for name search (PostgreSQL only; a no-op on other databases).

Name search is `search_key LIKE '%token%'` (cases/admin.py PersonSearchMixin). A
B-tree cannot serve a pattern with a leading wildcard, so every search read all
people; a GIN index of trigrams can (pg_trgm's gin_trgm_ops supports LIKE).

Database-only: the index is not in the model state, so the model stays portable
and makemigrations stays quiet. Built CONCURRENTLY so a live database is not locked.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEX = "person_search_key_trgm"


def create_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX} ON cases_person USING gin (search_key gin_trgm_ops)"
    )


def drop_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY cannot run in a transaction

    dependencies = [
        ("cases", "0005_pfr_filed_and_longer_source_event"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_index, drop_index, elidable=False),
    ]
