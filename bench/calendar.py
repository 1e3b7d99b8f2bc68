"""Calendar figures: the month view's events endpoint and the iCal feeds, at a seeded tier.

    DATABASE_URL=postgres://... python bench/calendar.py --tier S [--runs 20]

`make bench` includes these rows in its table (bench/run.py calls rows()). Each figure
goes through the Django test client, as the page or a calendar client would:

- month view (/calendar/events.json for this month) as the tier's coordinator (the whole
  organization: the endpoint stops at MAX_EVENTS and says so), filtered to one court,
  and as a lawyer on their own cases (attorney=me);
- a lawyer's private feed as it is served (60 days back to 18 months ahead), and a
  busy lawyer's feed holding about a year of hearings: the lawyer is put on enough cases
  for ~800 hearings in the window, inside a transaction that is rolled back afterwards,
  as are the feed's own writes (last used, audit row).
"""

from __future__ import annotations

import sys

if __name__ == "calendar":
    # A script in bench/ was run, so bench/ is on sys.path and this file was found for the
    # standard library's `calendar` (Django's dateformat imports it): hand over the real one.
    import importlib.util
    import sysconfig

    _spec = importlib.util.spec_from_file_location("calendar", sysconfig.get_paths()["stdlib"] + "/calendar.py")
    _real = importlib.util.module_from_spec(_spec)
    sys.modules["calendar"] = _real
    _spec.loader.exec_module(_real)

import argparse
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path, where "calendar" would
# shadow the standard library's module of that name for everything imported later.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")

BUSY_LAWYER_HEARINGS = 800
OUT = ROOT / "var" / "bench" / "calendar.json"


class Rollback(Exception):
    pass


def _month_query() -> str:
    from django.utils import timezone

    first = timezone.localdate().replace(day=1)
    # The 6-week grid FullCalendar asks for, as it sends it (local midnight with offset).
    start = first - timedelta(days=(first.weekday() + 1) % 7)
    return f"start={start}T00:00:00-05:00&end={start + timedelta(days=42)}T00:00:00-05:00"


def _events_figure(client, url: str, runs: int):
    from bench.measure import Figure, http_ok, timed

    figure = timed(lambda: client.get(url), runs, http_ok)
    if figure.status == "ok":
        payload = client.get(url).json()
        figure.extra = {"events": len(payload["events"]), "truncated": payload["truncated"]}
    return figure


def _feed_figure(client, token: str, runs: int):
    from bench.measure import Figure, http_ok, timed

    url = f"/calendar/feeds/{token}.ics"
    figure = timed(lambda: client.get(url), runs, http_ok)
    if figure.status == "ok":
        body = client.get(url).content
        figure.extra = {"events": body.count(b"BEGIN:VEVENT"), "kb": round(len(body) / 1024, 1)}
    return figure


def _busy_lawyer(lawyer, org) -> int:
    """Put the lawyer on cases until ~BUSY_LAWYER_HEARINGS hearings fall in the feed window."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from cases.calendar import feed_window
    from cases.models import Case, CaseAssignment

    start, end = feed_window(timezone.now())
    in_window = Q(hearings__starts_at__gte=start, hearings__starts_at__lt=end)
    candidates = (
        Case.objects.filter(organization=org).annotate(n=Count("hearings", filter=in_window)).filter(n__gt=0)
        .order_by("pk").values_list("pk", "n")[:5000]
    )  # fmt: skip
    chosen, total = [], 0
    for pk, n in candidates:
        chosen.append(pk)
        total += n
        if total >= BUSY_LAWYER_HEARINGS:
            break
    CaseAssignment.objects.bulk_create(
        [CaseAssignment(case_id=pk, user=lawyer, role=CaseAssignment.Role.ATTORNEY) for pk in chosen],
        ignore_conflicts=True,
    )
    return total


def rows(tier: str, runs: int) -> list[tuple[str, Any]]:
    """(name, Figure) pairs for bench/run.py's table. Expects ROOT_URLCONF with the app's URLs."""
    from django.db import transaction
    from django.db.models import Count
    from django.test import Client

    from casetracker import scale
    from casetracker.models import Membership, Organization, User
    from cases.calendar import feed_create
    from cases.models import Case

    org = Organization.objects.get(name=scale.scale_org_name(tier))
    coordinator = User.objects.get(email=scale.scale_coordinator_email(tier))
    lawyer = (
        User.objects.filter(memberships__organization=org, memberships__role=Membership.Role.LAWYER)
        .annotate(n=Count("cases_of_record")).order_by("-n", "email").first()
    )  # fmt: skip
    court = Case.objects.filter(organization=org).values("court_id").annotate(n=Count("pk")).order_by("-n").first()
    month = _month_query()
    figures: list[tuple[str, Any]] = []
    staff, counsel = Client(), Client()
    staff.force_login(coordinator)
    counsel.force_login(lawyer)
    figures.append(("calendar month, coordinator (events.json)", _events_figure(staff, f"/calendar/events.json?{month}", runs)))
    figures.append(("calendar month, one court", _events_figure(staff, f"/calendar/events.json?{month}&court={court['court_id']}", runs)))
    figures.append(("calendar month, lawyer (attorney=me)", _events_figure(counsel, f"/calendar/events.json?{month}&attorney=me&deadlines=on", runs)))
    figures.append(("calendar page /calendar/, lawyer", _page_figure(counsel, "/calendar/", runs)))
    try:
        with transaction.atomic():
            _feed, token = feed_create(owner=lawyer, by=None)
            figures.append(("iCal feed, lawyer as seeded", _feed_figure(Client(), token, runs)))
            in_window = _busy_lawyer(lawyer, org)
            figure = _feed_figure(Client(), token, runs)
            figure.extra = {**(figure.extra or {}), "hearings_in_window": in_window}
            figures.append(("iCal feed, busy lawyer (~1 year)", figure))
            raise Rollback
    except Rollback:
        pass
    return figures


def _page_figure(client, url: str, runs: int):
    from bench.measure import http_ok, timed

    return timed(lambda: client.get(url), runs, http_ok)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", default=os.environ.get("TIER", "S"), type=str.upper)
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 20)))
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings

    with override_settings(DEBUG=False, ALLOWED_HOSTS=["testserver"]):
        results = rows(args.tier, args.runs)
    print(f"{'measurement (tier ' + args.tier + ')':<44} {'p50 ms':>8} {'p95 ms':>8} {'qry':>4}  extra")
    out = {"tier": args.tier, "database": connection.vendor, "runs": args.runs, "rows": []}
    for name, figure in results:
        data = figure.as_dict()
        out["rows"].append({"name": name, **data})
        if data.get("status", "ok") != "ok":
            print(f"{name:<44} {data['status']}")
            continue
        print(f"{name:<44} {data['p50_ms']:>8.1f} {data['p95_ms']:>8.1f} {data['queries']:>4}  {data.get('extra', '')}")
    path = OUT.with_name(f"calendar-{args.tier}.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2))
    print(f"written to {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()


def run(tier: str, runs: int) -> list[dict[str, Any]]:
    """make bench (bench/README.md): the month view and feed rows."""
    from bench.measure import row

    return [row(name, figure) for name, figure in rows(tier, runs)]
