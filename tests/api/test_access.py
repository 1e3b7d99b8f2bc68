"""Who sees and changes what, resource by resource, as each of the fixed cast."""

import pytest

from cases.models import Case, Deadline, Document, Hearing, Litigation, Note, Person
from detentions.models import Custody, Flight, Incident, Passenger

from .conftest import pdf

SCOPED = ["people", "cases", "hearings", "deadlines", "notes", "documents", "custody", "incidents", "passengers", "litigation"]
LAWYER_WRITES = {"hearings", "deadlines", "notes", "documents", "incidents", "passengers"}
ARCHIVED = {"people", "cases", "litigation"}
ROLES = ["coordinator", "advocate", "colleague", "lawyer", "viewer", "outsider"]
MODELS = {
    "people": Person, "cases": Case, "hearings": Hearing, "deadlines": Deadline, "notes": Note,
    "documents": Document, "custody": Custody, "incidents": Incident, "passengers": Passenger,
    "litigation": Litigation, "flights": Flight,
}  # fmt: skip


def sees(role: str, resource: str) -> bool:
    """Home records: the lawyer and the viewer are on `case`'s team but not the litigation's."""
    if role == "outsider":
        return False
    if role in ("lawyer", "viewer"):
        return resource != "litigation"
    return True


def writes(role: str, resource: str) -> bool:
    if role in ("coordinator", "advocate", "colleague"):
        return True
    return role == "lawyer" and resource in LAWYER_WRITES


def url(resource: str, pk: int | None = None) -> str:
    return f"/api/v1/{resource}/" + (f"{pk}/" if pk else "")


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", SCOPED)
def test_detail_is_404_unless_visible(request, api, home_records, other_records, role, resource):
    user = request.getfixturevalue(role)
    client = api(user)
    home = home_records.of(resource)
    response = client.get(url(resource, home.pk))
    assert response.status_code == (200 if sees(role, resource) else 404)
    if role == "outsider":
        # Their own organization's record is there; nobody else's.
        assert client.get(url(resource, other_records.of(resource).pk)).status_code == 200
    else:
        assert client.get(url(resource, other_records.of(resource).pk)).status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", SCOPED)
def test_lists_hold_only_visible_rows(request, api, home_records, other_records, role, resource):
    user = request.getfixturevalue(role)
    listed = ids(api(user).get(url(resource)))
    home, other = home_records.of(resource).pk, other_records.of(resource).pk
    assert (home in listed) == sees(role, resource)
    assert (other in listed) == (role == "outsider")


@pytest.mark.parametrize("resource", SCOPED)
def test_outsider_gets_404_on_every_detail_route(api, outsider, home_records, resource):
    """Every method on every detail route and action: invisible means not found."""
    client = api(outsider)
    pk = home_records.of(resource).pk
    for method in ("get", "patch", "delete"):
        response = getattr(client, method)(url(resource, pk), {}, format="json")
        assert response.status_code in (404, 405), (method, response.status_code)
        assert response.status_code == 404 or method == "delete" and resource not in ARCHIVED
    actions = {
        "hearings": ["reschedule/", "result/"], "custody": ["transfer/", "release/"],
        "documents": ["download/"],
    }.get(resource, [])  # fmt: skip
    for action in actions:
        method = client.get if action == "download/" else client.post
        assert method(url(resource, pk) + action, {}, format="json").status_code == 404


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", [*SCOPED, "flights"])
def test_patch_follows_roles(request, api, home_records, role, resource):
    user = request.getfixturevalue(role)
    obj = home_records.of(resource)
    payload = {
        "people": {"given_names": "Maria"}, "cases": {"judge": "Judge Test"}, "hearings": {"courtroom": "5"},
        "deadlines": {"notes": "Call the clerk."}, "notes": {"body": "Visited again."},
        "documents": {"title": "Renamed letter"}, "custody": {"notes": "Unit B."},
        "incidents": {"severity": 3}, "passengers": {"arrival_outcome": "detained"},
        "litigation": {"docket_number": "1:26-cv-00001"}, "flights": {"status": "scheduled"},
    }[resource]  # fmt: skip
    if hasattr(obj, "version"):
        payload["version"] = obj.version
    response = api(user).patch(url(resource, obj.pk), payload, format="json")
    if resource == "flights":
        # Flights are shared public knowledge: any advocate may correct them.
        expected = 200 if role in ("coordinator", "advocate", "colleague", "outsider") else 403
    elif not sees(role, resource):
        expected = 404
    else:
        expected = 200 if writes(role, resource) else 403
    assert response.status_code == expected, response.content
    field, value = next(iter(payload.items()))
    obj.refresh_from_db()
    assert (getattr(obj, field) == value) == (expected == 200)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", SCOPED)
