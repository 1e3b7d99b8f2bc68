"""Every write to people, cases, hearings, deadlines, notes, documents and litigation.

Keyword-only, one transaction each, validation errors keyed by field so forms and
the API can say which field and why.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils import timezone

from casetracker import audit
from casetracker.locking import save_versioned
from casetracker.models import AuditEntry, Organization, User

from . import uploads
from .anumber import parse_anumber
from .alerts import alert_on_commit
from .deadlines import deadlines_recompute
from .models import (
    Case,
    CaseAssignment,
    Deadline,
    Delivery,
    Document,
    Hearing,
    Language,
    Litigation,
    LitigationParty,
    Note,
    Person,
    PersonRelationship,
)


def _normalize_anumber(fields: dict[str, Any]) -> None:
    if fields.get("a_number"):
        try:
            fields["a_number"] = parse_anumber(fields["a_number"])
        except ValidationError as exc:
            raise ValidationError({"a_number": exc.messages}) from exc


def _check_anumber_free(person: Person) -> None:
    if not person.a_number:
        return
    clash = Person.objects.filter(organization_id=person.organization_id, a_number=person.a_number)
    if person.pk:
        clash = clash.exclude(pk=person.pk)
    existing = clash.first()
    if existing:
        raise ValidationError(
            {"a_number": f"{person.a_number_display} is already recorded for person #{existing.pk}."},
            code="duplicate_anumber",
        )


@transaction.atomic
def person_create(
    *, organization: Organization, by: User | None, languages: Iterable[Language] = (), **fields: Any
) -> Person:
    """Record a new person in the organization; A-number accepted in any written form."""
    _normalize_anumber(fields)
    person = Person(organization=organization, **fields)
    person.full_clean(exclude=["search_key"], validate_unique=False, validate_constraints=False)
    _check_anumber_free(person)
    person.save()
    if languages:
        person.languages.set(languages)
    return person


@transaction.atomic
def person_update(*, person: Person, version: int, by: User | None, **changes: Any) -> Person:
    """Change a person's fields; refused with a ConflictError if someone saved in between."""
    _normalize_anumber(changes)
    languages = changes.pop("languages", None)
    for name, value in changes.items():
        setattr(person, name, value)
    person.full_clean(exclude=["search_key"], validate_unique=False, validate_constraints=False)
    _check_anumber_free(person)
    save_versioned(person, version=version, fields=[*changes, "search_key"])
    if languages is not None:
        person.languages.set(languages)
    if "last_arrival_date" in changes:
        for case in person.cases.all():
            deadlines_recompute(case=case)
    return person


ARCHIVE_FIELDS = ["archived_at", "archived_by", "archive_reason", "updated_at"]


def _archive(record: Person | Case, *, by: User | None, reason: str, at: datetime | None = None) -> bool:
    if record.archived_at is not None:
        return False
    record.archived_at, record.archived_by, record.archive_reason = at or timezone.now(), by, reason.strip()[:200]
    record.save(update_fields=ARCHIVE_FIELDS)
    audit.record(AuditEntry.Action.ARCHIVE, actor=by, obj=record, reason_given=bool(reason.strip()))
    return True


def _restore(record: Person | Case, *, by: User | None) -> bool:
    if record.archived_at is None:
        return False
    record.archived_at, record.archived_by, record.archive_reason = None, None, ""
    record.save(update_fields=ARCHIVE_FIELDS)
    audit.record(AuditEntry.Action.RESTORE, actor=by, obj=record)
    return True


@transaction.atomic
def case_archive(*, case: Case, by: User | None, reason: str = "") -> bool:
    """Take a case out of the working lists, keeping it and its history; False if it already was."""
    return _archive(case, by=by, reason=reason)


@transaction.atomic
def case_restore(*, case: Case, by: User | None) -> bool:
    """Bring an archived case back into the working lists."""
    return _restore(case, by=by)


@transaction.atomic
def person_archive(*, person: Person, by: User | None, reason: str = "") -> bool:
    """Archive a person and every case of theirs that is not archived yet."""
    if person.archived_at is not None:
        return False
    now = timezone.now()
    for case in person.cases.filter(archived_at__isnull=True):
        _archive(case, by=by, reason=reason, at=now)
    return _archive(person, by=by, reason=reason, at=now)


@transaction.atomic
def person_restore(*, person: Person, by: User | None, with_cases: bool = True) -> bool:
    """Restore a person (and, by default, the cases archived together with them)."""
    archived_at = person.archived_at
    restored = _restore(person, by=by)
    if restored and with_cases:
        for case in person.cases.filter(archived_at=archived_at):
            _restore(case, by=by)
    return restored


