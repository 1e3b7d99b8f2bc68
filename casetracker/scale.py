"""Synthetic national-scale data for benchmarks (`manage.py seed_scale --tier S|M|L`).

Tier L is the national picture: ~4 M cases, 12 M hearings, 10 M deadlines, 3 M custody
stays, 90 k flights and 2 M manifest entries; S and M keep the same proportions at
1/80 and 1/8 of that. Everything goes into one organization per tier ("Scale tier M"),
so demo data and real organizations are untouched and the tier can be found again:
a second run sees the organization and does nothing.

Speed: rows are generated in chunks of people and written straight to the tables,
not through the services (there are no alerts or reminders to send for invented
history, and a service call per row would take days at tier L). On PostgreSQL each
chunk goes in by COPY from an in-memory buffer, in dependency order, in one
transaction, and the sequences are advanced at the end; on other databases
bulk_create stands in (practical for tier S only). Primary keys are assigned here,
which is what lets a hearing name its case before either is in the database.

Realism, where the benchmarks can feel it: most detained people are in the few
big facilities of the real Facility table (weighted by capacity); hearings are on
weekdays in court hours in each court's own time zone; names are Latin and
Cyrillic with search keys from cases.names; A-numbers are unique within the
organization; people are transferred between facilities, some by air, and people
ordered removed leave on a real removal flight whose legs join real airports.
"""

from __future__ import annotations

import bisect
import io
import json
import random
import time
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from functools import lru_cache
from typing import Any, TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from cases.models import Case, Country, Deadline, Hearing, ImmigrationCourt, Person
from cases.names import search_key, transliterate
from cases.rules import RULES
from detentions.models import Airport, Custody, Facility, Flight, FlightLeg, Passenger

from .models import Membership, Organization, User

UTC = dt_timezone.utc
TIERS = {"S": 50_000, "M": 500_000, "L": 4_000_000}
# Per case, from the tier L targets (4 M cases).
PEOPLE_PER_CASE = 0.9  # one person in ten has a second case
HEARINGS_PER_CASE = 3.0
DEADLINES_PER_CASE = 2.5
FLIGHTS_PER_CASE = 90_000 / 4_000_000
# Of the people: how many were ever detained, and how their detention ended.
DETAINED_SHARE = 0.6
FATES = (("removed", 0.55), ("open", 0.03), ("bond", 0.17), ("parole", 0.12), ("recognizance", 0.13))
AIR_TRANSFER_SHARE = 0.6
CHUNK_PEOPLE = 20_000
HISTORY_DAYS = 7 * 365 + 180  # flights and arrivals reach back about 7.5 years

# --- Names ----------------------------------------------------------------------------

SPANISH_FAMILY = (
    "Garcia Rodriguez Martinez Hernandez Lopez Gonzalez Perez Sanchez Ramirez Torres Flores Rivera "
    "Gomez Diaz Reyes Morales Cruz Ortiz Gutierrez Chavez Ramos Ruiz Alvarez Mendoza Castillo Jimenez "
    "Moreno Romero Herrera Medina Aguilar Vargas Guzman Mendez Castro Vasquez Salazar Delgado Pena Rios "
    "Contreras Sandoval Guerrero Estrada Figueroa Soto Juarez Dominguez Velasquez Cabrera Avila Orellana "
    "Escobar Maldonado Barrios Zelaya Funes Quintanilla Portillo Argueta Alvarado Pineda Lemus Cardona"
).split()
SPANISH_GIVEN = {
    "M": "Jose Luis Carlos Juan Jorge Miguel Pedro Francisco Manuel Antonio Mario Oscar Victor Eduardo "
    "Ricardo Fernando Rafael Javier Roberto Daniel Alejandro Wilmer Kevin Edwin Brayan Nelson Henry".split(),
    "F": "Maria Ana Rosa Carmen Sandra Gloria Martha Patricia Claudia Yesenia Karla Ingrid Daniela "
    "Andrea Fernanda Gabriela Lucia Marisol Veronica Leticia Silvia Yolanda Dulce Sofia Alejandra".split(),
}
RUSSIAN_FAMILY = (
    "Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Федоров Морозов Волков "
    "Алексеев Лебедев Семенов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин "
    "Захаров Зайцев Соловьев Борисов Яковлев Григорьев Романов Воробьев Сергеев Кузьмин Фролов "
    "Александров Дмитриев Королев Гусев Киселев Ильин Максимов Поляков Сорокин Виноградов Ковалев "
    "Белов Медведев Антонов Тарасов Жуков Баранов Филиппов Комаров Давыдов Беляев Герасимов Богданов "
    "Осипов Сидоров Матвеев Титов Марков Миронов Крылов Куликов Карпов Власов Мельников Денисов "
    "Гаврилов Тихонов Казаков Афанасьев Данилов Савельев Тимофеев Фомин Чернов Абрамов Мартынов "
    "Ефимов Федотов Щербаков Назаров Калинин Исаев Чернышев Быков Маслов Родионов Коновалов Лазарев "
    "Вовченко Шевченко Бондаренко Коваленко Бойко Ткаченко Кравченко Олейник Мельник Лысенко"
).split()
RUSSIAN_GIVEN = {
    "M": "Александр Дмитрий Максим Сергей Андрей Алексей Артем Илья Кирилл Михаил Никита Матвей Роман "
    "Егор Арсений Иван Денис Евгений Даниил Тимофей Владислав Игорь Владимир Павел Руслан Марк Юрий".split(),
    "F": "Анастасия Мария Дарья Анна Елизавета Полина Виктория Екатерина Софья Александра Ксения "
    "Валерия Вероника Арина Алиса Ольга Татьяна Наталья Ирина Светлана Юлия Елена Марина".split(),
}
OTHER_FAMILY = "Kumar Singh Patel Sharma Chen Wang Li Zhang Liu Joseph Pierre Jean-Baptiste Louis Charles".split()
OTHER_GIVEN = {
    "M": "Rahul Amit Gurpreet Wei Jun Hao Jean Wilson Frantz Emmanuel".split(),
    "F": "Priya Simran Mei Xiu Li Na Marie Nadege Roseline Esther".split(),
}

