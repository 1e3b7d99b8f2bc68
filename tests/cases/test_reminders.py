"""The reminder scan and sending, in process (the real-worker tests are in
tests/integration/test_reminders_worker.py)."""

from datetime import date, datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from cases import notify
from cases.models import Case, CaseAssignment, Deadline, Delivery, Hearing
from cases.reminders import scan
from cases.services import deadline_add, hearing_record_result
from tests.factories import CourtFactory, HearingFactory

pytestmark = pytest.mark.django_db
UTC = dt_timezone.utc
CHICAGO = ZoneInfo("America/Chicago")


def send_inline(delivery_id: int) -> None:
    delivery = notify.claim(delivery_id)
    if delivery is not None:
        notify.deliver(delivery)


def run(now: datetime, send=send_inline):
    """One scan pass, and sending, with the clock frozen at `now`."""
    with time_machine.travel(now, tick=False):
        return scan(now, send=send)


@pytest.fixture(autouse=True)
def _recorded_before_the_scenarios():
    # The scenarios are set in November-December 2026; whatever a test records, it
    # records as of 22 November 2026, so the tests do not depend on the real date.
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=UTC), tick=True):
        yield


@pytest.fixture(autouse=True)
def _no_digest_unless_tested(request, monkeypatch):
    # Every member gets a daily digest; keep it out of tests about other reminders.
    if "digest" not in request.node.name:
        monkeypatch.setattr("cases.reminders.digest_rows", lambda now: [])


@pytest.fixture
def hearing(case):
    court = CourtFactory(code="OAK", name="Oakdale Immigration Court", time_zone="America/Chicago")
    return HearingFactory(case=case, court=court, starts_at=datetime(2026, 12, 10, 9, 0, tzinfo=CHICAGO))


def _at(local: datetime) -> datetime:
    return local.astimezone(UTC)


def test_hearing_reminder_goes_to_the_case_team_once(hearing, lawyer, outsider, advocate):
    now = _at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO))  # 7 days before, court time

    first = run(now)
    second = run(now + timedelta(minutes=1))

    assert first.created == 1 and second.created == 0
    assert [m.to for m in mail.outbox] == [[lawyer.email]]
    assert mail.outbox[0].subject == f"Hearing in 7 days: {hearing.case.reference}"
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.late, delivery.emailed) == ("sent", False, True)
    assert delivery.scheduled_for == _at(datetime(2026, 12, 3, 9, 0, tzinfo=CHICAGO))


def test_hearing_reminders_follow_the_court_wall_clock_across_dst(case, lawyer):
    court = CourtFactory(time_zone="America/Chicago")
    # Hearing on Monday 9 March 2026 at 09:00, after the DST change of 8 March.
    hearing = HearingFactory(
        case=case, court=court, starts_at=datetime(2026, 3, 9, 9, 0, tzinfo=CHICAGO),
        created_at=datetime(2026, 1, 5, tzinfo=UTC),
    )  # fmt: skip

    run(_at(datetime(2026, 3, 2, 9, 0, tzinfo=CHICAGO)), send=lambda pk: None)

    delivery = Delivery.objects.get(hearing=hearing)
    assert delivery.scheduled_for.astimezone(CHICAGO).hour == 9


def test_no_reminder_before_it_is_due(hearing):
    run(_at(datetime(2026, 12, 3, 8, 59, tzinfo=CHICAGO)))

    assert Delivery.objects.count() == 0
    assert mail.outbox == []


def test_catch_up_sends_only_the_latest_reminder_marked_late(hearing, lawyer):
    # Beat and worker were down from before the 7-day point until 36 hours before.
    now = _at(datetime(2026, 12, 8, 21, 0, tzinfo=CHICAGO))

    run(now)

    sent = Delivery.objects.get(status="sent")
    skipped = Delivery.objects.get(status="skipped")
    assert sent.context["days"] == 2 and sent.late is True
    assert skipped.context["days"] == 7 and skipped.status_reason == "Superseded by a later reminder."
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[late] Hearing in 2 days")
    assert "This reminder is late" in mail.outbox[0].body


