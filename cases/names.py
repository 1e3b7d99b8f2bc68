"""The name search key: every name in one folded Latin form.

Cyrillic is transliterated by the ICAO Doc 9303 table used in Russian and Ukrainian
passports; other scripts by anyascii. Then case and accents are folded, and the
spelling variants that different transliteration schemes produce for the same
Cyrillic letters are folded together (y/i, j/i, x/ks, kh/h, doubled letters), so
"Андрей Вовченко", "Andrei Vovchenko", "Andrey Vovchenko" and "VOVCHENKO Andrei"
all give keys that contain "andrei" and "vovchenko".
"""

import re
import unicodedata

from anyascii import anyascii

# ICAO Doc 9303, part 3, Cyrillic (Russian, Ukrainian, Belarusian letters).
ICAO_9303 = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "і": "i", "ї": "i", "є": "ie", "ґ": "g", "ў": "u",
}  # fmt: skip

# Applied in order to the Latin text; each pair folds spellings of one sound.
_FOLDS = (
    ("shch", "sch"),
    ("kh", "h"),
    ("x", "ks"),
    ("y", "i"),
    ("j", "i"),
    ("w", "v"),
    ("ie", "e"),
)
_DOUBLED = re.compile(r"([a-z])\1+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Apostrophes are dropped, not split on: Мар'яна is Maryana, Natal'ya is Natalya, O'Brien is OBrien.
_APOSTROPHES = re.compile(r"['`]")


def transliterate(text: str) -> str:
    """Latin rendering of text: ICAO 9303 for Cyrillic, anyascii for anything else."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in ICAO_9303:
            out.append(ICAO_9303[lower])
        else:
            out.append(anyascii(char))
    return "".join(out)


def fold_token(token: str) -> str:
    for old, new in _FOLDS:
        token = token.replace(old, new)
    return _DOUBLED.sub(r"\1", token)


def name_tokens(text: str) -> list[str]:
    """Folded Latin tokens of one name, in order."""
    decomposed = unicodedata.normalize("NFKD", transliterate(unicodedata.normalize("NFC", text or "")))
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    ascii_text = _APOSTROPHES.sub("", ascii_text)
    return [fold_token(token) for token in _NOT_ALNUM.split(ascii_text) if token]


def search_key(*names: str) -> str:
    """One space-separated key with every distinct token of every name, first seen first."""
    seen: dict[str, None] = {}
    for name in names:
        for token in name_tokens(name):
            seen.setdefault(token, None)
    return " ".join(seen)