# Citizenship: (country, weight, script, language, removal airports).
COUNTRIES = (
    ("MX", 22, "es", "es", ("MEX",)),
    ("GT", 14, "es", "es", ("GUA",)),
    ("HN", 13, "es", "es", ("SAP",)),
    ("SV", 6, "es", "es", ("SAL",)),
    ("VE", 7, "es", "es", ("CCS",)),
    ("CO", 5, "es", "es", ("BOG",)),
    ("EC", 5, "es", "es", ("UIO",)),
    ("CU", 4, "es", "es", ("HAV",)),
    ("DO", 2, "es", "es", ("SDQ",)),
    ("PE", 2, "es", "es", ("LIM",)),
    ("HT", 3, "other", "ht", ("PAP",)),
    ("IN", 4, "other", "pa", ("DEL",)),
    ("CN", 2, "other", "zh", ("PEK",)),
    ("RU", 5, "cyr", "ru", ("CAI", "SVO")),  # the Alexandria → Cairo → Moscow charters
    ("UA", 1, "cyr", "uk", ("KBP",)),
    ("BY", 1, "cyr", "ru", ("MSQ",)),
    ("KZ", 1, "cyr", "kk", ("ALA",)),
    ("UZ", 1, "cyr", "uz", ("TAS",)),
    ("TJ", 1, "cyr", "tg", ("DYU",)),
    ("GE", 1, "cyr", "ka", ("TBS",)),
)
# ICE Air staging airports (origin of removal flights, hubs of transfer flights).
US_AIRPORTS = ("AEX", "ELP", "HRL", "BRO", "SAT", "IAH", "MIA", "PHX", "YUM", "ONT", "BFI", "MSY", "SAN")
JUDGES = tuple(f"{initial}. {name}" for initial, name in zip("ABCDEFGHJKLMNPRSTW" * 3, SPANISH_FAMILY + OTHER_FAMILY))


def feminine(family: str) -> str:
    """Russian family names agree with sex: Иванов → Иванова; -ко/-ник stay as they are."""
    return family + "а" if family.endswith(("ов", "ев", "ёв", "ин", "ын")) else family


@lru_cache(maxsize=65536)
def person_names(script: str, sex: str, family_idx: int, given_idx: int, second_idx: int) -> tuple[str, str, str, str]:
    """(family, given, native, search key) for a name drawn from the lists."""
    if script == "cyr":
        family_native = RUSSIAN_FAMILY[family_idx % len(RUSSIAN_FAMILY)]
        if sex == "F":
            family_native = feminine(family_native)
        given_native = RUSSIAN_GIVEN[sex][given_idx % len(RUSSIAN_GIVEN[sex])]
        family, given = transliterate(family_native).title(), transliterate(given_native).title()
        native = f"{given_native} {family_native}"
    elif script == "es":
        family = f"{SPANISH_FAMILY[family_idx % len(SPANISH_FAMILY)]} {SPANISH_FAMILY[second_idx % len(SPANISH_FAMILY)]}"
        given, native = SPANISH_GIVEN[sex][given_idx % len(SPANISH_GIVEN[sex])], ""
    else:
        family, given, native = OTHER_FAMILY[family_idx % len(OTHER_FAMILY)], OTHER_GIVEN[sex][given_idx % 10], ""
    return family, given, native, search_key(family, given, native)


# --- Writing rows ---------------------------------------------------------------------


def _text_str(value: str) -> str:
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return value