@transaction.atomic
def relationship_add(*, person: Person, relative: Person, kind: str, by: User | None) -> PersonRelationship:
    """Link two people in both directions (spouse ↔ spouse, parent ↔ child)."""
    if person.pk == relative.pk:
        raise ValidationError({"relative": "A person cannot be their own relative."})
    if kind not in PersonRelationship.INVERSE:
        raise ValidationError({"kind": f"Unknown relationship {kind!r}."})
    if person.organization_id != relative.organization_id:
        raise ValidationError({"relative": "Both people must be records of the same organization."})
    link, _ = PersonRelationship.objects.update_or_create(person=person, relative=relative, defaults={"kind": kind})
    PersonRelationship.objects.update_or_create(
        person=relative, relative=person, defaults={"kind": PersonRelationship.INVERSE[kind]}
    )
    return link


def _next_reference(organization: Organization, year: int) -> str:
    # Lock the organization row so two intakes cannot take the same number.
    Organization.objects.select_for_update().filter(pk=organization.pk).first()
    prefix = f"{organization.case_prefix}-{year}-"
    # Longest first: after -9999 comes -10000, which sorts before it as text.
    last = (
        Case.objects.filter(reference__startswith=prefix)
        .order_by(Length("reference").desc(), "-reference")
        .values_list("reference", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
def case_open(
    *,
    person: Person,
    by: User | None,
    team: Iterable[tuple[User, str]] = (),
    opened_on: date | None = None,
    **fields: Any,
) -> Case:
    """Open a case for a person in the person's organization, with a readable reference."""
    organization = person.organization
    opened_on = opened_on or timezone.localdate()
    case = Case(organization=organization, person=person, opened_on=opened_on, created_by=by, **fields)
    case.reference = "pending"
    case.full_clean(exclude=["reference"], validate_unique=False, validate_constraints=False)
    case.reference = _next_reference(organization, opened_on.year)
    case.save()
    for user, role in team:
        case_assign(case=case, user=user, role=role, by=by)
    deadlines_recompute(case=case)
    return case


@transaction.atomic
def case_update(*, case: Case, version: int, by: User | None, **changes: Any) -> Case:
    """Change a case; refused with a ConflictError if someone saved in between."""
    removal_before = case.removal_ordered_on
    for name, value in changes.items():
        setattr(case, name, value)
    case.full_clean(validate_unique=False, validate_constraints=False)
    save_versioned(case, version=version, fields=list(changes))
    deadlines_recompute(case=case)
    if case.removal_ordered_on and case.removal_ordered_on != removal_before:
        alert_on_commit(kind=Delivery.Kind.ALERT_REMOVAL_ORDER, case=case, about=f"case:{case.pk}")
    return case


@transaction.atomic
def case_assign(*, case: Case, user: User, role: str, by: User | None) -> CaseAssignment:
    if not user.memberships.filter(organization_id=case.organization_id).exists() and not user.is_superuser:
        if not user.memberships.filter(organization__in=case.shared_with.all()).exists():
            raise ValidationError({"user": f"{user} is not a member of {case.organization}."})
    assignment, _ = CaseAssignment.objects.update_or_create(case=case, user=user, defaults={"role": role})
    return assignment


@dataclass
class Intake:
    person: Person
    case: Case
    custody: Any  # detentions.Custody, or None when the person is not detained


@transaction.atomic
def intake(
    *,
    organization: Organization,
    by: User | None,
    person: dict[str, Any],
    case: dict[str, Any],
    facility: Any = None,
    booked_in_on: date | None = None,
    team: Iterable[tuple[User, str]] = (),
) -> Intake:
    """Person + case + current custody in one step; all or nothing."""
    from detentions.services import custody_book_in

    new_person = person_create(organization=organization, by=by, **person)
    new_case = case_open(person=new_person, by=by, team=team, **case)
    stay = None
    if facility is not None:
        if booked_in_on is None:
            raise ValidationError({"booked_in_on": "Say when the person was booked in."})
        stay = custody_book_in(person=new_person, facility=facility, on=booked_in_on, by=by)
    return Intake(person=new_person, case=new_case, custody=stay)


def _hearing_place_check(fields: dict[str, Any]) -> None:
    if not fields.get("court") and not fields.get("facility"):
        raise ValidationError({"court": "Say where the hearing is held: a court or a detention facility."})


@transaction.atomic
def hearing_schedule(
    *, case: Case | None = None, litigation: Litigation | None = None, by: User | None, **fields: Any
) -> Hearing:
    """Put a hearing on a case's (or a litigation matter's) calendar."""
    starts_at: datetime | None = fields.get("starts_at")
    if starts_at is not None and timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": "Give the hearing time with its time zone."})
    if case is not None and "court" not in fields and case.court_id:
        fields["court"] = case.court
    if case is not None:
        _hearing_place_check(fields)
    hearing = Hearing(case=case, litigation=litigation, **fields)
    hearing.full_clean(validate_constraints=False)
    hearing.save()
    if case is not None:
        deadlines_recompute(case=case)
    return hearing


@transaction.atomic
def hearing_reschedule(*, hearing: Hearing, starts_at: datetime, by: User | None, **changes: Any) -> Hearing:
    """Move a hearing: the old one is marked adjourned and the new one links back to it."""
    old = Hearing.objects.select_for_update().get(pk=hearing.pk)
    if old.status != Hearing.Status.SCHEDULED:
        raise ValidationError({"status": f"Only a scheduled hearing can be moved; this one is {old.status}."})
    old.status = Hearing.Status.ADJOURNED
    old.sequence += 1
    old.save(update_fields=["status", "sequence", "updated_at"])
    fields = {
        "kind": old.kind,
        "court": old.court,
        "facility": old.facility,
        "courtroom": old.courtroom,
        "judge": old.judge,
        "mode": old.mode,
        "interpreter_language": old.interpreter_language,
        "duration_minutes": old.duration_minutes,
        **changes,
    }
    new = hearing_schedule(
        case=old.case, litigation=old.litigation, by=by, starts_at=starts_at, replaces=old, **fields
    )
    if old.case_id:
        alert_on_commit(kind=Delivery.Kind.ALERT_HEARING_MOVED, case=old.case, about=f"hearing:{new.pk}")
    return new


@transaction.atomic
def hearing_update(*, hearing: Hearing, version: int, by: User | None, **changes: Any) -> Hearing:
    """Correct a hearing's details; refused with a ConflictError if someone saved in between.

    Calendar clients see the change on their next refresh (SEQUENCE is bumped); the
    deadlines computed from the hearing follow it.
    """
    for name, value in changes.items():
        setattr(hearing, name, value)
    hearing.full_clean(validate_constraints=False)
    hearing.sequence += 1
    save_versioned(hearing, version=version, fields=[*changes, "sequence"])
    if hearing.case_id and {"starts_at", "status"} & set(changes):
        deadlines_recompute(case=hearing.case)
    return hearing


@transaction.atomic
def hearing_record_result(*, hearing: Hearing, status: str, result: str = "", by: User | None) -> Hearing:
    if status not in Hearing.Status.values:
        raise ValidationError({"status": f"Unknown hearing status {status!r}."})
    cancelled_now = status == Hearing.Status.CANCELLED and hearing.status != Hearing.Status.CANCELLED
    hearing.status = status
    hearing.result = result
    hearing.sequence += 1
    hearing.save(update_fields=["status", "result", "sequence", "updated_at"])
    if hearing.case_id:
        deadlines_recompute(case=hearing.case)
        if cancelled_now:
            alert_on_commit(kind=Delivery.Kind.ALERT_HEARING_CANCELLED, case=hearing.case, about=f"hearing:{hearing.pk}")
    return hearing


@transaction.atomic
def deadline_add(
    *, case: Case | None = None, litigation: Litigation | None = None, by: User | None, **fields: Any
) -> Deadline:
    """Add a deadline by hand; the rule engine never touches manual deadlines."""
    deadline = Deadline(case=case, litigation=litigation, rule="", **fields)
    deadline.full_clean(validate_constraints=False)
    deadline.save()
    return deadline


@transaction.atomic
def deadline_set_status(*, deadline: Deadline, status: str, by: User | None) -> Deadline:
    if status not in Deadline.Status.values:
        raise ValidationError({"status": f"Unknown deadline status {status!r}."})
    deadline.status = status
    deadline.completed_at = timezone.now() if status == Deadline.Status.DONE else None
    deadline.save(update_fields=["status", "completed_at"])
    return deadline


@transaction.atomic
def note_add(*, case: Case, by: User | None, body: str, **fields: Any) -> Note:
    note = Note(case=case, author=by, body=body, **fields)
    note.full_clean()
    note.save()
    return note


ALLOWED_DOCUMENT_TYPES = uploads.ALLOWED_TYPES


@transaction.atomic
def document_add(*, case: Case, by: User | None, upload: UploadedFile, title: str = "", kind: str = "other") -> Document:
    """Store an uploaded file privately after checking its size and real type.

    The type is sniffed from the content against an allow-list; photos are stored
    without their EXIF/GPS metadata; the stored name is the checksum of what is stored.
    """
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        limit = settings.DOCUMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError({"file": f"The file is larger than the {limit} MB limit."}, code="file_size")
    inspected = uploads.inspect(upload)
    content = inspected.content
    content.seek(0)
    sha256 = Document.checksum(content.chunks())
    content.seek(0)
    document = Document(
        case=case,
        kind=kind,
        title=title or "Untitled document",
        original_name=(upload.name or "")[:200],
        content_type=inspected.content_type,
        size=content.size,
        sha256=sha256,
        uploaded_by=by,
    )
    document.file.save(sha256, content, save=False)
    document.full_clean()
    document.save()
    return document


@transaction.atomic
def litigation_create(
    *,
    organization: Organization,
    by: User | None,
    plaintiffs: Iterable[Person] = (),
    team: Iterable[User] = (),
    **fields: Any,
) -> Litigation:
    litigation = Litigation(organization=organization, **fields)
    litigation.full_clean()
    litigation.save()
    members = [user for user in team if user.is_superuser or user.memberships.filter(organization=organization).exists()]
    if len(members) != len(list(team)):
        raise ValidationError({"team": f"Everyone on the team must be a member of {organization}."})
    litigation.team.set(members)
    for person in plaintiffs:
        litigation_party_add(litigation=litigation, person=person, by=by)
    return litigation


@transaction.atomic
def litigation_party_add(
    *, litigation: Litigation, person: Person, by: User | None, role: str = LitigationParty.Role.PETITIONER
) -> LitigationParty:
    if person.organization_id != litigation.organization_id:
        raise ValidationError({"person": "The person is another organization's record."})
    try:
        with transaction.atomic():
            return LitigationParty.objects.create(litigation=litigation, person=person, role=role)
    except IntegrityError as exc:
        raise ValidationError({"person": f"{person} is already a party to this matter."}) from exc


# --- Thin services the API needed (the admin had these writes inline) -------------------


@transaction.atomic
def litigation_archive(*, litigation: Litigation, by: User | None) -> Litigation:
    """Archive instead of delete: the matter drops out of working lists."""
    if litigation.archived_at is None:
        litigation.archived_at = timezone.now()
        litigation.save(update_fields=["archived_at"])
    return litigation


@transaction.atomic
def deadline_update(*, deadline: Deadline, by: User | None, **changes: Any) -> Deadline:
    """Correct a deadline; a status change goes through deadline_set_status."""
    status = changes.pop("status", None)
    for name, value in changes.items():
        setattr(deadline, name, value)
    deadline.full_clean(validate_constraints=False)
    if changes:
        deadline.save(update_fields=[*changes, "updated_at"])
    if status is not None and status != deadline.status:
        deadline_set_status(deadline=deadline, status=status, by=by)
    return deadline


@transaction.atomic
def note_update(*, note: Note, by: User | None, **changes: Any) -> Note:
    for name, value in changes.items():
        setattr(note, name, value)
    note.full_clean()
    if changes:
        note.save(update_fields=list(changes))
    return note


@transaction.atomic
def document_update(*, document: Document, by: User | None, **changes: Any) -> Document:
    """Change a document's title or kind; the stored file never changes."""
    unknown = set(changes) - {"title", "kind"}
    if unknown:
        raise ValidationError({name: "This cannot be changed after upload." for name in unknown})
    for name, value in changes.items():
        setattr(document, name, value)
    document.full_clean()
    if changes:
        document.save(update_fields=list(changes))
    return document


@transaction.atomic
def litigation_update(
    *, litigation: Litigation, by: User | None, team: Iterable[User] | None = None, **changes: Any
) -> Litigation:
    for name, value in changes.items():
        setattr(litigation, name, value)
    litigation.full_clean()
    if changes:
        litigation.save(update_fields=list(changes))
    if team is not None:
        team = list(team)
        members = [u for u in team if u.is_superuser or u.memberships.filter(organization_id=litigation.organization_id).exists()]
        if len(members) != len(team):
            raise ValidationError({"team": f"Everyone on the team must be a member of {litigation.organization}."})
        litigation.team.set(members)
    return litigation
