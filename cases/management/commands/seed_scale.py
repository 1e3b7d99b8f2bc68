"""Load a national-scale synthetic caseload for benchmarks (see casetracker/scale.py)."""

import argparse
import time

from django.core.management.base import BaseCommand, CommandError

from casetracker import scale


class Command(BaseCommand):
    help = (
        "Load tier S (~50k cases), M (~500k) or L (~4M cases, 12M hearings) of synthetic data into its own "
        "organization. Does nothing if that tier is already loaded. Uses COPY on PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(scale.TIERS), required=True, type=str.upper)
        # For tests: the tier's organization with only this many cases.
        parser.add_argument("--cases", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--seed", type=int, default=2025, help=argparse.SUPPRESS)

    def handle(self, *args, tier: str, cases: int | None, seed: int, **options):
        if cases is not None and cases < 1:
            raise CommandError("--cases must be at least 1.")
        started = time.monotonic()
        try:
            counts = scale.seed(tier, cases=cases, seed_value=seed, out=self.stdout if options["verbosity"] > 1 else None)
        except scale.ReferenceDataMissing as exc:
            raise CommandError(str(exc)) from exc
        if counts is None:
            self.stdout.write(f"Tier {tier} is already seeded ({scale.scale_org_name(tier)} exists): nothing to do.")
            return
        elapsed = time.monotonic() - started
        for name, count in counts.items():
            self.stdout.write(f"{name:>20}  {count}")
        self.stdout.write(self.style.SUCCESS(f"Tier {tier} seeded in {elapsed:.1f}s."))
        self.stdout.write(f"Log in as {scale.scale_coordinator_email(tier)} with the password in CT_DEMO_PASSWORD.")