def _text_json(value: Any) -> str:
    return _text_str(json.dumps(value, ensure_ascii=False))


# One value in PostgreSQL COPY text format, by type (a dict lookup: this runs 100 M times at tier L).
_TEXT: dict[type, Callable[[Any], str]] = {
    str: _text_str,
    int: str,
    float: repr,
    bool: lambda value: "t" if value else "f",
    type(None): lambda value: "\\N",
    date: date.isoformat,
    datetime: datetime.isoformat,
    list: _text_json,
    dict: _text_json,
}


def _text(value: Any) -> str:
    encode = _TEXT.get(type(value))
    if encode is not None:
        return encode(value)
    # Subclasses: TextChoices members are str, IntegerChoices int.
    for kind in (bool, int, str, datetime, date):
        if isinstance(value, kind):
            return _TEXT[kind](kind(value) if kind in (int, str) else value)
    return _text_str(str(value))


def column_defaults(model: type[models.Model], given: Iterable[str], now: datetime) -> dict[str, Any]:
    """Values for the concrete columns a generator does not set: the field defaults.

    Columns other engineers add later get their defaults too, so the generator keeps
    working as the models grow.
    """
    given = set(given)
    values: dict[str, Any] = {}
    for f in model._meta.concrete_fields:
        if f.attname in given or f.primary_key:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values[f.attname] = now
        elif f.has_default():
            values[f.attname] = f.get_default()
        elif f.null:
            values[f.attname] = None
        else:
            values[f.attname] = ""
    return values


class Table:
    """Rows for one model, buffered until the chunk is written."""

    def __init__(self, model: type[models.Model], columns: tuple[str, ...], now: datetime) -> None:
        self.model = model
        defaults = column_defaults(model, ("id", *columns), now)
        self.columns = ("id", *columns, *defaults)
        self.tail = tuple(defaults.values())
        self.tail_text = "".join("\t" + _text(value) for value in self.tail) + "\n"
        self.rows: list[tuple] = []
        self.next_id = (model.objects.aggregate(m=models.Max("pk"))["m"] or 0) + 1
        self.written = 0

    def add(self, *values: Any) -> int:
        pk = self.next_id
        self.next_id += 1
        self.rows.append((pk, *values))
        return pk

    def take(self) -> list[tuple]:
        rows, self.rows = self.rows, []
        self.written += len(rows)
        return rows

    def flush(self) -> None:
        """Write the buffered rows now, on this thread."""
        self.write(self.take(), connection.connection if connection.vendor == "postgresql" else None)

    def write(self, rows: list[tuple], raw_connection: Any = None) -> None:
        """COPY rows through the raw psycopg2 connection, or bulk_create them (other databases).

        The raw connection may be used from a writer thread: it is the same session,
        so the rows land in the seeding transaction.
        """
        if not rows:
            return
        if raw_connection is None:
            objs = [self.model(**dict(zip(self.columns, (*row, *self.tail)))) for row in rows]
            self.model.objects.bulk_create(objs, batch_size=500)
            return
        text, tail = _TEXT, self.tail_text
        buffer = io.StringIO()
        buffer.writelines("\t".join([text.get(type(v), _text)(v) for v in row]) + tail for row in rows)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(name) for name in self.columns)
        with raw_connection.cursor() as cursor:
            cursor.copy_expert(f"COPY {self.model._meta.db_table} ({columns}) FROM STDIN", buffer, size=1 << 20)


def write_chunk(batches: list[tuple[Table, list[tuple]]], raw_connection: Any) -> None:
    for table, rows in batches:
        table.write(rows, raw_connection)


# --- The plan -------------------------------------------------------------------------


@dataclass
class Plan:
    tier: str
    cases: int

    @property
    def people(self) -> int:
        return max(1, round(self.cases * PEOPLE_PER_CASE))

    @property
    def flights(self) -> int:
        return max(4, round(self.cases * FLIGHTS_PER_CASE))


@dataclass
class World:
    """Reference rows the generator draws from, read once."""

    today: date
    now: datetime
    facilities: list[tuple[int, str]]  # (id, time zone)
    facility_weights: list[float]
    courts: list[tuple[int, str]]
    court_weights: list[float]
    countries: list[tuple]
    country_weights: list[int]
    airports: dict[str, int]
    coordinator: User | None = None
    lawyers: list[int] = field(default_factory=list)
    removal_flights: dict[str, tuple[list[date], list[int]]] = field(default_factory=dict)
    transfer_flights: tuple[list[date], list[int]] = ((), ())  # type: ignore[assignment]
    upcoming_flights: list[int] = field(default_factory=list)


class ReferenceDataMissing(Exception):
    pass


