"""The name search key: the same person is found whichever way their name was written."""

import pytest

from cases.names import search_key, transliterate


def tokens(*names: str) -> set[str]:
    return set(search_key(*names).split())


def finds(query: str, *names: str) -> bool:
    """A search for `query` finds a person recorded under `names` (every query token matches)."""
    return bool(tokens(query)) and tokens(query) <= tokens(*names)


@pytest.mark.parametrize("written", ["Андрей Вовченко", "Andrei Vovchenko", "Andrey Vovchenko", "VOVCHENKO Andrei"])
def test_every_spelling_of_one_name_gives_the_same_tokens(written):
    assert {"andrei", "vovchenko"} <= tokens(written)


@pytest.mark.parametrize(
    ("cyrillic", "icao"),
    [
        ("Щ", "shch"),
        ("щ", "shch"),
        ("Х", "kh"),
        ("Ц", "ts"),
        ("Ю", "iu"),
        ("Я", "ia"),
        ("Ё", "e"),
        ("ё", "e"),
        ("Ж", "zh"),
        ("Ь", ""),
        ("Ы", "y"),
        # Ukrainian letters of the same table
        ("Є", "ie"),
        ("І", "i"),
        ("Ї", "i"),
        ("Ґ", "g"),
    ],
)
def test_cyrillic_is_transliterated_by_icao_9303(cyrillic, icao):
    assert transliterate(cyrillic) == icao


@pytest.mark.parametrize(
    ("native", "spellings"),
    [
        ("Щукин", ["Shchukin", "Schukin", "SHCHUKIN"]),
        ("Харитонов", ["Kharitonov", "Haritonov"]),
        ("Цой", ["Tsoi", "Tsoy"]),
        ("Юлия", ["Iuliia", "Yuliya", "Yulia"]),
        ("Яна", ["Iana", "Yana"]),
        ("Фёдор", ["Fedor"]),
        ("Наталья", ["Natalya", "Natalia", "Natal'ia"]),
        ("Юрий", ["Yuriy", "Iurii", "Yuri", "Yury"]),
        ("Євген", ["Ievgen", "Yevgen"]),
        ("Ігор", ["Igor"]),
        ("Їжак", ["Izhak"]),
        ("Ґалаґан", ["Galagan"]),
        ("Алексей Аксёнов", ["Aleksei Aksenov", "Alexey Axenov"]),
        # Apostrophes (Ukrainian ʼ, a soft sign written ') join, they do not split
        ("Мар'яна", ["Mariana", "Maryana", "Marʼiana", "Mar’yana"]),
        ("Марʼяна", ["Maryana"]),
        ("O'Brien", ["OBrien", "O’Brien"]),
    ],
)
def test_native_and_latin_spellings_find_each_other(native, spellings):
    for spelling in spellings:
        assert search_key(spelling) == search_key(native), spelling


@pytest.mark.parametrize(
    ("query", "recorded"),
    [
        ("Jose Nunez", "José Núñez"),
        ("josé núñez", "JOSE NUNEZ"),
        ("Francois", "François Müller"),
        ("muller", "François Müller"),
        ("vovchenko", "ВОВЧЕНКО Андрей"),
        ("ANDREY", "Андрей Вовченко"),
    ],
)
def test_accents_and_case_are_folded(query, recorded):
    assert finds(query, recorded)


@pytest.mark.parametrize(
    ("query", "recorded"),
    [("Petrov", "Andrei Vovchenko"), ("Ivanova", "Иванов"), ("Natalya", "Наташа Petrova")],
)
def test_different_names_do_not_match(query, recorded):
    assert not finds(query, recorded)


def test_key_keeps_each_token_once_first_seen_first():
    assert search_key("Ivanov", "Ivan", "Иванов Иван", "IVANOV Ivan", "Ivan Ivanovich") == "ivanov ivan ivanovich"


@pytest.mark.parametrize("names", [(), ("",), ("", "", ""), ("  ", "-", "'"), (None,)])
def test_empty_names_give_an_empty_key(names):
    assert search_key(*names) == ""


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ნინო ბერიძე", {"nino", "beridze"}),  # Georgian
        ("Νίκος", {"nikos"}),  # Greek
        ("Արամ", {"aram"}),  # Armenian
    ],
)
def test_other_scripts_become_latin_letters(written, expected):
    assert tokens(written) == expected
    assert search_key(written).isascii()
