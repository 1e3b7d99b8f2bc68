"""Import jobs: upload → mapping → dry run → import, each run a Celery task with progress."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from casetracker import audit
from casetracker.models import Membership, Organization, User

from .columns import FIELDS, check_mapping, detect_mapping
from .models import ImportJob
from .reader import XLSX_MAGIC, SheetError, read_sheet
from .services import import_cases_file, may_import

log = logging.getLogger(__name__)
EXTENSIONS = (".csv", ".xlsx")
Status = ImportJob.Status


def jobs_visible_to(user: User) -> QuerySet[ImportJob]:
    """Jobs of the organizations the user coordinates (every job, for a superuser)."""
    if user.is_superuser:
        return ImportJob.objects.all()
    orgs = Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values("organization_id")
    return ImportJob.objects.filter(organization_id__in=orgs)


def _check_upload(upload: UploadedFile) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError({"file": _("The file is larger than the %(mb)s MB limit.") % {"mb": limit // 2**20}})
    name = (upload.name or "").lower()
    if not name.endswith(EXTENSIONS):
        raise ValidationError({"file": _("Upload a spreadsheet: a .csv or .xlsx file.")})
    data = upload.read()
    if name.endswith(".xlsx") != data.startswith(XLSX_MAGIC):
        raise ValidationError({"file": _("The file's content does not match its .csv or .xlsx name.")})
    return data


def _saved_mapping(organization: Organization, headers: list[str]) -> dict[str, str]:
    """The columns chosen last time the organization imported a file with exactly these headers."""
    previous = (
        ImportJob.objects.filter(organization=organization, headers=headers)
        .exclude(status=Status.UPLOADED)
        .order_by("-created_at")
        .values_list("mapping", flat=True)
        .first()
    )
    return previous or {}


@transaction.atomic
def job_create(*, owner: User, organization: Organization, upload: UploadedFile) -> ImportJob:
    """Store an uploaded spreadsheet privately, read its header and propose a mapping."""
    if not may_import(owner, organization):
        raise PermissionDenied
    data = _check_upload(upload)
    try:
        sheet = read_sheet(data)
    except SheetError as exc:
        raise ValidationError({"file": str(exc)}) from exc
    if not sheet.rows:
        raise ValidationError({"file": _("The file has a header but no rows.")})
    upload.seek(0)
    job = ImportJob(
        owner=owner,
        organization=organization,
        original_name=(upload.name or "")[:200],
        size=upload.size,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=sheet.headers,
        mapping=_saved_mapping(organization, sheet.headers)
        or {str(k): v for k, v in detect_mapping(sheet.headers).items()},
        total=len(sheet.rows),
    )
    job.file.save(upload.name or "upload", upload, save=False)
    job.save()
    audit.record("import", actor=owner, obj=job, step="upload", rows=job.total, size=job.size)
    return job


PUBLIC_EXTENSIONS = {
    ImportJob.Kind.ICE_AIR: (".csv",),
    ImportJob.Kind.FACILITIES: (".psv", ".xlsx", ".csv"),
    ImportJob.Kind.CODES: (".csv",),
}


@transaction.atomic
def job_create_public(*, owner: User, kind: str, upload: UploadedFile) -> ImportJob:
    """Queue an import of public data (ICE Air legs, facility lists): instance-wide, superusers only."""
    if not owner.is_superuser:
        raise PermissionDenied
    if kind not in PUBLIC_EXTENSIONS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError({"file": _("The file is larger than the %(mb)s MB limit.") % {"mb": limit // 2**20}})
    name = (upload.name or "").lower()
    if not name.endswith(PUBLIC_EXTENSIONS[kind]):
        raise ValidationError({"file": _("This kind of data comes as %(ext)s.") % {"ext": ", ".join(PUBLIC_EXTENSIONS[kind])}})
    head = upload.read(4)
    if name.endswith(".xlsx") != head.startswith(XLSX_MAGIC):
        raise ValidationError({"file": _("The file's content does not match its name.")})
    upload.seek(0)
    job = ImportJob(owner=owner, kind=kind, original_name=(upload.name or "")[:200], size=upload.size,
                    status=Status.QUEUED, dry_run=False)  # fmt: skip
    job.file.save(upload.name or "upload", upload, save=False)
    job.save()
    audit.record("import", actor=owner, obj=job, step="upload", kind=kind, size=job.size)
    _queue(job, dry_run=False)
    return job


def _run_public(job: ImportJob, progress) -> Any:
    from detentions.importers import import_facility_file, import_ice_air

    from .codes import import_code_file

    if job.kind == ImportJob.Kind.ICE_AIR:
        return import_ice_air(job.file.path, progress=progress)
    if job.kind == ImportJob.Kind.CODES:
        return import_code_file(job.file.path, name=job.original_name)
    return import_facility_file(job.file.path, name=job.original_name)


def _queue(job: ImportJob, dry_run: bool) -> None:
    from .tasks import run_import_job

    transaction.on_commit(lambda: run_import_job.delay(job.pk, dry_run))


@transaction.atomic
def job_set_mapping(*, job: ImportJob, mapping: dict[int, str], by: User) -> ImportJob:
    """Save the chosen columns and queue the dry run."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.is_running or job.status == Status.DONE:
        raise ValidationError(_("This import is running or finished; its mapping cannot change."))
    unknown = {f for f in mapping.values() if f and f not in FIELDS}
    chosen = [f for f in mapping.values() if f]
    if unknown or len(chosen) != len(set(chosen)):
        raise ValidationError(_("Map each target field to one column at most."))
    problems = check_mapping({k: v for k, v in mapping.items() if v})
    if problems:
        raise ValidationError(problems)
    job.mapping = {str(k): v for k, v in mapping.items() if v}
    job.status = Status.DRY_RUN_QUEUED
    job.progress, job.results, job.counts, job.error = 0, [], {}, ""
    job.save()
    _queue(job, dry_run=True)
    return job