def load_world(rng: random.Random) -> World:
    facilities = list(Facility.objects.order_by("pk").values_list("pk", "time_zone", "capacity"))
    courts = list(ImmigrationCourt.objects.filter(active=True).order_by("pk").values_list("pk", "time_zone"))
    airports = dict(Airport.objects.filter(iata__in=_all_iata()).values_list("iata", "pk"))
    known = set(Country.objects.values_list("code", flat=True))
    if not facilities or not courts or "AEX" not in airports or not known:
        raise ReferenceDataMissing("Reference data is missing: run `python manage.py load_reference_data` first.")
    countries = [c for c in COUNTRIES if c[0] in known and any(a in airports for a in c[4])]
    # Capacity is known for the big facilities; the many small jails get a token weight,
    # so most people are held in a few big places, as ICE's statistics show.
    facility_weights = [float(cap) if cap else 3.0 for _pk, _tz, cap in facilities]
    # A few busy courts (Houston, Miami, New York...) carry most dockets: Zipf weights.
    order = list(range(len(courts)))
    rng.shuffle(order)
    court_weights = [1.0 / (1 + rank) for rank in order]
    now = timezone.now()
    return World(
        today=timezone.localdate(),
        now=now,
        facilities=[(pk, tz) for pk, tz, _cap in facilities],
        facility_weights=facility_weights,
        courts=courts,
        court_weights=court_weights,
        countries=countries,
        country_weights=[c[1] for c in countries],
        airports=airports,
    )


def _all_iata() -> set[str]:
    return {*US_AIRPORTS, *(a for c in COUNTRIES for a in c[4])}


# --- Organization and users -----------------------------------------------------------


def scale_org_name(tier: str) -> str:
    return f"Scale tier {tier}"


def scale_coordinator_email(tier: str) -> str:
    return f"coordinator@scale-{tier.lower()}.example"


def create_org(world: World, tier: str, lawyers: int = 12) -> Organization:
    org = Organization.objects.create(
        name=scale_org_name(tier), slug=f"scale-{tier.lower()}", case_prefix=f"SC{tier.upper()}"
    )
    password = make_password(settings.CT_DEMO_PASSWORD)  # hashed once, shared by every scale user
    domain = f"scale-{tier.lower()}.example"
    people = [("coordinator", Membership.Role.COORDINATOR), ("advocate", Membership.Role.ADVOCATE)]
    people += [(f"lawyer{n:02d}", Membership.Role.LAWYER) for n in range(1, lawyers + 1)]
    for local, role in people:
        user = User.objects.create(email=f"{local}@{domain}", password=password, is_staff=True)
        Membership.objects.create(user=user, organization=org, role=role)
        if role == Membership.Role.COORDINATOR:
            world.coordinator = user
        elif role == Membership.Role.LAWYER:
            world.lawyers.append(user.pk)
    return org


# --- Flights --------------------------------------------------------------------------


def write_flights(plan: Plan, world: World, rng: random.Random, tables: dict[str, Table]) -> None:
    """Flights first: removals and transfers later in the chunks are put on them."""
    flights, legs = tables["flight"], tables["leg"]
    staging = [world.airports[a] for a in US_AIRPORTS if a in world.airports]
    removal: dict[str, list[tuple[date, int]]] = {}
    transfer: list[tuple[date, int]] = []
    for n in range(plan.flights):
        day = world.today - timedelta(days=rng.randrange(-30, HISTORY_DAYS))
        future = day > world.today
        kind = Flight.Kind.TRANSFER if rng.random() < 0.3 else Flight.Kind.REMOVAL
        if future:
            status = rng.choice((Flight.Status.SCHEDULED, Flight.Status.RUMORED))
        else:
            status = Flight.Status.CANCELLED if rng.random() < 0.03 else Flight.Status.ARRIVED
        if kind == Flight.Kind.REMOVAL:
            country = rng.choices(world.countries, world.country_weights)[0]
            stops = [world.airports[a] for a in country[4] if a in world.airports]
            route = [rng.choice(staging), *stops]
            destination = country[0]
        else:
            route = rng.sample(staging, rng.choice((2, 2, 3)))
            destination = None
        carrier = rng.choice(("GlobalX", "Avelo", "Eastern Air Express", "iAero", "World Atlantic"))
        flight_id = flights.add(
            kind, carrier, f"{carrier[:2].upper()}{rng.randrange(100, 9999)}", day, status, destination,
            rng.randrange(20, 135), "scale generator", f"scale-{plan.tier}-{n}", Flight.Confidence.HIGH,
        )  # fmt: skip
        depart = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=rng.randrange(12, 20))
        for sequence, (origin, dest) in enumerate(zip(route, route[1:]), start=1):
            arrive = depart + timedelta(minutes=rng.randrange(90, 600))
            legs.add(flight_id, sequence, origin, dest, depart, arrive, None)
            depart = arrive + timedelta(minutes=rng.randrange(60, 180))
        if future:
            world.upcoming_flights.append(flight_id)
        elif status != Flight.Status.CANCELLED:
            (transfer if kind == Flight.Kind.TRANSFER else removal.setdefault(destination, [])).append((day, flight_id))
    for code, dated in removal.items():
        dated.sort()
        world.removal_flights[code] = ([d for d, _ in dated], [f for _, f in dated])
    transfer.sort()
    world.transfer_flights = ([d for d, _ in transfer], [f for _, f in transfer])
    flights.flush()
    legs.flush()


