"""IANA time zone of a place in the United States, from its state (and city/county where the state is split).

Reference lists (facility lists, EOIR base cities) give a state, a city and sometimes a
county but never a time zone. ``time_zone_for`` derives one:

* a state or territory in one zone maps straight to it (``AZ`` → ``America/Phoenix``,
  ``GU`` → ``Pacific/Guam``, ``MP`` → ``Pacific/Saipan``, ``PR`` → ``America/Puerto_Rico``);
* a split state has a default zone plus the counties (and, because county columns are
  often blank or wrong, the main cities) that lie in another zone: El Paso and Hudspeth
  counties in Texas are Mountain time, the Florida panhandle west of the Apalachicola is
  Central, and so on.

Boundaries follow 49 CFR part 71 and the tz database's zone descriptions. Counties cut
by a zone line are assigned to the zone most of their population uses.
"""

from __future__ import annotations

import re

EASTERN = "America/New_York"
CENTRAL = "America/Chicago"
MOUNTAIN = "America/Denver"
PACIFIC = "America/Los_Angeles"

US_STATE_NAMES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "AS": "American Samoa", "GU": "Guam", "MP": "Northern Mariana Islands", "PR": "Puerto Rico",
    "VI": "U.S. Virgin Islands", "UM": "U.S. Minor Outlying Islands",
    "FM": "Micronesia", "MH": "Marshall Islands", "PW": "Palau",
}  # fmt: skip

# Default zone of each state or territory (for split states: the zone most of it uses).
STATE_TIME_ZONES: dict[str, str] = {
    **dict.fromkeys(
        ["CT", "DE", "DC", "GA", "ME", "MD", "MA", "NH", "NJ", "NY", "NC", "OH", "PA", "RI", "SC", "VT", "VA",
         "WV", "FL", "KY"],
        EASTERN,
    ),
    **dict.fromkeys(
        ["AL", "AR", "IL", "IA", "LA", "MN", "MS", "MO", "OK", "WI", "TX", "TN", "NE", "KS", "SD", "ND"], CENTRAL
    ),
    **dict.fromkeys(["CO", "MT", "NM", "UT", "WY"], MOUNTAIN),
    **dict.fromkeys(["CA", "NV", "WA", "OR"], PACIFIC),
    "AZ": "America/Phoenix",
    "ID": "America/Boise",
    "IN": "America/Indiana/Indianapolis",
    "MI": "America/Detroit",
    "AK": "America/Anchorage",
    "HI": "Pacific/Honolulu",
    "AS": "Pacific/Pago_Pago",
    "GU": "Pacific/Guam",
    "MP": "Pacific/Saipan",
    "PR": "America/Puerto_Rico",
    "VI": "America/St_Thomas",
    "UM": "Pacific/Wake",
    "FM": "Pacific/Chuuk",
    "MH": "Pacific/Majuro",
    "PW": "Pacific/Palau",
}  # fmt: skip

# Split states: state → [(zone, counties, cities)]. The first matching county wins; when no
# county matches, the first matching city does; otherwise the state default applies.
_KY_CENTRAL_COUNTIES = (
    "ADAIR ALLEN BALLARD BARREN BRECKINRIDGE BUTLER CALDWELL CALLOWAY CARLISLE CHRISTIAN CLINTON "
    "CRITTENDEN CUMBERLAND DAVIESS EDMONSON FULTON GRAVES GRAYSON GREEN HANCOCK HART HENDERSON "
    "HICKMAN HOPKINS LIVINGSTON LOGAN LYON MCCRACKEN MCLEAN MARSHALL METCALFE MONROE MUHLENBERG "
    "OHIO RUSSELL SIMPSON TODD TRIGG UNION WARREN WEBSTER"
)
_TN_EASTERN_COUNTIES = (
    "ANDERSON BLOUNT BRADLEY CAMPBELL CARTER CLAIBORNE COCKE GRAINGER GREENE HAMBLEN HAMILTON "
    "HANCOCK HAWKINS JEFFERSON JOHNSON KNOX LOUDON MCMINN MEIGS MONROE MORGAN POLK RHEA ROANE "
    "SCOTT SEVIER SULLIVAN UNICOI UNION WASHINGTON"
)


