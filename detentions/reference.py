"""Reference data for detentions: ICE facilities (UWCHR's joined facility list) and airports.

Facilities come from ``data/reference/uwchr-facilities.psv`` (University of Washington
Center for Human Rights, ``ice-facilities`` project): one row per ICE detention location
code (DETLOC), pipe-delimited, "NA" for blanks. Each row becomes one ``Facility`` keyed by
``code``; names are tidied (ALL CAPS → title case, common abbreviations spelled out),
``kind`` is mapped from ICE's facility type, and the time zone is derived from state,
city and county.

Airports come from the ``airportsdata`` package (IATA code, ICAO code, IANA time zone).
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import airportsdata

from casetracker.timezones import normalize_state, time_zone_for
from cases.reference import (
    LoadResult,
    clean,
    default_data_dir,
    format_zip,
    smart_title,
    sync_table,
    title_address,
    title_place,
)

from .models import Airport, Facility

FACILITIES_FILE = "uwchr-facilities.psv"
FACILITIES_SOURCE = "UWCHR ice-facilities"
Kind = Facility.Kind

# --------------------------------------------------------------------------- names

FACILITY_ACRONYMS = frozenset(
    """ICE CBP USP FDC FCI FMC FTC MCC MDC SPC IGSA DIGSA CCA GEO BOP USMS INS CDF DHS ERO DRO ADC ACI
    BHC BSCC CCF CDC CSC CSP CTF SCC TDC IHP IPC LEO MCSO APSO PADF POE BPS JFK MVM MVN UAC HLG SNA SFR
    SNJ PDN PHO TGK YTS SSM AROCC DD&P NYC US USA OS AP CC RJ TH""".split()
)  # fmt: skip

# Abbreviations in ICE's names, spelled out ("ADAMS COUNTY DET CENTER" → "Adams County Detention Center").
# "CO" means county except as the first word.
FACILITY_ABBREVIATIONS = {
    "CO": "COUNTY", "CO.": "COUNTY",
    "DET": "DETENTION", "DET.": "DETENTION",
    "CTR": "CENTER", "CTR.": "CENTER", "CEN": "CENTER",
    "CORR": "CORRECTIONAL", "CORR.": "CORRECTIONAL", "COR": "CORRECTIONAL", "COR.": "CORRECTIONAL",
    "FAC": "FACILITY", "FAC.": "FACILITY", "FCLTY": "FACILITY",
    "JUV": "JUVENILE", "JUV.": "JUVENILE",
    "HLTH": "HEALTH", "SVC": "SERVICES", "HOSP.": "HOSPITAL",
    "RM": "ROOM",
}  # fmt: skip


# ICE's name field holds 50 characters; longer names lose their tail ("... CORRECTIONAL INSTIT").
ICE_NAME_WIDTH = 50
TRUNCATED_WORDS = {
    "IN": "INSTITUTE", "INST": "INSTITUTE", "INSTIT": "INSTITUTE",
    "CENT": "CENTER", "FACILIT": "FACILITY", "CORRE": "CORRECTIONS",
}  # fmt: skip


def _complete_truncated(name: str) -> str:
    """Finish a name cut at ICE's field width: complete a cut-off last word, close an open parenthesis."""
    if name.upper() != name:
        return name
    head, _, last = name.rpartition(" ")
    if len(name) >= ICE_NAME_WIDTH and head and last in TRUNCATED_WORDS:
        name = f"{head} {TRUNCATED_WORDS[last]}"
    if name.count("(") > name.count(")"):
        name += ")"
    return name


def normalize_facility_name(raw: str) -> str:
    """Tidy an ICE facility name: collapse whitespace, title-case ALL CAPS, keep acronyms and state codes.

    >>> normalize_facility_name("ADAMS COUNTY DET CENTER")
    'Adams County Detention Center'
    >>> normalize_facility_name("ATHENS TX HOLD ROOM")
    'Athens TX Hold Room'
    """
    return smart_title(
        _complete_truncated(clean(raw)),
        acronyms=FACILITY_ACRONYMS,
        state_codes=True,
        abbreviations=FACILITY_ABBREVIATIONS,
    )


# --------------------------------------------------------------------------- kinds

# ICE's facility type codes (the "type" and "type_detailed" columns) → Facility.Kind.
KIND_BY_TYPE: dict[str, str] = {
    "SPC": Kind.PROCESSING_CENTER,  # ICE service processing center
    "IGSA": Kind.IGSA,  # inter-governmental service agreement (county jail)
    "USMS IGA": Kind.USMS_IGA,  # US Marshals inter-governmental agreement
    "USMS CDF": Kind.USMS_IGA,  # US Marshals contract detention facility
    "CDF": Kind.CONTRACT,  # contract detention facility
    "DIGSA": Kind.CONTRACT,  # dedicated IGSA, privately operated
    "FAMILY": Kind.FAMILY,
    "STAGING": Kind.STAGING,
    "BOP": Kind.BOP,
    "JUVENILE": Kind.JUVENILE,
    "HOLD": Kind.HOLD,
    "HOSPITAL": Kind.HOSPITAL,
    "HEALTH": Kind.HOSPITAL,  # health-care providers (psychiatric centers, home care)
    "MIRP": Kind.CBP,  # processing at CBP sites (Nogales Processing Center, Yuma Border Patrol Station)
    "POE": Kind.CBP,  # port of entry
    "BPS": Kind.CBP,  # border patrol station
    "AIRPORT": Kind.CBP,  # CBP at an airport terminal
    "TRANSPORT": Kind.OTHER,  # transport contractors, no detention
    "OTHER": Kind.OTHER,
}

