"""Reminder engine figures: one scan pass over the configured database, and emails/s
through a real SMTP server (aiosmtpd on loopback).

    DJANGO_SETTINGS_MODULE=casetracker.settings python bench/reminders.py [--emails 500]

Run against a database seeded by `manage.py seed_scale --tier S|M` for tier figures.
The scan is measured with a no-op send (what beat does before the worker sends);
it writes delivery rows, so each run is done inside a transaction that is rolled back.
"""

import argparse
import json
import os
import socket
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casetracker.settings")


class Rollback(Exception):
    pass


def _timed_pass(now, previous_pass) -> tuple[float, int, int]:
    """One scan at `now` after a pass at `previous_pass`, rolled back afterwards."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from casetracker.models import Heartbeat
    from cases.reminders import SCAN_HEARTBEAT, scan

    try:
        with transaction.atomic(), CaptureQueriesContext(connection) as captured:
            Heartbeat.objects.update_or_create(name=SCAN_HEARTBEAT, defaults={"seen_at": previous_pass})
            start = time.perf_counter()
            result = scan(now, send=lambda pk: None)
            elapsed = time.perf_counter() - start
            raise Rollback((elapsed, len(captured.captured_queries), result.created))
    except Rollback as done:
        return done.args[0]


def measure_scan(runs: int) -> dict:
    """Steady state (the previous pass a minute ago), the daily 08:00 pass (a zone
    crosses the deadline-reminder hour: overdue and due-date deadlines are looked
    at), and a catch-up after an hour of downtime."""
    from datetime import datetime, time as clock
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from cases.models import Case, Hearing

    now = timezone.now()
    eight = datetime.combine(timezone.localdate() + timedelta(days=1), clock(8, 0), tzinfo=ZoneInfo("America/New_York"))
    scenarios = {
        "steady": (now, timedelta(minutes=1)),
        "eight_am": (eight + timedelta(seconds=30), timedelta(minutes=1)),
        "after_1h_down": (now, timedelta(hours=1)),
    }
    figures = {"cases": Case.objects.count()}
    week = now + timedelta(days=7)
    figures["hearings_next_7_days"] = Hearing.objects.filter(starts_at__range=(now, week)).count()
    for name, (at, gap) in scenarios.items():
        samples = [_timed_pass(at + timedelta(seconds=i), at + timedelta(seconds=i) - gap) for i in range(runs)]
        times = [sample[0] for sample in samples]
        figures[f"scan_{name}_p50_s"] = round(statistics.median(times), 3)
        figures[f"scan_{name}_max_s"] = round(max(times), 3)
        figures[f"scan_{name}_queries"] = samples[-1][1]
        figures[f"scan_{name}_deliveries"] = samples[-1][2]
    return figures


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def measure_emails(count: int) -> dict:
    """Render and send `count` reminder emails through SMTP, one connection each
    (as the worker does), and report emails/s."""
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.mail import EmailMultiAlternatives

    import logging

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command
    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):
            received.append(len(envelope.original_content))
            return "250 OK"

    port = _free_port()
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    try:
        start = time.perf_counter()
        for i in range(count):
            message = EmailMultiAlternatives(
                subject=f"Hearing in 2 days: BENCH-2026-{i:04d}",
                body="Master calendar hearing for case BENCH.\n",
                to=[f"bench{i}@example.org"],
                headers={"Message-ID": f"<bench-{i}@casetracker>"},
            )
            message.attach_alternative("<p>Master calendar hearing</p>", "text/html")
            message.send()
        elapsed = time.perf_counter() - start
    finally:
        controller.stop()
    return {"emails": len(received), "emails_per_s": round(len(received) / elapsed, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--out", default=str(ROOT / "var" / "bench" / "reminders.json"))
    args = parser.parse_args()

    import django

    django.setup()
    figures = {**measure_scan(args.runs), **measure_emails(args.emails)}
    for key, value in figures.items():
        print(f"{key:32} {value}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(figures, indent=2))


def run(runs: int = 20, **_context) -> list[dict]:
    """Bench module entry (bench/README.md): the steady scan pass (the previous pass a
    minute earlier, as beat runs it), with a no-op send, rolled back each time."""
    from django.utils import timezone

    from bench.measure import Figure, percentile, row

    def passes(now):
        samples = [_timed_pass(now + timedelta(seconds=i), now + timedelta(seconds=i - 60)) for i in range(max(3, runs // 4))]
        times = [elapsed * 1000 for elapsed, _queries, _created in samples]
        figure = Figure(round(percentile(times, 0.5), 1), round(percentile(times, 0.95), 1), samples[-1][1])
        figure.extra = {"deliveries_per_pass": samples[-1][2]}
        return figure

    now = timezone.now()
    settled = _settled_at()
    if settled <= now:
        return [row("reminder scan, steady pass (no-op send)", passes(now))]
    # A tier seeded minutes ago is, to the scan, a million rows that just changed: that
    # is the catch-up pass after a bulk load. The steady pass is measured at the first
    # moment the seed lies behind the window (the rows due then are much the same).
    catch_up = passes(now)
    catch_up.extra["note"] = "the seed's rows are all inside the scan window"
    steady = passes(settled)
    steady.extra["at"] = f"+{round((settled - now).total_seconds() / 60)} min, past the seed"
    return [row("reminder scan, first pass after the bulk load", catch_up),
            row("reminder scan, steady pass (no-op send)", steady)]  # fmt: skip


def _settled_at():
    """When the newest hearing or deadline change drops out of the scan's window."""
    from django.db.models import Max
    from django.utils import timezone

    from cases.models import Deadline, Hearing
    from cases.reminders import WINDOW_OVERLAP

    newest = [
        value
        for model in (Hearing, Deadline)
        for value in model.objects.aggregate(c=Max("created_at"), u=Max("updated_at")).values()
        if value is not None
    ]
    if not newest:
        return timezone.now()
    return max(newest) + WINDOW_OVERLAP + timedelta(minutes=2)

if __name__ == "__main__":
    main()