def _names(text: str) -> frozenset[str]:
    """'A|B C|D' → {'A', 'B C', 'D'}; a plain space-separated string of one-word names also works."""
    parts = text.split("|") if "|" in text else text.split()
    return frozenset(p.strip() for p in parts if p.strip())


SPLIT_STATES: dict[str, list[tuple[str, frozenset[str], frozenset[str]]]] = {
    "TX": [
        (
            MOUNTAIN,
            _names("EL PASO|HUDSPETH"),
            _names(
                "EL PASO|SOCORRO|HORIZON CITY|FABENS|CANUTILLO|ANTHONY|CLINT|SAN ELIZARIO|TORNILLO|VINTON|"
                "FORT BLISS|SIERRA BLANCA|DELL CITY|FORT HANCOCK"
            ),
        ),
    ],
    "FL": [
        (
            CENTRAL,
            _names("ESCAMBIA|SANTA ROSA|OKALOOSA|WALTON|HOLMES|WASHINGTON|BAY|JACKSON|CALHOUN"),
            _names(
                "PENSACOLA|MILTON|CRESTVIEW|FORT WALTON BEACH|NICEVILLE|DESTIN|DEFUNIAK SPRINGS|PANAMA CITY|"
                "PANAMA CITY BEACH|LYNN HAVEN|MARIANNA|BONIFAY|CHIPLEY|BLOUNTSTOWN|WEWAHITCHKA|GULF BREEZE|"
                "CENTURY|PACE|NAVARRE|EGLIN AFB"
            ),
        ),
    ],
    "IN": [
        (
            CENTRAL,
            _names("LAKE|PORTER|LAPORTE|NEWTON|JASPER|GIBSON|POSEY|VANDERBURGH|WARRICK|SPENCER"),
            _names(
                "GARY|HAMMOND|EAST CHICAGO|MERRILLVILLE|CROWN POINT|VALPARAISO|PORTAGE|MICHIGAN CITY|LAPORTE|"
                "CHESTERTON|HOBART|SCHERERVILLE|EVANSVILLE|MOUNT VERNON|BOONVILLE|PRINCETON|NEWBURGH"
            ),
        ),
        ("America/Indiana/Knox", _names("STARKE"), _names("KNOX")),
        ("America/Indiana/Tell_City", _names("PERRY"), _names("TELL CITY")),
        ("America/Indiana/Petersburg", _names("PIKE"), _names("PETERSBURG")),
        ("America/Indiana/Vincennes", _names("DAVIESS|DUBOIS|KNOX|MARTIN"), _names("VINCENNES|JASPER|WASHINGTON")),
        ("America/Indiana/Winamac", _names("PULASKI"), _names("WINAMAC")),
        ("America/Indiana/Marengo", _names("CRAWFORD"), _names("MARENGO")),
        ("America/Indiana/Vevay", _names("SWITZERLAND"), _names("VEVAY")),
    ],
    "KY": [
        ("America/Kentucky/Louisville", _names("JEFFERSON"), _names("LOUISVILLE")),
        ("America/Kentucky/Monticello", _names("WAYNE"), _names("MONTICELLO")),
        (
            CENTRAL,
            _names(_KY_CENTRAL_COUNTIES),
            _names(
                "BOWLING GREEN|PADUCAH|OWENSBORO|HOPKINSVILLE|HENDERSON|MADISONVILLE|MURRAY|GLASGOW|MAYFIELD|"
                "RUSSELLVILLE|FRANKLIN|PRINCETON|CENTRAL CITY|GREENVILLE|LEITCHFIELD|FORT CAMPBELL|OAK GROVE|"
                "BENTON|EDDYVILLE|MARION|HARDINSBURG|HAWESVILLE|CADIZ|ELKTON|MORGANFIELD|DIXON"
            ),
        ),
    ],
    "TN": [
        (
            EASTERN,
            _names(_TN_EASTERN_COUNTIES),
            _names(
                "KNOXVILLE|CHATTANOOGA|JOHNSON CITY|KINGSPORT|BRISTOL|MORRISTOWN|CLEVELAND|MARYVILLE|ALCOA|"
                "OAK RIDGE|GREENEVILLE|ELIZABETHTON|SEVIERVILLE|GATLINBURG|PIGEON FORGE|ATHENS|DAYTON|"
                "CLINTON|LENOIR CITY|ROCKWOOD|HARRIMAN|KINGSTON|MADISONVILLE|LA FOLLETTE|JACKSBORO|TAZEWELL|"
                "NEWPORT|ROGERSVILLE|ERWIN|JONESBOROUGH|WARTBURG|HUNTSVILLE|ONEIDA|DANDRIDGE|MOUNTAIN CITY"
            ),
        ),
    ],
    "MI": [
        (
            "America/Menominee",
            _names("GOGEBIC|IRON|DICKINSON|MENOMINEE"),
            _names("IRONWOOD|BESSEMER|WAKEFIELD|IRON MOUNTAIN|KINGSFORD|NORWAY|CRYSTAL FALLS|IRON RIVER|MENOMINEE"),
        ),
    ],
    "ID": [
        (
            PACIFIC,
            _names("BENEWAH|BONNER|BOUNDARY|CLEARWATER|KOOTENAI|LATAH|LEWIS|NEZ PERCE|SHOSHONE|IDAHO"),
            _names(
                "COEUR D'ALENE|COEUR D ALENE|COEUR DALENE|POST FALLS|HAYDEN|RATHDRUM|SANDPOINT|BONNERS FERRY|"
                "MOSCOW|LEWISTON|OROFINO|GRANGEVILLE|WALLACE|KELLOGG|SAINT MARIES|NEZPERCE|COTTONWOOD"
            ),
        ),
    ],
    "OR": [("America/Boise", _names("MALHEUR"), _names("ONTARIO|VALE|NYSSA|JORDAN VALLEY"))],
    "NV": [(MOUNTAIN, frozenset(), _names("WEST WENDOVER|JACKPOT"))],
    "AZ": [
        # The Navajo Nation keeps daylight saving time; the rest of Arizona does not.
        (MOUNTAIN, frozenset(), _names("WINDOW ROCK|TUBA CITY|KAYENTA|CHINLE|GANADO|FORT DEFIANCE|SHIPROCK")),
    ],
    "NE": [
        (
            MOUNTAIN,
            _names(
                "ARTHUR|BANNER|BOX BUTTE|CHASE|CHEYENNE|DAWES|DEUEL|DUNDY|GARDEN|GRANT|HOOKER|KEITH|KIMBALL|"
                "MORRILL|PERKINS|SCOTTS BLUFF|SHERIDAN|SIOUX"
            ),
            _names(
                "SCOTTSBLUFF|GERING|ALLIANCE|SIDNEY|CHADRON|OGALLALA|KIMBALL|BRIDGEPORT|IMPERIAL|HARRISBURG|"
                "CRAWFORD|RUSHVILLE|OSHKOSH|BENKELMAN|CHAPPELL|MITCHELL|HEMINGFORD|GORDON|HYANNIS|MULLEN"
            ),
        ),
    ],
    "KS": [
        (
            MOUNTAIN,
            _names("GREELEY|HAMILTON|SHERMAN|WALLACE"),
            _names("GOODLAND|SYRACUSE|TRIBUNE|SHARON SPRINGS"),
        ),
    ],
    "SD": [
        (
            MOUNTAIN,
            _names(
                "BENNETT|BUTTE|CORSON|CUSTER|DEWEY|FALL RIVER|HAAKON|HARDING|JACKSON|LAWRENCE|MEADE|"
                "OGLALA LAKOTA|SHANNON|PENNINGTON|PERKINS|STANLEY|ZIEBACH"
            ),
            _names(
                "RAPID CITY|BOX ELDER|STURGIS|SPEARFISH|DEADWOOD|LEAD|BELLE FOURCHE|HOT SPRINGS|CUSTER|"
                "PINE RIDGE|MARTIN|KADOKA|PHILIP|LEMMON|EAGLE BUTTE|FORT PIERRE|BUFFALO|MCINTOSH|DUPREE"
            ),
        ),
    ],
    "ND": [
        (
            MOUNTAIN,
            _names("ADAMS|BILLINGS|BOWMAN|DUNN|GOLDEN VALLEY|GRANT|HETTINGER|SIOUX|SLOPE|STARK"),
            _names("DICKINSON|BOWMAN|BEACH|HETTINGER|MOTT|KILLDEER|MEDORA|BELFIELD|NEW ENGLAND|AMIDON|FORT YATES"),
        ),
        ("America/North_Dakota/Beulah", _names("MERCER"), _names("BEULAH|HAZEN")),
        ("America/North_Dakota/Center", _names("OLIVER"), _names("CENTER")),
        ("America/North_Dakota/New_Salem", _names("MORTON"), _names("MANDAN|NEW SALEM")),
    ],
    "AK": [
        ("America/Juneau", _names("JUNEAU"), _names("JUNEAU|HAINES|SKAGWAY")),
        ("America/Sitka", _names("SITKA"), _names("SITKA")),
        ("America/Metlakatla", frozenset(), _names("METLAKATLA")),
        ("America/Yakutat", _names("YAKUTAT"), _names("YAKUTAT")),
        ("America/Nome", _names("NOME"), _names("NOME|KOTZEBUE|BETHEL|UTQIAGVIK|BARROW")),
        ("America/Adak", _names("ALEUTIANS WEST"), _names("ADAK|ATKA")),
    ],
}

