"""No personal data in logs or email subjects: a canary person goes through the key
flows (intake, pages, search, API and exports if present, transfer alert, reminders,
document download, a failed login) with every log record captured at DEBUG, and no
record or subject carries any of the canary's values."""

import logging
from datetime import date, datetime, timedelta, timezone as dt_timezone
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, reverse

from cases import notify, services
from cases.models import Hearing
from cases.reminders import scan
from detentions import services as detention_services

from .factories import CourtFactory, FacilityFactory
from .test_access_matrix import all_routes

CHICAGO = ZoneInfo("America/Chicago")
CANARY_FAMILY = "Zzcanaryova"
CANARY = (
    CANARY_FAMILY,
    CANARY_FAMILY.upper(),
    "Канареечная",
    "Kanareechnaya",
    "246813579",
    "246-813-579",
    "canary.contact@example.org",
    "+1-555-0142-977",
    "sang in the mine",
)


def send_inline(delivery_id: int) -> None:
    delivery = notify.claim(delivery_id)
    if delivery is not None:
        notify.deliver(delivery)


def leaks(text: str) -> list[str]:
    return [value for value in CANARY if value.lower() in text.lower()]


@pytest.fixture
def canary(home, advocate, lawyer):
    with time_machine.travel(datetime(2026, 11, 22, 12, 0, tzinfo=dt_timezone.utc), tick=True):
        person = services.person_create(
            organization=home,
            by=advocate,
            family_name=CANARY_FAMILY,
            given_names="Mariya",
            native_name="Мария Канареечная",
            aliases=["Kanareechnaya"],
            a_number="A-246-813-579",
            date_of_birth=date(1991, 3, 14),
            phone="+1-555-0142-977",
            email="canary.contact@example.org",
            vulnerability_notes="She sang in the mine about the draft notice.",
        )
        case = services.case_open(person=person, by=advocate, team=[(lawyer, "attorney")])
        court = CourtFactory(code="OAK", name="Oakdale Immigration Court", time_zone="America/Chicago")
        services.hearing_schedule(
            case=case, by=advocate, kind=Hearing.Kind.MASTER, court=court,
            starts_at=datetime(2026, 12, 10, 9, 0, tzinfo=CHICAGO),
        )
        stay = detention_services.custody_book_in(person=person, facility=FacilityFactory(), on=date(2026, 10, 1), by=advocate)
        services.note_add(case=case, by=advocate, body="Zzcanaryova called from the facility.")
        upload = SimpleUploadedFile("Zzcanaryova passport.pdf", b"%PDF-1.4 canary\n", content_type="application/pdf")
        document = services.document_add(case=case, by=advocate, upload=upload, title="Passport copy")
    return {"person": person, "case": case, "stay": stay, "document": document}


def parameterless_routes() -> list[str]:
    """Every page, export and API list that needs no path parameter (admin catch-all aside)."""
    urls = []
    for route in all_routes():
        pattern = route.pattern_obj.pattern
        if isinstance(route.pattern_obj, URLPattern) and not pattern.regex.groupindex and "(" not in str(pattern):
            if route.name not in ("admin:logout",):
                urls.append("/" + route.pattern.lstrip("^").rstrip("$"))
    return urls


def test_canary_values_never_reach_logs_or_email_subjects(
    canary, client, advocate, coordinator, lawyer, caplog, monkeypatch, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)  # the root logger; the logging config still holds SQL at WARNING
    monkeypatch.setattr("cases.tasks.send_delivery.delay", send_inline)
    person, case = canary["person"], canary["case"]

    # Pages, search, autocomplete, exports and API lists (a coordinator sees them all),
    # then the canary's own pages as the advocate.
    browser = Client(raise_request_exception=False)
    browser.force_login(coordinator)
    for url in parameterless_routes():
        browser.get(url, {"q": CANARY_FAMILY, "search": CANARY_FAMILY})
    for user in (coordinator, advocate):
        browser.force_login(user)
        for obj in (person, case, canary["stay"], canary["document"]):
            browser.get(reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]))
        browser.get(reverse("admin:cases_person_changelist"), {"q": "A-246-813-579"})
        browser.get(reverse("admin:autocomplete"), {"term": "Канареечная", "app_label": "cases", "model_name": "case", "field_name": "person"})
        browser.get(reverse("document-download", args=[canary["document"].pk]))

    # A failed login with the canary typed into the email box, and a real one.
    client.post("/login/", {"username": "zzcanaryova 246813579", "password": "sang in the mine"})

    # A transfer alert, then the 7-day hearing reminder.
    with django_capture_on_commit_callbacks(execute=True):
        detention_services.custody_transfer(person=person, to_facility=FacilityFactory(), on=date(2026, 11, 20), by=advocate)
    now = datetime(2026, 12, 3, 9, 5, tzinfo=CHICAGO).astimezone(dt_timezone.utc)
    with time_machine.travel(now, tick=False):
        scan(now, send=send_inline)

    assert len(mail.outbox) >= 2, "the flows sent no email: the test would prove nothing"
    assert len(caplog.records) > 0
    records = [(r.name, r.levelname, caplog.handler.format(r)) for r in caplog.records]
    logged = [f"{name} {level}: {text}" for name, level, text in records if leaks(text)]
    assert not logged, "personal data in log records:\n" + "\n".join(logged)
    subjects = [m.subject for m in mail.outbox if leaks(m.subject)]
    assert not subjects, f"personal data in email subjects: {subjects}"
    bodies = [m.subject for m in mail.outbox if leaks(m.body)]
    assert not bodies, f"personal data in email bodies: {bodies}"


def test_the_canary_check_would_catch_a_leak(canary, caplog):
    caplog.set_level(logging.DEBUG)

    logging.getLogger("cases.views").debug("opened %s", canary["person"].display_name)

    assert leaks(caplog.handler.format(caplog.records[-1]))
