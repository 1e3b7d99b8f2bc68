"""Import pages: upload → mapping → dry run → import → rejected rows, for coordinators of the organization only."""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casetracker.celery import app as celery_app
from casetracker.models import AuditEntry
from cases.importers import jobs
from cases.importers.models import ImportJob
from cases.models import Person
from cases.reference import load_countries
from detentions.reference import load_facilities

from .test_import_cases import messy_csv, messy_xlsx


@pytest.fixture
def reference(db):
    load_countries()
    load_facilities(Path(settings.BASE_DIR) / "data" / "reference")


@pytest.fixture
def eager():
    """Celery runs the job inside the request (no worker in these tests)."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def upload(client, data: bytes, name: str = "people.xlsx", org=None):
    org_id = org.pk if org else 1
    return client.post(reverse("imports"), {"organization": org_id, "file": SimpleUploadedFile(name, data)})


@pytest.fixture
def job(reference, home, coordinator, client):
    client.force_login(coordinator)
    response = upload(client, messy_xlsx(), org=home)
    assert response.status_code == 302
    return ImportJob.objects.get()


def test_upload_stores_the_file_privately_and_proposes_a_mapping(job, client):
    assert job.file.name.startswith("imports/") and "people" not in job.file.name
    assert Path(job.file.path).is_relative_to(Path(settings.STORAGES["default"]["OPTIONS"]["location"]))
    assert job.total == 13 and job.headers[0] == "ФИО"
    page = client.get(reverse("import-job", args=[job.pk]))
    body = page.content.decode()
    assert page.status_code == 200
    assert '<option value="full_name" selected>' in body
    assert "Вовченко Андрей Иванович" in body  # first values beside the choice
    assert AuditEntry.objects.filter(action="import", object_id=str(job.pk)).exists()


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("people.pdf", b"%PDF-1.4", "Upload a spreadsheet: a .csv or .xlsx file."),
        ("people.xlsx", b"name,a-number\nx,1\n", "The file&#x27;s content does not match its .csv or .xlsx name."),
        ("people.csv", "ФИО\n".encode(), "The file has a header but no rows."),
        ("people.csv", b"", "The submitted file is empty."),
    ],
)
def test_bad_uploads_say_why(reference, home, coordinator, client, name, data, message):
    client.force_login(coordinator)
    response = upload(client, data, name=name, org=home)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_large_an_upload_is_refused(reference, home, coordinator, client, settings):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(coordinator)
    response = upload(client, messy_xlsx(), org=home)
    assert "larger than the 0 MB limit" in response.content.decode()


def test_mapping_dry_run_import_and_rejected_rows(job, client, eager, django_capture_on_commit_callbacks):
    form = {f"col_{i}": job.mapping.get(str(i), "") for i in range(len(job.headers))}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import-job", args=[job.pk]), form)
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.dry_run) == ("checked", True)
    assert job.counts == {"imported": 3, "merged": 2, "unchanged": 1, "skipped": 2, "rejected": 5}
    assert not Person.objects.exists()
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "Dry run: nothing was written yet" in page and "Import now" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import-run", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.dry_run, job.progress) == ("done", False, 13)
    assert Person.objects.filter(organization=job.organization).count() == 3
    download = client.get(reverse("import-rejected", args=[job.pk]))
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    text = download.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Row", "Reason", "ФИО"]
    assert [row[0] for row in rows[1:]] == ["7", "8", "10", "11", "14"]
    assert rows[2][2] == "Кузнецов Дмитрий" and rows[2][3] == "'=A2+1"  # defusedcsv: no formula in Excel
    assert "unknown facility" in rows[1][1]
    assert AuditEntry.objects.filter(action="export", object_id=str(job.pk)).exists()


def test_a_redelivered_task_does_nothing(job, eager):
    jobs.job_set_mapping(job=job, mapping=job.int_mapping(), by=job.owner)
    jobs.run(job_id=job.pk, dry_run=True)
    job.refresh_from_db()
    finished = job.finished_at
    jobs.run(job_id=job.pk, dry_run=True)
    job.refresh_from_db()
    assert job.finished_at == finished and job.status == "checked"


def test_import_before_the_dry_run_is_refused(job, client):
    response = client.post(reverse("import-run", args=[job.pk]), follow=True)
    assert "Run the dry run first" in response.content.decode()
    assert ImportJob.objects.get().status == "uploaded"


def test_mapping_without_a_name_column_is_refused(job, client):
    form = {f"col_{i}": "" for i in range(len(job.headers))} | {"col_1": "a_number"}
    response = client.post(reverse("import-job", args=[job.pk]), form)
    assert "Map a name column" in response.content.decode()
    assert ImportJob.objects.get().status == "uploaded"


def test_status_json_reports_progress(job, client):
    data = client.get(reverse("import-status", args=[job.pk])).json()
    assert data == {"status": "uploaded", "running": False, "progress": 0, "total": 13, "percent": 0,
                    "label": "Uploaded: choose the columns"}  # fmt: skip


@pytest.mark.parametrize("who", ["advocate", "lawyer", "viewer", "outsider"])
def test_only_the_organizations_coordinators_see_imports(job, client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("imports")).status_code == 404
    for name in ("import-job", "import-status", "import-rejected"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("import-run", args=[job.pk])).status_code == 404


def test_a_coordinator_of_another_organization_gets_404(job, client, other):
    from tests.conftest import _member

    client.force_login(_member(other, "coordinator", "coordinator@other.test"))
    assert client.get(reverse("import-job", args=[job.pk])).status_code == 404
    response = upload(client, messy_csv(), name="x.csv", org=job.organization)
    assert "Select a valid choice" in response.content.decode()


def test_anonymous_users_are_sent_to_login(client, db):
    response = client.get(reverse("imports"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_job_page_queries_do_not_grow_with_rows(job, client, eager, django_assert_max_num_queries):
    jobs.job_set_mapping(job=job, mapping=job.int_mapping(), by=job.owner)
    jobs.run(job_id=job.pk, dry_run=True)
    with django_assert_max_num_queries(12):
        client.get(reverse("import-job", args=[job.pk]))


def test_pages_speak_russian(job, client):
    job.owner.language = "ru"  # the signed-in user's own choice wins over the browser's
    job.owner.save(update_fields=["language"])
    page = client.get(reverse("import-job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Что в каком столбце?" in page and "Проверить все строки (пробный прогон)" in page
    assert "Импорт таблицы" in client.get(reverse("imports"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()


def test_the_next_file_with_the_same_columns_gets_the_saved_mapping(job, client):
    chosen = job.int_mapping()
    del chosen[9]  # the coordinator chose not to import the notes column
    jobs.job_set_mapping(job=job, mapping=chosen, by=job.owner)
    upload(client, messy_xlsx(), org=job.organization)
    newest = ImportJob.objects.latest("created_at")
    assert newest.pk != job.pk and "9" not in newest.mapping and newest.mapping["0"] == "full_name"


def test_a_superuser_imports_ice_air_legs_as_a_job(client, db, eager, django_capture_on_commit_callbacks, tmp_path):
    from cases.reference import load_countries
    from detentions.models import Flight
    from detentions.reference import load_airports
    from tests.factories import UserFactory

    load_countries()
    load_airports()
    admin_user = UserFactory(email="admin@home.test", is_superuser=True)
    client.force_login(admin_user)
    legs = "Index,MissionDate,R-T,PULOC,DropLoc,AlienMasterID\n0,2019-05-02,R,KAEX,HECA,97\n1,2019-05-02,T,KIWA,KIWA,3\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports"),
            {"public": "1", "kind": "ice_air", "file": SimpleUploadedFile("legs.csv", legs.encode())},
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.organization is None
    assert (job.status, job.counts) == ("done", {"imported": 1, "rejected": 1})
    assert Flight.objects.get().source_key == "2019-05-02/R/KAEX-HECA"
    page = client.get(reverse("import-job", args=[job.pk])).content.decode()
    assert "pick-up and drop-off at the same airport (KIWA)" in page
    text = client.get(reverse("import-rejected", args=[job.pk])).content.decode()
    assert "3,pick-up and drop-off at the same airport (KIWA): not a leg" in text


def test_coordinators_get_no_public_data_form(job, client):
    page = client.get(reverse("imports")).content.decode()
    assert 'id="import-public"' not in page
    response = client.post(reverse("imports"), {"public": "1", "kind": "ice_air", "file": SimpleUploadedFile("l.csv", b"a")})
    assert not ImportJob.objects.filter(kind="ice_air").exists() and response.status_code == 200


def test_a_superuser_imports_a_code_table_as_a_job_and_a_wrong_file_says_why(
    client, db, eager, django_capture_on_commit_callbacks
):
    from cases.models import ReferenceCode
    from tests.factories import UserFactory

    client.force_login(UserFactory(email="admin@home.test", is_superuser=True))
    codes = '"Code","Status","Note","Source"\n"8C","Final order","","ICE ERO"\n"8C","Again","","ICE ERO"\n'
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("imports"), {"public": "1", "kind": "codes", "file": SimpleUploadedFile("status.csv", codes.encode())}
        )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert (job.status, job.counts) == ("done", {"imported": 1, "rejected": 1})
    assert ReferenceCode.objects.get().description == "Final order"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports"),
            {"public": "1", "kind": "codes", "file": SimpleUploadedFile("people.csv", b"full_name,a_number\nX,1\n")},
        )
    failed = ImportJob.objects.latest("pk")
    assert failed.status == "failed" and "people.csv: not a known code table" in failed.error
    assert "not a known code table" in client.get(reverse("import-job", args=[failed.pk])).content.decode()
    assert ReferenceCode.objects.count() == 1