def nearest_flight(dated: tuple[list[date], list[int]], day: date) -> tuple[date, int] | None:
    days, ids = dated
    if not days:
        return None
    i = bisect.bisect_left(days, day)
    candidates = [j for j in (i - 1, i) if 0 <= j < len(days)]
    j = min(candidates, key=lambda k: abs((days[k] - day).days))
    return days[j], ids[j]


# --- People and everything that hangs off them ----------------------------------------

CASE_KINDS = (
    (Case.Kind.DEFENSIVE, 70), (Case.Kind.CREDIBLE_FEAR, 8), (Case.Kind.WITHHOLDING_ONLY, 5),
    (Case.Kind.BOND_PAROLE, 7), (Case.Kind.AFFIRMATIVE, 6), (Case.Kind.CAT, 2), (Case.Kind.HABEAS, 2),
)  # fmt: skip
OPEN_STAGES = (
    (Case.Stage.INTAKE, 10), (Case.Stage.CREDIBLE_FEAR, 8), (Case.Stage.REMOVAL_PROCEEDINGS, 50),
    (Case.Stage.INDIVIDUAL_HEARING, 15), (Case.Stage.DECISION, 5), (Case.Stage.BIA_APPEAL, 9),
    (Case.Stage.FEDERAL_COURT, 3),
)  # fmt: skip
CLOSED_OUTCOMES = (
    (Case.Outcome.ASYLUM_GRANTED, 14), (Case.Outcome.WITHHOLDING_GRANTED, 5), (Case.Outcome.CAT_PROTECTION, 1),
    (Case.Outcome.DENIED, 30), (Case.Outcome.DISMISSED, 12), (Case.Outcome.TERMINATED, 8),
    (Case.Outcome.ADMIN_CLOSED, 10), (Case.Outcome.WITHDRAWN, 5), (Case.Outcome.VOLUNTARY_DEPARTURE, 15),
)  # fmt: skip
HEARING_KINDS = (Hearing.Kind.MASTER, Hearing.Kind.MASTER, Hearing.Kind.INDIVIDUAL, Hearing.Kind.BOND)
MANUAL_DEADLINES = ("Evidence packet to court", "Declaration draft", "Country conditions index", "FOIA request")
COURT_SLOTS = tuple((h, m) for h in range(8, 16) for m in (0, 30))


@lru_cache(maxsize=None)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name or "UTC")


def weekday(day: date) -> date:
    """Courts sit Monday to Friday: a weekend day moves to the Monday after."""
    return day + timedelta(days=(7 - day.weekday()) % 7) if day.weekday() >= 5 else day


def one_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day + timedelta(days=365)


@lru_cache(maxsize=None)
def _cumulated(weighted: tuple[tuple[Any, int], ...]) -> tuple[list, list[float]]:
    return [v for v, _w in weighted], list(_cumulative(w for _v, w in weighted))


def pick(rng: random.Random, weighted: tuple[tuple[Any, int], ...]) -> Any:
    """A weighted draw; random.choices rebuilds its tables on every call, which shows at tier L."""
    values, cum = _cumulated(weighted)
    return values[bisect.bisect(cum, rng.random() * cum[-1])]


@dataclass
class Person_:
    """What the case generator needs to know about the person just written."""

    pk: int
    arrival: date
    language: str
    country: str
    open_stay: bool
    removed_on: date | None


