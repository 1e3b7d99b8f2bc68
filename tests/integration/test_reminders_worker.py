"""Reminders end to end: a real Celery worker process, the app's real broker (Redis in
CI), and a real SMTP server receiving the mail."""

import threading
from collections import Counter
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import CaseAssignment, Delivery, Hearing
from cases.reminders import scan
from detentions.services import passenger_add
from tests.factories import AirportFactory, CaseFactory, CourtFactory, UserFactory

from .conftest import wait_for

UTC = dt_timezone.utc


@pytest.fixture(autouse=True)
def _no_digests(monkeypatch):
    # Every member also gets a daily digest; these tests count reminders and alerts.
    monkeypatch.setattr("cases.reminders.digest_rows", lambda now: [])


def _due_hearings(case, count: int) -> list[Hearing]:
    """`count` hearings whose 1-day reminder fell due in the last 10 minutes (on time)."""
    court = CourtFactory(time_zone="America/Chicago")
    now = timezone.now()
    return Hearing.objects.bulk_create(
        Hearing(
            case=case, kind=Hearing.Kind.MASTER, court=court,
            starts_at=now + timedelta(days=1, minutes=-10, seconds=2 * i), created_at=now - timedelta(days=30),
        )
        for i in range(count)
    )  # fmt: skip


def _sent_ids() -> set[str]:
    deliveries = Delivery.objects.filter(kind=Delivery.Kind.HEARING_REMINDER).exclude(status=Delivery.Status.SKIPPED)
    return {d.message_id for d in deliveries}


def test_every_reminder_arrives_exactly_once_even_when_scanned_twice(make_worker, smtp_server, case, lawyer, advocate):
    CaseAssignment.objects.create(case=case, user=advocate, role=CaseAssignment.Role.ADVOCATE)
    _due_hearings(case, 10)
    worker = make_worker(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    worker.start()

    scan()
    scan()

    expected = _sent_ids()
    assert len(expected) == 20  # 10 hearings x (lawyer, advocate)
    assert wait_for(lambda: len(smtp_server) >= 20, 90), worker.output()
    scan()  # after everything went out, a third pass finds nothing to send
    assert not wait_for(lambda: len(smtp_server) > 20, 3)
    assert Counter(smtp_server.message_ids()) == Counter({mid: 1 for mid in expected})
    assert set(Delivery.objects.filter(context__days=1).values_list("status", flat=True)) == {"sent"}


@pytest.mark.postgres
def test_two_concurrent_scans_write_and_send_each_reminder_once(make_worker, smtp_server, case, lawyer):
    _due_hearings(case, 30)
    worker = make_worker(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    worker.start()
    barrier = threading.Barrier(2)
    errors = []

    def one_scan():
        try:
            barrier.wait()
            scan()
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=one_scan) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert Delivery.objects.filter(kind=Delivery.Kind.HEARING_REMINDER, context__days=1).count() == 30
    assert wait_for(lambda: len(smtp_server) >= 30, 90), worker.output()
    assert not wait_for(lambda: len(smtp_server) > 30, 3)
    assert Counter(smtp_server.message_ids()) == Counter({mid: 1 for mid in _sent_ids()})


def test_a_worker_killed_mid_batch_loses_nothing(make_worker, smtp_server, case, lawyer, settings):
    settings.CT_DELIVERY_LEASE_SECONDS = 5
    _due_hearings(case, 220)
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_server.port), "CT_DELIVERY_LEASE_SECONDS": "5"}
    worker = make_worker(**env)
    worker.start()

    scan()
    assert wait_for(lambda: len(smtp_server) >= 40, 90), worker.output()
    worker.kill()
    received_before = len(smtp_server)
    in_flight = Delivery.objects.filter(status=Delivery.Status.SENDING).count()
    assert received_before < 220, "the batch finished before the kill; the test proved nothing"

    restarted = make_worker(**env)
    restarted.start()

    def all_sent() -> bool:
        scan()  # beat's job: re-queue what the dead worker held
        return not Delivery.objects.filter(status__in=["pending", "sending", "failed"]).exists()

    assert wait_for(all_sent, 120, interval=2), restarted.output()
    counts = Counter(smtp_server.message_ids())
    assert set(counts) == _sent_ids()  # every reminder arrived
    duplicates = sum(n - 1 for n in counts.values())
    # The one window for a duplicate: the SMTP server accepted a message and the
    # worker died before marking the row sent. Only rows 'sending' at the kill can be in it.
    assert duplicates <= in_flight
    print(f"killed after {received_before} of 220; {in_flight} in flight; {duplicates} duplicates")


def test_manifest_alert_email_arrives_within_a_minute(make_worker, smtp_server, case, lawyer, coordinator):
    worker = make_worker(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    worker.start()
    from detentions.services import flight_create

    flight = flight_create(
        by=None,
        flight_date=timezone.localdate(),
        legs=[(AirportFactory(), AirportFactory(iata="CAI", icao="HECA", name="Cairo", country="EG",
                                                 time_zone="Africa/Cairo"), None, None)],
    )  # fmt: skip

    passenger_add(flight=flight, person=case.person, by=coordinator)

    assert wait_for(lambda: len(smtp_server) >= 2, 60), worker.output()
    recipients = sorted(m["To"] for m in smtp_server.messages)
    assert recipients == sorted([lawyer.email, coordinator.email])
    for message in smtp_server.messages:
        assert message["Subject"] == f"URGENT: case {case.reference}: was put on a flight manifest"
        assert message["X-Priority"] == "1"


def test_beat_in_the_worker_sends_due_reminders_by_itself(make_worker, smtp_server, case, lawyer):
    _due_hearings(case, 1)
    worker = make_worker(beat=True, EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_server.port))
    worker.start()

    def reminders():
        return [m for m in smtp_server.messages if m["Subject"].startswith("Hearing in 1 day")]

    assert wait_for(lambda: len(reminders()) >= 1, 120), worker.output()
    assert [m["To"] for m in reminders()] == [lawyer.email]
