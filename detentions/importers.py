"""Public data in: ICE Air (ARTS) flight legs and the ICE facility lists, each row accounted for.

ICE Air: UWCHR's ``flights.csv`` has one row per (day, removal/transfer, pick-up airport,
drop-off airport) with the number of passengers on that leg. Each row becomes one
``Flight`` (kind from R/T, status arrived, source and a natural key
``date/kind/from-to``) with one ``FlightLeg``. Airports are found by ICAO code; the few
that closed or changed code since (E.T. Joshua → Argyle, old Islamabad → new) are put
on the airport that serves the city now. A second run writes nothing.

Facilities: every file in ``shared/data/facilities`` merges into the facilities
``load_reference_data`` creates (UWCHR's joined list), by ICE facility code (DETLOC) or,
for the FY21 statistics that carry no code, by name and state, then address and ZIP.
The newest data set wins a conflicting field; an older one only fills blanks, and the
conflicts it would have caused are reported.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

import airportsdata
import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction

from casetracker.timezones import normalize_state
from cases.importers.report import IMPORTED, MERGED, REJECTED, SKIPPED, UNCHANGED, ImportReport, RowResult
from cases.models import Country
from cases.reference import clean, format_zip, title_address, title_place

from .models import Airport, Facility, Flight, FlightLeg
from .reference import FACILITIES_SOURCE, facility_kind, facility_row, facility_time_zone, normalize_facility_name

BATCH = 2000

# --------------------------------------------------------------------------- ICE Air

ICE_AIR_SOURCE = "UWCHR ice-air (ICE ARTS FOIA)"
KIND_BY_RT = {"R": Flight.Kind.REMOVAL, "T": Flight.Kind.TRANSFER}
# ICAO codes in the 2010-2018 data that airportsdata no longer lists: the airport closed and
# its successor took the IATA code, or the code changed. Legs go to the airport serving the city now.
SUPERSEDED_ICAO = {
    "TVSV": "TVSA",  # E.T. Joshua, Kingstown → Argyle International (2017)
    "MHSC": "MHPR",  # Soto Cano air base → Comayagua-Palmerola International (same field)
    "UTTT": "UZTT",  # Tashkent: Uzbekistan's ICAO prefix changed
    "HSSS": "HSSK",  # Khartoum: code changed
    "GQNO": "GQNN",  # Nouakchott-Oumtounsy: airportsdata keeps the city's code
    "KKBL": "OAKB",  # Kabul, mis-keyed in ARTS with a US prefix
    "OPRN": "OPIS",  # Islamabad (Benazir Bhutto) → Islamabad International (2018)
    "VDPP": "VDTI",  # Phnom Penh International → Techo International (2025)
}


class AirportResolver:
    """ICAO code → Airport, creating from airportsdata what the reference load did not."""

    def __init__(self) -> None:
        self.by_icao = {a.icao: a for a in Airport.objects.exclude(icao="")}
        self.by_iata = {a.iata: a for a in self.by_icao.values()}
        self._data: dict[str, dict] | None = None

    def data(self) -> dict[str, dict]:
        if self._data is None:
            self._data = airportsdata.load("ICAO")
        return self._data

    def get(self, icao: str) -> Airport | None:
        code = SUPERSEDED_ICAO.get(icao, icao)
        if code in self.by_icao:
            return self.by_icao[code]
        rec = self.data().get(code)
        if not rec or not rec.get("iata") or not rec.get("tz"):
            return None
        airport = Airport.objects.filter(iata=rec["iata"]).first()
        if airport is None:
            airport = Airport.objects.create(
                iata=rec["iata"], icao=code, name=rec["name"][:160], city=(rec.get("city") or "")[:120],
                country=rec.get("country") or "", time_zone=rec["tz"], latitude=rec.get("lat"), longitude=rec.get("lon"),
            )  # fmt: skip
        self.by_icao[code] = airport
        return airport


@dataclass
class LegRow:
    row: int
    key: str
    kind: str
    on: date
    origin: Airport
    destination: Airport
    passengers: int


def _leg_row(number: int, rec: dict[str, str], airports: AirportResolver) -> LegRow | RowResult:
    rt, origin_code, destination_code = (clean(rec.get(k)).upper() for k in ("R-T", "PULOC", "DropLoc"))
    if not any(clean(v) for v in rec.values()):
        return RowResult(number, SKIPPED, "blank line")
    if rt not in {"R", "T"}:
        return RowResult(number, REJECTED, f"not a flight: ARTS status {clean(rec.get('R-T'))!r} (expected R or T)")
    try:
        on = date.fromisoformat(clean(rec.get("MissionDate")))
    except ValueError:
        return RowResult(number, REJECTED, f"mission date {clean(rec.get('MissionDate'))!r} is not a date")
    passengers = clean(rec.get("AlienMasterID"))
    if not passengers.isdigit():
        return RowResult(number, REJECTED, f"passenger count {passengers!r} is not a number")
    if origin_code == destination_code:
        return RowResult(number, REJECTED, f"pick-up and drop-off at the same airport ({origin_code}): not a leg")
    origin, destination = airports.get(origin_code), airports.get(destination_code)
    for code, airport in ((origin_code, origin), (destination_code, destination)):
        if airport is None:
            return RowResult(number, REJECTED, f"unknown airport ICAO code {code!r}")
    if origin.pk == destination.pk:
        return RowResult(number, REJECTED, f"{origin_code} and {destination_code} are the same airport now")
    key = f"{on:%Y-%m-%d}/{rt}/{origin_code}-{destination_code}"
    return LegRow(number, key, KIND_BY_RT[rt], on, origin, destination, int(passengers))


def _new_flight(leg: LegRow, countries: set[str]) -> Flight:
    country = leg.destination.country if leg.kind == Flight.Kind.REMOVAL else ""
    return Flight(
        kind=leg.kind,
        carrier="ICE Air",
        flight_date=leg.on,
        status=Flight.Status.ARRIVED,
        destination_country_id=country if country in countries else None,
        reported_passenger_count=leg.passengers,
        source=ICE_AIR_SOURCE,
        source_key=leg.key,
        confidence=Flight.Confidence.HIGH,
    )


def _write_legs(batch: list[LegRow], existing: dict[str, tuple[int, int | None]], report: ImportReport) -> None:
    countries = set(Country.objects.values_list("code", flat=True))
    new = [leg for leg in batch if leg.key not in existing]
    flights = Flight.objects.bulk_create([_new_flight(leg, countries) for leg in new], batch_size=BATCH)
    FlightLeg.objects.bulk_create(
        [
            FlightLeg(flight=f, sequence=1, origin=leg.origin, destination=leg.destination, passenger_count=leg.passengers)
            for leg, f in zip(new, flights)
        ],
        batch_size=BATCH,
    )
    for leg, flight in zip(new, flights):
        existing[leg.key] = (flight.pk, leg.passengers)
        report.add(RowResult(leg.row, IMPORTED, object_type="detentions.flight", object_id=flight.pk, label=leg.key))
    new_keys = {leg.key for leg in new}
    changed = [leg for leg in batch if leg.key not in new_keys and existing[leg.key][1] != leg.passengers]
    for leg in changed:
        pk = existing[leg.key][0]
        Flight.objects.filter(pk=pk).update(reported_passenger_count=leg.passengers)
        FlightLeg.objects.filter(flight_id=pk, sequence=1).update(passenger_count=leg.passengers)
        existing[leg.key] = (pk, leg.passengers)
        report.add(RowResult(leg.row, MERGED, "passenger count updated", "detentions.flight", pk, leg.key))
    done = new_keys | {leg.key for leg in changed}
    for leg in batch:
        if leg.key not in done:
            report.add(RowResult(leg.row, UNCHANGED, "already imported", "detentions.flight", existing[leg.key][0], leg.key))


def import_ice_air(
    path: Path | str,
    *,
    keep: Iterable[str] = (MERGED, SKIPPED, REJECTED),
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Load an ICE Air legs CSV as flights with one leg each; a second run writes nothing.

    Each batch of legs is its own transaction: an interrupted run keeps whole batches,
    and running again completes it.
    """
    report = ImportReport(source=Path(path).name, keep=frozenset(keep))
    airports = AirportResolver()
    existing = {
        key: (pk, count)
        for key, pk, count in Flight.objects.filter(source=ICE_AIR_SOURCE).values_list(
            "source_key", "pk", "reported_passenger_count"
        )
    }
    seen: set[str] = set()
    with open(path, newline="", encoding="utf-8-sig") as handle:
        total = max(0, sum(1 for _line in handle) - 1)
        handle.seek(0)
        batch: list[LegRow] = []
        for number, rec in enumerate(csv.DictReader(handle), start=2):
            result = _leg_row(number, rec, airports)
            if isinstance(result, LegRow) and result.key in seen:
                result = RowResult(number, REJECTED, f"the same leg ({result.key}) appears earlier in the file")
            if isinstance(result, RowResult):
                report.add(result)
                continue
            seen.add(result.key)
            batch.append(result)
            if len(batch) >= BATCH:
                with transaction.atomic():
                    _write_legs(batch, existing, report)
                batch = []
                if progress:
                    progress(report.total, total)
        with transaction.atomic():
            _write_legs(batch, existing, report)
    return report


