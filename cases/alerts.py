"""Urgent alerts: written in the same transaction as the event, sent right after commit.

The delivery rows are created inside the event's transaction, so an alert exists
exactly when the event does; sending is queued on commit, and the reminder scan
re-queues anything a lost task left behind.
"""

import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone

from casetracker.models import Membership, User

from .models import Case, CaseAssignment, Delivery, Person


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


class Recipients:
    """Who hears about each of a batch of cases, in a fixed number of queries.

    The case team and the attorney of record count while they are active members of
    the organization that owns the case or of one it is shared with (exactly when
    cases_visible_to would show them the case); coordinators of the owning
    organization are added on request.
    """

    def __init__(self, cases: Iterable[Case], also: Iterable[int] = ()) -> None:
        self.cases = {case.pk: case for case in cases}
        ids = list(self.cases)
        self.users: dict[int, User] = {}
        self.team: dict[int, set[int]] = defaultdict(set)
        for assignment in CaseAssignment.objects.filter(case_id__in=ids).select_related("user"):
            self.team[assignment.case_id].add(assignment.user_id)
            self.users[assignment.user_id] = assignment.user
        attorney_ids = {case.attorney_id for case in self.cases.values() if case.attorney_id}
        for user in User.objects.filter(pk__in=attorney_ids - set(self.users)):
            self.users[user.pk] = user
        for case in self.cases.values():
            if case.attorney_id:
                self.team[case.pk].add(case.attorney_id)
        self.orgs_of_case: dict[int, set[int]] = {pk: {case.organization_id} for pk, case in self.cases.items()}
        for case_id, org_id in Case.shared_with.through.objects.filter(case_id__in=ids).values_list(
            "case_id", "organization_id"
        ):
            self.orgs_of_case[case_id].add(org_id)
        self.member_of: dict[int, set[int]] = defaultdict(set)
        for user_id, org_id in Membership.objects.filter(user_id__in={*self.users, *also}).values_list(
            "user_id", "organization_id"
        ):
            self.member_of[user_id].add(org_id)
        self.coordinators: dict[int, list[User]] = defaultdict(list)
        owners = {case.organization_id for case in self.cases.values()}
        for membership in Membership.objects.filter(
            organization_id__in=owners, role=Membership.Role.COORDINATOR, user__is_active=True
        ).select_related("user"):
            self.coordinators[membership.organization_id].append(membership.user)

    def memberships_of(self, user_id: int) -> set[int]:
        return self.member_of[user_id]

    def for_case(self, case_id: int, *, coordinators: bool) -> list[User]:
        reach = self.orgs_of_case[case_id]
        users = {
            user.pk: user
            for user_id in self.team[case_id]
            if (user := self.users[user_id]).is_active and (user.is_superuser or self.member_of[user_id] & reach)
        }
        if coordinators:
            users.update((user.pk, user) for user in self.coordinators[self.cases[case_id].organization_id])
        return sorted(users.values(), key=lambda user: user.pk)


def case_recipients(case: Case, *, coordinators: bool) -> list[User]:
    """The case team and attorney of record (and the organization's coordinators),
    each only while they may still see the case."""
    return Recipients([case]).for_case(case.pk, coordinators=coordinators)


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
