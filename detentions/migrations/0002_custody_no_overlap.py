"""On PostgreSQL, forbid overlapping custody stays of one person in the database.

SQLite cannot hold this constraint; there Custody.clean() and the custody services
check for overlaps in Python.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CREATE = """
ALTER TABLE detentions_custody ADD CONSTRAINT custody_no_overlap
EXCLUDE USING gist (
    person_id WITH =,
    daterange(booked_in_on, released_on, '[)') WITH &&
)
"""
DROP = "ALTER TABLE detentions_custody DROP CONSTRAINT IF EXISTS custody_no_overlap"


def postgres_only(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("detentions", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(postgres_only(CREATE), postgres_only(DROP)),
    ]
