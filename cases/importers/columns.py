"""Target fields of a spreadsheet import and the column headers (English, Russian) that mean them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from django.utils.translation import gettext_lazy as _

# field → (label shown on the mapping page, header synonyms after normalize_header)
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "full_name": (_("Full name (Latin or native script)"),
                  ("full name", "name", "person", "client", "фио", "ф и о", "полное имя", "имя и фамилия", "клиент")),
    "family_name": (_("Family name"), ("family name", "last name", "surname", "lastname", "фамилия")),
    "given_names": (_("Given names"), ("given names", "given name", "first name", "first names", "firstname", "имя")),
    "middle_name": (_("Middle name / patronymic"), ("middle name", "patronymic", "отчество")),
    "native_name": (_("Name in native script"),
                    ("native name", "name native", "name in native script", "cyrillic name", "name cyrillic",
                     "фио кириллицей", "фио на русском", "имя на родном языке", "фио кириллица")),
    "a_number": (_("A-number"),
                 ("a number", "anumber", "a", "alien number", "alien registration number", "a no", "a num",
                  "a номер", "а номер", "номер a", "номер а", "эй номер")),
    "date_of_birth": (_("Date of birth"), ("date of birth", "dob", "birth date", "birthdate", "born",
                                           "дата рождения", "д р", "др", "год рождения")),
    "sex": (_("Sex"), ("sex", "gender", "пол")),
    "citizenship": (_("Citizenship"), ("citizenship", "nationality", "country", "country of citizenship",
                                       "гражданство", "страна", "национальность")),
    "preferred_language": (_("Preferred language"), ("language", "preferred language", "язык", "родной язык")),
    "phone": (_("Phone"), ("phone", "telephone", "phone number", "телефон", "тел")),
    "last_arrival_date": (_("Last arrival in the US"),
                          ("arrival date", "last arrival", "date of entry", "entry date", "arrived",
                           "дата въезда", "дата прибытия", "дата пересечения границы", "въезд")),
    "arrival_place": (_("Port of entry / place of arrival"),
                      ("port of entry", "place of entry", "entry point", "место въезда", "место пересечения")),
    "facility": (_("Detention facility (name or ICE code)"),
                 ("facility", "detention facility", "detention center", "detention", "where detained", "detloc",
                  "facility code", "учреждение", "место содержания", "детеншн", "тюрьма", "где содержится")),
    "booked_in_on": (_("Detained since"),
                     ("detained since", "booked in", "book in date", "booking date", "detention date", "date detained",
                      "в детеншне с", "дата задержания", "задержан", "под стражей с", "дата помещения")),
    "released_on": (_("Released on"), ("released", "release date", "released on", "дата освобождения", "освобожден")),
    "release_reason": (_("Release reason"), ("release reason", "reason for release", "причина освобождения")),
    "case_kind": (_("Case kind"), ("case kind", "case type", "type of case", "тип дела", "вид дела")),
    "stage": (_("Case stage"), ("stage", "case stage", "case status", "стадия", "этап", "статус дела")),
    "court": (_("Immigration court (name or code)"), ("court", "immigration court", "суд", "иммиграционный суд")),
    "judge": (_("Judge"), ("judge", "ij", "судья")),
    "opened_on": (_("Case opened on"), ("opened", "opened on", "intake date", "date opened", "дата открытия",
                                        "дата обращения", "дата приема")),
    "notes": (_("Notes (added to the case)"), ("notes", "note", "comments", "comment", "примечания", "примечание",
                                               "комментарий", "комментарии")),
}  # fmt: skip

IGNORE = ""  # mapping value for a column that is not imported


def normalize_header(text: object) -> str:
    """Lower case, ё → е, punctuation to spaces: 'A-Number:' → 'a number', 'Д.Р.' → 'д р'."""
    value = str(text or "").strip().lower().replace("ё", "е").replace("#", " no ")
    return " ".join(re.sub(r"[^\w]+", " ", value).replace("_", " ").split())


_BY_SYNONYM = {synonym: field for field, (_label, synonyms) in FIELDS.items() for synonym in synonyms}


def detect_mapping(headers: list[str]) -> dict[int, str]:
    """Column index → target field for the headers we recognise; each field taken by its first column."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = _BY_SYNONYM.get(normalize_header(header))
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


class MappingError(ValueError):
    pass


def apply_overrides(headers: list[str], mapping: dict[int, str], overrides: dict[str, str]) -> dict[int, str]:
    """Overrides keyed by header text (or 1-based column number) → field ('' or 'ignore' drops the column)."""
    mapping = dict(mapping)
    by_header = {normalize_header(h): i for i, h in enumerate(headers)}
    for key, field in overrides.items():
        field = "" if field in ("", "ignore", None) else field
        if field and field not in FIELDS:
            raise MappingError(f"unknown target field {field!r}; choose one of {', '.join(FIELDS)}")
        key_text = str(key).strip()
        index = int(key_text) - 1 if key_text.isdigit() else by_header.get(normalize_header(key_text))
        if index is None or not 0 <= index < len(headers):
            raise MappingError(f"no column {key!r} in the file")
        for other, other_field in list(mapping.items()):
            if field and other_field == field and other != index:
                del mapping[other]
        if field:
            mapping[index] = field
        else:
            mapping.pop(index, None)
    return mapping


def load_mapping_file(path: Path | str) -> dict[str, str]:
    """A JSON object {"column header or number": "field"}."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise MappingError("a mapping file holds one JSON object: {\"column header\": \"field\"}")
    return {str(k): str(v or "") for k, v in data.items()}


def check_mapping(mapping: dict[int, str]) -> list[str]:
    """What a mapping lacks to import anything: a name column."""
    fields = set(mapping.values())
    if not fields & {"full_name", "family_name", "native_name"}:
        return [str(_("Map a name column: full name, family name or native name."))]
    return []
