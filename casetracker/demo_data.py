"""The demo's cast and script: organizations, users, places, names and each person's story.

Pure data (plus the name generator) for ``casetracker.demo``, which writes it through the
services. Every person is synthetic: names are drawn at random from common given names and
surnames of each nationality, and A-numbers are an artificial 200-000-xxx sequence.
Places are real (looked up in the reference data by ICE code, with fallbacks).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from cases.models import Case, Person
from cases.names import transliterate
from detentions.models import Incident

from .models import Membership

SEED = 20240611
S = Case.Stage
O = Case.Outcome
Role = Membership.Role


# --------------------------------------------------------------------------- organizations and users


@dataclass(frozen=True)
class DemoOrg:
    name: str
    slug: str
    case_prefix: str
    a_number_base: int  # first synthetic A-number of this organization's people


@dataclass(frozen=True)
class DemoUser:
    email: str
    first_name: str
    last_name: str
    role: str  # organization role; "" for the superuser
    language: str = "en"
    time_zone: str = "America/New_York"


DEMO_ORG = DemoOrg("Demo Advocacy Network", "demo", "DAN", 200_000_001)
OTHER_ORG = DemoOrg("Other Legal Aid", "other-legal-aid", "OLA", 200_900_001)
DEMO_USERS = (
    DemoUser("coordinator@demo.org", "Katherine", "Morrow", Role.COORDINATOR),
    DemoUser("advocate@demo.org", "Olga", "Vetrova", Role.ADVOCATE, "ru", "America/Chicago"),
    DemoUser("lawyer@demo.org", "Daniel", "Whitfield", Role.LAWYER, "en", "America/Chicago"),
    DemoUser("viewer@demo.org", "Irina", "Lesnaya", Role.VIEWER, "ru", "Europe/Berlin"),
)
OTHER_USERS = (DemoUser("outsider@other.org", "Sam", "Ortega", Role.ADVOCATE, "en", "America/Los_Angeles"),)
ADMIN = DemoUser("admin@demo.org", "Demo", "Administrator", "", "en", "UTC")


# --------------------------------------------------------------------------- reference data wanted


@dataclass(frozen=True)
class Place:
    code: str  # ICE detention location code
    name: str  # a distinctive part of the facility's name, for lists without codes
    city: str
    state: str
    court: str  # EOIR code of the court that hears its detained docket


FACILITIES = {
    "adams": Place("ADAMSMS", "Adams County", "Natchez", "MS", "JNA"),
    "el_paso": Place("EPC", "El Paso Service Processing", "El Paso", "TX", "ELP"),
    "otero": Place("OTRPCNM", "Otero County Processing", "Chaparral", "NM", "OTO"),
    "jena": Place("JENADLA", "Jena", "Jena", "LA", "JNA"),
    "richwood": Place("RWCCMLA", "Richwood", "Monroe", "LA", "OAK"),
    "river": Place("RVRCCLA", "River Correctional", "Ferriday", "LA", "OAK"),
    "winn": Place("LAWINCI", "Winn", "Winnfield", "LA", "OAK"),
    "pine_prairie": Place("PINEPLA", "Pine Prairie", "Pine Prairie", "LA", "OAK"),
    "basile": Place("BASILLA", "South Louisiana", "Basile", "LA", "OAK"),
    "staging": Place("JENATLA", "Alexandria Staging", "Alexandria", "LA", "OAK"),
    "krome": Place("KRO", "Krome North", "Miami", "FL", "KRO"),
    "otay": Place("CCASDCA", "Otay Mesa", "San Diego", "CA", "OTM"),
    "eloy": Place("EAZ", "Eloy", "Eloy", "AZ", "ELO"),
    "florence": Place("FLO", "Florence Service Processing", "Florence", "AZ", "FLO"),
}
# EOIR base-city code → state, for a same-state fallback when a code is missing.
COURTS = {
    "JNA": "LA", "OAK": "LA", "ELP": "TX", "OTO": "NM", "ELO": "AZ", "FLO": "AZ", "KRO": "FL", "OTM": "CA",
    "NYC": "NY", "CHI": "IL", "SFR": "CA", "MIA": "FL", "SEA": "WA", "DEN": "CO",
}  # fmt: skip
NON_DETAINED_COURTS = ("NYC", "CHI", "SFR", "MIA", "SEA", "DEN")
AIRPORTS = ("AEX", "CAI", "SVO")
COUNTRIES = ("RU", "UA", "BY", "KZ", "GE", "VE", "CU")
LANGUAGES = ("ru", "uk", "be", "kk", "ka", "es", "en")


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Nationality:
    country: str
    languages: tuple[str, ...]
    preferred: str
    male: tuple[tuple[str, str], ...]  # (native, Latin) given names
    female: tuple[tuple[str, str], ...]
    surnames: tuple[tuple[str, str, str, str], ...]  # (native m, Latin m, native f, Latin f)
    relatives_in: tuple[str, ...]
    messenger: str = "Telegram"


def _ru_names(text: str) -> tuple[tuple[str, str], ...]:
    # Russian names in Latin as Russian passports write them (ICAO 9303).
    return tuple((name, transliterate(name).title()) for name in text.split())


def _ru_surnames(text: str) -> tuple[tuple[str, str, str, str], ...]:
    rows = []
    for male in text.split():
        female = male[:-2] + "ая" if male.endswith("ий") else male + "а"
        rows.append((male, transliterate(male).title(), female, transliterate(female).title()))
    return tuple(rows)


def _same(*pairs: str) -> tuple[tuple[str, str, str, str], ...]:
    """Surnames with one form for both sexes, given as native/Latin pairs "native:Latin"."""
    return tuple((n, lat, n, lat) for n, lat in (p.split(":") for p in pairs))


def _pairs(*pairs: str) -> tuple[tuple[str, str], ...]:
    return tuple(tuple(p.split(":")) for p in pairs)  # type: ignore[misc]


NATIONALITIES = {
    "RU": Nationality(
        "RU", ("ru",), "ru",
        _ru_names("Андрей Дмитрий Алексей Сергей Михаил Илья Никита Павел Артём Егор Кирилл Максим Роман "
                  "Денис Глеб Тимур Владимир Иван Константин Олег Евгений Антон Степан Фёдор Ярослав Вадим"),
        _ru_names("Анна Мария Екатерина Ольга Наталья Дарья Ксения Юлия Елена Виктория Алёна Полина"),
        _ru_surnames("Соколов Кузнецов Морозов Волков Лебедев Новиков Фёдоров Орлов Зайцев Беляев Громов "
                     "Тихонов Жуков Калинин Ершов Соловьёв Макаров Комаров Виноградов Белов Климов Панин "
                     "Рыжов Гусев Титов Ковалевский Лапин Суханов Воронин Кудрявцев Мартынов Щербаков "
                     "Ефимов Баранов Поляков Назаров Голубев Дьяконов Вишневский Рябинин"),
        ("Kazan", "Yekaterinburg", "Novosibirsk", "Krasnodar", "Saint Petersburg", "Ufa", "Perm", "Samara"),
    ),
    "UA": Nationality(
        "UA", ("uk", "ru"), "uk",
        _pairs("Олександр:Oleksandr", "Тарас:Taras", "Богдан:Bohdan", "Юрій:Yurii", "Микола:Mykola"),
        _pairs("Оксана:Oksana", "Ірина:Iryna", "Олена:Olena", "Наталія:Nataliia"),
        _same("Коваленко:Kovalenko", "Шевчук:Shevchuk", "Бондаренко:Bondarenko", "Мельник:Melnyk",
              "Ткачук:Tkachuk", "Поліщук:Polishchuk", "Кравченко:Kravchenko", "Савчук:Savchuk"),
        ("Kharkiv", "Dnipro", "Odesa", "Zaporizhzhia"),
    ),
    "BY": Nationality(
        "BY", ("be", "ru"), "ru",
        _pairs("Аляксей:Aliaksei", "Павел:Pavel", "Зміцер:Zmitser", "Уладзімір:Uladzimir", "Сяргей:Siarhei"),
        _pairs("Вольга:Volha", "Ганна:Hanna", "Святлана:Sviatlana"),
        (("Кавалёў", "Kavaliou", "Кавалёва", "Kavaliova"), ("Шыманскі", "Shymanski", "Шыманская", "Shymanskaya"),
         ("Мельнікаў", "Melnikau", "Мельнікава", "Melnikava"))
        + _same("Карповіч:Karpovich", "Зубовіч:Zubovich"),
        ("Minsk", "Hrodna", "Brest", "Homel"),
    ),
    "KZ": Nationality(
        "KZ", ("kk", "ru"), "ru",
        _pairs("Ерлан:Yerlan", "Нұрлан:Nurlan", "Асхат:Askhat", "Дәурен:Dauren", "Бауыржан:Bauyrzhan"),
        _pairs("Айгерім:Aigerim", "Динара:Dinara", "Мадина:Madina"),
        (("Ахметов", "Akhmetov", "Ахметова", "Akhmetova"), ("Жұмабаев", "Zhumabayev", "Жұмабаева", "Zhumabayeva"),
         ("Сәрсенов", "Sarsenov", "Сәрсенова", "Sarsenova"), ("Омаров", "Omarov", "Омарова", "Omarova")),
        ("Almaty", "Oral", "Shymkent", "Astana"),
    ),
    "GE": Nationality(
        "GE", ("ka", "ru"), "ka",
        _pairs("გიორგი:Giorgi", "ლევან:Levan", "დავით:Davit", "ირაკლი:Irakli"),
        _pairs("ნინო:Nino", "თამარ:Tamar", "მარიამ:Mariam"),
        _same("ბერიძე:Beridze", "კაპანაძე:Kapanadze", "გელაშვილი:Gelashvili", "ლომიძე:Lomidze",
              "ჯაფარიძე:Japaridze", "ცერცვაძე:Tsertsvadze"),
        ("Tbilisi", "Batumi", "Kutaisi"),
        "WhatsApp",
    ),
    "VE": Nationality(
        "VE", ("es",), "es",
        _pairs("José:Jose", "Andrés:Andres", "Luis:Luis", "Jesús:Jesus", "Carlos:Carlos"),
        _pairs("María:Maria", "Daniela:Daniela", "Génesis:Genesis", "Yusmary:Yusmary"),
        _same("Gutiérrez:Gutierrez", "Rodríguez:Rodriguez", "Pérez:Perez", "Márquez:Marquez",
              "Hernández:Hernandez", "Rojas:Rojas", "Briceño:Briceno"),
        ("Maracaibo", "Valencia", "Barquisimeto", "Caracas"),
        "WhatsApp",
    ),
    "CU": Nationality(
        "CU", ("es",), "es",
        _pairs("Yoandri:Yoandri", "Lázaro:Lazaro", "Yusniel:Yusniel"),
        _pairs("Yanet:Yanet", "Dayana:Dayana"),
        _same("Fonseca:Fonseca", "Cabrera:Cabrera", "Díaz:Diaz", "Céspedes:Cespedes"),
        ("Holguín", "Camagüey", "Santiago de Cuba"),
        "WhatsApp",
    ),
}  # fmt: skip


# --------------------------------------------------------------------------- synthetic identities


@dataclass(frozen=True)
class Identity:
    family: str
    given: str
    native: str
    aliases: tuple[str, ...]


# Older, pre-2013 Russian passport spellings, kept as aliases so either spelling is found.
_TRADITIONAL = ((r"iia\b", "iya"), (r"ia", "ya"), (r"\biu", "yu"), (r"ii\b", "iy"), (r"ei\b", "ey"))


def traditional_spelling(latin: str) -> str:
    text = latin.lower()
    for pattern, repl in _TRADITIONAL:
        text = re.sub(pattern, repl, text)
    return text.title()


def identities(plans: tuple[tuple[str, str], ...], seed: int = SEED) -> list[Identity]:
    """One synthetic identity per (nationality, sex), never the same name twice."""
    rng = random.Random(seed)
    used: set[tuple[str, str]] = set()
    out = []
    for nat_code, sex in plans:
        nat = NATIONALITIES[nat_code]
        while True:
            native_given, given = rng.choice(nat.male if sex == "M" else nat.female)
            m_native, m_latin, f_native, f_latin = rng.choice(nat.surnames)
            native_family, family = (m_native, m_latin) if sex == "M" else (f_native, f_latin)
            if (given, family) not in used:
                break
        used.add((given, family))
        alias = f"{traditional_spelling(given)} {traditional_spelling(family)}" if nat_code == "RU" else ""
        aliases = (alias,) if alias and alias != f"{given} {family}" else ()
        out.append(Identity(family, given, f"{native_given} {native_family}", aliases))
    return out


# --------------------------------------------------------------------------- the caseload


@dataclass(frozen=True)
class Plan:
    """One person's story, as offsets from today."""

    stage: str
    nat: str
    sex: str
    days: int  # days since the last arrival in the US
    route: tuple[str, ...] = ()  # facility keys, in custody order
    release: str = ""  # how custody ended: bond, parole, recognizance, removed, other
    outcome: str = ""
    decided: int | None = None  # days since the immigration judge's decision
    hearing: int | None = None  # days until the next hearing
    counsel: str = "seeking"  # lawyer (the demo lawyer), external, pro_se, seeking
    tags: tuple[str, ...] = ()  # vulnerabilities
    # Roles in the demo story: husband/wife, flight:<status>[:<arrival outcome>] (the past
    # flight), next-flight, plaintiff, class-member, own-habeas, hunger-strike, solitary,
    # no-counsel, viewer (viewer on the team), negative-cf/positive-cf, bond-hearing,
    # rescheduled, no-anumber.
    parts: tuple[str, ...] = ()


