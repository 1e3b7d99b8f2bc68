"""Load or refresh the reference tables: countries, languages, immigration courts, facilities, airports.

Idempotent: a second run creates and updates nothing and says so.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.reference import COURTS_FILE, default_data_dir, load_all
from detentions.reference import FACILITIES_FILE


class Command(BaseCommand):
    help = "Load countries, languages, immigration courts, ICE facilities and airports (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=f"Directory holding {FACILITIES_FILE} and {COURTS_FILE} (default: {default_data_dir()}).",
        )

    def handle(self, *args, data_dir: Path | None = None, **options):
        data_dir = data_dir or default_data_dir()
        missing = [name for name in (FACILITIES_FILE, COURTS_FILE) if not (data_dir / name).is_file()]
        if missing:
            raise CommandError(f"Missing in {data_dir}: {', '.join(missing)}")
        started = time.monotonic()
        results = load_all(data_dir)
        elapsed = time.monotonic() - started
        width = max(len(r.table) for r in results)
        self.stdout.write(f"{'table':<{width}}  {'created':>7}  {'updated':>7}  {'unchanged':>9}")
        for r in results:
            self.stdout.write(f"{r.table:<{width}}  {r.created:>7}  {r.updated:>7}  {r.unchanged:>9}")
        if any(r.changed for r in results):
            created = sum(r.created for r in results)
            updated = sum(r.updated for r in results)
            self.stdout.write(
                self.style.SUCCESS(f"Reference data loaded: {created} created, {updated} updated ({elapsed:.1f}s).")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"Reference data already up to date: nothing changed ({elapsed:.1f}s)."))