def test_two_hours_of_downtime_then_due_reminders_go_out_once_marked_late(hearing, lawyer):
    due = _at(datetime(2026, 12, 9, 9, 0, tzinfo=CHICAGO))  # the 1-day point
    run(due - timedelta(days=1))  # the 2-day reminder, on time
    mail.outbox.clear()

    back = due + timedelta(hours=2)
    run(back)
    run(back + timedelta(minutes=1))

    assert len(mail.outbox) == 1
    assert Delivery.objects.get(context__days=1).late is True


def test_reminders_for_hearings_already_past_are_recorded_as_skipped(hearing):
    after = _at(datetime(2026, 12, 10, 12, 0, tzinfo=CHICAGO))

    run(after)

    delivery = Delivery.objects.get(context__days=1)
    assert delivery.status == "skipped"
    assert delivery.status_reason == "The hearing had already started."
    assert mail.outbox == []


def test_a_cancelled_hearing_gets_no_reminder_even_if_queued(hearing, lawyer):
    now = _at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO))
    queued = []
    run(now, send=queued.append)
    hearing_record_result(hearing=hearing, status=Hearing.Status.CANCELLED, by=None)
    mail.outbox.clear()  # the cancellation alert is not what this test is about

    for pk in queued:
        send_inline(pk)

    assert Delivery.objects.get(pk=queued[0]).status == "skipped"
    assert mail.outbox == []


def test_deadline_reminders_at_8am_in_the_recipient_zone(case, lawyer):
    lawyer.time_zone = "America/Los_Angeles"
    lawyer.save()
    deadline = deadline_add(case=case, by=None, kind="Brief due", due_on=date(2026, 12, 17), responsible=lawyer)
    la = ZoneInfo("America/Los_Angeles")

    run(_at(datetime(2026, 12, 3, 7, 59, tzinfo=la)))
    assert mail.outbox == []
    run(_at(datetime(2026, 12, 3, 8, 0, tzinfo=la)))

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == f"Deadline in 14 days: {case.reference}"
    assert "Brief due" in mail.outbox[0].body
    assert Delivery.objects.get().deadline == deadline


def test_points_before_a_deadline_was_recorded_are_not_sent_but_the_last_one_is(case, lawyer):
    la = ZoneInfo("America/Los_Angeles")
    recorded = _at(datetime(2026, 12, 3, 12, 0, tzinfo=la))
    with time_machine.travel(recorded, tick=False):
        deadline_add(case=case, by=None, kind="Brief due", due_on=date(2026, 12, 4), responsible=lawyer)

    run(recorded + timedelta(minutes=1))

    assert [d.context["days"] for d in Delivery.objects.all()] == [1]
    assert len(mail.outbox) == 1


def test_overdue_deadline_goes_daily_to_the_responsible_user_and_coordinators(case, lawyer, coordinator):
    deadline_add(case=case, by=None, kind="Brief due", due_on=date(2026, 12, 1), responsible=lawyer)
    Delivery.objects.all().delete()

    run(_at(datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("America/New_York"))))
    run(_at(datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("America/New_York"))))
    run(_at(datetime(2026, 12, 4, 9, 0, tzinfo=ZoneInfo("America/New_York"))))

    overdue = [m for m in mail.outbox if m.subject.startswith("URGENT: deadline overdue")]
    assert sorted(m.to[0] for m in overdue) == sorted([lawyer.email, coordinator.email] * 2)
    assert all(d.urgent for d in Delivery.objects.filter(kind=Delivery.Kind.DEADLINE_OVERDUE))


def test_done_deadlines_are_not_reminded(case, lawyer):
    from cases.services import deadline_set_status

    deadline = deadline_add(case=case, by=None, kind="Brief due", due_on=date(2026, 12, 4), responsible=lawyer)
    deadline_set_status(deadline=deadline, status=Deadline.Status.DONE, by=None)

    run(_at(datetime(2026, 12, 3, 9, 0, tzinfo=ZoneInfo("America/New_York"))))

    assert mail.outbox == []


