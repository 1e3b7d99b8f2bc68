"""API list endpoints at the seeded tier: p50/p95 and queries per request, as the coordinator.

Called from bench/run.py (`make bench`); on its own:
`DATABASE_URL=... .venv/bin/python bench/api.py --tier S` measures what is seeded.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")
    import django

    django.setup()

from django.test import Client, override_settings  # noqa: E402

from bench.measure import Figure, http_ok, timed  # noqa: E402

LISTS = [
    ("API people, first page (50)", "/api/v1/people/"),
    ("API people, search Latin", "/api/v1/people/?search=Hernandez"),
    ("API people, search Cyrillic", "/api/v1/people/?search=Смирнов"),
    ("API cases, first page (50)", "/api/v1/cases/"),
    ("API cases, 100 rows", "/api/v1/cases/?page_size=100"),
    ("API cases, filtered stage", "/api/v1/cases/?stage=removal_proceedings"),
    ("API hearings, upcoming", "/api/v1/hearings/?upcoming=true"),
    ("API deadlines, open", "/api/v1/deadlines/?status=open"),
    ("API custody, still held", "/api/v1/custody/?open=true"),
    ("API passengers", "/api/v1/passengers/"),
    ("API flights (with legs)", "/api/v1/flights/"),
    ("API notes", "/api/v1/notes/"),
    ("API litigation", "/api/v1/litigation/"),
    ("API facilities", "/api/v1/facilities/"),
]


def next_page(client: Client, url: str) -> str | None:
    body = client.get(url).json()
    return body.get("next")


def measure(client: Client, runs: int, report=lambda name, figure: None) -> list[tuple[str, Figure]]:
    """(name, figure) for every list endpoint, plus the cases list three cursor pages in;
    `report` is called with each as soon as it is measured."""
    figures = []
    with override_settings(CT_API_THROTTLE_RATES={}):
        deep = "/api/v1/cases/"
        for _ in range(3):
            deep = next_page(client, deep) or deep
        for name, url in [*LISTS, ("API cases, 4th cursor page", deep)]:
            figures.append((name, timed(lambda url=url: client.get(url), runs, http_ok)))
            report(*figures[-1])
    return figures


def main() -> None:
    import argparse

    from casetracker import scale
    from casetracker.models import User

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default=os.environ.get("TIER", "S"), type=str.upper)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    client = Client()
    client.force_login(User.objects.get(email=scale.scale_coordinator_email(args.tier)))
    print(f"{'measurement':<40} {'p50 ms':>8} {'p95 ms':>8} {'qry':>4}")
    def report(name: str, figure: Figure) -> None:
        ours: dict[str, Any] = figure.as_dict()
        if figure.status != "ok":
            print(f"{name:<40} {figure.status}", flush=True)
        else:
            print(f"{name:<40} {ours['p50_ms']:>8.1f} {ours['p95_ms']:>8.1f} {ours['queries']:>4}", flush=True)

    measure(client, args.runs, report)


if __name__ == "__main__":
    main()


def run(client: Client, runs: int) -> list[dict]:
    """make bench (bench/README.md): p50/p95 of every list endpoint."""
    from bench.measure import row

    return [row(name, figure) for name, figure in measure(client, runs)]