@transaction.atomic
def job_start_import(*, job: ImportJob, by: User) -> ImportJob:
    """Queue the real import of a job whose dry run is done."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != Status.CHECKED:
        raise ValidationError(_("Run the dry run first; an import starts from its result."))
    job.status = Status.QUEUED
    job.progress = 0
    job.save(update_fields=["status", "progress"])
    _queue(job, dry_run=False)
    return job


def run(*, job_id: int, dry_run: bool) -> None:
    """The task body: claim the job, run it, store per-row results. A second delivery does nothing."""
    queued, running = (Status.DRY_RUN_QUEUED, Status.DRY_RUNNING) if dry_run else (Status.QUEUED, Status.RUNNING)
    claimed = ImportJob.objects.filter(pk=job_id, status=queued).update(
        status=running, started_at=timezone.now(), progress=0
    )
    if claimed != 1:
        return
    job = ImportJob.objects.select_related("owner", "organization").get(pk=job_id)

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=done, total=total)

    try:
        if job.kind != ImportJob.Kind.CASES:
            try:
                report = _run_public(job, progress)
            except ValueError as exc:
                # The public importers' own words about the file (wrong columns, wrong kind):
                # public data, no personal data, shown to the superuser who uploaded it.
                log.warning("import job %s: the file is not of its kind", job_id)
                ImportJob.objects.filter(pk=job_id).update(status=Status.FAILED, error=str(exc), finished_at=timezone.now())
                return
            audit.record("import", actor=job.owner, obj=job, kind=job.kind, rows=report.total, **dict(report.counts))
        else:
            with job.file.open("rb") as handle:
                _sheet, _mapping, report = import_cases_file(
                    handle.read(), organization=job.organization, by=job.owner, mapping=job.int_mapping(),
                    dry_run=dry_run, progress=progress, audit_details={"job": job.pk},
                )  # fmt: skip
    except Exception as exc:  # noqa: BLE001 - the job must end visibly failed, whatever happened
        # The exception text may quote a cell: log the job and the kind of error only.
        log.error("import job %s failed: %s", job_id, type(exc).__name__)
        ImportJob.objects.filter(pk=job_id).update(
            status=Status.FAILED, error=_("The import stopped with an error; nothing from the unfinished batch was written."),
            finished_at=timezone.now(),
        )  # fmt: skip
        return
    ImportJob.objects.filter(pk=job_id).update(
        status=Status.CHECKED if dry_run else Status.DONE,
        dry_run=dry_run,
        counts=dict(report.counts),
        results=[r.as_dict() for r in report.rows],
        progress=report.total,
        total=report.total,
        finished_at=timezone.now(),
    )


def rejected_rows(job: ImportJob) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the rejected-rows download: the row number, the reason, then the original cells."""
    header = [_("Row"), _("Reason"), *job.headers]
    rows = []
    for result in job.results:
        if result["outcome"] != "rejected":
            continue
        values = result.get("values", {})
        cells = [values.get(h or f"column {i + 1}", "") for i, h in enumerate(job.headers)]
        rows.append([result["row"], result["reason"], *cells])
    return header, rows
