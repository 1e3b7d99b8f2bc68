"""Load the demo organizations, users and synthetic caseload (DESIGN.md, Fixed points → Demo data)."""

import time

from django.core.management.base import BaseCommand, CommandError

from casetracker import demo


class Command(BaseCommand):
    help = (
        "Create the demo organizations, users and a synthetic caseload. Does nothing if the demo "
        "organization already exists; loads the reference data first if it is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only when the demo data is absent (the default behaviour; accepted for make run).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            counts = demo.seed(stdout=self.stdout)
        except demo.ReferenceDataMissing as exc:
            raise CommandError(str(exc)) from exc
        if counts is None:
            self.stdout.write(f"Demo data already present ({demo.DEMO_ORG.name} exists): nothing to do.")
            return
        for name, count in counts.items():
            self.stdout.write(f"{name:>20}  {count}")
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {time.monotonic() - started:.1f}s."))
        emails = ", ".join(user.email for user in (*demo.DEMO_USERS, *demo.OTHER_USERS, demo.ADMIN))
        self.stdout.write(f"Log in as {emails} with the password in CT_DEMO_PASSWORD.")