DEMO_PLANS = (
    # Intake: just arrived, no court yet.
    Plan(S.INTAKE, "RU", "M", 9, ("el_paso",), tags=("draft-notice",), parts=("no-anumber",)),
    Plan(S.INTAKE, "RU", "M", 14, ("otero",), tags=("desertion",)),
    Plan(S.INTAKE, "VE", "F", 6, ("krome",), parts=("no-anumber",)),
    Plan(S.INTAKE, "GE", "M", 18, ("eloy",)),
    Plan(S.INTAKE, "RU", "F", 30, (), tags=("lgbtq",)),  # paroled at the port, never detained
    # Credible fear.
    Plan(S.CREDIBLE_FEAR, "RU", "M", 16, ("el_paso",), hearing=3, tags=("draft-notice",)),
    Plan(S.CREDIBLE_FEAR, "BY", "M", 35, ("otero",), hearing=4, tags=("extremism-charge",), parts=("negative-cf",)),
    Plan(S.CREDIBLE_FEAR, "KZ", "M", 28, ("eloy",), parts=("positive-cf",)),
    Plan(S.CREDIBLE_FEAR, "RU", "F", 24, ("el_paso", "otero"), hearing=2),
    Plan(S.CREDIBLE_FEAR, "UA", "M", 21, ("florence",), hearing=6, tags=("chronic-illness",)),
    # Removal proceedings.
    Plan(S.REMOVAL_PROCEEDINGS, "RU", "M", 140, ("el_paso", "adams"), hearing=10, counsel="lawyer",
         tags=("desertion",), parts=("husband", "viewer")),
    Plan(S.REMOVAL_PROCEEDINGS, "RU", "F", 140, ("el_paso", "richwood"), hearing=11, parts=("wife", "viewer")),
    Plan(S.REMOVAL_PROCEEDINGS, "RU", "M", 210, ("el_paso", "adams", "jena"), hearing=15, counsel="lawyer",
         tags=("draft-notice",)),
    Plan(S.REMOVAL_PROCEEDINGS, "RU", "M", 95, ("otero", "adams"), hearing=5, counsel="pro_se"),
    Plan(S.REMOVAL_PROCEEDINGS, "VE", "M", 80, ("el_paso", "otero"), hearing=9, parts=("bond-hearing",)),
    Plan(S.REMOVAL_PROCEEDINGS, "GE", "F", 120, ("krome",), release="parole", hearing=25),
    Plan(S.REMOVAL_PROCEEDINGS, "KZ", "M", 100, ("eloy", "florence"), hearing=12, parts=("rescheduled",)),
    Plan(S.REMOVAL_PROCEEDINGS, "UA", "F", 75, ("otay",), hearing=20, counsel="external"),
    # Individual (merits) hearing.
    Plan(S.INDIVIDUAL_HEARING, "RU", "M", 330, ("el_paso", "otero", "adams", "jena"), hearing=8, counsel="lawyer",
         tags=("desertion", "chronic-illness"), parts=("hunger-strike",)),
    Plan(S.INDIVIDUAL_HEARING, "RU", "M", 410, ("adams",), hearing=16, counsel="lawyer",
         tags=("extremism-charge",), parts=("solitary", "class-member", "own-habeas")),
    Plan(S.INDIVIDUAL_HEARING, "BY", "F", 260, ("basile",), hearing=22, counsel="external"),
    Plan(S.INDIVIDUAL_HEARING, "RU", "M", 190, ("jena",), hearing=6, counsel="pro_se", tags=("lgbtq",),
         parts=("no-counsel",)),
    Plan(S.INDIVIDUAL_HEARING, "VE", "M", 230, ("el_paso",), hearing=27, counsel="lawyer"),
    Plan(S.INDIVIDUAL_HEARING, "RU", "F", 300, ("pine_prairie",), release="bond", hearing=40),
    Plan(S.INDIVIDUAL_HEARING, "GE", "M", 180, ("winn",), hearing=11, parts=("viewer",)),
    # Decision.
    Plan(S.DECISION, "RU", "M", 360, ("adams",), outcome=O.DENIED, decided=10, counsel="lawyer", tags=("desertion",)),
    Plan(S.DECISION, "RU", "M", 280, ("el_paso", "otero"), release="other", outcome=O.ASYLUM_GRANTED, decided=5),
    Plan(S.DECISION, "UA", "M", 250, ("florence",), release="other", outcome=O.WITHHOLDING_GRANTED, decided=20),
    Plan(S.DECISION, "KZ", "F", 240, ("jena",), outcome=O.DENIED, decided=3, counsel="pro_se"),
    Plan(S.DECISION, "RU", "M", 300, ("richwood",), release="recognizance", outcome=O.CAT_PROTECTION, decided=15,
         tags=("extremism-charge",)),
    Plan(S.DECISION, "VE", "F", 220, ("krome",), outcome=O.DENIED, decided=25),
    # BIA appeal.
    Plan(S.BIA_APPEAL, "RU", "M", 390, ("el_paso", "adams"), decided=60, counsel="lawyer", tags=("desertion",),
         parts=("class-member",)),
    Plan(S.BIA_APPEAL, "BY", "M", 350, ("otero", "el_paso"), decided=70, tags=("extremism-charge",)),
    Plan(S.BIA_APPEAL, "GE", "F", 330, ("krome",), release="parole", decided=100),
    Plan(S.BIA_APPEAL, "RU", "M", 280, ("adams", "jena"), decided=45, counsel="pro_se"),
    Plan(S.BIA_APPEAL, "KZ", "M", 310, ("eloy",), decided=80, counsel="external"),
    # Federal court: petitions for review, habeas.
    Plan(S.FEDERAL_COURT, "RU", "M", 420, ("el_paso", "adams", "staging", "jena"), decided=150, counsel="lawyer",
         tags=("desertion",), parts=("flight:stay_granted",)),
    Plan(S.FEDERAL_COURT, "RU", "M", 370, ("adams", "staging", "adams"), decided=160, tags=("chronic-illness",),
         parts=("flight:medical",)),
    Plan(S.FEDERAL_COURT, "RU", "M", 480, ("el_paso", "adams"), decided=250, counsel="lawyer", parts=("plaintiff",)),
    Plan(S.FEDERAL_COURT, "RU", "M", 450, ("otero", "jena"), decided=230, counsel="lawyer", parts=("plaintiff",)),
    Plan(S.FEDERAL_COURT, "RU", "M", 500, ("adams",), decided=260, counsel="lawyer", tags=("draft-notice",),
         parts=("plaintiff", "next-flight")),
    Plan(S.FEDERAL_COURT, "RU", "M", 430, ("eloy", "river"), decided=200, parts=("next-flight",)),
    Plan(S.FEDERAL_COURT, "RU", "F", 460, ("basile",), decided=240, parts=("plaintiff", "hunger-strike")),
    # Closed.
    Plan(S.CLOSED, "RU", "M", 400, ("el_paso", "adams", "staging"), release="removed", outcome=O.REMOVED,
         decided=150, tags=("desertion",), parts=("flight:removed:detained",)),
    Plan(S.CLOSED, "RU", "M", 380, ("otero", "jena", "staging"), release="removed", outcome=O.REMOVED,
         decided=140, parts=("flight:removed:released",)),
    Plan(S.CLOSED, "RU", "M", 350, ("adams", "staging"), release="removed", outcome=O.REMOVED, decided=130,
         tags=("draft-notice",), parts=("flight:removed:conscripted",)),
    Plan(S.CLOSED, "RU", "M", 410, ("el_paso", "river", "staging"), release="removed", outcome=O.REMOVED,
         decided=160, parts=("flight:removed:unknown",)),
    Plan(S.CLOSED, "VE", "M", 200, ("el_paso",), release="other", outcome=O.VOLUNTARY_DEPARTURE, decided=40),
    Plan(S.CLOSED, "RU", "F", 380, ("otay",), release="other", outcome=O.ASYLUM_GRANTED, decided=90),
    Plan(S.CLOSED, "GE", "M", 160, ("eloy",), release="parole", outcome=O.TERMINATED, decided=30),
)  # fmt: skip

