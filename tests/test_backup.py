"""Backup and restore round trip: pg_dump -Fc of the database, pg_restore into a fresh
one, and every table comes back with the same rows (counts and checksums)."""

import os
from contextlib import closing
import subprocess
from datetime import date

import psycopg2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from casetracker import audit
from casetracker.models import AuditEntry
from cases import services
from detentions import services as detention_services

from .factories import FacilityFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

TABLES = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


def fingerprint(dsn: dict) -> dict[str, tuple[int, str]]:
    """Row count and md5 of every row's text, in a fixed order, per table."""
    with closing(psycopg2.connect(**dsn)) as db, db.cursor() as cursor:
        cursor.execute(TABLES)
        tables = [name for (name,) in cursor.fetchall()]
        result = {}
        for table in tables:
            cursor.execute(
                f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY t::text), \'\')) FROM "{table}" t'
            )
            result[table] = cursor.fetchone()
    return result


def pg_env(settings: dict) -> dict[str, str]:
    env = {**os.environ, "PGHOST": settings["HOST"] or "127.0.0.1", "PGPORT": str(settings["PORT"] or 5432)}
    env["PGUSER"] = settings["USER"] or "postgres"
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return env


def dsn(settings: dict, name: str) -> dict:
    return {
        "dbname": name,
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"] or "postgres",
        "password": settings.get("PASSWORD") or None,
    }


@pytest.fixture
def data(case, other_case, advocate, coordinator):
    stay = detention_services.custody_book_in(person=case.person, facility=FacilityFactory(), on=date(2026, 1, 5), by=advocate)
    detention_services.custody_transfer(person=case.person, to_facility=FacilityFactory(), on=date(2026, 3, 1), by=advocate)
    services.case_update(case=case, version=case.version, by=advocate, judge="Judge Лебедева")  # non-ASCII survives
    services.note_add(case=case, by=advocate, body="Позвонили семье.")
    upload = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 backup\n", content_type="application/pdf")
    services.document_add(case=case, by=advocate, upload=upload, title="Letter")
    audit.record(AuditEntry.Action.VIEW, actor=coordinator, obj=case)
    return stay


def test_pg_dump_and_pg_restore_round_trip_keeps_every_row(data, tmp_path):
    settings = connection.settings_dict
    env = pg_env(settings)
    source = settings["NAME"]
    target = f"{source}_restored"
    dump = tmp_path / "casetracker.dump"

    subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), source], env=env, check=True)
    subprocess.run(["dropdb", "--if-exists", target], env=env, check=True)
    subprocess.run(["createdb", target], env=env, check=True)
    try:
        restored = subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", target, str(dump)], env=env, capture_output=True
        )
        assert restored.returncode == 0, restored.stderr.decode()

        before, after = fingerprint(dsn(settings, source)), fingerprint(dsn(settings, target))
        assert before["cases_case"][0] >= 2 and before["casetracker_auditentry"][0] >= 1
        assert before["cases_historicalcase"][0] >= 1  # the change history comes back too
        assert after == before

        # The append-only trigger is part of the schema that comes back.
        with closing(psycopg2.connect(**dsn(settings, target))) as db, db.cursor() as cursor:
            with pytest.raises(psycopg2.Error, match="append-only"):
                cursor.execute("DELETE FROM casetracker_auditentry")
    finally:
        subprocess.run(["dropdb", "--if-exists", target], env=env, check=True)
