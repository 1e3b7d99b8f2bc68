"""Load public code tables (EOIR lookup tables, ARTS detainee status codes); a second run changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casetracker import audit
from cases.importers.codes import import_code_file
from cases.importers.report import REJECTED


class Command(BaseCommand):
    help = "Import EOIR lookup tables (value, description, name, table) or ARTS status codes (Code, Status) as reference codes."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--show", type=int, default=20, help="How many rejected rows to list per file (default 20).")

    def handle(self, *args, files: list[Path], show: int, **options):
        for file in files:
            if not file.is_file():
                raise CommandError(f"No such file: {file}")
        for file in files:
            try:
                report = import_code_file(file)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
            audit.record("import", kind="codes", file=file.name, **dict(report.counts))
            rejected = [r for r in report.rows if r.outcome == REJECTED]
            for result in rejected[:show]:
                self.stdout.write(f"{file.name} row {result.row}: {result.outcome}: {result.reason}")
            if len(rejected) > show:
                self.stdout.write(f"... and {len(rejected) - show} more rejected rows")
            self.stdout.write(report.summary())
