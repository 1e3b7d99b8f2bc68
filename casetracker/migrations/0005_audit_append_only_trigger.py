"""On PostgreSQL, the database itself refuses UPDATE and DELETE of audit rows, so
neither a bug nor a raw SQL session of the application's role can rewrite history.
(TRUNCATE stays possible for the owner: test databases are flushed with it.)"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION casetracker_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit entries are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS casetracker_auditentry_append_only ON casetracker_auditentry;
CREATE TRIGGER casetracker_auditentry_append_only
    BEFORE UPDATE OR DELETE ON casetracker_auditentry
    FOR EACH ROW EXECUTE FUNCTION casetracker_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS casetracker_auditentry_append_only ON casetracker_auditentry;
DROP FUNCTION IF EXISTS casetracker_audit_append_only();
"""


def create_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("casetracker", "0004_audit_rows_protect_actor")]

    operations = [migrations.RunPython(create_trigger, drop_trigger, elidable=False)]