def test_daily_digest_at_7am_local_lists_the_next_7_days(hearing, lawyer):
    lawyer.time_zone = "Europe/Moscow"
    lawyer.language = "ru"
    lawyer.save()
    moscow = ZoneInfo("Europe/Moscow")

    run(_at(datetime(2026, 12, 5, 6, 59, tzinfo=moscow)))
    assert not Delivery.objects.filter(kind=Delivery.Kind.DIGEST).exists()
    run(_at(datetime(2026, 12, 5, 7, 0, tzinfo=moscow)))

    digest = [m for m in mail.outbox if "7 дней" in m.subject]
    assert len(digest) == 1
    assert hearing.case.reference in digest[0].body
    assert "Ваши слушания и сроки" in digest[0].body


def test_empty_digest_is_skipped(lawyer):
    run(datetime(2026, 12, 5, 14, 0, tzinfo=UTC))

    assert Delivery.objects.get(recipient=lawyer, kind=Delivery.Kind.DIGEST).status == "skipped"
    assert mail.outbox == []


def test_email_preference_off_keeps_the_in_app_notification(hearing, lawyer):
    lawyer.email_reminders = False
    lawyer.save()

    run(_at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO)))

    delivery = Delivery.objects.get(recipient=lawyer)
    assert (delivery.status, delivery.emailed) == ("sent", False)
    assert mail.outbox == []


def test_messages_carry_no_a_number_or_date_of_birth(hearing, lawyer):
    person = hearing.case.person
    person.a_number = "212345678"
    person.date_of_birth = date(1987, 4, 12)
    person.save()

    run(_at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO)))

    message = mail.outbox[0]
    html = message.alternatives[0][0]
    for text in (message.subject, message.body, html):
        for secret in ("212345678", "212-345-678", "1987-04-12", "1987", person.family_name, person.native_name):
            assert secret not in text
    assert message.extra_headers["Message-ID"] == Delivery.objects.get().message_id


def test_removed_assignment_stops_reminders(hearing, lawyer):
    CaseAssignment.objects.filter(user=lawyer).delete()

    run(_at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO)))

    assert mail.outbox == []


def test_claim_is_exclusive(hearing):
    run(_at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO)), send=lambda pk: None)
    pk = Delivery.objects.get().pk

    assert notify.claim(pk) is not None
    assert notify.claim(pk) is None


def test_an_abandoned_send_is_requeued_after_the_lease(hearing, settings):
    now = _at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO))
    run(now, send=lambda pk: None)
    pk = Delivery.objects.get().pk
    notify.claim(pk)  # a worker claims it and dies
    Delivery.objects.filter(pk=pk).update(claimed_at=now - timedelta(seconds=settings.CT_DELIVERY_LEASE_SECONDS + 1))

    queued = []
    run(now + timedelta(seconds=settings.CT_DELIVERY_LEASE_SECONDS + 2), send=queued.append)

    assert queued == [pk]


def test_smtp_failures_retry_then_end_as_a_visible_failed_delivery(hearing, settings):
    from cases.tasks import send_delivery

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    run(_at(datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO)), send=lambda pk: None)
    pk = Delivery.objects.get().pk

    send_delivery.apply(args=[pk])  # eager: retries run in line, without the countdown

    delivery = Delivery.objects.get(pk=pk)
    assert delivery.status == "failed"
    assert delivery.attempts == send_delivery.max_retries + 1
    assert "ConnectionRefusedError" in delivery.error


def test_send_due_reminders_command_runs_one_pass(hearing, lawyer, capsys):
    from django.core.management import call_command

    from cases.models import Case  # noqa: F401

    call_command("send_due_reminders", "--inline")

    assert "Reminder scan:" in capsys.readouterr().out