class Generator:
    def __init__(self, plan: Plan, world: World, org: Organization, rng: random.Random, tables: dict[str, Table]):
        self.plan, self.world, self.org, self.rng, self.t = plan, world, org, rng, tables
        self.anumber_base = rng.randrange(100_000_000, 200_000_000)
        self.references: dict[int, int] = {}
        self.facility_cum = list(_cumulative(world.facility_weights))
        self.court_cum = list(_cumulative(world.court_weights))
        self.country_cum = list(_cumulative(world.country_weights))

    def anumber(self, n: int) -> str:
        # A stride coprime with 10**9 walks through distinct nine-digit numbers.
        return f"{(self.anumber_base + n * 7_919_093) % 900_000_000 + 100_000_000:09d}"

    def person(self, n: int) -> None:
        rng, world = self.rng, self.world
        country = world.countries[bisect.bisect(self.country_cum, rng.random() * self.country_cum[-1])]
        sex = "M" if rng.random() < 0.72 else "F"
        script = country[2]
        family, given, native, key = person_names(
            script, sex, rng.randrange(len(RUSSIAN_FAMILY if script == "cyr" else SPANISH_FAMILY)),
            rng.randrange(27), rng.randrange(len(SPANISH_FAMILY)) if script == "es" else 0,
        )  # fmt: skip
        born = world.today - timedelta(days=rng.randrange(18 * 365, 60 * 365))
        detained = rng.random() < DETAINED_SHARE
        fate = pick(rng, FATES) if detained else None
        removal = self.removal_flight(country[0]) if fate == "removed" else None
        if fate == "removed" and removal is None:
            fate = "bond"
        stays = 1
        while detained and rng.random() < 0.28:
            stays += 1
        bounds, end = self.timeline(stays, fate, removal) if detained else ([], None)
        arrival = (bounds[0] if bounds else world.today - timedelta(days=rng.randrange(30, HISTORY_DAYS)))
        arrival -= timedelta(days=rng.randrange(0, 4))
        person_id = self.t["person"].add(
            self.org.pk, family, given, native, key, "" if n % 20 == 7 else self.anumber(n), born, sex,
            country[0], country[0], country[3], Person.EnglishProficiency.NONE, True, arrival,
            rng.choice(("El Paso", "Rio Grande Valley", "San Diego", "Tucson", "Del Rio", "Laredo")),
            rng.choice((Person.ArrivalManner.BETWEEN_PORTS, Person.ArrivalManner.PORT_OF_ENTRY,
                        Person.ArrivalManner.CBP_ONE)),
        )  # fmt: skip
        if detained:
            self.custody(person_id, bounds, end, fate, removal, country[0])
        info = Person_(person_id, arrival, country[3], country[0], fate == "open", end if fate == "removed" else None)
        for _ in range(2 if rng.random() < (1 / PEOPLE_PER_CASE - 1) else 1):
            self.case(info)

    def removal_flight(self, country: str) -> tuple[date, int] | None:
        days, ids = self.world.removal_flights.get(country, ((), ()))
        if not days:
            return None
        i = self.rng.randrange(len(days))
        return days[i], ids[i]

    def timeline(self, stays: int, fate: str, removal: tuple[date, int] | None) -> tuple[list[date], date | None]:
        """Booking-in dates of each stay, oldest first, and the release date of the last (None: still held)."""
        rng, today = self.rng, self.world.today
        lengths = [rng.randrange(7, 150) for _ in range(stays)]
        if fate == "open":
            end, last_start = None, today - timedelta(days=rng.randrange(0, 200))
        else:
            end = removal[0] if removal else today - timedelta(days=rng.randrange(1, HISTORY_DAYS - 400))
            last_start = end - timedelta(days=lengths[-1])
        bounds = [last_start]
        for length in reversed(lengths[:-1]):
            bounds.insert(0, bounds[0] - timedelta(days=length))
        return bounds, end

    def custody(self, person_id: int, bounds: list[date], end: date | None, fate: str, removal, country: str) -> None:
        rng, world, passengers = self.rng, self.world, self.t["passenger"]
        # Some transfers go by air: the move happens on a transfer flight's date.
        for i in range(1, len(bounds)):
            upper = bounds[i + 1] if i + 1 < len(bounds) else (end or world.today)
            if rng.random() < AIR_TRANSFER_SHARE:
                hit = nearest_flight(world.transfer_flights, bounds[i])
                if hit and bounds[i - 1] < hit[0] < upper:
                    bounds[i] = hit[0]
                    passengers.add(hit[1], person_id, Passenger.Status.ON_MANIFEST, "")
        facility = None
        for i, booked in enumerate(bounds):
            last = i == len(bounds) - 1
            previous = facility
            facility = world.facilities[bisect.bisect(self.facility_cum, rng.random() * self.facility_cum[-1])][0]
            if facility == previous:
                facility = world.facilities[rng.randrange(len(world.facilities))][0]
            released = end if last else bounds[i + 1]
            reason = "" if released is None else (fate if last else Custody.ReleaseReason.TRANSFERRED)
            self.t["custody"].add(person_id, facility, booked, released, reason)
        if removal:
            outcome = rng.choice(("detained", "released", "conscripted", "unknown")) if country == "RU" else ""
            passengers.add(removal[1], person_id, Passenger.Status.REMOVED, outcome)
        elif fate == "open" and world.upcoming_flights and rng.random() < 0.05:
            flight = world.upcoming_flights[rng.randrange(len(world.upcoming_flights))]
            passengers.add(flight, person_id, Passenger.Status.ON_MANIFEST, "")

    def reference(self, year: int) -> str:
        number = self.references.get(year, 0) + 1
        self.references[year] = number
        return f"{self.org.case_prefix}-{year}-{number:04d}"

    def case(self, person: Person_) -> None:
        rng, world = self.rng, self.world
        today = world.today
        opened = min(person.arrival + timedelta(days=rng.randrange(1, 120)), today)
        court, court_tz = world.courts[bisect.bisect(self.court_cum, rng.random() * self.court_cum[-1])]
        decided = closed = None
        if person.removed_on:
            opened = min(opened, person.removed_on)
            stage, outcome, closed = Case.Stage.CLOSED, Case.Outcome.REMOVED, person.removed_on
            decided = max(opened, closed - timedelta(days=rng.randrange(30, 120)))
        elif rng.random() < 0.25 and opened < today - timedelta(days=200):
            stage, outcome = Case.Stage.CLOSED, pick(rng, CLOSED_OUTCOMES)
            closed = opened + timedelta(days=rng.randrange(120, max(121, (today - opened).days)))
            decided = closed - timedelta(days=rng.randrange(0, 60))
        else:
            stage, outcome = pick(rng, OPEN_STAGES), ""
        representation = pick(rng, (("represented", 40), ("pro_se", 35), ("seeking", 25)))
        attorney = rng.choice(world.lawyers) if world.lawyers and rng.random() < 0.005 else None
        docket = Case.Docket.DETAINED if person.open_stay or person.removed_on else Case.Docket.NON_DETAINED
        judge = JUDGES[rng.randrange(len(JUDGES))]
        case_id = self.t["case"].add(
            self.org.pk, person.pk, self.reference(opened.year), pick(rng, CASE_KINDS), stage, outcome,
            court, judge, docket, representation, attorney,
            "Counsel of record" if representation == "represented" and attorney is None else "",
            decided, decided if outcome == Case.Outcome.REMOVED else None,
            decided if outcome in (Case.Outcome.REMOVED, Case.Outcome.DENIED) else None,
            opened, closed,
        )  # fmt: skip
        hearings = self.hearings(case_id, court, court_tz, judge, person, opened, closed or (today + timedelta(days=240)))
        self.deadlines(case_id, person, decided, docket, hearings)

    def hearings(self, case_id, court, court_tz, judge, person, first: date, last: date) -> list[tuple[int, date]]:
        rng, world = self.rng, self.world
        span = max(1, (last - first).days)
        made = []
        for n in range(rng.randrange(0, 7)):
            day = weekday(first + timedelta(days=rng.randrange(span)))
            hour, minute = COURT_SLOTS[rng.randrange(len(COURT_SLOTS))]
            starts = datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone(court_tz)).astimezone(UTC)
            if day > world.today:
                status = Hearing.Status.SCHEDULED
            else:
                status = pick(rng, (("held", 80), ("adjourned", 15), ("cancelled", 5)))
            kind = Hearing.Kind.MASTER if n == 0 else HEARING_KINDS[rng.randrange(len(HEARING_KINDS))]
            mode = pick(rng, (("in_person", 50), ("video", 45), ("telephone", 5)))
            pk = self.t["hearing"].add(
                case_id, kind, starts, 60 if kind == Hearing.Kind.MASTER else 180, court, judge, mode,
                person.language, status,
            )  # fmt: skip
            made.append((pk, day))
        return made

    def deadlines(self, case_id: int, person: Person_, decided: date | None, docket: str, hearings) -> None:
        rng, today, add = self.rng, self.world.today, self.t["deadline"].add

        def computed(code: str, due: date, event: date, hearing: int | None = None) -> None:
            rule = RULES[code]
            status = "open" if due >= today else pick(rng, (("done", 85), ("missed", 5), ("waived", 10)))
            add(case_id, rule.title, due, code, rule.source, rule.describe(), event, hearing, status)

        computed("i589_one_year", weekday(one_year_after(person.arrival)), person.arrival)
        if decided:
            computed("bia_appeal", weekday(decided + timedelta(days=30)), decided)
            computed("motion_to_reopen", weekday(decided + timedelta(days=90)), decided)
        if docket == Case.Docket.NON_DETAINED:
            for hearing, day in hearings:
                if day > today:
                    computed("prehearing_filings", day - timedelta(days=15), day, hearing)
        for _ in range(rng.choice((0, 0, 0, 1))):
            due = today + timedelta(days=rng.randrange(-400, 120))
            status = "open" if due >= today else "done"
            add(case_id, MANUAL_DEADLINES[rng.randrange(len(MANUAL_DEADLINES))], due, "", "", "", None, None,
                status)  # fmt: skip


