"""The entry points the command, the pages and the Celery task share."""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

from django.core.exceptions import PermissionDenied

from casetracker import audit
from casetracker.models import Organization, User
from casetracker.roles import is_coordinator

from .columns import apply_overrides, check_mapping, detect_mapping
from .engine import Progress, import_sheet
from .reader import Sheet, read_sheet
from .report import ImportReport


def may_import(user: User | None, organization: Organization) -> bool:
    """Coordinators (and superusers) import into their organization; advocates enter cases one by one.

    A spreadsheet import writes hundreds of records at once and merges into existing
    people, which DESIGN gives to the coordinator who runs the organization.
    """
    return user is not None and is_coordinator(user, organization)


def import_cases_file(
    source: Path | str | IO[bytes] | bytes,
    *,
    organization: Organization,
    by: User | None,
    mapping: dict[int, str] | None = None,
    overrides: dict[str, str] | None = None,
    dry_run: bool = False,
    sheet_name: str | None = None,
    progress: Progress | None = None,
    audit_details: dict[str, Any] | None = None,
) -> tuple[Sheet, dict[int, str], ImportReport]:
    """Read, map (detected unless given, then overridden) and import a spreadsheet; audited."""
    if by is not None and not may_import(by, organization):
        raise PermissionDenied("Only the organization's coordinators may import into it.")
    sheet = read_sheet(source, sheet=sheet_name)
    mapping = detect_mapping(sheet.headers) if mapping is None else dict(mapping)
    if overrides:
        mapping = apply_overrides(sheet.headers, mapping, overrides)
    problems = check_mapping(mapping)
    if problems:
        raise ValueError(" ".join(problems))
    report = import_sheet(
        sheet=sheet, mapping=mapping, organization=organization, by=by, dry_run=dry_run, progress=progress
    )
    audit.record(
        "import",
        actor=by,
        organization_id=organization.pk,
        kind="cases",
        dry_run=dry_run,
        rows=report.total,
        **dict(report.counts),
        **(audit_details or {}),
    )
    return sheet, mapping, report
