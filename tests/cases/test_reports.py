"""Each report's numbers against the hand-built dataset in reports_data.py, on screen
and in CSV, XLSX and PDF; scoping; formula injection; audit entries."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from casetracker.models import AuditEntry
from cases.reports import REPORTS, Filters

from .reports_data import INJECTION, TODAY, dataset, frozen, other_coordinator  # noqa: F401

pytestmark = pytest.mark.django_db


def rows(slug, user, **filters):
    return list(REPORTS[slug](user, Filters(today=TODAY, **filters)).rows())


def column(slug, user, key, **filters):
    report = REPORTS[slug](user, Filters(today=TODAY, **filters))
    index = [c.key for c in report.columns()].index(key)
    return [row[index] for row in report.rows()]


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response) -> list[tuple]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def pdf_text(response) -> str:
    # Cells wrap, so words are compared with whitespace folded.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())


# --- Numbers ------------------------------------------------------------------------


def test_caseload_counts_by_stage_outcome_facility_state_and_nationality(dataset, coordinator):
    report = REPORTS["caseload"](coordinator, Filters(today=TODAY))
    assert [row[0] for row in report.rows()] == [f"HOME-2026-010{i}" for i in range(1, 6)]
    summaries = {str(s["title"]): dict(s["rows"]) for s in report.summaries()}
    assert summaries["By stage"] == {"Removal proceedings": 2, "Decision": 1, "Closed": 2}
    assert summaries["By outcome"] == {"No outcome yet": 2, "Asylum granted": 1, "Denied": 1, "Removed": 1}
    assert summaries["By facility"] == {
        "Winn Correctional Center": 2, "Port Isabel Service Processing Center": 1, "Not detained": 2}  # fmt: skip
    assert summaries["By state"] == {"LA": 2, "TX": 1, "Not detained": 2}
    assert summaries["By nationality"] == {"Russian Federation": 4, "Belarus": 1}


def test_caseload_filters_by_state_court_and_opening_date(dataset, coordinator):
    assert column("caseload", coordinator, "reference", state="LA") == ["HOME-2026-0101", "HOME-2026-0102"]
    assert column("caseload", coordinator, "reference", court=dataset.court_b) == ["HOME-2026-0105"]
    assert column("caseload", coordinator, "reference", start=date(2026, 4, 1), end=date(2026, 10, 31)) == [
        "HOME-2026-0102", "HOME-2026-0103"]  # fmt: skip
    assert column("caseload", coordinator, "reference", facility=dataset.port_isabel) == ["HOME-2026-0103"]


def test_detained_counts_continuous_custody_across_transfers_and_flags_long_stays(dataset, coordinator):
    report = REPORTS["detained"](coordinator, Filters(today=TODAY))
    keys = [c.key for c in report.columns()]
    by_name = {row[0]: dict(zip(keys, row)) for row in report.rows()}
    assert set(by_name) == {"Ivanov", INJECTION, "Petrova"}
    ivanov = by_name["Ivanov"]
    assert (ivanov["since"], ivanov["days"], ivanov["facilities"], ivanov["states"]) == (date(2025, 9, 1), 447, 2, 2)
    assert ivanov["facility"] == "Winn Correctional Center" and ivanov["flag"] == "over 365 days"
    assert (by_name[INJECTION]["days"], by_name[INJECTION]["flag"]) == (235, "over 180 days")
    assert (by_name["Petrova"]["days"], by_name["Petrova"]["flag"]) == (52, "")
    summary = dict(report.summaries()[0]["rows"])
    assert summary == {"Detained now": 3, "Over 180 days": 2, "Over 365 days": 1}
    assert column("detained", coordinator, "family_name", state="TX") == ["Petrova"]


def test_unrepresented_lists_only_hearings_in_the_window_without_counsel(dataset, coordinator):
    assert column("unrepresented", coordinator, "reference") == ["HOME-2026-0101"]
    assert column("unrepresented", coordinator, "days_left") == [5]
    assert column("unrepresented", coordinator, "reference", days=30) == ["HOME-2026-0101", "HOME-2026-0103"]
    assert column("unrepresented", coordinator, "reference", state="TX", days=30) == ["HOME-2026-0103"]


def test_deadlines_due_and_overdue(dataset, coordinator):
    found = [(row[4], row[1], row[2]) for row in rows("deadlines", coordinator)]
    assert found == [("HOME-2026-0101", -3, "overdue"), ("HOME-2026-0102", 10, "due")]
    assert column("deadlines", coordinator, "reference", days=60)[-1] == "HOME-2026-0104"
    summary = dict(REPORTS["deadlines"](coordinator, Filters(today=TODAY)).summaries()[0]["rows"])
    assert summary == {"Overdue": 1, "Due": 1}


def test_flights_show_legs_passengers_and_outcomes(dataset, coordinator):
    found = [(row[1], row[2], row[5], row[9], row[10]) for row in rows("flights", coordinator)]
    assert found == [
        ("GlobalX GXA200", "AEX → SVO", "Ivanov", "On manifest", ""),
        ("GlobalX GXA100", "AEX → CAI → SVO", "Sidorova", "Removed", "Detained on arrival"),
    ]
    report = REPORTS["flights"](coordinator, Filters(today=TODAY))
    per_month = dict(report.summaries()[0]["rows"])
    assert per_month == {"2025-12 · Russian Federation": 1, "2026-11 · Russian Federation": 1}
    assert column("flights", coordinator, "family_name", start=date(2026, 1, 1)) == ["Ivanov"]


def test_transfers_per_person(dataset, coordinator):
    assert rows("transfers", coordinator) == [[
        "Ivanov", "Andrei", "Андрей Иванов", "", 1, 2, 2, date(2025, 9, 1), "Winn Correctional Center",
        "Adams County Detention Center (MS) → Winn Correctional Center (LA)"]]  # fmt: skip


def test_separated_families_held_apart_or_one_removed(dataset, coordinator):
    found = {(row[0], row[3], row[7]) for row in rows("separated-families", coordinator)}
    assert found == {
        ("IVANOV, Andrei", "PETROVA, Maria", "different facilities, different states"),
        ("SIDOROV, Pavel", "SIDOROVA, Olga", "one removed"),
    }


def test_outcomes_and_grant_rates_by_court_judge_and_nationality(dataset, coordinator):
    def table(by):
        return {row[0]: (row[1], row[2], row[6], row[8]) for row in rows("outcomes", coordinator, by=by)}

    assert table("court") == {"Oakdale Immigration Court": (2, 1, 1, 0.5), "Jena Immigration Court": (1, 0, 1, 0.0)}
    assert table("judge") == {"Judge Smith": (2, 1, 1, 0.5), "Judge Jones": (1, 0, 1, 0.0)}
    assert table("nationality") == {"Russian Federation": (2, 1, 1, 0.5), "Belarus": (1, 0, 1, 0.0)}
    summary = dict(REPORTS["outcomes"](coordinator, Filters(today=TODAY)).summaries()[0]["rows"])
    assert summary["Decided"] == 3 and summary["Grant rate"] == "33.3 %"


# --- Scoping ------------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_no_report_shows_another_organizations_rows(dataset, coordinator, other_coordinator, slug):
    def text(user):
        return repr(rows(slug, user, **({"days": 60} if slug in ("deadlines", "unrepresented") else {})))

    assert "Foreignov" not in text(coordinator) and "OTHR-" not in text(coordinator)
    theirs = text(other_coordinator)
    for name in ("Ivanov", "Sidorov", "Petrova", "HOME-", "Андрей"):
        assert name not in theirs


def test_other_coordinators_caseload_csv_holds_only_their_case(dataset, client, other_coordinator):
    client.force_login(other_coordinator)
    table = read_csv(client.get("/reports/caseload.csv"))
    assert [row[0] for row in table[1:]] == ["OTHR-2026-0101"]
    outcomes = read_csv(client.get("/reports/outcomes.csv"))
    assert outcomes[1][:3] == ["Oakdale Immigration Court", "1", "1"]


@pytest.mark.parametrize("who", ["advocate", "lawyer", "viewer", "outsider"])
def test_only_coordinators_get_reports(dataset, client, request, who):
    client.force_login(request.getfixturevalue(who))
    for url in ("/reports/", "/reports/caseload/", "/reports/caseload.csv", "/reports/detained.pdf"):
        assert client.get(url).status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/reports/caseload.csv")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_report_is_404(dataset, client, coordinator):
    client.force_login(coordinator)
    assert client.get("/reports/nonsense/").status_code == 404
    assert client.get("/reports/nonsense.csv").status_code == 404


# --- Exports ------------------------------------------------------------------------


def test_csv_has_a_bom_cyrillic_and_the_same_rows_as_the_screen(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/detained.csv?state=LA")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="detained-2026-11-22.csv"' in response["Content-Disposition"]
    table = read_csv(response)
    assert table[0][:3] == ["Family name", "Given names", "Native name"]
    ivanov = next(row for row in table if row[0] == "Ivanov")
    assert ivanov[2] == "Андрей Иванов" and ivanov[8:13] == ["2025-09-01", "447", "2", "2", "over 365 days"]
    assert len(table) == 3  # header, Ivanov, the other Winn detainee


def test_csv_neutralises_formula_injection(dataset, client, coordinator):
    client.force_login(coordinator)
    table = read_csv(client.get("/reports/caseload.csv"))
    row = next(row for row in table if row[0] == "HOME-2026-0102")
    assert row[1] == "'" + INJECTION
    assert row[2] == "'+Boris"
    assert row[3] == "'-Борис @SUM(A1)"
    for cell in (c for r in table for c in r):
        assert not cell or cell[0] not in "=+-@" or cell.lstrip("-").replace(".", "").isdigit()


def test_xlsx_has_typed_cells_widths_and_inert_formulas(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/detained.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Family name", "Given names", "Native name"] and sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["C"].width == 24
    by_name = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    ivanov = by_name["Ivanov"]
    assert ivanov[2].value == "Андрей Иванов"
    assert ivanov[9].value == 447 and ivanov[9].data_type == "n"
    assert ivanov[8].is_date and ivanov[8].value.date() == date(2025, 9, 1)
    hacker = by_name[INJECTION]
    assert hacker[0].data_type == "s" and hacker[0].value == INJECTION


def test_outcomes_xlsx_rates_are_percent_numbers(dataset, client, coordinator):
    client.force_login(coordinator)
    table = read_xlsx(client.get("/reports/outcomes.xlsx?by=judge"))
    assert table[0][0] == "Judge"
    assert table[1][:3] == ("Judge Smith", 2, 1) and table[1][8] == 0.5


def test_pdf_text_has_the_rows_in_cyrillic(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/detained.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    assert "Currently detained" in text
    assert "Андрей Иванов" in text and "Мария Петрова" in text
    assert "447" in text and "Winn Correctional Center" in text
    assert "Foreignov" not in text


def test_report_page_shows_summaries_rows_and_export_links_with_the_filters(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/caseload/?state=LA")
    body = response.content.decode()
    assert response.status_code == 200
    assert "HOME-2026-0101" in body and "HOME-2026-0103" not in body
    assert "/reports/caseload.csv?state=LA" in body and "/reports/caseload.xlsx?state=LA" in body
    assert "Андрей Иванов" in body and "OTHR-" not in body


def test_bad_filters_are_per_field_errors_not_a_500(dataset, client, coordinator):
    client.force_login(coordinator)
    response = client.get("/reports/caseload/?start=2026-13-01&state=Louisiana&facility=999999")
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"start", "state", "facility"}
    assert client.get("/reports/caseload.csv?start=2026-12-01&end=2026-01-01").status_code == 400
    assert client.get("/reports/deadlines/?days=-4").status_code == 400


def test_every_export_is_in_the_audit_log_with_filters_and_row_count(dataset, client, coordinator):
    client.force_login(coordinator)
    b"".join(client.get("/reports/caseload.csv?state=LA").streaming_content)
    client.get("/reports/flights.pdf")
    entries = list(AuditEntry.objects.filter(action="export").order_by("pk"))
    assert [(e.details["report"], e.details["format"], e.details["rows"]) for e in entries] == [
        ("caseload", "csv", 2), ("flights", "pdf", 2)]  # fmt: skip
    assert entries[0].details["filters"] == {"state": "LA"} and entries[0].actor == coordinator
    assert entries[0].organization_id == dataset.home.pk


def test_csv_export_streams_in_a_fixed_number_of_queries(dataset, client, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        b"".join(client.get("/reports/caseload.csv").streaming_content)


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_each_report_page_and_csv_take_a_fixed_number_of_queries(
    dataset, client, coordinator, slug, django_assert_max_num_queries
):
    client.force_login(coordinator)
    # 10-15 and 7-15 with this dataset; a query per row would add at least five.
    with django_assert_max_num_queries(18):
        assert client.get(f"/reports/{slug}/").status_code == 200
    with django_assert_max_num_queries(18):
        b"".join(client.get(f"/reports/{slug}.csv").streaming_content)


def test_negative_numbers_are_not_mistaken_for_formulas(dataset, client, coordinator):
    client.force_login(coordinator)
    table = read_csv(client.get("/reports/deadlines.csv"))
    assert table[1][:3] == ["2026-11-19", "-3", "overdue"]


def test_csv_goes_out_in_chunks_as_rows_are_read(dataset, coordinator, monkeypatch):
    from cases.reports import writers

    monkeypatch.setattr(writers, "CSV_FLUSH_BYTES", 200)
    chunks = list(writers.csv_chunks(REPORTS["caseload"](coordinator, Filters(today=TODAY))))
    assert len(chunks) >= 3 and chunks[0].startswith("\ufeffCase,")
    assert "".join(chunks).count("HOME-2026-010") == 5
