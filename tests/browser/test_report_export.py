"""A coordinator starts a large export in the browser, watches the progress bar move
(a real Celery worker builds the file) and downloads the result."""

import csv
import io
import time

import pytest

from tests.factories import CaseFactory
from tests.integration.conftest import make_worker  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROWS = 60


def test_large_export_shows_progress_and_downloads(page, login, coordinator, home, make_worker, settings, tmp_path):
    for n in range(ROWS):
        CaseFactory(person__organization=home, person__native_name=f"Пётр Экспортов{n}", reference=f"HOME-2026-{n:04d}")
    settings.CT_EXPORT_DIRECT_MAX_ROWS = 10  # the web side: this export is "large"
    # The worker side: record progress every 10 rows and pause between batches, so the
    # bar has time to be seen moving.
    worker = make_worker(CT_EXPORT_PROGRESS_EVERY="10", CT_EXPORT_BATCH_PAUSE="0.7")
    worker.start()

    login(coordinator)
    page.goto("/reports/caseload/")
    page.get_by_role("link", name="CSV", exact=True).click()
    page.wait_for_url("**/reports/jobs/*/")
    bar = page.locator("progress#export-progress")
    link = page.locator("#export-download")

    seen = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not link.is_visible():
        seen.append(bar.evaluate("el => [el.value, el.max]"))
        time.sleep(0.2)
    assert link.is_visible(), f"no download link; worker log:\n{worker.output()}"
    assert any(0 < value < maximum for value, maximum in seen), seen  # it moved, not just jumped to the end
    assert bar.evaluate("el => el.value === el.max")

    with page.expect_download() as download_info:
        link.click()
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(table) == ROWS + 1 and table[0][0] == "Case"
    assert {row[3] for row in table[1:]} == {f"Пётр Экспортов{n}" for n in range(ROWS)}


def test_reports_dashboard_draws_its_charts(page, login, coordinator, home):
    CaseFactory(person__organization=home, reference="HOME-2026-0001")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(coordinator)
    page.goto("/reports/")
    page.wait_for_function("() => typeof Chart !== 'undefined'")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas[data-chart]')].map(c => Boolean(Chart.getChart(c)))"
    )
    assert drawn == [True] * 5 and not errors
    # Responsive charts sit in fixed-height boxes (they grow without end otherwise).
    heights = page.evaluate("() => [...document.querySelectorAll('canvas[data-chart]')].map(c => c.clientHeight)")
    assert all(0 < height < 400 for height in heights), heights