# For rows ICE types only as "Other": guess from the name.
_KIND_BY_NAME = [
    (re.compile(r"HOSPITAL|HOPSITAL|MEDICAL CENTER|MEDICAL$|PSYCHIATRIC|BEHAVIORAL|HEALTH|NURSING"), Kind.HOSPITAL),
    (re.compile(r"HOLD ?ROOM|HOLD RM|HOLDING ROOM|\bHOLD$"), Kind.HOLD),
    (re.compile(r"BORDER PATROL|\bCBP\b|\bPOE\b|\bBPS\b"), Kind.CBP),
    (re.compile(r"STAGING"), Kind.STAGING),
    (re.compile(r"SERVICE PROCESSING CENTER|\bSPC\b"), Kind.PROCESSING_CENTER),
    (re.compile(r"JUVENILE|\bJUV\b|YOUTH"), Kind.JUVENILE),
]


def facility_kind(type_code: str, type_detailed: str = "", name: str = "") -> str:
    """Facility.Kind for ICE's type codes; the detailed type wins, the name decides when both say "Other"."""
    for code in (type_detailed, type_code):
        kind = KIND_BY_TYPE.get(clean(code).upper())
        if kind and kind != Kind.OTHER:
            return kind
    upper = (name or "").upper()
    for pattern, kind in _KIND_BY_NAME:
        if pattern.search(upper):
            return kind
    return Kind.OTHER


# --------------------------------------------------------------------------- fields

# Time zone of each ICE field office (area of responsibility), for rows with no usable state.
AOR_TIME_ZONES = {
    "ATL": "America/New_York", "BAL": "America/New_York", "BOS": "America/New_York",
    "BUF": "America/New_York", "CHI": "America/Chicago", "DAL": "America/Chicago",
    "DEN": "America/Denver", "DET": "America/Detroit", "ELP": "America/Denver",
    "HOU": "America/Chicago", "LOS": "America/Los_Angeles", "MIA": "America/New_York",
    "NEW": "America/New_York", "NOL": "America/Chicago", "NYC": "America/New_York",
    "PHI": "America/New_York", "PHO": "America/Phoenix", "SEA": "America/Los_Angeles",
    "SFR": "America/Los_Angeles", "SLC": "America/Denver", "SNA": "America/Chicago",
    "SND": "America/Los_Angeles", "SPM": "America/Chicago", "WAS": "America/New_York",
}  # fmt: skip
DEFAULT_TIME_ZONE = "America/New_York"


def parse_int(value: str) -> int | None:
    text = clean(value).replace(",", "")
    return int(text) if text.isdigit() else None


def parse_date(value: str) -> date | None:
    text = clean(value)
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m/%d/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def facility_time_zone(state: str, city: str, county: str, aor: str) -> str:
    return time_zone_for(state, city, county) or AOR_TIME_ZONES.get(aor) or DEFAULT_TIME_ZONE


def facility_row(rec: dict[str, str]) -> dict[str, Any]:
    """Facility field values for one row of the UWCHR list."""
    state = normalize_state(rec["state"])
    county = re.sub(r"\s+(COUNTY|PARISH)$", "", clean(rec["county"]), flags=re.IGNORECASE)
    if county.upper() == "COUNTY":  # a placeholder in a few rows
        county = ""
    aor = clean(rec["aor"]).upper()[:3]
    type_code = clean(rec["type"])
    type_detailed = clean(rec.get("type_detailed", ""))
    return {
        "code": clean(rec["detloc"]).upper(),
        "name": normalize_facility_name(rec["name"]),
        "kind": facility_kind(type_code, type_detailed, clean(rec["name"])),
        # The detailed code (HOLD, HOSPITAL, JUVENILE, ...) says more than the coarse one ("Other").
        "type_code": (type_detailed if type_detailed.upper() not in {"", "OTHER"} else type_code)[:16],
        "address": title_address(rec["address"]),
        "city": title_place(rec["city"]),
        "county": title_place(county),
        "state": state,
        "zip_code": format_zip(rec["zip"])[:10],
        "aor": aor,
        "time_zone": facility_time_zone(state, rec["city"], county, aor),
        "capacity": parse_int(rec["capacity"]),
        "first_used_on": parse_date(rec["date_of_first_use"]),
        "last_used_on": parse_date(rec["date_of_last_use"]),
        "source": FACILITIES_SOURCE,
    }


def read_facilities(path: Path | str) -> list[dict[str, Any]]:
    """Facility field values for every row of the pipe-delimited UWCHR facility list."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [facility_row(rec) for rec in csv.DictReader(handle, delimiter="|", quoting=csv.QUOTE_NONE)]


def load_facilities(data_dir: Path | str | None = None) -> LoadResult:
    path = Path(data_dir or default_data_dir()) / FACILITIES_FILE
    return sync_table(Facility, "code", read_facilities(path), table="Facilities")


# --------------------------------------------------------------------------- airports


def airport_rows() -> list[dict[str, Any]]:
    """Every airport airportsdata knows by IATA code, with its IANA time zone."""
    rows = []
    for iata, rec in airportsdata.load("IATA").items():
        iata = (rec.get("iata") or iata or "").strip().upper()
        if not iata:
            continue
        rows.append(
            {
                "iata": iata,
                "icao": (rec.get("icao") or "").strip().upper()[:4],
                "name": " ".join((rec.get("name") or iata).split()),
                "city": " ".join((rec.get("city") or "").split()),
                "country": (rec.get("country") or "").strip().upper(),
                "time_zone": rec.get("tz") or "",
                "latitude": float(rec["lat"]) if rec.get("lat") is not None else None,
                "longitude": float(rec["lon"]) if rec.get("lon") is not None else None,
            }
        )
    return rows


def load_airports() -> LoadResult:
    return sync_table(Airport, "iata", airport_rows(), table="Airports")
