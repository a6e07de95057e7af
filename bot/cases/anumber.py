"""Alien registration numbers (A-numbers): parsing what people type, one canonical form.

An A-number is "A" and nine digits (A-123-456-789). Older numbers have eight digits and take a
leading zero (ICE's locator and EOIR both want all nine). People type it in many ways: with
or without the letter, with a Cyrillic "А", with spaces, dashes or dots. Anything else is
refused so that a mistyped number never silently lands in a case or a match.
"""

from __future__ import annotations

import re

from bot.cases.fields import FieldError

# Latin A and the Cyrillic А (U+0410/U+0430), which look identical on a phone keyboard.
_PREFIX = re.compile(r"^\s*(?:[AaАа]\s*(?:[-#№.:]\s*)?)?")
_SEPARATORS = re.compile(r"[\s\-.]")


class ANumberError(FieldError):
    """The text is not an A-number; ``reason`` is "length", "chars" or "zero"."""


def parse_a_number(text: str) -> str:
    """Return the nine canonical digits ("012345678"), or raise :class:`ANumberError`."""
    rest = _PREFIX.sub("", text, count=1)
    digits = _SEPARATORS.sub("", rest)
    if not digits or not digits.isascii() or not digits.isdigit():
        raise ANumberError("chars")
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9:
        raise ANumberError("length")
    if digits == "000000000":
        raise ANumberError("zero")
    return digits


def format_a_number(digits: str) -> str:
    """ "A-123-456-789", the form printed on notices."""
    return f"A-{digits[0:3]}-{digits[3:6]}-{digits[6:9]}"
