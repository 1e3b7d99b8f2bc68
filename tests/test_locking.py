"""Optimistic locking: a save that started from a stale version is refused, never merged."""

import threading
from datetime import date, timedelta

import pytest
from django.db import connection

from casetracker.locking import ConflictError
from cases import services
from cases.models import Case, Hearing
from detentions import services as detention_services
from detentions.models import Custody

from .factories import CaseFactory, FacilityFactory, HearingFactory, OrganizationFactory, UserFactory

WRITERS = 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_saves_of_one_version_one_wins_the_rest_conflict():
    case = CaseFactory(person__organization=OrganizationFactory(slug="race", case_prefix="RACE"))
    by = UserFactory(email="racer@home.test")
    start = threading.Barrier(WRITERS)
    outcomes: dict[int, str] = {}

    def writer(n: int) -> None:
        try:
            mine = Case.objects.get(pk=case.pk)  # everyone opened the form at version 1
            start.wait(timeout=60)
            services.case_update(case=mine, version=1, by=by, judge=f"Judge {n}")
            outcomes[n] = "saved"
        except ConflictError:
            outcomes[n] = "conflict"
        except Exception as exc:  # surfaced by the assertion below
            outcomes[n] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    winners = [n for n, outcome in outcomes.items() if outcome == "saved"]
    assert sorted(outcomes.values()).count("conflict") == WRITERS - 1, outcomes
    assert len(winners) == 1
    case.refresh_from_db()
    # The winner's edit is the one in the database, and nobody's was silently merged.
    assert (case.judge, case.version) == (f"Judge {winners[0]}", 2)


def test_a_stale_case_save_is_refused_and_the_first_edit_kept(advocate, colleague, case):
    mine, theirs = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    services.case_update(case=theirs, version=theirs.version, by=colleague, judge="Judge Theirs")

    with pytest.raises(ConflictError, match="changed by someone else"):
        services.case_update(case=mine, version=mine.version, by=advocate, judge="Judge Mine")

    case.refresh_from_db()
    assert (case.judge, case.version) == ("Judge Theirs", 2)


def test_a_stale_hearing_save_is_refused(advocate, colleague, case):
    hearing = HearingFactory(case=case)
    mine, theirs = Hearing.objects.get(pk=hearing.pk), Hearing.objects.get(pk=hearing.pk)
    services.hearing_update(hearing=theirs, version=1, by=colleague, courtroom="4")

    with pytest.raises(ConflictError):
        services.hearing_update(hearing=mine, version=1, by=advocate, courtroom="7")

    hearing.refresh_from_db()
    assert (hearing.courtroom, hearing.version, hearing.sequence) == ("4", 2, 1)


def test_moving_a_hearing_moves_its_deadlines(advocate, case):
    case.docket = Case.Docket.NON_DETAINED
    case.save()
    hearing = HearingFactory(case=case)
    services.deadlines_recompute(case=case)
    before = case.deadlines.get(hearing=hearing).due_on

    services.hearing_update(hearing=hearing, version=1, by=advocate, starts_at=hearing.starts_at + timedelta(days=7))

    assert case.deadlines.get(hearing=hearing).due_on > before


def test_a_stale_custody_save_is_refused(advocate, colleague, case):
    stay = detention_services.custody_book_in(
        person=case.person, facility=FacilityFactory(), on=date(2026, 1, 5), by=advocate
    )
    mine, theirs = Custody.objects.get(pk=stay.pk), Custody.objects.get(pk=stay.pk)
    detention_services.custody_update(custody=theirs, version=1, by=colleague, notes="Moved to unit B.")

    with pytest.raises(ConflictError):
        detention_services.custody_update(custody=mine, version=1, by=advocate, notes="Unit C.")

    stay.refresh_from_db()
    assert (stay.notes, stay.version) == ("Moved to unit B.", 2)


def test_stale_hearing_edit_in_the_admin_shows_the_conflict(client, advocate, colleague, case):
    from .test_admin import change_url, post_data

    hearing = HearingFactory(case=case)
    client.force_login(advocate)
    data = post_data(client.get(change_url(hearing)))
    services.hearing_update(hearing=Hearing.objects.get(pk=hearing.pk), version=1, by=colleague, courtroom="4")
    data["courtroom"] = "9"

    response = client.post(change_url(hearing), data)

    assert response.status_code == 200
    assert "changed by someone else" in response.content.decode()
    hearing.refresh_from_db()
    assert hearing.courtroom == "4"
