"""A-numbers (Alien Registration Numbers): 7 to 9 digits, stored as 9, shown as A-123-456-789."""

import re

from django.core.exceptions import ValidationError

_SEPARATORS = re.compile(r"[\s\-.]+")
# [0-9], not \d: \d also matches other scripts' digits, which the database refuses.
_SHAPE = re.compile(r"^A?#?([0-9]+)$")


def parse_anumber(value: str) -> str:
    """Return the 9-digit stored form of an A-number written any common way.

    Accepts an optional leading "A" (any case, optionally followed by "#"), and
    spaces, dashes or dots between digits: "A123456789", "123-456-789",
    "A 12 345 678", "a-012.345.678". Raises ValidationError for anything else.
    """
    text = _SEPARATORS.sub("", (value or "").strip()).upper()
    match = _SHAPE.match(text)
    if not match:
        raise ValidationError(
            "Enter an A-number as 7 to 9 digits, optionally starting with A (e.g. A-123-456-789).",
            code="invalid_anumber",
        )
    digits = match.group(1)
    if not 7 <= len(digits) <= 9:
        raise ValidationError(
            f"An A-number has 7 to 9 digits; this one has {len(digits)}.", code="invalid_anumber_length"
        )
    if int(digits) == 0:
        raise ValidationError("An A-number cannot be all zeros.", code="invalid_anumber_zero")
    return digits.zfill(9)


def format_anumber(stored: str) -> str:
    """A-123-456-789 from the stored 9 digits."""
    return f"A-{stored[0:3]}-{stored[3:6]}-{stored[6:9]}"


def looks_like_anumber(text: str) -> bool:
    try:
        parse_anumber(text)
    except ValidationError:
        return False
    return True
