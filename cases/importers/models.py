"""An upload on its way in: the stored file, the column mapping, the dry run and the import, row by row."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.models import Organization


def _upload_path(job: "ImportJob", filename: str) -> str:
    # A random name: the user's file name may itself say who is in it.
    return f"imports/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:6]}"


class ImportJob(models.Model):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded: choose the columns")
        DRY_RUN_QUEUED = "dry_queued", _("Dry run queued")
        DRY_RUNNING = "dry_running", _("Dry run in progress")
        CHECKED = "checked", _("Dry run done: ready to import")
        QUEUED = "queued", _("Import queued")
        RUNNING = "running", _("Import in progress")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    class Kind(models.TextChoices):
        CASES = "cases", _("People, cases and custody (spreadsheet)")
        ICE_AIR = "ice_air", _("ICE Air flight legs (CSV)")
        FACILITIES = "facilities", _("ICE facility list (.psv, .xlsx or field-office .csv)")
        CODES = "codes", _("Code table: EOIR lookup tables or ARTS status codes (CSV)")

    RUNNING_STATES = (Status.DRY_RUN_QUEUED, Status.DRY_RUNNING, Status.QUEUED, Status.RUNNING)

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.CASES)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="import_jobs",
        help_text="Empty for public data (flights, facilities), which belongs to no organization.",
    )  # fmt: skip
    file = models.FileField(upload_to=_upload_path, help_text="Stored privately; never served from a public path.")
    original_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    headers = models.JSONField(default=list, blank=True)
    mapping = models.JSONField(default=dict, blank=True, help_text='Column index → target field, e.g. {"0": "full_name"}.')
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.UPLOADED)
    dry_run = models.BooleanField(default=True, help_text="Whether the counts and results are a dry run's.")
    counts = models.JSONField(default=dict, blank=True)
    progress = models.PositiveIntegerField(default=0, help_text="Rows done.")
    total = models.PositiveIntegerField(default=0, help_text="Rows in the file (after the header).")
    results = models.JSONField(default=list, blank=True, help_text="Per-row outcomes of the last run.")
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="importjob_org_created_idx"),
            models.Index(fields=["status"], condition=~Q(status__in=["done", "failed"]), name="importjob_active_idx"),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING_STATES

    @property
    def percent(self) -> int:
        return round(100 * self.progress / self.total) if self.total else (100 if self.finished_at else 0)

    def int_mapping(self) -> dict[int, str]:
        return {int(k): v for k, v in (self.mapping or {}).items() if v}
