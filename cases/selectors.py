"""Every read that depends on who is asking goes through these scoping functions.

Coordinators and advocates see every case of their organization and the cases other
organizations share with it; lawyers and viewers see only the cases they are
assigned to (or are attorney of record on); nobody sees anything else. Pages, API,
exports, feeds, reminders and search all start from here.
"""

from django.db.models import Q, QuerySet

from casetracker.models import Membership, User
from casetracker.roles import SEES_ALL_CASES

from .models import Case, CaseAssignment, Deadline, Delivery, Document, Hearing, Litigation, Note, Person


def _memberships(user: User) -> QuerySet:
    return Membership.objects.filter(user=user, user__is_active=True)


def _is_anonymous(user: User | None) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def _broad_org_ids(user: User) -> list[int]:
    """The organizations in which the user sees every case (one small query).

    Read when the queryset is built, not when it runs: it decides the query's shape
    (see _scope), and as literal values it lets the planner tell a coordinator's
    query from a lawyer's. A membership granted between the two is picked up on the
    next call, as with any request that started a moment earlier. Not cached on the
    user object: a role removed mid-request must end the view at the next call.
    """
    return list(_memberships(user).filter(role__in=SEES_ALL_CASES).values_list("organization_id", flat=True))


def _extra_case_ids(user: User, broad_orgs: list[int]) -> QuerySet:
    """Ids of the cases the user sees beyond their broad organizations' own: cases
    shared with those organizations, and team cases (assigned, or attorney of record)
    while the user is still a member of an organization that owns or shares them.

    A UNION of index-driven pieces, each small (a user's assignments, the cases a
    lawyer is attorney of record on, the shares): PostgreSQL hashes it once per
    query instead of scanning every case for an OR of subqueries.
    """
    member_orgs = _memberships(user).values("organization_id")
    through = Case.shared_with.through.objects
    shared_with_member = through.filter(organization_id__in=member_orgs).values("case_id")
    in_reach = Q(organization_id__in=member_orgs) | Q(pk__in=shared_with_member)
    assigned = CaseAssignment.objects.filter(user=user).values("case_id")
    team = (
        Case.objects.filter(in_reach, pk__in=assigned).values("pk").order_by()
        .union(Case.objects.filter(in_reach, attorney=user).values("pk").order_by())
    )  # fmt: skip
    if not broad_orgs:
        return team
    return through.filter(organization_id__in=broad_orgs).values("case_id").order_by().union(team)


def _scope(prefix: str, broad_orgs: list[int], extra: QuerySet) -> Q:
    """Rows (reached through `prefix`, e.g. "case__") whose organization the user
    sees whole, or whose id is in `extra` (a small set, hashed once per query).

    A user who sees some organization whole: the organization is tested on the row
    itself or on its joined parent, so a list walks its own index (date, parent,
    order) and stops after its first page. A user who does not (lawyer, viewer):
    no OR and no join, only `id IN (their few cases)`, which PostgreSQL drives from
    that small set through the foreign-key index. Never `parent_id IN (every
    visible parent)`: for a coordinator of half a million cases that set is too big
    to hash in work_mem and PostgreSQL falls back to running the subquery once per
    row (seconds to minutes per page at tier M; bench/scoping.py).
    """
    key = f"{prefix.removesuffix('__')}_id" if prefix else "pk"
    in_extra = Q(**{f"{key}__in": extra})
    if not broad_orgs:
        return in_extra
    return Q(**{f"{prefix}organization_id__in": broad_orgs}) | in_extra


def case_scope(user: User, prefix: str = "") -> Q:
    """The condition on a case (reached from the queried model through `prefix`, e.g.
    "case__") under which `user` sees it: a case of an organization where they see
    every case, or one of _extra_case_ids. For signed-in, active non-superusers (the
    *_visible_to functions handle the others)."""
    broad_orgs = _broad_org_ids(user)
    return _scope(prefix, broad_orgs, _extra_case_ids(user, broad_orgs))


def person_scope(user: User, prefix: str = "") -> Q:
    """The condition on a person (reached through `prefix`, e.g. "person__") under
    which `user` sees them: a person of an organization they see whole, or the person
    of a case they see beyond it. (A case's organization is its person's: Case.clean
    and services.case_open keep it so, which is why the first part needs no join to cases.)
    """
    broad_orgs = _broad_org_ids(user)
    extra_people = Case.objects.filter(pk__in=_extra_case_ids(user, broad_orgs)).values("person_id")
    return _scope(prefix, broad_orgs, extra_people)


def cases_visible_to(user: User | None) -> QuerySet[Case]:
    if _is_anonymous(user):
        return Case.objects.none()
    if user.is_superuser:
        return Case.objects.all()
    return Case.objects.filter(case_scope(user))


def people_visible_to(user: User | None) -> QuerySet[Person]:
    if _is_anonymous(user):
        return Person.objects.none()
    if user.is_superuser:
        return Person.objects.all()
    return Person.objects.filter(person_scope(user))


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
    broad_orgs = _broad_org_ids(user)
    litigation = litigation_visible_to(user).values("pk")
    extra = _extra_case_ids(user, broad_orgs)
    if broad_orgs:
        return model.objects.filter(_scope("case__", broad_orgs, extra) | Q(litigation_id__in=litigation))
    # Only their own cases and litigation: an OR of the two would scan every row;
    # a UNION of the two index lookups (case, litigation) stays as small as they are.
    mine = (
        model.objects.filter(case_id__in=extra).values("pk").order_by()
        .union(model.objects.filter(litigation_id__in=litigation).values("pk").order_by())
    )  # fmt: skip
    return model.objects.filter(pk__in=mine)


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
    return Note.objects.filter(case_scope(user, "case__")).filter(Q(confidential=False) | privileged)


def documents_visible_to(user: User | None) -> QuerySet[Document]:
    if _is_anonymous(user):
        return Document.objects.none()
    if user.is_superuser:
        return Document.objects.all()
    return Document.objects.filter(case_scope(user, "case__"))


def deliveries_visible_to(user: User | None) -> QuerySet[Delivery]:
    """Your own reminders and alerts; coordinators also see their organization's
    deliveries, so that a failed or skipped one is noticed."""
    if _is_anonymous(user):
        return Delivery.objects.none()
    if user.is_superuser:
        return Delivery.objects.all()
    coordinated = _memberships(user).filter(role=Membership.Role.COORDINATOR).values("organization_id")
    return Delivery.objects.filter(Q(recipient=user) | Q(case__organization_id__in=coordinated))
