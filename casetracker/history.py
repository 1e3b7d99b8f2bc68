"""Change history of every domain model (django-simple-history), registered in one place.

Every save and delete through the ORM writes a historical row with the acting user
(HistoryRequestMiddleware takes it from the request). Writes that bypass save() make
no historical row, on purpose:

- seed_scale (casetracker/scale.py) loads synthetic data by COPY / bulk_create;
- the reminder engine claims and marks deliveries with UPDATE (deliveries are not
  tracked: they are a send log, not case data);
- save_versioned's version bump is an UPDATE, but the save() that follows records the
  new state, so no edit goes unrecorded.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import simple_history
from django.apps import apps

# app_label.model -> options for simple_history.register
TRACKED: dict[str, dict[str, Any]] = {
    "casetracker.organization": {},
    "casetracker.membership": {},
    "cases.person": {"excluded_fields": ["search_key", "updated_at"]},
    "cases.personrelationship": {},
    "cases.case": {"excluded_fields": ["updated_at"], "m2m_fields": ["shared_with"]},
    "cases.caseassignment": {},
    "cases.hearing": {"excluded_fields": ["updated_at"]},
    "cases.deadline": {"excluded_fields": ["updated_at"]},
    "cases.note": {},
    "cases.document": {},
    "cases.litigation": {"m2m_fields": ["team"]},
    "cases.litigationparty": {},
    "detentions.custody": {},
    "detentions.incident": {},
    "detentions.flight": {},
    "detentions.flightleg": {},
    "detentions.passenger": {},
}


def register_all() -> None:
    for label, options in TRACKED.items():
        model = apps.get_model(label)
        if not hasattr(model, "history"):
            m2m = [model._meta.get_field(name) for name in options.get("m2m_fields", ())]
            simple_history.register(model, **{**options, "m2m_fields": m2m} if m2m else options)


@dataclass
class Change:
    at: datetime
    user: Any
    kind: str  # "created", "changed", "deleted"
    model: str  # verbose name, e.g. "hearing"
    object_id: Any
    fields: list[str]


KINDS = {"+": "created", "~": "changed", "-": "deleted"}


def _changes(record) -> list[str]:
    previous = record.prev_record
    if record.history_type != "~" or previous is None:
        return []
    delta = record.diff_against(previous)
    return [str(record.instance_type._meta.get_field(name).verbose_name) for name in delta.changed_fields]


def case_history(case, *, limit: int = 200) -> list[Change]:
    """What changed on a case and its hearings, deadlines, notes, documents and team,
    newest first: who, when, which fields (never the values, which the page may not show)."""
    from cases.models import Case, CaseAssignment, Deadline, Document, Hearing, Note

    sources = [Case.history.filter(id=case.pk)]
    for model in (Hearing, Deadline, Note, Document, CaseAssignment):
        sources.append(model.history.filter(case_id=case.pk))
    records = sorted(
        (record for source in sources for record in source.select_related("history_user")[:limit]),
        key=lambda record: record.history_date,
        reverse=True,
    )[:limit]
    return [
        Change(
            at=record.history_date,
            user=record.history_user,
            kind=KINDS[record.history_type],
            model=str(record.instance_type._meta.verbose_name),
            object_id=record.id,
            fields=_changes(record),
        )
        for record in records
    ]


def iter_tracked_models() -> Iterator[type]:
    for label in TRACKED:
        yield apps.get_model(label)
