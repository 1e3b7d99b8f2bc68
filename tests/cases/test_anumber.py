"""A-numbers are typed every way people write them; they are stored as 9 digits."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.anumber import format_anumber, looks_like_anumber, parse_anumber


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("A123456789", "123456789"),
        ("123-456-789", "123456789"),
        ("A 12 345 678", "012345678"),
        ("a-012.345.678", "012345678"),
        ("1234567", "001234567"),
        ("A#123456789", "123456789"),
        ("  A-123-456-789  ", "123456789"),
        ("A-123\u00a0456\u00a0789", "123456789"),  # pasted from a web page
    ],
)
def test_parse_anumber_accepts_common_spellings(written, stored):
    assert parse_anumber(written) == stored
    assert looks_like_anumber(written)


@pytest.mark.parametrize(
    ("written", "why"),
    [
        ("", "7 to 9 digits"),
        ("A12345", "this one has 5"),
        ("A123456", "this one has 6"),
        ("1234567890", "this one has 10"),
        ("A-12-34", "this one has 4"),
        ("B123456789", "7 to 9 digits, optionally starting with A"),
        ("12345678X", "7 to 9 digits, optionally starting with A"),
        ("000000000", "cannot be all zeros"),
        # Digits of other scripts would slip past the form and then fail the
        # database's [0-9]{9} check with a server error.
        ("١٢٣٤٥٦٧٨٩", "7 to 9 digits"),
        ("１２３４５６７８９", "7 to 9 digits"),
    ],
)
def test_parse_anumber_rejects_with_the_reason(written, why):
    with pytest.raises(ValidationError) as excinfo:
        parse_anumber(written)
    assert why in excinfo.value.messages[0]
    assert not looks_like_anumber(written)


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("012345678", "A-012-345-678"), ("123456789", "A-123-456-789"), ("001234567", "A-001-234-567")],
)
def test_format_anumber_shows_dashed_groups(stored, shown):
    assert format_anumber(stored) == shown


PREFIXES = st.sampled_from(["", "A", "a", "A#", "a#", "A ", "A-", "a.", "A# ", " A"])
SEPARATORS = st.sampled_from(["", "", " ", "-", ".", " - ", "\t", "--"])


@st.composite
def written_anumbers(draw) -> tuple[str, str]:
    """(how someone wrote it, the 9 digits it must be stored as)."""
    number = draw(st.integers(min_value=1, max_value=999_999_999))
    width = draw(st.integers(min_value=max(7, len(str(number))), max_value=9))
    digits = str(number).zfill(width)
    written = draw(PREFIXES)
    for digit in digits:
        written += digit + draw(SEPARATORS)
    return written.rstrip(".-") + draw(st.sampled_from(["", " "])), digits.zfill(9)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)  # generation slows on a busy CI machine
@given(written_anumbers())
def test_any_written_form_parses_to_zero_padded_digits(case):
    written, stored = case
    assert parse_anumber(written) == stored


@given(st.integers(min_value=1, max_value=999_999_999))
def test_format_then_parse_round_trips(number):
    stored = str(number).zfill(9)
    shown = format_anumber(stored)
    assert parse_anumber(shown) == stored
    assert format_anumber(parse_anumber(shown)) == shown
