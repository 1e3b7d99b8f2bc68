"""Urgent alerts: written in the same transaction as the event, sent right after commit.

The delivery rows are created inside the event's transaction, so an alert exists
exactly when the event does; sending is queued on commit, and the reminder scan
re-queues anything a lost task left behind.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from casetracker.models import Membership, User

from .models import Case, Delivery, Person


_state = threading.local()


@contextmanager
def alerts_suppressed() -> Iterator[None]:
    """Record history without alerting: demo seeding and imports describe past events."""
    previous = getattr(_state, "suppressed", False)
    _state.suppressed = True
    try:
        yield
    finally:
        _state.suppressed = previous


def case_recipients(case: Case, *, coordinators: bool) -> list[User]:
    """The case team and attorney of record (and the organization's coordinators),
    each only while they may still see the case."""
    from .selectors import cases_visible_to

    users = {assignment.user for assignment in case.assignments.select_related("user")}
    if case.attorney_id:
        users.add(case.attorney)
    if coordinators:
        users.update(
            membership.user
            for membership in Membership.objects.filter(
                organization_id=case.organization_id, role=Membership.Role.COORDINATOR
            ).select_related("user")
        )
    return sorted(
        (user for user in users if user.is_active and cases_visible_to(user).filter(pk=case.pk).exists()),
        key=lambda user: user.pk,
    )


def _queue_on_commit(delivery_ids: list[int]) -> None:
    from .tasks import send_delivery

    def queue() -> None:
        now = timezone.now()
        Delivery.objects.filter(pk__in=delivery_ids, queued_at__isnull=True).update(queued_at=now)
        for delivery_id in delivery_ids:
            send_delivery.delay(delivery_id)

    transaction.on_commit(queue)


def alert_on_commit(*, kind: str, case: Case | None = None, person: Person | None = None, about: str) -> list[int]:
    """Record an urgent alert for everyone who should hear of it; send after commit.

    With a person (transfer, release, manifest), every open case of the person is
    considered and each recipient gets one alert, not one per case.
    """
    if getattr(_state, "suppressed", False):
        return []
    cases = [case] if case is not None else list(person.cases.exclude(stage=Case.Stage.CLOSED))
    occurred_at = timezone.now()
    recipients: dict[int, tuple[User, Case]] = {}
    for each in cases:
        for user in case_recipients(each, coordinators=True):
            recipients.setdefault(user.pk, (user, each))
    rows = [
        Delivery(
            recipient=user,
            kind=kind,
            object_key=about,
            scheduled_for=occurred_at,
            case=alert_case,
            urgent=True,
            context={"reference": alert_case.reference},
        )
        for user, alert_case in recipients.values()
    ]
    created = Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Delivery.objects.filter(kind=kind, object_key=about, scheduled_for=occurred_at).values_list("pk", flat=True)
    )
    if created:
        _queue_on_commit(ids)
    return ids
