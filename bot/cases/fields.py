"""What a relative types about a person, checked and normalised (no Telegram here).

Each parser returns the clean value or raises :class:`FieldError` with a reason code; the
handlers turn the code into an explanation with an example of the right form.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

from bot.cases.models import LocationKind

MAX_NAME = 80
MAX_COUNTRY = 60
MAX_RELATION = 60
MAX_NOTES = 600
MAX_PLACE_TEXT = 120
ADULT_AGE = 18

# Countries offered as buttons: the usual places of birth of the people this bot serves.
# The value is the English name the ICE locator lists.
COUNTRIES: dict[str, str] = {
    "RU": "Russia",
    "BY": "Belarus",
    "UA": "Ukraine",
    "KZ": "Kazakhstan",
    "UZ": "Uzbekistan",
    "KG": "Kyrgyzstan",
    "TJ": "Tajikistan",
    "AM": "Armenia",
    "GE": "Georgia",
    "AZ": "Azerbaijan",
    "MD": "Moldova",
    "TM": "Turkmenistan",
}
# Relation of the person to the relative who adds them; anything else is typed.
RELATIONS: tuple[str, ...] = (
    "husband",
    "wife",
    "son",
    "daughter",
    "father",
    "mother",
    "brother",
    "sister",
)

_LATIN = re.compile(r"[A-Za-z]+(?:['\- ][A-Za-z]+)*(?:, ?[A-Za-z]+(?:['\- ][A-Za-z]+)*)?")
_CYRILLIC = re.compile(r"[А-ЯЁа-яёІіЇїЄєЎўҐґ]+(?:['\- ][А-ЯЁа-яёІіЇїЄєЎўҐґ]+)*")
_DATE_DMY = re.compile(r"(\d{1,2})[./\- ](\d{1,2})[./\- ](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_SPACES = re.compile(r"\s+")


class FieldError(ValueError):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _squash(text: str) -> str:
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _bounded(value: str, limit: int) -> str:
    """The cleaned ``value``, refused when it is empty or longer than ``limit``."""
    if not value:
        raise FieldError("empty")
    if len(value) > limit:
        raise FieldError("long")
    return value


def parse_latin_name(text: str) -> str:
    """ "ivanov  ivan" -> "IVANOV IVAN"; a comma marks the end of a several-word surname."""
    value = _bounded(_squash(text).replace(" ,", ","), MAX_NAME)
    if re.search(r"[А-Яа-яЁё]", value):
        raise FieldError("cyrillic")
    if not _LATIN.fullmatch(value):
        raise FieldError("chars")
    if len(value.replace(",", " ").split()) < 2:
        raise FieldError("one_word")
    return value.upper()


def split_latin_name(name: str) -> tuple[str, str]:
    """(last name, first names) as the ICE locator asks for them; surname comes first."""
    if "," in name:
        last, _, first = name.partition(",")
        return last.strip(), first.strip()
    last, _, first = name.partition(" ")
    return last, first.strip()


def parse_cyrillic_name(text: str) -> str:
    value = _bounded(_squash(text), MAX_NAME)
    if not _CYRILLIC.fullmatch(value):
        raise FieldError("chars")
    return " ".join(w[:1].upper() + w[1:] for w in value.split(" "))


def parse_date(text: str, today: dt.date, *, earliest: dt.date | None = None) -> dt.date:
    """DD.MM.YYYY (also with / - or spaces) or YYYY-MM-DD; not in the future."""
    value = _squash(text)
    iso = _DATE_ISO.fullmatch(value)
    dmy = _DATE_DMY.fullmatch(value)
    if iso:
        year, month, day_of_month = int(iso[1]), int(iso[2]), int(iso[3])
    elif dmy:
        year, month, day_of_month = int(dmy[3]), int(dmy[2]), int(dmy[1])
        # 01/02/1990 is 1 February in Russia and January 2 in the US: ask, never guess.
        if "/" in value and month != day_of_month and month <= 12 and day_of_month <= 12:
            raise FieldError("ambiguous_order")
    else:
        raise FieldError("format")
    try:
        day = dt.date(year, month, day_of_month)
    except ValueError as exc:  # 31.02.1990
        raise FieldError("no_such_day") from exc
    if day > today:
        raise FieldError("future")
    if day.year < 1900:
        raise FieldError("too_old")
    if earliest is not None and day < earliest:
        raise FieldError("before_birth")
    return day


def parse_country(text: str) -> str:
    return _bounded(_squash(text), MAX_COUNTRY)


def parse_short_text(text: str, limit: int) -> str:
    return _bounded(text.strip(), limit)


def name_key(latin_name: str) -> str:
    """Order-free key for matching: "IVAN IVANOV" and "IVANOV, IVAN" are the same person."""
    words = re.sub(r"[^A-Z ]", " ", latin_name.upper()).split()
    return " ".join(sorted(words))


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass
class Location:
    kind: str = LocationKind.UNKNOWN
    ref: str | None = None  # a place id from bot/places.py
    text: str | None = None  # what the person typed (free text, shelter or city)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str | None) -> Location:
        if not raw:
            return cls()
        data = json.loads(raw)
        return cls(
            kind=data.get("kind", LocationKind.UNKNOWN), ref=data.get("ref"), text=data.get("text")
        )


@dataclass
class PersonData:
    """A person's details in clear text, as the wizard collects them and cards show them."""

    latin_name: str = ""
    cyrillic_name: str | None = None
    birth_date: dt.date | None = None
    birth_country: str | None = None  # a COUNTRIES code or what was typed
    a_number: str | None = None  # nine digits
    location: Location = field(default_factory=Location)
    detained_on: dt.date | None = None
    relation: str | None = None  # a RELATIONS code or what was typed
    notes: str | None = None

    def is_child(self, today: dt.date) -> bool:
        if self.location.kind == LocationKind.SHELTER:
            return True
        return self.birth_date is not None and age_on(self.birth_date, today) < ADULT_AGE

    @property
    def country_english(self) -> str | None:
        if self.birth_country is None:
            return None
        return COUNTRIES.get(self.birth_country, self.birth_country)

    def to_dict(self) -> dict[str, Any]:
        return {
            "latin_name": self.latin_name,
            "cyrillic_name": self.cyrillic_name,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "birth_country": self.birth_country,
            "a_number": self.a_number,
            "location": asdict(self.location),
            "detained_on": self.detained_on.isoformat() if self.detained_on else None,
            "relation": self.relation,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PersonData:
        loc = data.get("location") or {}
        return cls(
            latin_name=data.get("latin_name") or "",
            cyrillic_name=data.get("cyrillic_name"),
            birth_date=_date(data.get("birth_date")),
            birth_country=data.get("birth_country"),
            a_number=data.get("a_number"),
            location=Location(
                kind=loc.get("kind", LocationKind.UNKNOWN),
                ref=loc.get("ref"),
                text=loc.get("text"),
            ),
            detained_on=_date(data.get("detained_on")),
            relation=data.get("relation"),
            notes=data.get("notes"),
        )


def _date(raw: str | None) -> dt.date | None:
    return dt.date.fromisoformat(raw) if raw else None
