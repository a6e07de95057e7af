"""The sign-up form's values: parsed and checked here, sealed with the vault in service.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from bot.errors import DomainError
from bot.mexico.models import CITIES

MAX_ADULTS = 20
MAX_CHILDREN = 12
ADULT_AGE = 18
MAX_HELPER = 300
LANGUAGES: tuple[str, ...] = ("ru", "en", "es", "uk", "other")
SHARE_ITEMS: tuple[str, ...] = ("locator", "date", "city")
# Where each city keeps time: the programme's daily card goes out in the morning there.
CITY_ZONES: dict[str, str] = {
    "tijuana": "America/Tijuana",
    "mexicali": "America/Tijuana",
    "juarez": "America/Ciudad_Juarez",
    "reynosa": "America/Matamoros",
    "matamoros": "America/Matamoros",
    "nogales": "America/Hermosillo",
    "piedras_negras": "America/Matamoros",
    "nuevo_laredo": "America/Matamoros",
    "cdmx": "America/Mexico_City",
    "other": "America/Mexico_City",
}


class MexicoError(DomainError):
    domain = "mexico"


@dataclass(slots=True)
class Locator:
    latin_name: str
    birth_date: dt.date | None = None
    birth_country: str | None = None
    a_number: str | None = None  # nine digits, when the person already has one

    def to_dict(self) -> dict[str, Any]:
        return {
            "latin_name": self.latin_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_country": self.birth_country,
            "a_number": self.a_number,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Locator:
        born = data.get("birth_date")
        return cls(
            latin_name=str(data.get("latin_name") or ""),
            birth_date=dt.date.fromisoformat(born) if born else None,
            birth_country=data.get("birth_country"),
            a_number=data.get("a_number") or None,
        )


@dataclass(slots=True)
class SignupData:
    city: str = ""
    city_other: str | None = None
    adults: int = 1
    children: list[int] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    helper: str | None = None
    planned_on: dt.date | None = None
    locator: Locator | None = None
    share: list[str] = field(default_factory=list)
    case_mode: str = "auto"


def check_city(code: str) -> str:
    if code not in CITIES:
        raise MexicoError("bad-city")
    return code


def parse_adults(text: str) -> int:
    value = text.strip()
    if not value.isdigit() or len(value) > 3:
        raise MexicoError("adults-number")
    number = int(value)
    if not 0 <= number <= MAX_ADULTS:
        raise MexicoError("adults-number")
    return number


_AGES = re.compile(r"\d+")


def parse_children(text: str) -> list[int]:
    """Ages separated by commas or spaces ("3, 7"); "0"/"нет"/"no" means none."""
    cleaned = text.strip().casefold()
    if cleaned in {"нет", "no", "none", "-", "0"}:
        return []
    if re.search(r"[^\d\s,;.и&and]", cleaned):
        raise MexicoError("child-ages")
    ages = [int(a) for a in _AGES.findall(cleaned) if len(a) <= 3]
    if not ages or len(ages) > MAX_CHILDREN:
        raise MexicoError("child-ages")
    if any(age >= ADULT_AGE for age in ages):
        raise MexicoError("child-age")
    return ages


def parse_helper(text: str) -> str:
    value = " ".join(text.split())
    if not value:
        raise MexicoError("empty")
    if len(value) > MAX_HELPER:
        raise MexicoError("too-long")
    return value