def test_history_recorded_with_alerts_suppressed_alerts_nobody(case, lawyer):
    from cases.alerts import alerts_suppressed
    from detentions.services import custody_book_in, custody_transfer
    from tests.factories import FacilityFactory

    with alerts_suppressed():
        custody_book_in(person=case.person, facility=FacilityFactory(), on=date(2026, 1, 5), by=None)
        custody_transfer(person=case.person, to_facility=FacilityFactory(), on=date(2026, 2, 5), by=None)

    assert not Delivery.objects.exists()


def test_a_transfer_alerts_the_team_and_coordinators(case, lawyer, coordinator, django_capture_on_commit_callbacks):
    from detentions.services import custody_book_in, custody_transfer
    from tests.factories import FacilityFactory

    custody_book_in(person=case.person, facility=FacilityFactory(), on=date(2026, 1, 5), by=None)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        custody_transfer(person=case.person, to_facility=FacilityFactory(), on=date(2026, 2, 5), by=None)

    alerts = Delivery.objects.filter(kind=Delivery.Kind.ALERT_TRANSFER)
    assert sorted(alerts.values_list("recipient__email", flat=True)) == sorted([lawyer.email, coordinator.email])
    assert all(alert.urgent for alert in alerts)
    assert len(callbacks) == 1  # sending is queued only once the transfer is committed


@pytest.mark.parametrize("hearings", [3, 30])
def test_the_scan_runs_a_fixed_number_of_queries(case, lawyer, advocate, coordinator, hearings, django_assert_max_num_queries):
    CaseAssignment.objects.create(case=case, user=advocate, role=CaseAssignment.Role.ADVOCATE)
    court = CourtFactory(time_zone="America/Chicago")
    for i in range(hearings):
        HearingFactory(case=case, court=court, starts_at=datetime(2026, 12, 10, 9, i, tzinfo=CHICAGO),
                       created_at=datetime(2026, 11, 1, tzinfo=UTC))  # fmt: skip
        deadline_add(case=case, by=None, kind=f"Filing {i}", due_on=date(2026, 12, 1), responsible=lawyer)

    with django_assert_max_num_queries(30):
        run(_at(datetime(2026, 12, 3, 9, 30, tzinfo=CHICAGO)), send=lambda pk: None)

    assert Delivery.objects.filter(kind=Delivery.Kind.HEARING_REMINDER).count() == 2 * hearings


def test_a_pass_only_looks_at_deadlines_that_can_be_due_in_its_window(case, lawyer):
    from cases.reminders import _deadline_candidates

    with time_machine.travel(datetime(2026, 11, 20, tzinfo=UTC), tick=False):
        later = deadline_add(case=case, by=None, kind="Later", due_on=date(2026, 12, 23), responsible=lawyer)
        soon = deadline_add(case=case, by=None, kind="Soon", due_on=date(2026, 12, 17), responsible=lawyer)
    ny = ZoneInfo("America/New_York")
    run(_at(datetime(2026, 12, 1, 12, 0, tzinfo=ny)))  # the first pass looks back far

    before_eight = _at(datetime(2026, 12, 3, 7, 50, tzinfo=ny))
    after_eight = _at(datetime(2026, 12, 3, 8, 1, tzinfo=ny))
    assert list(_deadline_candidates(before_eight, before_eight - timedelta(minutes=1))) == []
    assert list(_deadline_candidates(after_eight, after_eight - timedelta(minutes=2))) == [soon]
    assert later.due_on - date(2026, 12, 3) == timedelta(days=20)  # no reminder point that day


def test_a_recomputed_deadline_is_looked_at_again(case, lawyer):
    from cases.reminders import _deadline_candidates
    from cases.services import case_update

    since = timezone.now() - timedelta(seconds=1)
    case.refresh_from_db()
    case_update(case=case, version=case.version, by=None, ij_decision_on=timezone.localdate())

    assert [d.rule for d in _deadline_candidates(timezone.now(), since)] == ["bia_appeal"]
