"""Every read that depends on who is asking goes through these scoping functions.

Coordinators and advocates see every case of their organization and the cases other
organizations share with it; lawyers and viewers see only the cases they are
assigned to (or are attorney of record on); nobody sees anything else. Pages, API,
exports, feeds, reminders and search all start from here.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from casetracker.models import Membership, User
from casetracker.roles import SEES_ALL_CASES

from .models import Case, CaseAssignment, Deadline, Delivery, Document, Hearing, Litigation, Note, Person


def _memberships(user: User) -> QuerySet:
    return Membership.objects.filter(user=user, user__is_active=True)


def _is_anonymous(user: User | None) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def cases_visible_to(user: User | None) -> QuerySet[Case]:
    if _is_anonymous(user):
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    broad_orgs = _memberships(user).filter(role__in=SEES_ALL_CASES).values("organization_id")
    member_orgs = _memberships(user).values("organization_id")
    shared_with_broad = Case.shared_with.through.objects.filter(organization_id__in=broad_orgs).values("case_id")
    shared_with_member = Case.shared_with.through.objects.filter(organization_id__in=member_orgs).values("case_id")
    assigned = CaseAssignment.objects.filter(user=user).values("case_id")
    # An assignment counts only while the user is still a member of an organization
    # that owns or shares the case.
    in_reach = Q(organization_id__in=member_orgs) | Q(pk__in=shared_with_member)
    on_team = Q(pk__in=assigned) | Q(attorney=user)
    return Case.objects.filter(Q(organization_id__in=broad_orgs) | Q(pk__in=shared_with_broad) | (on_team & in_reach))


def people_visible_to(user: User | None) -> QuerySet[Person]:
    if _is_anonymous(user):
        return Person.objects.none()
    if user.is_superuser:
        return Person.objects.all()
    broad_orgs = _memberships(user).filter(role__in=SEES_ALL_CASES).values("organization_id")
    via_cases = cases_visible_to(user).values("person_id")
    return Person.objects.filter(Q(organization_id__in=broad_orgs) | Q(pk__in=via_cases))


def litigation_visible_to(user: User | None) -> QuerySet[Litigation]:
    if _is_anonymous(user):
        return Litigation.objects.none()
    if user.is_superuser:
        return Litigation.objects.all()
    broad_orgs = _memberships(user).filter(role__in=SEES_ALL_CASES).values("organization_id")
    member_orgs = _memberships(user).values("organization_id")
    on_team = Litigation.team.through.objects.filter(user_id=user.pk).values("litigation_id")
    return Litigation.objects.filter(
        Q(organization_id__in=broad_orgs) | Q(pk__in=on_team, organization_id__in=member_orgs)
    )


def _case_or_litigation(model, user: User | None) -> QuerySet:
    if _is_anonymous(user):
        return model.objects.none()
    if user.is_superuser:
        return model.objects.all()
    # Correlated EXISTS, not "case_id IN (...) OR litigation_id IN (...)": with the OR,
    # PostgreSQL cannot semi-join, and once the visible cases outgrow work_mem it re-scans
    # them for every hearing (a month of a 50 k-case organization's calendar took 220 s;
    # with EXISTS, one index probe per hearing: 0.6 s).
    return model.objects.filter(
        Exists(cases_visible_to(user).filter(pk=OuterRef("case_id")))
        | Exists(litigation_visible_to(user).filter(pk=OuterRef("litigation_id")))
    )


def hearings_visible_to(user: User | None) -> QuerySet[Hearing]:
    return _case_or_litigation(Hearing, user)


def deadlines_visible_to(user: User | None) -> QuerySet[Deadline]:
    return _case_or_litigation(Deadline, user)


def notes_visible_to(user: User | None) -> QuerySet[Note]:
    """Confidential notes: only the organization's coordinators, the case team and the author."""
    if _is_anonymous(user):
        return Note.objects.none()
    if user.is_superuser:
        return Note.objects.all()
    coordinated = _memberships(user).filter(role=Membership.Role.COORDINATOR).values("organization_id")
    on_team = CaseAssignment.objects.filter(user=user).values("case_id")
    privileged = Q(case__organization_id__in=coordinated) | Q(case_id__in=on_team) | Q(author=user)
    return Note.objects.filter(case_id__in=cases_visible_to(user).values("pk")).filter(
        Q(confidential=False) | privileged
    )


def documents_visible_to(user: User | None) -> QuerySet[Document]:
    if _is_anonymous(user):
        return Document.objects.none()
    return Document.objects.filter(case_id__in=cases_visible_to(user).values("pk"))


def deliveries_visible_to(user: User | None) -> QuerySet[Delivery]:
    """Your own reminders and alerts; coordinators also see their organization's
    deliveries, so that a failed or skipped one is noticed."""
    if _is_anonymous(user):
        return Delivery.objects.none()
    if user.is_superuser:
        return Delivery.objects.all()
    coordinated = _memberships(user).filter(role=Membership.Role.COORDINATOR).values("organization_id")
    return Delivery.objects.filter(Q(recipient=user) | Q(case__organization_id__in=coordinated))