def _cumulative(weights: Iterable[float]) -> Iterator[float]:
    total = 0.0
    for weight in weights:
        total += weight
        yield total


# --- Entry point ----------------------------------------------------------------------

TABLE_COLUMNS: dict[str, tuple[type[models.Model], tuple[str, ...]]] = {
    "flight": (Flight, ("kind", "carrier", "flight_number", "flight_date", "status", "destination_country_id",
                        "reported_passenger_count", "source", "source_key", "confidence")),
    "leg": (FlightLeg, ("flight_id", "sequence", "origin_id", "destination_id", "departs_at", "arrives_at",
                        "passenger_count")),
    "person": (Person, ("organization_id", "family_name", "given_names", "native_name", "search_key", "a_number",
                        "date_of_birth", "sex", "citizenship_id", "country_of_birth_id", "preferred_language_id",
                        "english_proficiency", "interpreter_needed", "last_arrival_date", "arrival_place",
                        "arrival_manner")),
    "case": (Case, ("organization_id", "person_id", "reference", "kind", "stage", "outcome", "court_id", "judge",
                    "docket", "representation", "attorney_id", "external_attorney_name", "ij_decision_on",
                    "removal_ordered_on", "final_order_on", "opened_on", "closed_on")),
    "hearing": (Hearing, ("case_id", "kind", "starts_at", "duration_minutes", "court_id", "judge", "mode",
                          "interpreter_language_id", "status")),
    "deadline": (Deadline, ("case_id", "kind", "due_on", "rule", "source", "source_event", "source_date",
                            "hearing_id", "status")),
    "custody": (Custody, ("person_id", "facility_id", "booked_in_on", "released_on", "release_reason")),
    "passenger": (Passenger, ("flight_id", "person_id", "status", "arrival_outcome")),
}  # fmt: skip
# Parents before children, so that each chunk's foreign keys point at rows already written.
WRITE_ORDER = ("person", "case", "hearing", "deadline", "custody", "passenger")


