"""Load ICE Air (ARTS) flight legs as flights; a second run changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from casetracker import audit
from detentions.importers import import_ice_air, import_ice_air_airports


class Command(BaseCommand):
    help = "Import an ICE Air legs CSV (MissionDate, R-T, PULOC, DropLoc, AlienMasterID) as flights, or check its airports .yaml."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--show", type=int, default=20, help="How many not-imported rows to list (default 20).")

    def handle(self, *args, file: Path, show: int, **options):
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        # UWCHR's airport list (.yaml) is checked against the airports table; a CSV holds the legs.
        report = import_ice_air_airports(file) if file.suffix in {".yaml", ".yml"} else import_ice_air(file)
        audit.record("import", kind="ice_air", file=file.name, **dict(report.counts))
        for result in report.rows[:show]:
            self.stdout.write(f"row {result.row}: {result.outcome}: {result.reason}")
        if len(report.rows) > show:
            self.stdout.write(f"... and {len(report.rows) - show} more rows not imported")
        self.stdout.write(report.summary())