_COUNTY_SUFFIX = re.compile(r"\s+(COUNTY|PARISH|BOROUGH|CENSUS AREA|MUNICIPALITY|CITY AND BOROUGH)$")
_ABBREVIATIONS = [
    (re.compile(r"^(ST|STE)\b\.?\s*"), "SAINT "),
    (re.compile(r"^FT\b\.?\s*"), "FORT "),
    (re.compile(r"^MT\b\.?\s*"), "MOUNT "),
    (re.compile(r"^N\b\.?\s+"), "NORTH "),
    (re.compile(r"^S\b\.?\s+"), "SOUTH "),
    (re.compile(r"^E\b\.?\s+"), "EAST "),
    (re.compile(r"^W\b\.?\s+"), "WEST "),
]


def _place_key(value: str | None) -> str:
    """Upper-case, whitespace-collapsed, abbreviations expanded: ' Ft. Worth ' → 'FORT WORTH'."""
    text = " ".join((value or "").upper().replace(".", ". ").split())
    for pattern, replacement in _ABBREVIATIONS:
        text = pattern.sub(replacement, text)
    text = text.replace(".", "").replace(",", " ")
    return " ".join(text.split())


def _county_key(value: str | None) -> str:
    return _COUNTY_SUFFIX.sub("", _place_key(value))


