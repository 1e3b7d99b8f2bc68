"""Every list endpoint costs the same number of queries for 10 rows and for 100."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import (
    Case, CaseAssignment, Deadline, Document, Hearing, ImmigrationCourt, Language, Litigation, LitigationParty, Note,
    Person, ReferenceCode,
)  # fmt: skip
from detentions.models import Airport, Custody, Facility, Flight, FlightLeg, Incident, Passenger

from ..factories import LanguageFactory

_serial = iter(range(10**6))
# Three-letter codes from "UAA" on, clear of the real AEX and CAI the fixtures load.
_airport_codes = (f"{chr(65 + c // 676 % 26)}{chr(65 + c // 26 % 26)}{chr(65 + c % 26)}" for c in range(20 * 676, 26**3))


def people(home, n):
    made = Person.objects.bulk_create(
        [Person(organization=home, family_name=f"Bulk{next(_serial)}", search_key="bulk") for _ in range(n)]
    )
    language = LanguageFactory()
    Person.languages.through.objects.bulk_create(
        [Person.languages.through(person_id=p.pk, language_id=language.pk) for p in made]
    )
    return made


def cases(home, n, lawyer=None):
    made = Case.objects.bulk_create(
        [Case(organization=home, person=p, reference=f"BULK-{next(_serial)}") for p in people(home, n)]
    )
    if lawyer is not None:
        CaseAssignment.objects.bulk_create([CaseAssignment(case=c, user=lawyer) for c in made])
    return made


def build(resource: str, n: int, ctx) -> None:
    home, case, court, facility = ctx["home"], ctx["case"], ctx["court"], ctx["facility"]
    now = timezone.now()
    if resource == "people":
        people(home, n)
    elif resource == "cases":
        cases(home, n, ctx["lawyer"])
    elif resource == "hearings":
        Hearing.objects.bulk_create(
            [Hearing(case=case, kind="master", starts_at=now + timedelta(hours=i), court=court) for i in range(n)]
        )
    elif resource == "deadlines":
        Deadline.objects.bulk_create([Deadline(case=case, kind="Due", due_on=date(2027, 1, 1)) for _ in range(n)])
    elif resource == "notes":
        Note.objects.bulk_create([Note(case=case, body="Bulk note.", author=ctx["lawyer"]) for _ in range(n)])
    elif resource == "documents":
        Document.objects.bulk_create(
            [Document(case=case, title="Bulk", file="documents/x", content_type="application/pdf", size=1, sha256="0" * 64)
             for _ in range(n)]
        )  # fmt: skip
    elif resource == "custody":
        Custody.objects.bulk_create([Custody(person=p, facility=facility, booked_in_on=date(2026, 1, 1)) for p in people(home, n)])
    elif resource == "incidents":
        Incident.objects.bulk_create(
            [Incident(person=case.person, kind="medical", occurred_on=date(2026, 5, 1), description="x") for _ in range(n)]
        )
    elif resource in ("flights", "passengers"):
        flights = Flight.objects.bulk_create([Flight(flight_date=date(2026, 12, 1)) for _ in range(n)])
        aex, cai = Airport.objects.get(iata="AEX"), Airport.objects.get(iata="CAI")
        FlightLeg.objects.bulk_create([FlightLeg(flight=f, origin=aex, destination=cai) for f in flights])
        if resource == "passengers":
            Passenger.objects.bulk_create([Passenger(flight=f, person=case.person) for f in flights])
    elif resource == "litigation":
        made = Litigation.objects.bulk_create([Litigation(organization=home, title="Bulk", federal_court="x") for _ in range(n)])
        Litigation.team.through.objects.bulk_create([Litigation.team.through(litigation=m, user=ctx["lawyer"]) for m in made])
        LitigationParty.objects.bulk_create([LitigationParty(litigation=m, person=case.person) for m in made])
    elif resource == "courts":
        ImmigrationCourt.objects.bulk_create(
            [ImmigrationCourt(code=f"B{next(_serial)}", name="Bulk court", time_zone="UTC") for _ in range(n)]
        )
    elif resource == "codes":
        ReferenceCode.objects.bulk_create(
            [ReferenceCode(source="eoir", table="tblLookupBulk", group="bulk", code=f"B{next(_serial)}") for _ in range(n)]
        )
    elif resource == "facilities":
        Facility.objects.bulk_create([Facility(code=f"BULK{next(_serial)}", name="Bulk facility") for _ in range(n)])
    elif resource == "airports":
        codes = [next(_airport_codes) for _ in range(n)]
        Airport.objects.bulk_create([Airport(iata=code, name="Bulk", country="US", time_zone="UTC") for code in codes])
    else:
        raise AssertionError(resource)


LISTS = [
    "people", "cases", "hearings", "deadlines", "notes", "documents", "custody", "incidents", "flights", "passengers",
    "litigation", "courts", "codes", "facilities", "airports",
]  # fmt: skip


def count_queries(client, url: str, expect_rows: int) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert len(response.json()["results"]) >= expect_rows
    return len(captured.captured_queries)


@pytest.mark.parametrize("role", ["advocate", "lawyer"])
@pytest.mark.parametrize("resource", LISTS)
def test_list_queries_do_not_grow_with_rows(request, api, home, case, reference, resource, role):
    user = request.getfixturevalue(role)
    lawyer = request.getfixturevalue("lawyer")
    ctx = {"home": home, "case": case, "lawyer": lawyer, **reference}
    Language.objects.get_or_create(code="ru", defaults={"name": "Russian"})
    client = api(user)
    url = f"/api/v1/{resource}/?page_size=200"
    build(resource, 10, ctx)
    sees_rows = role == "advocate"
    ten = count_queries(client, url, 10 if sees_rows else 0)
    build(resource, 90, ctx)
    hundred = count_queries(client, url, 100 if sees_rows else 0)
    assert hundred == ten, f"{resource}: {ten} queries for 10 rows, {hundred} for 100"
    assert ten <= 8
