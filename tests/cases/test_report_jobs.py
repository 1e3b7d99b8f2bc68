"""Large exports as background jobs: progress, private file, email, download, expiry."""

import csv
import io
import os
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from openpyxl import load_workbook

from casetracker.models import AuditEntry, Membership
from cases.models import ExportJob
from cases.reports import jobs
from tests.factories import MembershipFactory, UserFactory

from .reports_data import NOW, dataset, frozen  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_threshold(settings, monkeypatch):
    settings.CT_EXPORT_DIRECT_MAX_ROWS = 1
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The task body runs right here instead of in a worker (tests/browser uses a real one).
    monkeypatch.setattr("cases.tasks.run_export.delay", jobs.run)
    return settings


def start(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(url)
    assert response.status_code == 302
    return ExportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_large_csv_export_runs_as_a_job_and_emails_a_link(
    dataset, client, coordinator, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    job = start(client, "/reports/caseload.csv?state=LA", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert (job.status, job.done, job.total, job.format, job.filters) == ("done", 2, 2, "csv", {"state": "LA"})
    assert job.organization == dataset.home and job.expires_at == NOW + timedelta(hours=72)
    path = job.file.path
    assert path.startswith(str(django_settings.VAR_DIR / "private" / "exports")) and os.path.exists(path)

    page = client.get(f"/reports/jobs/{job.pk}/")
    assert page.status_code == 200 and b"<progress" in page.content and b"style=" not in page.content
    status = client.get(f"/reports/jobs/{job.pk}/status.json").json()
    assert status["percent"] == 100 and status["download_url"] == f"/reports/jobs/{job.pk}/download/"

    download = client.get(status["download_url"])
    body = b"".join(download.streaming_content).decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(body))][1:] == ["HOME-2026-0101", "HOME-2026-0102"]

    [email] = mail.outbox
    assert email.to == [coordinator.email] and email.subject == "Your export is ready: Caseload (CSV)"
    assert f"/reports/jobs/{job.pk}/" in email.body and "Ivanov" not in email.body + email.subject
    exported = AuditEntry.objects.get(action="export")
    assert exported.details["channel"] == "job" and exported.details["rows"] == 2
    assert AuditEntry.objects.filter(action="download").count() == 1


def test_russian_speaking_owner_gets_the_email_in_russian(
    dataset, client, coordinator, small_threshold, django_capture_on_commit_callbacks
):
    coordinator.language = "ru"
    coordinator.save()
    client.force_login(coordinator)
    start(client, "/reports/caseload.xlsx", django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Выгрузка готова: Дела (XLSX)"


def test_xlsx_job_file_reads_back(dataset, client, coordinator, small_threshold, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    job = start(client, "/reports/detained.xlsx", django_capture_on_commit_callbacks)
    download = client.get(f"/reports/jobs/{job.pk}/download/")
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sorted(row[0].value for row in sheet.iter_rows(min_row=2))[-2:] == ["Ivanov", "Petrova"]


def test_only_the_owner_sees_the_job_or_its_file(
    dataset, client, coordinator, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    job = start(client, "/reports/caseload.csv", django_capture_on_commit_callbacks)
    second = UserFactory(email="second-coordinator@home.test")
    MembershipFactory(user=second, organization=dataset.home, role=Membership.Role.COORDINATOR)
    client.force_login(second)
    for suffix in ("", "status.json", "download/"):
        assert client.get(f"/reports/jobs/{job.pk}/{suffix}").status_code == 404


def test_running_a_job_twice_writes_it_once(dataset, coordinator, small_threshold):
    job = jobs.start_export(owner=coordinator, report="caseload", fmt="csv", filters={}, total=5)
    jobs.run(job.pk)
    jobs.run(job.pk)
    assert len(mail.outbox) == 1 and AuditEntry.objects.filter(action="export").count() == 1


def test_a_job_whose_filters_no_longer_validate_ends_failed(dataset, coordinator, small_threshold):
    job = jobs.start_export(owner=coordinator, report="caseload", fmt="csv", filters={"facility": "999999"}, total=5)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and job.error == "ValueError" and not job.file and not mail.outbox
    assert jobs.status(job)["download_url"] == ""


def test_expired_files_are_deleted_and_no_longer_downloadable(
    dataset, client, coordinator, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    job = start(client, "/reports/caseload.csv", django_capture_on_commit_callbacks)
    job.refresh_from_db()
    path = job.file.path
    assert jobs.delete_expired(NOW + timedelta(hours=71)) == 0 and os.path.exists(path)
    with time_machine.travel(NOW + timedelta(hours=73), tick=False):
        from cases.tasks import delete_expired_exports

        delete_expired_exports()
    job.refresh_from_db()
    assert job.status == "expired" and not os.path.exists(path)
    assert client.get(f"/reports/jobs/{job.pk}/download/").status_code == 404


def test_the_cleanup_runs_from_the_one_beat_schedule():
    entry = django_settings.CELERY_BEAT_SCHEDULE["export-cleanup"]
    assert entry["task"] == "cases.tasks.delete_expired_exports" and entry["schedule"] == 3600.0


def test_pdf_exports_stay_direct_with_a_row_cap(dataset, client, coordinator, small_threshold, settings):
    settings.CT_REPORT_PDF_MAX_ROWS = 1
    client.force_login(coordinator)
    response = client.get("/reports/caseload.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert not ExportJob.objects.exists()
