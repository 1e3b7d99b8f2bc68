"""Exports too big to download directly: an ExportJob row, a Celery task that writes
the file in batches (updating done/total as it goes), an email to the owner when it
is ready, and an hourly clean-up of files past their retention period."""

from __future__ import annotations

import logging
import tempfile
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from casetracker import audit
from casetracker.models import Membership, User

from ..models import ExportJob
from .base import parse_filters
from .registry import REPORTS
from .writers import WRITERS

log = logging.getLogger(__name__)


def coordinated_organization_id(user: User) -> int | None:
    """The organization an export is recorded against: the user's (first) coordinated one."""
    membership = Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).order_by("pk").first()
    return membership.organization_id if membership else None


@transaction.atomic
def start_export(*, owner: User, report: str, fmt: str, filters: dict[str, str], total: int) -> ExportJob:
    """Record the job and queue its task once the row is committed."""
    from ..tasks import run_export

    job = ExportJob.objects.create(
        owner=owner,
        organization_id=coordinated_organization_id(owner),
        report=report,
        format=fmt,
        filters=filters,
        total=total,
    )
    transaction.on_commit(lambda: run_export.delay(job.pk))
    return job


def build(job: ExportJob):
    """The report as the owner would see it now: same selectors, same filters."""
    report_class = REPORTS[job.report]
    form, filters = parse_filters(report_class, job.filters)
    if filters is None:
        raise ValueError(f"filters no longer valid: {sorted(form.errors)}")
    return report_class(job.owner, filters)


def _progress(job_pk: int):
    pause = settings.CT_EXPORT_BATCH_PAUSE

    def update(done: int) -> None:
        ExportJob.objects.filter(pk=job_pk).update(done=done)
        if pause:
            time.sleep(pause)

    return update


def run(job_pk: int) -> None:
    """Write one job's file. A job that is not waiting (done, or claimed by another worker) is left alone."""
    if ExportJob.objects.filter(pk=job_pk, status=ExportJob.Status.PENDING).update(status=ExportJob.Status.RUNNING) != 1:
        return
    job = ExportJob.objects.select_related("owner").get(pk=job_pk)
    try:
        report = build(job)
        with tempfile.TemporaryFile() as spool:
            WRITERS[job.format](report, spool, _progress(job.pk))
            spool.seek(0)
            job.file.save(f"{job.pk}.{job.format}", File(spool), save=False)
    except Exception as exc:  # the job must end visibly failed, whatever broke
        log.exception("export job %s failed", job_pk)
        ExportJob.objects.filter(pk=job_pk).update(
            status=ExportJob.Status.FAILED, error=type(exc).__name__, finished_at=timezone.now()
        )
        return
    job.refresh_from_db(fields=["done"])
    now = timezone.now()
    ExportJob.objects.filter(pk=job_pk).update(
        status=ExportJob.Status.DONE, file=job.file.name, finished_at=now, total=max(job.total, job.done),
        expires_at=now + timedelta(hours=settings.CT_EXPORT_RETENTION_HOURS),
    )  # fmt: skip
    audit.record("export", actor=job.owner, organization_id=job.organization_id, report=job.report,
                 format=job.format, filters=report.filters.as_params(), rows=job.done, channel="job", job=job.pk)  # fmt: skip
    send_ready_email(ExportJob.objects.select_related("owner").get(pk=job_pk))


def send_ready_email(job: ExportJob) -> None:
    """Subject and body carry the report name and a link: no names, no filters."""
    owner = job.owner
    report_class = REPORTS.get(job.report)
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        context = {
            "report": str(report_class.title) if report_class else job.report,
            "format": job.format.upper(),
            "rows": job.done,
            "link": settings.CT_BASE_URL + reverse("report-job", args=[job.pk]),
            "inbox": settings.CT_BASE_URL + "/notifications/",
            "expires_at": timezone.localtime(job.expires_at) if job.expires_at else None,
        }
        subject = " ".join(render_to_string("emails/export-ready-subject.txt", context).split())
        text = render_to_string("emails/export-ready-body.txt", context)
        html = render_to_string("emails/export-ready-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=[owner.email],
        headers={"Message-ID": f"<export-{job.pk}@casetracker>"},
    )  # fmt: skip
    message.attach_alternative(html, "text/html")
    message.send(fail_silently=False)


def status(job: ExportJob) -> dict[str, Any]:
    return {
        "status": job.status,
        "status_display": job.get_status_display(),
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "download_url": reverse("report-job-download", args=[job.pk]) if job.status == ExportJob.Status.DONE else "",
        "error": job.error,
    }


def delete_expired(now=None) -> int:
    """Delete the files of finished jobs past their expiry; the job rows stay, marked expired."""
    now = now or timezone.now()
    expired = 0
    for job in ExportJob.objects.filter(status=ExportJob.Status.DONE, expires_at__lte=now).iterator():
        if job.file:
            job.file.delete(save=False)
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.EXPIRED, file="")
        expired += 1
    return expired