def already_seeded(tier: str) -> bool:
    return Organization.objects.filter(name=scale_org_name(tier)).exists()


def seed(tier: str, cases: int | None = None, seed_value: int = 2025, out: TextIO | None = None) -> dict[str, int] | None:
    """Write one tier's organization, users and caseload; None if the tier is already there.

    One transaction: a failed or interrupted run leaves nothing behind.
    """
    tier = tier.upper()
    if tier not in TIERS:
        raise ValueError(f"Unknown tier {tier!r}: choose one of {', '.join(TIERS)}.")
    if already_seeded(tier):
        return None
    plan = Plan(tier, cases or TIERS[tier])
    rng = random.Random(seed_value)
    log = _logger(out)
    with transaction.atomic():
        _fast_load_settings()
        world = load_world(rng)
        org = create_org(world, tier)
        tables = {name: Table(model, columns, world.now) for name, (model, columns) in TABLE_COLUMNS.items()}
        write_flights(plan, world, rng, tables)
        log(f"{plan.flights} flights written")
        generator = Generator(plan, world, org, rng, tables)
        # On PostgreSQL a writer thread COPYs one chunk while the next is generated:
        # the server and Python then share the two cores instead of taking turns.
        raw = connection.connection if connection.vendor == "postgresql" else None
        with ThreadPoolExecutor(max_workers=1) as writer:
            pending: Future | None = None
            for start in range(0, plan.people, CHUNK_PEOPLE):
                for n in range(start, min(plan.people, start + CHUNK_PEOPLE)):
                    generator.person(n)
                batches = [(tables[name], tables[name].take()) for name in WRITE_ORDER]
                if pending is not None:
                    pending.result()
                if raw is None:
                    write_chunk(batches, None)
                else:
                    pending = writer.submit(write_chunk, batches, raw)
                log(f"{min(plan.people, start + CHUNK_PEOPLE)}/{plan.people} people, {tables['case'].written} cases")
            if pending is not None:
                pending.result()
        _reset_sequences([model for model, _columns in TABLE_COLUMNS.values()])
        _restore_settings()
    _analyze([model for model, _columns in TABLE_COLUMNS.values()])
    return {table.model._meta.verbose_name_plural.capitalize(): table.written for table in tables.values()}


def _fast_load_settings() -> None:
    """PostgreSQL: skip per-row foreign-key triggers for this transaction, when allowed.

    The generator hands out every key itself and writes parents first; unique,
    check and exclusion constraints (overlapping custody) are still enforced, and
    tests/test_scale.py checks the keys. Needs a superuser; otherwise the triggers run.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SET LOCAL synchronous_commit = off")


def _restore_settings() -> None:
    # SET LOCAL lasts to the end of the outermost transaction, which may not be ours.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _reset_sequences(model_list: list[type[models.Model]]) -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def _analyze(model_list: list[type[models.Model]]) -> None:
    """Fresh planner statistics: the estimated counts and the index choices depend on them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in model_list:
            cursor.execute(f"ANALYZE {model._meta.db_table}")


def _logger(out: TextIO | None) -> Callable[[str], None]:
    started = time.monotonic()

    def log(message: str) -> None:
        if out is not None:
            out.write(f"[{time.monotonic() - started:7.1f}s] {message}\n")
            out.flush()

    return log
