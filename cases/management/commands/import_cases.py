"""Import people, cases and custody from a CSV or XLSX spreadsheet (`--dry-run` writes nothing)."""

from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from casetracker.models import Organization, User
from cases.importers.columns import FIELDS, MappingError, load_mapping_file
from cases.importers.reader import SheetError
from cases.importers.services import import_cases_file


class Command(BaseCommand):
    help = "Import a spreadsheet of people, cases and custody into an organization, reporting every row."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--organization", "-o", required=True, help="Organization slug or id.")
        parser.add_argument("--user", help="Email of the coordinator the import is recorded for.")
        parser.add_argument("--dry-run", action="store_true", help="Report what each row would do; write nothing.")
        parser.add_argument("--mapping", type=Path, help='JSON file {"column header": "field"} over the detected one.')
        parser.add_argument("--map", action="append", default=[], metavar="HEADER=FIELD",
                            help=f"Map one column (repeatable; FIELD empty to ignore it). Fields: {', '.join(FIELDS)}")  # fmt: skip
        parser.add_argument("--sheet", help="Worksheet name (XLSX; default the first).")

    def handle(self, *args, **options):
        file: Path = options["file"]
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        organization = self._organization(options["organization"])
        user = User.objects.filter(email__iexact=options["user"]).first() if options["user"] else None
        if options["user"] and user is None:
            raise CommandError(f"No user {options['user']}")
        try:
            overrides = load_mapping_file(options["mapping"]) if options["mapping"] else {}
            for item in options["map"]:
                header, sep, field = item.rpartition("=")
                if not sep:
                    raise MappingError(f"--map takes HEADER=FIELD, not {item!r}")
                overrides[header] = field
            sheet, mapping, report = import_cases_file(
                file, organization=organization, by=user, overrides=overrides,
                dry_run=options["dry_run"], sheet_name=options["sheet"],
            )  # fmt: skip
        except (MappingError, SheetError, ValueError, PermissionDenied) as exc:
            raise CommandError(str(exc)) from exc
        for index, field in sorted(mapping.items()):
            self.stdout.write(f"column {index + 1} {sheet.headers[index]!r} → {field}")
        for result in report.rows:
            where = f" {result.label}" if result.label else ""
            self.stdout.write(f"row {result.row}: {result.outcome}{where}{': ' + result.reason if result.reason else ''}")
        prefix = "DRY RUN, nothing written. " if options["dry_run"] else ""
        self.stdout.write(prefix + report.summary().replace("spreadsheet", file.name))

    def _organization(self, value: str) -> Organization:
        org = Organization.objects.filter(slug=value).first()
        if org is None and value.isdigit():
            org = Organization.objects.filter(pk=int(value)).first()
        if org is None:
            raise CommandError(f"No organization {value!r} (give its slug or id)")
        return org
