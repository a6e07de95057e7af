"""The person form as a sequence of steps: order, what may be skipped, what a choice means.

Telegram-free: the handlers keep the form's position in FSM storage and render each step;
the rules for moving between steps and for reading answers live here.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from bot.cases.anumber import parse_a_number
from bot.cases.fields import (
    COUNTRIES,
    MAX_NOTES,
    MAX_PLACE_TEXT,
    MAX_RELATION,
    RELATIONS,
    Location,
    PersonData,
    parse_country,
    parse_cyrillic_name,
    parse_date,
    parse_latin_name,
    parse_short_text,
)
from bot.cases.models import LocationKind
from bot.crypto import Vault
from bot.places import Place, Places

STEPS: tuple[str, ...] = (
    "latin_name",
    "cyrillic_name",
    "birth_date",
    "birth_country",
    "a_number",
    "location",
    "detained_on",
    "relation",
    "notes",
)
CONFIRM = "confirm"
FORM_STEPS: frozenset[str] = frozenset({*STEPS, CONFIRM})
# Without a name and a place there is nothing for a volunteer to look for.
OPTIONAL: frozenset[str] = frozenset(STEPS) - {"latin_name", "location"}
SPECIAL_PLACES: tuple[str, ...] = (
    LocationKind.UNKNOWN,
    LocationKind.RELEASED,
    LocationKind.SHELTER,
    LocationKind.MEXICO,
)

Label = Callable[[str], str]


@dataclass
class Draft:
    person: PersonData = field(default_factory=PersonData)
    choices: list[str] = field(default_factory=list)  # place ids from the last search
    typed: str | None = None  # the place as typed, if none of the choices fit

    def forget_search(self) -> None:
        """A place search only means something on the step that made it."""
        self.choices, self.typed = [], None


def seal_draft(vault: Vault, draft: Draft) -> str:
    """The draft lives in FSM storage (the database) encrypted, like the case itself."""
    raw = {"person": draft.person.to_dict(), "choices": draft.choices, "typed": draft.typed}
    return vault.encrypt(json.dumps(raw, ensure_ascii=False))


def open_draft(vault: Vault, token: str | None) -> Draft:
    if not token:
        return Draft()
    raw = json.loads(vault.decrypt(token))
    return Draft(
        person=PersonData.from_dict(raw.get("person") or {}),
        choices=list(raw.get("choices") or []),
        typed=raw.get("typed"),
    )


def next_step(step: str, review: bool) -> str:
    """After a review edit the form returns to the summary instead of walking on."""
    if review or step == STEPS[-1]:
        return CONFIRM
    return STEPS[STEPS.index(step) + 1]


def previous_step(step: str, review: bool) -> str:
    if review or step == CONFIRM:
        return CONFIRM if review and step != CONFIRM else STEPS[-1]
    if step in STEPS and STEPS.index(step) > 0:
        return STEPS[STEPS.index(step) - 1]
    return step


def can_go_back(step: str, review: bool, mode: str | None) -> bool:
    """Only the very first question of a new person has nowhere to go back to."""
    return step != STEPS[0] or review or mode != "new"


def known_code(text: str, codes: Sequence[str] | Mapping[str, str], label: Label) -> str | None:
    """ "россия" or "Russia" typed instead of pressed: keep the code, as the button would.

    ``label`` gives the reader's word for a code; a mapping also knows the English name.
    """
    wanted = text.strip().casefold()
    for code in codes:
        english = str(codes[code]).casefold() if isinstance(codes, Mapping) else code
        if wanted in {label(code).casefold(), english, code.casefold()}:
            return str(code)
    return None


def parse_step(
    step: str,
    text: str,
    person: PersonData,
    today: dt.date,
    country_label: Label,
    relation_label: Label,
) -> None:
    """Store the typed answer for ``step``; raises FieldError/ANumberError when wrong."""
    if step == "latin_name":
        person.latin_name = parse_latin_name(text)
    elif step == "cyrillic_name":
        person.cyrillic_name = parse_cyrillic_name(text)
    elif step == "birth_date":
        person.birth_date = parse_date(text, today)
    elif step == "birth_country":
        person.birth_country = known_code(text, COUNTRIES, country_label) or parse_country(text)
    elif step == "a_number":
        person.a_number = parse_a_number(text)
    elif step == "detained_on":
        person.detained_on = parse_date(text, today, earliest=person.birth_date)
    elif step == "relation":
        person.relation = known_code(text, RELATIONS, relation_label) or parse_short_text(
            text, MAX_RELATION
        )
    elif step == "notes":
        person.notes = parse_short_text(text, MAX_NOTES)


def find_places(places: Places, typed: str) -> list[Place]:
    # People are held in facilities; courts come after them (some sit inside a facility).
    if not typed:
        return []
    return places.search(typed, "facility", limit=4) + places.search(typed, "court", limit=2)


def remember_search(draft: Draft, places: Places, text: str) -> list[Place]:
    """Offer the places matching what was typed, and keep the typed text as a last resort."""
    typed = text.strip()[:MAX_PLACE_TEXT]
    found = find_places(places, typed)
    draft.choices = [p.id for p in found]
    draft.typed = typed or None
    return found


def apply_choice(draft: Draft, places: Places, step: str, action: str, value: str) -> bool:
    """A button answered ``step``: store it and say True, or False when it does not fit."""
    person = draft.person
    if action == "skip" and step in OPTIONAL:
        setattr(person, step, None)
    elif action == "country" and step == "birth_country" and value in COUNTRIES:
        person.birth_country = value
    elif action == "rel" and step == "relation" and value in RELATIONS:
        person.relation = value
    elif action == "loc" and step == "location" and value in SPECIAL_PLACES:
        person.location = Location(kind=value)
    elif action == "place" and step == "location" and value.isdigit():
        if int(value) >= len(draft.choices):
            return False
        place = places.get(draft.choices[int(value)])
        if place is None:
            return False
        person.location = Location(kind=place.kind, ref=place.id)
    elif action == "typed" and step == "location" and draft.typed:
        person.location = Location(kind=LocationKind.OTHER, text=draft.typed)
    else:
        return False
    return True
