"""A-numbers and the other typed fields: what is accepted, how it is normalised, what is not."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.cases.anumber import ANumberError, format_a_number, parse_a_number
from bot.cases.fields import (
    FieldError,
    name_key,
    parse_cyrillic_name,
    parse_date,
    parse_latin_name,
    split_latin_name,
)


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("A-123-456-789", "123456789"),
        ("123456789", "123456789"),
        ("A123456789", "123456789"),
        ("a 123 456 789", "123456789"),
        ("А-123-456-789", "123456789"),  # Cyrillic А
        ("а123456789", "123456789"),  # lower-case Cyrillic а
        ("A#123.456.789", "123456789"),
        ("12345678", "012345678"),  # eight digits: leading zero added
        ("A-12-345-678", "012345678"),
        ("  A 012 345 678 ", "012345678"),
    ],
)
def test_accepted_forms(typed: str, digits: str) -> None:
    assert parse_a_number(typed) == digits


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", "chars"),
        ("A", "chars"),
        ("1234567", "length"),
        ("1234567890", "length"),
        ("A-123-456-78X", "chars"),
        ("B123456789", "chars"),
        ("AA123456789", "chars"),
        ("123 456 789 0", "length"),
        ("١٢٣٤٥٦٧٨٩", "chars"),  # Arabic-Indic digits are not an A-number
        ("000000000", "zero"),
        ("номер 123456789", "chars"),
    ],
)
def test_rejected_forms(typed: str, reason: str) -> None:
    with pytest.raises(ANumberError) as exc:
        parse_a_number(typed)
    assert exc.value.reason == reason


def test_display_form() -> None:
    assert format_a_number("012345678") == "A-012-345-678"


def test_latin_names_are_passport_style() -> None:
    assert parse_latin_name("  ivanov   ivan ") == "IVANOV IVAN"
    assert parse_latin_name("San Martin , Elena") == "SAN MARTIN, ELENA"
    assert parse_latin_name("O'Neil-Smith Anna") == "O'NEIL-SMITH ANNA"
    assert split_latin_name("IVANOV IVAN PETROVICH") == ("IVANOV", "IVAN PETROVICH")
    assert split_latin_name("SAN MARTIN, ELENA") == ("SAN MARTIN", "ELENA")
    for typed, reason in (
        ("Иванов Иван", "cyrillic"),
        ("IVANOV", "one_word"),
        ("IVAN0V IVAN", "chars"),
        ("", "empty"),
        ("A" * 81, "long"),
    ):
        with pytest.raises(FieldError) as exc:
            parse_latin_name(typed)
        assert exc.value.reason == reason, typed


def test_cyrillic_names() -> None:
    assert parse_cyrillic_name("иванов иван петрович") == "Иванов Иван Петрович"
    with pytest.raises(FieldError):
        parse_cyrillic_name("Ivanov")


def test_dates() -> None:
    today = dt.date(2026, 11, 22)
    assert parse_date("15.03.1985", today) == dt.date(1985, 3, 15)
    assert parse_date("15/03/1985", today) == dt.date(1985, 3, 15)
    assert parse_date("1985-03-15", today) == dt.date(1985, 3, 15)
    assert parse_date("5 3 1985", today) == dt.date(1985, 3, 5)
    cases = {
        "31.02.1990": "no_such_day",
        "15 марта 1985": "format",
        "01.01.2027": "future",
        "01.01.1850": "too_old",
        "85": "format",
    }
    for typed, reason in cases.items():
        with pytest.raises(FieldError) as exc:
            parse_date(typed, today)
        assert exc.value.reason == reason, typed
    with pytest.raises(FieldError) as exc:
        parse_date("01.01.1980", today, earliest=dt.date(1985, 3, 15))
    assert exc.value.reason == "before_birth"


def test_name_key_ignores_order_and_punctuation() -> None:
    assert name_key("IVANOV IVAN") == name_key("IVAN, IVANOV") == "IVAN IVANOV"