# --------------------------------------------------------------------------- facilities

# Compared and merged. The time zone is derived (from state, city, county), so it is set on creation only.
FIELDS = ("name", "kind", "type_code", "address", "city", "county", "state", "zip_code", "aor",
          "capacity", "first_used_on", "last_used_on")  # fmt: skip


@dataclass(frozen=True)
class FacilitySource:
    name: str  # recorded in Facility.source
    as_of: date  # when the data set was extracted: the newest wins a conflict
    rank: int  # breaks ties: a cleaned join beats the raw list it was made from


SOURCE_2017 = FacilitySource("ICE facility list 2017-11-06", date(2017, 11, 6), 1)
SOURCE_UWCHR = FacilitySource(FACILITIES_SOURCE, date(2017, 11, 6), 2)
SOURCE_FY21 = FacilitySource("ICE FY21 detention statistics", date(2021, 6, 28), 3)
SOURCES = {s.name: s for s in (SOURCE_2017, SOURCE_UWCHR, SOURCE_FY21)}


def _newer(incoming: FacilitySource, current: str) -> bool:
    known = SOURCES.get(current)
    return known is None or (incoming.as_of, incoming.rank) >= (known.as_of, known.rank)


def _as_text(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%m/%d/%Y}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return clean(value)


def _xlsx_rows(path: Path, sheet: str, header_row: int) -> Iterator[tuple[int, dict[str, str]]]:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = book[sheet].iter_rows(min_row=header_row, values_only=True)
        header = [re.sub(r"\W+", "_", _as_text(h).lower()).strip("_") for h in next(rows)]
        for number, values in enumerate(rows, start=header_row + 1):
            yield number, {h: _as_text(v) for h, v in zip(header, values) if h}
    finally:
        book.close()