def normalize_state(value: str | None) -> str:
    """Two-letter USPS code for a code or a full name ('tx', 'Texas' → 'TX'); '' if unknown."""
    text = " ".join((value or "").split()).upper()
    if text in STATE_TIME_ZONES:
        return text
    for code, name in US_STATE_NAMES.items():
        if name.upper() == text:
            return code
    return ""


def time_zone_for(state: str | None, city: str | None = "", county: str | None = "") -> str | None:
    """IANA time zone for a US state/territory (code or name), refined by city and county.

    Returns None when the state is blank or not a US state or territory, so callers can
    choose their own fallback.

    >>> time_zone_for("TX", "El Paso")
    'America/Denver'
    >>> time_zone_for("TX", "Houston")
    'America/Chicago'
    >>> time_zone_for("FL", "Pensacola", "Escambia")
    'America/Chicago'
    """
    code = normalize_state(state)
    if not code:
        return None
    splits = SPLIT_STATES.get(code)
    if splits:
        county_key = _county_key(county)
        if county_key:
            for zone, counties, _cities in splits:
                if county_key in counties:
                    return zone
        city_key = _place_key(city)
        if city_key:
            for zone, _counties, cities in splits:
                if city_key in cities:
                    return zone
    return STATE_TIME_ZONES[code]