OTHER_PLANS = (
    Plan(S.REMOVAL_PROCEEDINGS, "CU", "M", 90, ("krome",), hearing=8),
    Plan(S.INDIVIDUAL_HEARING, "VE", "F", 200, ("otay",), hearing=18, counsel="pro_se"),
    Plan(S.CREDIBLE_FEAR, "RU", "M", 20, ("otay",), hearing=4),
    Plan(S.DECISION, "KZ", "M", 260, ("eloy",), release="other", outcome=O.ASYLUM_GRANTED, decided=12),
    Plan(S.CLOSED, "RU", "F", 300, ("el_paso",), release="bond", outcome=O.ADMIN_CLOSED, decided=40),
)

FLIGHT_DAYS_AGO = 24
NEXT_FLIGHT_IN = 9
COURT_TIMES = ((8, 30), (9, 0), (9, 30), (10, 0), (13, 0), (13, 30), (14, 30))
# Invented names, as are the external attorneys'.
JUDGES = ("A. Hartwell", "M. Okafor", "R. Castellano", "J. Lindgren", "S. Whitcomb", "T. Nakamura", "L. Brennan")
EXTERNAL_ATTORNEYS = (
    ("Rebecca Lindqvist", "Lindqvist & Haro LLP", "intake@lindqvist-haro.example"),
    ("Marco Estévez", "Border Rights Clinic", "+1 555 0143"),
)
DISTRICT_COURTS = {
    "MS": "U.S. District Court, Southern District of Mississippi",
    "LA": "U.S. District Court, Western District of Louisiana",
    "TX": "U.S. District Court, Western District of Texas",
}
STAGE_RANK = {stage: rank for rank, stage in enumerate(S.values)}
GRANTS = {O.ASYLUM_GRANTED, O.WITHHOLDING_GRANTED, O.CAT_PROTECTION}
TAG_NOTES = {
    "desertion": "Left a military unit; relatives report a criminal case for desertion at home.",
    "extremism-charge": "Named in a criminal case over anti-war posts, charged as 'extremism'.",
    "draft-notice": "A draft notice was delivered to the registered address after departure.",
    "lgbtq": "Fears persecution as an LGBTQ person; no family support at home.",
    "chronic-illness": "Type 1 diabetes: needs insulin on schedule, doses have been missed in detention.",
}
CLAIM_BASIS = {
    "desertion": "desertion",
    "draft-notice": "conscription-evasion",
    "extremism-charge": "anti-war-activism",
    "lgbtq": "lgbtq-persecution",
}
FIRST_ARRIVAL = {
    "el_paso": ("El Paso, TX", Person.ArrivalManner.BETWEEN_PORTS),
    "otero": ("Santa Teresa, NM", Person.ArrivalManner.BETWEEN_PORTS),
    "eloy": ("Lukeville, AZ", Person.ArrivalManner.BETWEEN_PORTS),
    "florence": ("Lukeville, AZ", Person.ArrivalManner.BETWEEN_PORTS),
    "otay": ("San Ysidro, CA", Person.ArrivalManner.PORT_OF_ENTRY),
    "krome": ("Miami International Airport, FL", Person.ArrivalManner.PORT_OF_ENTRY),
}