def test_delete_archives_or_is_not_offered(request, api, home_records, role, resource):
    user = request.getfixturevalue(role)
    obj = home_records.of(resource)
    response = api(user).delete(url(resource, obj.pk))
    model = MODELS[resource]
    if resource not in ARCHIVED:
        assert response.status_code == 405
        assert model.objects.filter(pk=obj.pk).exists()
        return
    expected = 404 if not sees(role, resource) else 204 if writes(role, resource) else 403
    assert response.status_code == expected
    obj.refresh_from_db()
    assert model.objects.filter(pk=obj.pk).exists()  # archived, never deleted
    assert (obj.archived_at is not None) == (expected == 204)


def create_payload(resource: str, records, reference, free_person, flight2) -> tuple[dict, str]:
    case = records.case
    return {
        "people": {"family_name": "Newperson", "given_names": "Anna"},
        "cases": {"person": records.person.pk, "kind": "defensive"},
        "hearings": {"case": case.pk, "kind": "master", "starts_at": "2027-01-10T14:00:00Z", "court": reference["court"].pk},
        "deadlines": {"case": case.pk, "kind": "Brief due", "due_on": "2027-02-01"},
        "notes": {"case": case.pk, "body": "Called the family.", "kind": "call"},
        "documents": {"case": case.pk, "title": "Letter", "file": pdf()},
        "custody": {"person": free_person.pk, "facility": reference["facility"].pk, "booked_in_on": "2026-11-01"},
        "incidents": {"person": records.person.pk, "kind": "medical", "occurred_on": "2026-11-20", "description": "Fever."},
        "passengers": {"flight": flight2.pk, "person": records.person.pk},
        "litigation": {"title": "Roe v. Noem", "federal_court": "W.D. La."},
        "flights": {"flight_date": "2026-12-28", "carrier": "GlobalX", "legs": [{"origin": "AEX", "destination": "CAI"}]},
    }[resource], ("multipart" if resource == "documents" else "json")  # fmt: skip


@pytest.fixture
def flight2(flight):
    from detentions.models import Flight

    return Flight.objects.create(flight_date=flight.flight_date, carrier="Avelo", flight_number="XP9")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("resource", [*SCOPED, "flights"])
def test_create_follows_roles(request, api, home_records, reference, free_person, flight2, role, resource):
    user = request.getfixturevalue(role)
    payload, fmt = create_payload(resource, home_records, reference, free_person, flight2)
    model = MODELS[resource]
    before = model.objects.count()
    response = api(user).post(url(resource), payload, format=fmt)
    own_org_only = resource in ("people", "litigation", "flights")
    if role == "outsider":
        # Pointing at another organization's records is "no such record" (400), not a 403.
        expected = 201 if own_org_only else 400
    elif role == "viewer":
        expected = 403
    elif role == "lawyer":
        expected = 201 if resource in LAWYER_WRITES else 403
    else:
        expected = 201
    assert response.status_code == expected, response.content
    assert model.objects.count() == before + (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["id"] == model.objects.latest("pk").pk


def test_anonymous_gets_401_everywhere(api, home_records):
    client = api()
    for resource in [*SCOPED, "flights", "courts", "codes", "facilities", "airports"]:
        assert client.get(url(resource)).status_code == 401
    assert client.get(url("cases", home_records.case.pk)).status_code == 401


@pytest.mark.parametrize("resource", ["courts", "facilities", "airports"])
def test_reference_data_is_read_only(api, advocate, reference, resource):
    client = api(advocate)
    listed = client.get(url(resource))
    assert listed.status_code == 200 and listed.json()["count"] >= 1
    pk = listed.json()["results"][0]["id"]
    assert client.get(url(resource, pk)).status_code == 200
    assert client.post(url(resource), {"name": "X"}, format="json").status_code == 405
    assert client.patch(url(resource, pk), {"name": "X"}, format="json").status_code == 405


def test_retrieving_a_person_or_case_is_audited(api, advocate, home_records):
    from casetracker.models import AuditEntry

    client = api(advocate)
    client.get(url("people", home_records.person.pk))
    client.get(url("cases", home_records.case.pk))
    entries = AuditEntry.objects.filter(action="view", actor=advocate)
    assert {(e.object_type, e.object_id) for e in entries} == {
        ("cases.person", str(home_records.person.pk)),
        ("cases.case", str(home_records.case.pk)),
    }
    assert all(e.details == {"channel": "api"} for e in entries)
