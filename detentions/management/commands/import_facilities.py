"""Merge public ICE facility files (UWCHR .psv, ICE .xlsx lists, field-office .csv) into the facilities."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casetracker import audit
from cases.importers.report import IMPORTED, UNCHANGED
from detentions.importers import import_facility_file


class Command(BaseCommand):
    help = "Merge ICE facility files by facility code (newest data wins; conflicts and rejections reported)."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--verbose-rows", action="store_true", help="List every row, not only merges and rejections.")

    def handle(self, *args, files: list[Path], verbose_rows: bool, **options):
        for file in files:
            if not file.is_file():
                raise CommandError(f"No such file: {file}")
        for file in files:
            try:
                report = import_facility_file(file)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            audit.record("import", kind="facilities", file=file.name, **dict(report.counts))
            for result in report.rows:
                if verbose_rows or result.outcome not in (IMPORTED, UNCHANGED):
                    self.stdout.write(f"{file.name} row {result.row}: {result.outcome} {result.label}: {result.reason}")
            self.stdout.write(report.summary())