# Condition reports of a story part: (kind, days ago, severity, description).
INCIDENTS = {
    "hunger-strike": (
        (Incident.Kind.HUNGER_STRIKE, 12, Incident.Severity.HIGH,
         "Refusing meals in protest at prolonged detention; medical monitoring started on day three."),
        (Incident.Kind.WEIGHT_LOSS, 4, Incident.Severity.MEDIUM, "Lost 7 kg since the hunger strike began."),
    ),
    "solitary": (
        (Incident.Kind.SOLITARY, 30, Incident.Severity.HIGH,
         "Placed in segregation for 15 days after complaining about conditions in the unit."),
    ),
    "flight:medical": (
        (Incident.Kind.MEDICAL, FLIGHT_DAYS_AGO + 1, Incident.Severity.CRITICAL,
         "Hypertensive crisis at the staging facility the night before the flight; hospitalized."),
    ),
    "no-counsel": (
        (Incident.Kind.NO_COUNSEL, 20, Incident.Severity.MEDIUM,
         "Legal calls not scheduled for three weeks; no interpreter at medical visits."),
    ),
}  # fmt: skip


# What is known of a passenger, by manifest status or arrival outcome.
PASSENGER_NOTES = {
    "detained": "Relatives report he was detained at the airport on arrival and handed to investigators.",
    "released": "Questioned for several hours by border officers, then released.",
    "conscripted": "Served with a draft notice on arrival; reported to be in a training unit.",
    "unknown": "No contact since the flight landed.",
    "stay_granted": "Taken off at the staging facility hours before departure: stay of removal granted.",
    "medical": "Taken off the flight for a medical emergency and hospitalized.",
}
