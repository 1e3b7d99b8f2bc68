"""A coordinator walks through a spreadsheet import in a real browser.

No Celery worker runs in the browser tests: the job runs eagerly, inside the request
that queues it (task_always_eager), so the page after each step shows the finished run.
The progress bar and its polling script are exercised with the job held as queued.
"""

import csv
import io
from pathlib import Path

import pytest
from django.conf import settings

from casetracker.celery import app as celery_app
from cases.importers.models import ImportJob
from cases.models import Person
from cases.reference import load_countries
from detentions.reference import load_facilities
from tests.cases.test_import_cases import messy_xlsx

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def eager():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def reference():
    load_countries()
    load_facilities(Path(settings.BASE_DIR) / "data" / "reference")


def test_upload_mapping_dry_run_import_and_rejected_rows(page, login, coordinator, reference, eager, tmp_path):
    sheet = tmp_path / "people.xlsx"
    sheet.write_bytes(messy_xlsx())
    login(coordinator)

    page.goto("/imports/")
    page.set_input_files("input[type=file]", str(sheet))
    page.click("#import-upload button[type=submit]")
    page.wait_for_url("**/imports/*/")

    # Mapping: detected from the Russian and English headers; the user drops the notes column.
    assert page.locator("text=Which column holds what?").is_visible()
    assert page.locator("select#id_col_0").input_value() == "full_name"
    assert page.locator("select#id_col_1").input_value() == "a_number"
    page.select_option("select#id_col_9", "")
    page.click("#import-mapping button[type=submit]")
    page.wait_for_selector("#import-results")

    assert page.locator("text=Dry run: nothing was written yet").is_visible()
    assert page.locator("#import-results tr[data-row='7'][data-outcome='rejected']").is_visible()
    assert "unknown facility" in page.locator("#import-results tr[data-row='7']").inner_text()
    assert page.locator("#import-results tr[data-row='6'][data-outcome='merged']").is_visible()
    assert Person.objects.count() == 0

    page.click("#import-run button[type=submit]")
    page.wait_for_selector("text=Import finished")
    assert page.locator("#import-counts").inner_text().split() == [
        "imported:", "3", "merged:", "2", "unchanged:", "1", "skipped:", "2", "rejected:", "5",
    ]  # fmt: skip
    assert Person.objects.count() == 3
    case_link = page.locator("#import-results tr[data-row='2'] a")
    assert case_link.inner_text().startswith("HOME-")

    with page.expect_download() as download_info:
        page.click("#import-rejected")
    download = download_info.value
    assert download.suggested_filename.endswith("-rejected.csv")
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[0] for row in rows[1:]] == ["7", "8", "10", "11", "14"]
    assert rows[1][2] == "Сидоров Павел"

    page.click("text=All imports")
    assert page.locator("text=Imported").first.is_visible()


def test_the_progress_bar_follows_a_running_job(page, login, coordinator, reference, tmp_path, monkeypatch):
    """Without a worker the job stays queued; the page polls status.json and reloads when it ends."""
    from cases.importers import jobs

    monkeypatch.setattr(jobs, "_queue", lambda job, dry_run: None)  # nothing sent to a broker
    login(coordinator)
    page.goto("/imports/")
    sheet_path = tmp_path / "people.xlsx"
    sheet_path.write_bytes(messy_xlsx())
    page.set_input_files("input[type=file]", str(sheet_path))
    page.click("#import-upload button[type=submit]")
    page.wait_for_url("**/imports/*/")
    job = ImportJob.objects.get()
    jobs.job_set_mapping(job=job, mapping=job.int_mapping(), by=coordinator)  # queued; no worker takes it
    page.reload()
    assert page.locator("progress#import-progress").is_visible()
    jobs.run(job_id=job.pk, dry_run=True)  # what the worker would do
    page.wait_for_selector("text=Dry run: nothing was written yet", timeout=10_000)
    assert not page.locator("progress#import-progress").count()
