"""The one-person case summary PDF and the reports dashboard."""

import io
import json

import pytest
from pypdf import PdfReader

from casetracker.models import AuditEntry
from cases.reports.dashboard import dashboard_context

from .reports_data import dataset, frozen  # noqa: F401

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_case_summary_pdf_has_person_case_custody_hearings_and_deadlines(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get(f"/reports/case-summary/{dataset.c1.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("Case summary HOME-2026-0101", "IVANOV, Andrei", "Андрей Иванов", "Oakdale Immigration Court",
                     "447 days, 2 facilities, 2 states", "Winn Correctional Center", "Individual / merits",
                     "I-589 one-year filing bar"):  # fmt: skip
        assert expected in text
    entry = AuditEntry.objects.get(action="export")
    assert entry.object_label == "HOME-2026-0101" and entry.details["report"] == "case-summary"


def test_case_summary_is_in_the_users_language(dataset, client, coordinator):
    coordinator.language = "ru"
    coordinator.save()
    client.force_login(coordinator)
    text = pdf_text(client.get(f"/reports/case-summary/{dataset.c1.pk}.pdf").content)
    assert "Сводка по делу HOME-2026-0101" in text and "Содержание под стражей" in text


def test_assigned_lawyer_gets_the_summary_of_their_case(dataset, client, lawyer, case):
    client.force_login(lawyer)
    assert client.get(f"/reports/case-summary/{case.pk}.pdf").status_code == 200
    assert client.get(f"/reports/case-summary/{dataset.c1.pk}.pdf").status_code == 404


def test_outsider_gets_404_on_case_summary(dataset, client, outsider):
    client.force_login(outsider)
    assert client.get(f"/reports/case-summary/{dataset.c1.pk}.pdf").status_code == 404
    assert client.get("/reports/case-summary/99999999.pdf").status_code == 404


def test_dashboard_headline_numbers(dataset, coordinator):
    headline = {str(label): value for label, value in dashboard_context(coordinator)["headline"]}
    assert headline == {
        "Open cases": 3, "Detained now": 3, "Detained over 180 days": 2, "Detained over 365 days": 1,
        "Unrepresented, hearing within 14 days": 1, "Overdue deadlines": 1,
    }  # fmt: skip


def test_dashboard_chart_series(dataset, coordinator):
    charts = dashboard_context(coordinator)["charts"]
    assert dict(zip(charts["stage"]["labels"], charts["stage"]["values"])) == {
        "Removal proceedings": 2, "Decision": 1, "Closed": 2}  # fmt: skip
    detained = dict(zip(charts["detained"]["labels"], charts["detained"]["values"]))
    # End of Dec 2025: Ivanov (Adams). End of Mar 2026: Ivanov, the Winn detainee? no: booked 1 Apr.
    assert detained["2025-12"] == 1 and detained["2026-03"] == 1 and detained["2026-04"] == 2
    assert detained["2026-11"] == 3
    assert charts["hearings"]["values"][:3] == [2, 0, 1]  # days 3 and 5; day 20; day 2 cancelled
    assert dict(zip(charts["flights"]["labels"], charts["flights"]["values"]))["2025-12"] == 1
    assert dict(zip(charts["outcomes"]["labels"], charts["outcomes"]["values"])) == {
        "Asylum granted": 1, "Denied": 1, "Removed": 1}  # fmt: skip


def test_reports_page_has_charts_data_and_every_report(dataset, client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(40):
        response = client.get("/reports/")
    body = response.content.decode()
    assert response.status_code == 200
    for slug in ("caseload", "detained", "unrepresented", "deadlines", "flights", "transfers",
                 "separated-families", "outcomes"):  # fmt: skip
        assert f'href="/reports/{slug}/"' in body and f"/reports/{slug}.csv" in body
    assert "vendor/chartjs/chart.umd.min.js" in body and "reports/charts.js" in body
    opening = '<script id="reports-chart-data" type="application/json">'
    start = body.index(opening) + len(opening)
    data = json.loads(body[start : body.index("</script>", start)])
    assert set(data) == {"stage", "detained", "hearings", "flights", "outcomes"}
    assert "<script>" not in body.replace(opening, "")
    assert " style=" not in body[body.index("reports-dashboard") :].split("</section>")[0]
