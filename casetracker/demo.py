"""Synthetic demo data: two organizations, their users, and a caseload that exercises every feature.

Every person, case, stay, hearing, deadline, note, incident, flight and litigation matter is
written through the services in ``cases.services`` and ``detentions.services``, so the demo
obeys the same rules as data entered by hand (references, overlapping stays, validation).
Organizations, users and memberships have no services yet and are created directly.

Deterministic: names and the little jitter in dates come from seeded ``random.Random``
instances and every date is an offset from today, so each run produces the same people with
the same story, shifted to the run date. The cast and the script live in ``demo_data``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cases import services as cs
from cases.alerts import alerts_suppressed
from cases.anumber import format_anumber
from cases.models import (
    Case,
    Country,
    Deadline,
    Hearing,
    ImmigrationCourt,
    Language,
    Litigation,
    LitigationParty,
    Note,
    Person,
)
from detentions import services as ds
from detentions.models import Airport, Custody, Facility, Flight, Incident, Passenger

from .demo_data import (
    ADMIN,
    AIRPORTS,
    CLAIM_BASIS,
    COUNTRIES,
    COURT_TIMES,
    COURTS,
    DEMO_ORG,
    DEMO_PLANS,
    DEMO_USERS,
    DISTRICT_COURTS,
    EXTERNAL_ATTORNEYS,
    FACILITIES,
    FIRST_ARRIVAL,
    FLIGHT_DAYS_AGO,
    GRANTS,
    INCIDENTS,
    JUDGES,
    LANGUAGES,
    NATIONALITIES,
    NEXT_FLIGHT_IN,
    NON_DETAINED_COURTS,
    OTHER_ORG,
    OTHER_PLANS,
    OTHER_USERS,
    PASSENGER_NOTES,
    SEED,
    STAGE_RANK,
    TAG_NOTES,
    DemoOrg,
    DemoUser,
    Identity,
    Place,
    Plan,
    identities,
)
from .models import Membership, Organization, User

S = Case.Stage
O = Case.Outcome


class ReferenceDataMissing(Exception):
    """The reference tables the demo needs (facilities, courts, airports) are not loaded."""


@dataclass
class Reference:
    facilities: dict[str, Facility]
    courts: dict[str, ImmigrationCourt]
    airports: dict[str, Airport]
    countries: dict[str, Country]
    languages: dict[str, Language]
    court_of: dict[int, ImmigrationCourt]  # facility pk → court of its detained docket


def reference_ready() -> bool:
    return (
        Facility.objects.exists()
        and ImmigrationCourt.objects.exists()
        and Airport.objects.filter(iata__in=AIRPORTS).count() == len(AIRPORTS)
    )


def ensure_reference_data(stdout: TextIO | None = None) -> None:
    """Load the reference tables with ``load_reference_data`` when they are empty."""
    if reference_ready():
        return
    call_command("load_reference_data", stdout=stdout)
    if not reference_ready():
        raise ReferenceDataMissing(
            f"Facilities, immigration courts and the airports {', '.join(AIRPORTS)} are needed: "
            "run `manage.py load_reference_data`."
        )


def _facility(place: Place) -> Facility:
    # The real row by ICE code, else by name or city in the state, else anything in the state.
    facilities = Facility.objects.order_by("name")
    for query in (
        Q(code=place.code),
        Q(name__icontains=place.name, state=place.state),
        Q(city__iexact=place.city, state=place.state),
        Q(state=place.state),
        Q(),
    ):
        found = facilities.filter(query).first()
        if found:
            return found
    raise ReferenceDataMissing("No detention facilities are loaded.")


def _court(code: str) -> ImmigrationCourt:
    courts = ImmigrationCourt.objects.order_by("-active", "code")
    for query in (Q(code=code), Q(state=COURTS.get(code, "")), Q()):
        found = courts.filter(query).first()
        if found:
            return found
    raise ReferenceDataMissing("No immigration courts are loaded.")


def load_reference() -> Reference:
    facilities = {key: _facility(place) for key, place in FACILITIES.items()}
    courts = {code: _court(code) for code in COURTS}
    court_of = {facilities[key].pk: courts[place.court] for key, place in FACILITIES.items()}
    return Reference(
        facilities=facilities,
        courts=courts,
        airports={a.iata: a for a in Airport.objects.filter(iata__in=AIRPORTS)},
        countries={c.code: c for c in Country.objects.filter(code__in=COUNTRIES)},
        languages={lang.code: lang for lang in Language.objects.filter(code__in=LANGUAGES)},
        court_of=court_of,
    )


# --------------------------------------------------------------------------- seeding


@dataclass
class Seeded:
    plan: Plan
    person: Person
    case: Case
    stays: list[tuple[Facility, date]]
    release: tuple[date, str] | None
    author: User


@dataclass
class World:
    org: Organization
    users: dict[str, User]  # by role: coordinator, advocate, lawyer, viewer
    ref: Reference
    rng: random.Random
    today: date
    next_a_number: int
    people: list[Seeded] = field(default_factory=list)

    @property
    def flight_day(self) -> date:
        return self.today - timedelta(days=FLIGHT_DAYS_AGO)

    def days(self, offset: int) -> date:
        return self.today + timedelta(days=offset)

    def author(self, index: int) -> User:
        coordinator = self.users.get("coordinator")
        return coordinator if coordinator and index % 5 == 0 else self.users["advocate"]


def demo_exists() -> bool:
    return Organization.objects.filter(Q(slug=DEMO_ORG.slug) | Q(name=DEMO_ORG.name)).exists()


def seed(today: date | None = None, stdout: TextIO | None = None) -> dict[str, int] | None:
    """Create the demo organizations, users and caseload; None if the demo organization exists."""
    if demo_exists():
        return None
    ensure_reference_data(stdout)
    today = today or timezone.localdate()
    # The demo describes past events: record them without sending urgent alerts.
    with alerts_suppressed(), transaction.atomic():
        ref = load_reference()
        password_hash = make_password(settings.CT_DEMO_PASSWORD)
        _user(ADMIN, password_hash, superuser=True)
        demo = _world(DEMO_ORG, DEMO_USERS, password_hash, ref, today)
        other = _world(OTHER_ORG, OTHER_USERS, password_hash, ref, today)
        names = identities(tuple((p.nat, p.sex) for p in DEMO_PLANS + OTHER_PLANS))
        _seed_people(demo, DEMO_PLANS, names[: len(DEMO_PLANS)])
        _seed_people(other, OTHER_PLANS, names[len(DEMO_PLANS) :])
        _seed_family(demo)
        _seed_flights(demo)
        _seed_litigation(demo)
    return summary([demo.org, other.org])


def summary(orgs: list[Organization]) -> dict[str, int]:
    """How many rows of each kind the organizations hold (users: members plus the superuser)."""
    people = Person.objects.filter(organization__in=orgs)
    cases = Case.objects.filter(organization__in=orgs)
    return {
        "organizations": len(orgs),
        "users": Membership.objects.filter(organization__in=orgs).count() + 1,
        "people": people.count(),
        "cases": cases.count(),
        "hearings": Hearing.objects.filter(case__in=cases).count(),
        "deadlines": Deadline.objects.filter(Q(case__in=cases) | Q(litigation__organization__in=orgs)).count(),
        "notes": Note.objects.filter(case__in=cases).count(),
        "custody stays": Custody.objects.filter(person__in=people).count(),
        "incidents": Incident.objects.filter(person__in=people).count(),
        "flights": Flight.objects.filter(passengers__person__in=people).distinct().count(),
        "passengers": Passenger.objects.filter(person__in=people).count(),
        "litigation matters": Litigation.objects.filter(organization__in=orgs).count(),
        "litigation parties": LitigationParty.objects.filter(litigation__organization__in=orgs).count(),
    }


def _user(spec: DemoUser, password_hash: str, *, superuser: bool = False) -> User:
    # An account that already exists (e.g. made with createsuperuser) is reused as it is.
    existing = User.objects.filter(email__iexact=spec.email).first()
    if existing:
        return existing
    # One hash for every demo account: PBKDF2 takes about a second per call.
    return User.objects.create(
        email=spec.email,
        password=password_hash,
        first_name=spec.first_name,
        last_name=spec.last_name,
        language=spec.language,
        time_zone=spec.time_zone,
        is_staff=True,
        is_superuser=superuser,
    )


def _world(spec: DemoOrg, users: tuple[DemoUser, ...], password_hash: str, ref: Reference, today: date) -> World:
    org = Organization.objects.create(name=spec.name, slug=spec.slug, case_prefix=spec.case_prefix)
    members = {}
    for user_spec in users:
        user = _user(user_spec, password_hash)
        Membership.objects.create(user=user, organization=org, role=user_spec.role)
        members[user_spec.role] = user
    return World(org, members, ref, random.Random(f"{SEED}-{spec.slug}"), today, spec.a_number_base)


def _seed_people(w: World, plans: tuple[Plan, ...], names: list[Identity]) -> None:
    for index, (plan, who) in enumerate(zip(plans, names)):
        seeded = _seed_person(w, index, plan, who)
        w.people.append(seeded)
        _seed_hearings(w, seeded)
        _seed_deadlines(w, seeded)
        _seed_notes(w, seeded)
        _seed_incidents(w, seeded)


def _seed_person(w: World, index: int, plan: Plan, who: Identity) -> Seeded:
    arrival = w.days(-plan.days)
    release = _release(w, plan, arrival)
    stays = _stays(w, plan, arrival, release)
    author = w.author(index)
    result = cs.intake(
        organization=w.org,
        by=author,
        person=_person_fields(w, plan, who, arrival),
        case=_case_fields(w, plan, arrival, stays, release),
        facility=stays[0][0] if stays else None,
        booked_in_on=stays[0][1] if stays else None,
        team=_team(w, index, plan),
    )
    for facility, on in stays[1:]:
        ds.custody_transfer(person=result.person, to_facility=facility, on=on, by=author)
    if release:
        ds.custody_release(person=result.person, on=release[0], reason=release[1], by=author)
    return Seeded(plan, result.person, result.case, stays, release, author)


# --------------------------------------------------------------------------- custody


def _release(w: World, plan: Plan, arrival: date) -> tuple[date, str] | None:
    if not plan.release or not plan.route:
        return None
    if plan.release == Custody.ReleaseReason.REMOVED:
        return w.flight_day, plan.release
    if plan.release in (Custody.ReleaseReason.BOND, Custody.ReleaseReason.PAROLE):
        return arrival + timedelta(days=plan.days // 2), plan.release
    # Protection granted, voluntary departure: out of custody the day after the decision.
    return min(w.today, w.days(1 - (plan.decided or 1))), plan.release


def _spread(w: World, start: date, end: date, n: int) -> list[date]:
    """n booking dates from start, evenly spaced (with a little jitter) before end."""
    step = max((end - start).days, 0) / max(n, 1)
    dates = [start]
    for i in range(1, n):
        jitter = w.rng.randint(0, int(step // 5))
        dates.append(start + timedelta(days=int(i * step) + jitter))
    return dates[:n]


def _stays(w: World, plan: Plan, arrival: date, release: tuple[date, str] | None) -> list[tuple[Facility, date]]:
    if not plan.route:
        return []
    first = arrival + timedelta(days=min(2, plan.days))
    end = release[0] if release else w.today
    route = plan.route
    if "staging" in route:
        # A few days at the Alexandria staging facility before the removal flight.
        k = route.index("staging")
        staged = w.flight_day - timedelta(days=4)
        after = _spread(w, w.flight_day + timedelta(days=1), end, len(route) - k - 1)
        starts = _spread(w, first, staged, k) + [staged] + after
    else:
        starts = _spread(w, first, end, len(route))
    stays: list[tuple[Facility, date]] = []
    for key, on in zip(route, starts):
        facility = w.ref.facilities[key]
        if not stays or stays[-1][0] != facility:  # fallbacks may map two keys to one facility
            stays.append((facility, on))
    return stays


# --------------------------------------------------------------------------- person and case fields


def _person_fields(w: World, plan: Plan, who: Identity, arrival: date) -> dict:
    nat = NATIONALITIES[plan.nat]
    langs = [w.ref.languages[code] for code in nat.languages if code in w.ref.languages]
    proficiency = w.rng.choice(("none", "none", "basic", "conversational"))
    place, manner = FIRST_ARRIVAL.get(plan.route[0] if plan.route else "", ("San Ysidro, CA", "cbp_one"))
    relative = w.rng.choice(("Mother", "Sister", "Brother", "Cousin", "A friend"))
    return {
        "family_name": who.family,
        "given_names": who.given,
        "native_name": who.native,
        "aliases": list(who.aliases),
        "a_number": "" if "no-anumber" in plan.parts else _next_a_number(w),
        "date_of_birth": date(w.rng.randint(1978, 2004), w.rng.randint(1, 12), w.rng.randint(1, 28)),
        "sex": plan.sex,
        "citizenship": w.ref.countries.get(nat.country),
        "country_of_birth": w.ref.countries.get(nat.country),
        "languages": langs,
        "preferred_language": w.ref.languages.get(nat.preferred),
        "english_proficiency": proficiency,
        "interpreter_needed": proficiency in ("none", "basic"),
        "contact_notes": f"{relative} in {w.rng.choice(nat.relatives_in)}, reachable through {nat.messenger}.",
        "last_arrival_date": arrival,
        "arrival_place": place,
        "arrival_manner": manner,
        "vulnerabilities": list(plan.tags),
        "vulnerability_notes": " ".join(TAG_NOTES[tag] for tag in plan.tags if tag in TAG_NOTES),
    }


def _next_a_number(w: World) -> str:
    number, w.next_a_number = w.next_a_number, w.next_a_number + 1
    return format_anumber(f"{number:09d}")  # written as people write it; the service normalizes it


def _case_fields(w: World, plan: Plan, arrival: date, stays: list, release: tuple[date, str] | None) -> dict:
    opened = min(w.today, arrival + timedelta(days=w.rng.randint(2, 12)))
    court = _case_court(w, plan, stays, release)
    detained = bool(stays) and release is None
    fields = {
        "kind": _case_kind(plan),
        "stage": plan.stage,
        "outcome": plan.outcome,
        "claim_basis": _claim_basis(plan),
        "protected_grounds": ["political_opinion"]
        + (["social_group"] if {"lgbtq", "desertion"} & set(plan.tags) else []),
        "court": court,
        "judge": w.rng.choice(JUDGES) if court else "",
        "docket": Case.Docket.DETAINED if detained else Case.Docket.NON_DETAINED,
        "opened_on": opened,
        **_counsel_fields(w, plan, opened),
        **_events(w, plan, arrival),
        **_release_events(w, plan, release),
    }
    if plan.stage == S.CLOSED:
        fields["closed_on"] = max(opened, _closed_on(w, plan, fields, release))
    return fields


def _case_kind(plan: Plan) -> str:
    if plan.stage == S.CREDIBLE_FEAR:
        return Case.Kind.CREDIBLE_FEAR
    if "plaintiff" in plan.parts:
        return Case.Kind.HABEAS
    if plan.outcome == O.CAT_PROTECTION:
        return Case.Kind.CAT
    return Case.Kind.DEFENSIVE


def _claim_basis(plan: Plan) -> list[str]:
    basis = [CLAIM_BASIS[tag] for tag in plan.tags if tag in CLAIM_BASIS]
    if not basis:
        basis = ["conscription-evasion"] if plan.nat == "RU" and plan.sex == "M" else ["political-opposition"]
    return basis


def _case_court(w: World, plan: Plan, stays: list, release: tuple[date, str] | None) -> ImmigrationCourt | None:
    if plan.stage == S.INTAKE or (plan.stage == S.CREDIBLE_FEAR and "negative-cf" not in plan.parts):
        return None  # no proceedings before an immigration judge yet
    if release and release[1] in (Custody.ReleaseReason.BOND, Custody.ReleaseReason.PAROLE):
        return w.ref.courts[w.rng.choice(NON_DETAINED_COURTS)]  # venue moved to where they live now
    heard_at = [facility for facility, _ in stays if facility != w.ref.facilities["staging"]]
    return w.ref.court_of.get(heard_at[-1].pk) if heard_at else None


def _counsel_fields(w: World, plan: Plan, opened: date) -> dict:
    filed = min(w.today, opened + timedelta(days=7))
    if plan.counsel == "lawyer":
        lawyer = w.users["lawyer"]
        return {"representation": Case.Representation.REPRESENTED, "attorney": lawyer, "eoir28_filed_on": filed}
    if plan.counsel == "external":
        name, firm, contact = w.rng.choice(EXTERNAL_ATTORNEYS)
        return {
            "representation": Case.Representation.REPRESENTED,
            "external_attorney_name": name,
            "external_attorney_firm": firm,
            "external_attorney_contact": contact,
            "eoir28_filed_on": filed,
        }
    if plan.counsel == "pro_se":
        return {"representation": Case.Representation.PRO_SE}
    return {"representation": Case.Representation.SEEKING}


def _events(w: World, plan: Plan, arrival: date) -> dict:
    """Key dates of the case so far, consistent with its stage (the rule engine's inputs)."""
    rank = STAGE_RANK[plan.stage]
    events: dict = {}
    if rank > STAGE_RANK[S.CREDIBLE_FEAR] or {"positive-cf", "negative-cf"} & set(plan.parts):
        events["credible_fear_interview_on"] = arrival + timedelta(days=10)
        negative = "negative-cf" in plan.parts
        events["credible_fear_result"] = "negative" if negative else "positive"
        if negative:
            events["ij_review_requested_on"] = w.days(-2)
    if rank >= STAGE_RANK[S.REMOVAL_PROCEEDINGS]:
        events["nta_served_on"] = arrival + timedelta(days=20)
    if rank >= STAGE_RANK[S.INDIVIDUAL_HEARING]:
        events["i589_filed_on"] = arrival + timedelta(days=plan.days // 3)
    if plan.decided is not None:
        events.update(_decision_events(w, plan))
    return events


def _decision_events(w: World, plan: Plan) -> dict:
    decided = _weekday(w.days(-plan.decided), past=True)
    events: dict = {"ij_decision_on": decided}
    flight = any(part.startswith("flight:") for part in plan.parts)
    appealed = plan.stage in (S.BIA_APPEAL, S.FEDERAL_COURT) or plan.outcome == O.REMOVED
    if plan.outcome == O.DENIED or appealed:
        events["removal_ordered_on"] = decided
    if appealed:
        events["appeal_filed_on"] = decided + timedelta(days=25)
    if plan.stage == S.FEDERAL_COURT or plan.outcome == O.REMOVED:
        if flight:
            bia = w.flight_day - timedelta(days=30)
        elif "next-flight" in plan.parts:
            bia = w.days(-12)
        else:
            bia = w.days(-w.rng.randint(20, 60))
        events["bia_decision_on"] = events["final_order_on"] = bia
    return events


def _release_events(w: World, plan: Plan, release: tuple[date, str] | None) -> dict:
    if not release:
        return {}
    on, reason = release
    if reason == Custody.ReleaseReason.BOND:
        amount = Decimal(w.rng.choice((5000, 7500, 10000, 15000)))
        return {
            "bond_requested_on": on - timedelta(days=21),
            "bond_set_on": on - timedelta(days=9),
            "bond_amount_usd": amount,
            "bond_posted_on": on,
        }
    if reason == Custody.ReleaseReason.PAROLE:
        return {"parole_requested_on": on - timedelta(days=30), "parole_granted_on": on}
    return {}


def _closed_on(w: World, plan: Plan, fields: dict, release: tuple[date, str] | None) -> date:
    decided = fields.get("ij_decision_on") or w.today
    if plan.outcome == O.REMOVED:
        return w.flight_day
    if plan.outcome in GRANTS:
        return min(w.today, decided + timedelta(days=31))  # DHS let the appeal time pass
    if plan.outcome == O.VOLUNTARY_DEPARTURE and release:
        return release[0]
    return decided


def _team(w: World, index: int, plan: Plan) -> list[tuple[User, str]]:
    team = []
    if index % 4 != 3:
        team.append((w.users["advocate"], "advocate"))
    if plan.counsel == "lawyer":
        team.append((w.users["lawyer"], "attorney"))
    if "viewer" in plan.parts and "viewer" in w.users:
        team.append((w.users["viewer"], "observer"))
    return team


# --------------------------------------------------------------------------- hearings


def _weekday(day: date, *, past: bool) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=-1 if past else 1)
    return day


def _court_time(w: World, day: date, tz: str, *, past: bool) -> datetime:
    """A weekday at a usual court hour, in the court's (or facility's) own time zone."""
    hour, minute = w.rng.choice(COURT_TIMES)
    return datetime.combine(_weekday(day, past=past), time(hour, minute), tzinfo=ZoneInfo(tz))


def _held_at(s: Seeded, day: date) -> Facility | None:
    """The facility the person was held in on that day, if detained then."""
    held = None
    for facility, booked in s.stays:
        if booked <= day:
            held = facility
    if s.release and day >= s.release[0]:
        return None
    return held


def _schedule(
    w: World, s: Seeded, kind: str, day: date, *, past: bool = False, at_facility: bool = False
) -> Hearing | None:
    court = None if at_facility else s.case.court
    facility = _held_at(s, day)
    if court is None and facility is None:
        return None
    mode = Hearing.Mode.IN_PERSON
    if at_facility:
        mode = Hearing.Mode.TELEPHONE
    elif facility and facility.city.lower() != court.city.lower():
        mode = Hearing.Mode.VIDEO
    return cs.hearing_schedule(
        case=s.case,
        by=s.author,
        kind=kind,
        starts_at=_court_time(w, day, court.time_zone if court else facility.time_zone, past=past),
        court=court,
        facility=facility,
        judge="" if at_facility else s.case.judge,
        courtroom="" if at_facility else f"Courtroom {w.rng.randint(1, 6)}",
        mode=mode,
        interpreter_language=s.person.preferred_language if s.person.interpreter_needed else None,
        duration_minutes=180 if kind == Hearing.Kind.INDIVIDUAL else 60,
    )


def _seed_hearings(w: World, s: Seeded) -> None:
    case, plan = s.case, s.plan
    held = Hearing.Status.HELD
    if case.credible_fear_interview_on:
        cfi = _schedule(
            w, s, Hearing.Kind.CREDIBLE_FEAR_INTERVIEW, case.credible_fear_interview_on, past=True, at_facility=True
        )
        if cfi:
            result = f"{case.get_credible_fear_result_display()} credible fear determination."
            cs.hearing_record_result(hearing=cfi, status=held, result=result, by=s.author)
    if case.nta_served_on and case.court:
        first_master = min(case.nta_served_on + timedelta(days=21), w.days(-3))
        master = _schedule(w, s, Hearing.Kind.MASTER, first_master, past=True)
        result = "Pleadings taken; designated country of removal; next hearing set."
        cs.hearing_record_result(hearing=master, status=held, result=result, by=s.author)
    if case.ij_decision_on and case.court:
        merits = _schedule(w, s, Hearing.Kind.INDIVIDUAL, case.ij_decision_on, past=True)
        decision = case.get_outcome_display() if plan.outcome else "Relief denied; removal ordered"
        cs.hearing_record_result(hearing=merits, status=held, result=f"Oral decision: {decision}.", by=s.author)
    if plan.hearing is not None:
        _seed_next_hearing(w, s)


def _next_kind(plan: Plan) -> tuple[str, bool]:
    """Kind of the next hearing, and whether it is held at the facility rather than a court."""
    if plan.stage == S.CREDIBLE_FEAR:
        if "negative-cf" in plan.parts:
            return Hearing.Kind.CF_REVIEW, False
        return Hearing.Kind.CREDIBLE_FEAR_INTERVIEW, True
    if "bond-hearing" in plan.parts:
        return Hearing.Kind.BOND, False
    if plan.stage == S.INDIVIDUAL_HEARING:
        return Hearing.Kind.INDIVIDUAL, False
    return Hearing.Kind.MASTER, False


def _seed_next_hearing(w: World, s: Seeded) -> None:
    kind, at_facility = _next_kind(s.plan)
    day = w.days(s.plan.hearing)
    if "rescheduled" in s.plan.parts:
        # First set a week earlier, then moved: the new hearing links to the one it replaced.
        first = _schedule(w, s, kind, day - timedelta(days=7), at_facility=at_facility)
        tz = first.court.time_zone if first.court else first.facility.time_zone
        cs.hearing_reschedule(hearing=first, starts_at=_court_time(w, day, tz, past=False), by=s.author)
    else:
        _schedule(w, s, kind, day, at_facility=at_facility)


# --------------------------------------------------------------------------- deadlines, notes, incidents


def _deadline_specs(w: World, s: Seeded) -> list[tuple[str, date, str]]:
    plan, case = s.plan, s.case
    specs = []
    if plan.hearing is not None and plan.stage == S.INDIVIDUAL_HEARING:
        before = 15 if case.docket == Case.Docket.NON_DETAINED else 7
        due = max(w.days(1), w.days(plan.hearing - before))
        specs.append(("File evidence packet, witness list and country-conditions report", due, "open"))
    elif plan.hearing is not None and plan.stage == S.REMOVAL_PROCEEDINGS:
        specs.append(("Prepare pleadings and gather identity documents", w.days(max(1, plan.hearing - 2)), "open"))
    if plan.outcome == O.DENIED:
        specs.append(("Decide with the client whether to appeal; order the hearing recording", w.days(2), "open"))
    if plan.stage == S.BIA_APPEAL:
        specs.append(("BIA brief due under the briefing schedule", w.days(w.rng.randint(8, 28)), "open"))
    if "next-flight" in plan.parts:
        specs.append(("Emergency motion for a stay of removal", w.days(2), "open"))
    if "husband" in plan.parts:
        specs.append(("Ask the field office to hold the spouses in the same facility", w.days(7), "open"))
    if "no-counsel" in plan.parts:
        specs.append(("Find pro bono counsel before the individual hearing", w.days(-2), "open"))
    if "chronic-illness" in plan.tags and case.docket == Case.Docket.DETAINED:
        specs.append(("Request medical records from the facility", w.days(10), "open"))
    if case.eoir28_filed_on and case.attorney_id:
        specs.append(("File EOIR-28 notice of appearance", case.eoir28_filed_on, "done"))
    return specs


def _seed_deadlines(w: World, s: Seeded) -> None:
    responsible = s.case.attorney or w.users["advocate"]
    for kind, due, status in _deadline_specs(w, s):
        deadline = cs.deadline_add(case=s.case, by=s.author, kind=kind, due_on=due, responsible=responsible)
        if status != Deadline.Status.OPEN:
            cs.deadline_set_status(deadline=deadline, status=status, by=s.author)


def _moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _seed_notes(w: World, s: Seeded) -> None:
    case, plan = s.case, s.plan
    call = "Intake call with a relative: contact details, the story in outline, documents they can send."
    cs.note_add(case=case, by=s.author, kind=Note.Kind.CALL, body=call, occurred_at=_moment(case.opened_on, 11))
    if s.stays and not s.release and plan.days > 30:
        facility = s.stays[-1][0]
        visit = f"Legal visit at {facility.name}: went through the declaration with an interpreter."
        cs.note_add(case=case, by=s.author, kind=Note.Kind.VISIT, body=visit, occurred_at=_moment(w.days(-6), 14))
    if "desertion" in plan.tags or "husband" in plan.parts:
        secret = (
            "Client described the unit he left, when and how. Keep these details out of shared documents "
            "until the declaration is final."
        )
        cs.note_add(
            case=case,
            by=s.author,
            kind=Note.Kind.OTHER,
            body=secret,
            confidential=True,
            occurred_at=_moment(w.days(-5), 16),
        )
    if case.ij_decision_on:
        body = f"Attended the individual hearing: {case.get_outcome_display() or 'removal ordered'}."
        cs.note_add(
            case=case, by=s.author, kind=Note.Kind.COURT, body=body, occurred_at=_moment(case.ij_decision_on, 17)
        )


def _incidents(w: World, s: Seeded) -> list[tuple[str, date, int, str]]:
    found = [
        (kind, w.days(-days_ago), severity, text)
        for part in s.plan.parts
        for kind, days_ago, severity, text in INCIDENTS.get(part, ())
    ]
    if "chronic-illness" in s.plan.tags and s.release is None:
        text = "Insulin doses delayed for two days after a transfer; seen by medical staff."
        found.append((Incident.Kind.MEDICAL, w.days(-(s.plan.days // 2)), Incident.Severity.MEDIUM, text))
    return found


def _seed_incidents(w: World, s: Seeded) -> None:
    if not s.stays:
        return
    for kind, on, severity, text in _incidents(w, s):
        ds.incident_record(person=s.person, by=s.author, kind=kind, occurred_on=on, severity=severity, description=text)


# --------------------------------------------------------------------------- family, flights, litigation


def _with_part(w: World, prefix: str) -> list[Seeded]:
    return [s for s in w.people if any(part.startswith(prefix) for part in s.plan.parts)]


def _seed_family(w: World) -> None:
    # A married couple detained in different facilities, in different states.
    husband, wife = _with_part(w, "husband")[0], _with_part(w, "wife")[0]
    cs.relationship_add(person=husband.person, relative=wife.person, kind="spouse", by=husband.author)


def _legs(w: World, day: date) -> list[tuple[Airport, Airport, datetime, datetime]]:
    aex, cai, svo = (w.ref.airports[code] for code in AIRPORTS)
    departs = datetime.combine(day, time(10, 0), tzinfo=ZoneInfo(aex.time_zone))
    in_cairo = departs + timedelta(hours=12, minutes=40)
    leaves_cairo = in_cairo + timedelta(hours=2, minutes=30)
    return [(aex, cai, departs, in_cairo), (cai, svo, leaves_cairo, leaves_cairo + timedelta(hours=4, minutes=10))]


def _seed_flights(w: World) -> None:
    by = w.users["advocate"]
    common = {
        "kind": Flight.Kind.REMOVAL,
        "carrier": "ICE Air charter",
        "destination_country": w.ref.countries.get("RU"),
    }
    source = "Demo: relatives' reports and flight-tracking volunteers"
    past = ds.flight_create(
        by=by,
        legs=_legs(w, w.flight_day),
        flight_date=w.flight_day,
        status=Flight.Status.ARRIVED,
        reported_passenger_count=64,
        source=source,
        source_key="demo-aex-cai-svo-1",
        confidence=Flight.Confidence.HIGH,
        **common,
    )
    for s in _with_part(w, "flight:"):
        _, status, *outcome = next(p for p in s.plan.parts if p.startswith("flight:")).split(":")
        note = PASSENGER_NOTES[outcome[0] if outcome else status]
        passenger = ds.passenger_add(flight=past, person=s.person, by=by, status=status, notes=note)
        if outcome:
            ds.passenger_update(passenger=passenger, by=by, arrival_outcome=outcome[0])
        if status == Passenger.Status.STAY_GRANTED:
            stay = {"stay_requested_on": w.flight_day - timedelta(days=3), "stay_granted_on": w.flight_day}
            cs.case_update(case=s.case, version=s.case.version, by=by, **stay)
    upcoming = w.days(NEXT_FLIGHT_IN)
    nxt = ds.flight_create(
        by=by,
        legs=_legs(w, upcoming),
        flight_date=upcoming,
        status=Flight.Status.SCHEDULED,
        source=source,
        source_key="demo-aex-cai-svo-2",
        confidence=Flight.Confidence.MEDIUM,
        notes="Date reported by several families; manifest incomplete.",
        **common,
    )
    for s in _with_part(w, "next-flight"):
        ds.passenger_add(flight=nxt, person=s.person, by=by, notes="Told by a deportation officer to expect a flight.")


def _seed_litigation(w: World) -> None:
    lawyer = w.users["lawyer"]
    filed = w.days(-75)
    suit = cs.litigation_create(
        organization=w.org,
        by=lawyer,
        plaintiffs=[s.person for s in _with_part(w, "plaintiff")],
        title="Doe et al. v. Field Office Director, New Orleans (prolonged detention)",
        federal_court="U.S. District Court, Western District of Louisiana",
        docket_number=f"1:{filed.year % 100:02d}-cv-{w.rng.randint(1000, 1999):05d}",
        filed_on=filed,
        status=Litigation.Status.PENDING,
        is_class_action=True,
        counsel=f"{lawyer.get_full_name()} (Demo Advocacy Network), with a law school clinic as co-counsel",
        notes="Putative class: people held more than six months without a bond hearing.",
        team=[lawyer],
    )
    for s in _with_part(w, "class-member"):
        cs.litigation_party_add(litigation=suit, person=s.person, by=lawyer, role=LitigationParty.Role.CLASS_MEMBER)
    cs.deadline_add(
        litigation=suit, by=lawyer, kind="Reply to the government's return", due_on=w.days(12), responsible=lawyer
    )
    for s in _with_part(w, "own-habeas"):
        facility = s.stays[-1][0]
        cs.litigation_create(
            organization=w.org,
            by=lawyer,
            plaintiffs=[s.person],
            title=f"{s.person.family_name} v. Warden, {facility.name}",
            federal_court=DISTRICT_COURTS.get(facility.state, "U.S. District Court"),
            filed_on=w.days(-20),
            status=Litigation.Status.FILED,
            counsel=lawyer.get_full_name(),
            team=[lawyer],
        )