def _name_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", normalize_facility_name(name).lower()).strip()


def _address_key(address: str, zip_code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", title_address(address).lower()) + "|" + zip_code[:5]


class FacilityIndex:
    """Existing facilities by code, by (name, state) and by (address, ZIP), kept current while merging."""

    def __init__(self) -> None:
        self.by_code: dict[str, Facility] = {}
        self.by_name: dict[tuple[str, str], list[Facility]] = {}
        self.by_address: dict[str, list[Facility]] = {}
        for facility in Facility.objects.all():
            self.add(facility)

    def add(self, facility: Facility) -> None:
        if facility.code:
            self.by_code[facility.code] = facility
        self.by_name.setdefault((_name_key(facility.name), facility.state), []).append(facility)
        if facility.address:
            self.by_address.setdefault(_address_key(facility.address, facility.zip_code), []).append(facility)

    def match(self, values: dict[str, Any]) -> list[Facility]:
        if values.get("code"):
            found = self.by_code.get(values["code"])
            return [found] if found else []
        by_name = self.by_name.get((_name_key(values["name"]), values["state"]), [])
        address = _address_key(values["address"], values["zip_code"]) if values["address"] else None
        if len(by_name) > 1 and address:
            # Two facilities of one name in a state (a jail and its annex): the address decides.
            return [f for f in by_name if f.address and _address_key(f.address, f.zip_code) == address] or by_name
        return by_name or self.by_address.get(address, []) if address else by_name


def _changes(facility: Facility, values: dict[str, Any], wins: bool) -> tuple[dict[str, Any], list[str]]:
    """Fields to write, and conflicts the incoming row loses (it is older than what is there)."""
    changes, conflicts = {}, []
    for name in FIELDS:
        if name not in values or values[name] in ("", None):
            continue
        current = getattr(facility, name)
        if current == values[name]:
            continue
        if current in ("", None) or wins:
            changes[name] = values[name]
        else:
            conflicts.append(f"{name}: kept {current!r}, file says {values[name]!r}")
    return changes, conflicts


def _merge_facility(number: int, values: dict[str, Any], source: FacilitySource, index: FacilityIndex) -> RowResult:
    if not values.get("name"):
        return RowResult(number, REJECTED, "no facility name")
    if not values.get("code") and not values.get("state"):
        return RowResult(number, REJECTED, "neither an ICE facility code nor a US state: the facility cannot be placed")
    matches = index.match(values)
    if len(matches) > 1:
        codes = ", ".join(sorted(f.code or f"#{f.pk}" for f in matches))
        return RowResult(number, REJECTED, f"matches {len(matches)} facilities ({codes}); add the ICE code")
    if not matches:
        facility = Facility(**{k: v for k, v in values.items() if v is not None}, source=source.name)
        facility.full_clean(validate_unique=False, validate_constraints=False)
        facility.save()
        index.add(facility)
        return RowResult(number, IMPORTED, "", "detentions.facility", facility.pk, facility.code or "")
    facility = matches[0]
    wins = _newer(source, facility.source)
    changes, conflicts = _changes(facility, values, wins)
    label = facility.code or f"#{facility.pk}"
    if changes:
        for name, value in changes.items():
            setattr(facility, name, value)
        if wins:
            facility.source = source.name
        facility.save(update_fields=[*changes, "source"])
        reason = "updated " + ", ".join(sorted(changes))
        return RowResult(number, MERGED, "; ".join([reason, *conflicts]), "detentions.facility", facility.pk, label)
    reason = "; ".join(conflicts) if conflicts else "already up to date"
    return RowResult(number, UNCHANGED, reason, "detentions.facility", facility.pk, label)


def _uwchr_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        yield from enumerate(csv.DictReader(handle, delimiter="|", quoting=csv.QUOTE_NONE), start=2)


def _values_2017(rec: dict[str, str]) -> dict[str, Any]:
    capacity = rec.get("capacity", "")
    return facility_row({**rec, "capacity": capacity if capacity.isdigit() else ""})


def _values_fy21(rec: dict[str, str]) -> dict[str, Any]:
    state = normalize_state(rec.get("state", ""))
    aor = clean(rec.get("aor")).upper()[:3]
    type_code = clean(rec.get("type_detailed"))
    return {
        "code": "",
        "name": normalize_facility_name(rec.get("name", "")),
        "kind": facility_kind(type_code, "", clean(rec.get("name"))),
        "type_code": type_code[:16],
        "address": title_address(rec.get("address", "")),
        "city": title_place(rec.get("city", "")),
        "state": state,
        "zip_code": format_zip(rec.get("zip", ""))[:10],
        "aor": aor,
        "time_zone": facility_time_zone(state, rec.get("city", ""), "", aor),
    }


def _import_facility_rows(
    report: ImportReport, rows: Iterable[tuple[int, dict[str, str]]], to_values: Callable, source: FacilitySource
) -> None:
    index = FacilityIndex()
    for number, rec in rows:
        if not any(rec.values()):
            report.add(RowResult(number, SKIPPED, "blank line"))
            continue
        if clean(rec.get("detloc")).lower() == "redacted":
            report.add(RowResult(number, REJECTED, "redacted in the FOIA release: no facility code, name or address"))
            continue
        if rec.get("_footnote"):
            report.add(RowResult(number, SKIPPED, "footnote line, not a facility"))
            continue
        values = to_values(rec)
        values.pop("source", None)
        if not values["code"]:
            values.pop("code")
        try:
            with transaction.atomic():
                report.add(_merge_facility(number, values, source, index))
        except ValidationError as exc:
            problems = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
            report.add(RowResult(number, REJECTED, problems))


# ICE ERO field office names → the 3-letter AOR codes the facility lists use.
AOR_CODES = {
    "atlanta": "ATL", "baltimore": "BAL", "boston": "BOS", "buffalo": "BUF", "chicago": "CHI", "dallas": "DAL",
    "denver": "DEN", "detroit": "DET", "el paso": "ELP", "houston": "HOU", "los angeles": "LOS", "miami": "MIA",
    "newark": "NEW", "new orleans": "NOL", "new york city": "NYC", "new york": "NYC", "philadelphia": "PHI",
    "phoenix": "PHO", "salt lake city": "SLC", "san antonio": "SNA", "san diego": "SND", "san francisco": "SFR",
    "seattle": "SEA", "st. paul": "SPM", "saint paul": "SPM", "st paul": "SPM", "washington": "WAS",
    "washington, dc": "WAS", "washington dc": "WAS", "harlingen": "HLG",
}  # fmt: skip


# Long forms the field-office list uses that casetracker.timezones does not know.
TERRITORY_NAMES = {"UNITED STATES VIRGIN ISLANDS": "VI", "COMMONWEALTH OF THE NORTHERN MARIANA ISLANDS": "MP"}


def import_areas_of_responsibility(path: Path, report: ImportReport) -> None:
    """Field office → state (and county): fills the AOR of facilities that have none."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle, skipinitialspace=True)
        for number, rec in enumerate(reader, start=2):
            office, state_name, county = (clean(rec.get(k)) for k in ("office_name", "state_name", "county_name"))
            if not any((office, state_name, county)):
                report.add(RowResult(number, SKIPPED, "blank line"))
                continue
            code = AOR_CODES.get(office.lower())
            state = normalize_state(TERRITORY_NAMES.get(state_name.upper(), state_name))
            if not code:
                report.add(RowResult(number, REJECTED, f"unknown ICE field office {office!r}"))
                continue
            if not state:
                report.add(RowResult(number, REJECTED, f"{state_name!r} is not a US state or territory"))
                continue
            targets = Facility.objects.filter(state=state, aor="")
            if county:
                targets = targets.filter(county__iexact=re.sub(r"\s+(County|Parish)$", "", county, flags=re.I))
            with transaction.atomic():
                filled = targets.update(aor=code)
            outcome = MERGED if filled else UNCHANGED
            reason = f"AOR {code} set on {filled} facilities" if filled else f"{state}: no facility without an AOR"
            report.add(RowResult(number, outcome, reason, label=f"{code}/{state}"))


def import_facility_file(path: Path | str, *, name: str = "") -> ImportReport:
    """Merge one of the public facility files into the facilities table; each row accounted for.

    The kind of file is told by its name (``name`` when the file is stored under another).
    """
    path = Path(path)
    report = ImportReport(source=name or path.name)
    lower = (name or path.name).lower()
    if lower.endswith(".psv"):
        _import_facility_rows(report, _uwchr_rows(path), facility_row, SOURCE_UWCHR)
    elif lower.endswith(".csv") and "responsib" in lower:
        import_areas_of_responsibility(path, report)
    elif lower.endswith(".xlsx"):
        sheets = openpyxl.load_workbook(path, read_only=True).sheetnames
        if "Facility List - Main" in sheets:
            _import_facility_rows(report, _xlsx_rows(path, "Facility List - Main", 9), _values_2017, SOURCE_2017)
        elif "Facilities FY21 YTD" in sheets:
            _import_facility_rows(report, _fy21_rows(path), _values_fy21, SOURCE_FY21)
        else:
            raise ValueError(f"{report.source}: no known facility sheet (expected 'Facility List - Main' or 'Facilities FY21 YTD')")
    else:
        raise ValueError(f"{report.source}: not a known facility file (.psv, .xlsx, areas-of-responsibility .csv)")
    return report


def _fy21_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    for number, rec in _xlsx_rows(path, "Facilities FY21 YTD", 7):
        # The sheet ends with footnote lines: text in the first cell and nothing else.
        if rec.get("name") and not rec.get("state") and not rec.get("address"):
            rec = {"name": rec["name"], "_footnote": "1"}
        yield number, rec


def import_ice_air_airports(path: Path | str) -> ImportReport:
    """Check UWCHR's ICE Air airport list against the airports table: each ICAO code found or rejected."""
    import yaml

    report = ImportReport(source=Path(path).name)
    airports = AirportResolver()
    with open(path, encoding="utf-8") as handle:
        entries = yaml.safe_load(handle) or {}
    for number, (icao, rec) in enumerate(entries.items(), start=1):
        airport = airports.get(str(icao).upper())
        if airport is None:
            report.add(RowResult(number, REJECTED, f"{icao}: not in airportsdata (no IATA code or time zone)"))
            continue
        changes = {}
        lat, lon = (rec or {}).get("LatitudeDecimalDegrees"), (rec or {}).get("LongitudeDecimalDegrees")
        if airport.latitude is None and isinstance(lat, float) and lat == lat and isinstance(lon, float) and lon == lon:
            changes = {"latitude": lat, "longitude": lon}
            Airport.objects.filter(pk=airport.pk).update(**changes)
        reason = f"{icao} is {airport.iata}" + (" (coordinates added)" if changes else "")
        report.add(RowResult(number, MERGED if changes else UNCHANGED, reason, "detentions.airport", airport.pk, airport.iata))
    return report
