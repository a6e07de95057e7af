"""The person form on screen: each step's question and buttons, the summary before saving,
and what a wrong answer is told."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.cases.anumber import format_a_number
from bot.cases.fields import COUNTRIES, RELATIONS, PersonData
from bot.cases.form import CONFIRM, OPTIONAL, SPECIAL_PLACES, STEPS, Draft, can_go_back
from bot.cases.models import LocationKind
from bot.handlers.cases.ui import (
    Rows,
    WizCb,
    button_text,
    country_label,
    esc,
    fmt,
    in_rows,
    location_label,
    person_fields,
    relation_label,
)
from bot.handlers.kit import button, markup
from bot.i18n import L10n
from bot.places import Places


def current_value(step: str, data: PersonData, l10n: L10n, places: Places) -> str | None:
    """What the form already holds for ``step`` (shown when someone goes back to it)."""
    if step in {"birth_date", "detained_on"}:
        day = getattr(data, step)
        return l10n.date(day) if day else None
    if step == "birth_country":
        return country_label(data.birth_country, l10n) if data.birth_country else None
    if step == "a_number":
        return format_a_number(data.a_number) if data.a_number else None
    if step == "location":
        loc = data.location
        known = loc.kind != LocationKind.UNKNOWN or loc.ref or loc.text
        return location_label(loc, l10n, places) if known else None
    if step == "relation":
        return relation_label(data.relation, l10n) if data.relation else None
    value = getattr(data, step, None)
    return esc(value) if isinstance(value, str) and value else None


def draft_summary(data: PersonData, l10n: L10n, places: Places) -> str:
    return fmt(l10n, "cases-wizard-summary", **person_fields(data, l10n, places))


# ---- the person form ---------------------------------------------------------------------


def wiz(action: str, step: str, value: str = "") -> WizCb:
    return WizCb(action=action, step=step, value=value)


def nav_row(l10n: L10n, step: str, review: bool, mode: str) -> list[InlineKeyboardButton]:
    row: list[InlineKeyboardButton] = []
    if can_go_back(step, review, mode):
        row.append(button(l10n("cases-btn-back"), wiz("back", step)))
    row.append(button(l10n("cases-btn-cancel"), wiz("cancel", step)))
    return row


def place_rows(l10n: L10n, places: Places, draft: Draft) -> Rows:
    rows: Rows = []
    for index, place_id in enumerate(draft.choices):
        place = places.get(place_id)
        if place is not None:
            rows.append(
                [button(button_text(f"📍 {place.label}"), wiz("place", "location", str(index)))]
            )
    if draft.typed:
        rows.append([button(l10n("cases-btn-place-typed"), wiz("typed", "location"))])
    specials = [
        button(l10n(f"cases-loc-btn-{k}"), wiz("loc", "location", k)) for k in SPECIAL_PLACES
    ]
    rows.append(specials[:2])
    rows.append(specials[2:])
    return rows


def step_keyboard(
    l10n: L10n, places: Places, step: str, draft: Draft, review: bool, mode: str
) -> InlineKeyboardMarkup:
    rows: Rows = []
    if step == "birth_country":
        countries = [
            button(l10n(f"cases-country-{c}"), wiz("country", step, c)) for c in COUNTRIES
        ]
        rows.extend(in_rows(countries, 3))
    elif step == "relation":
        relations = [button(l10n(f"cases-rel-{r}"), wiz("rel", step, r)) for r in RELATIONS]
        rows.extend(in_rows(relations, 4))
    elif step == "location":
        rows.extend(place_rows(l10n, places, draft))
    if step in OPTIONAL:
        rows.append([button(l10n(f"cases-skip-{step}"), wiz("skip", step))])
    rows.append(nav_row(l10n, step, review, mode))
    return markup(rows)


def step_text(l10n: L10n, places: Places, step: str, draft: Draft) -> str:
    name = esc(draft.person.latin_name) if draft.person.latin_name else ""
    text = l10n(f"cases-ask-{step}", name=name)
    current = current_value(step, draft.person, l10n, places)
    if current:
        text += "\n\n" + l10n("cases-ask-current", value=current)
    return text


def summary_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    return markup(
        [
            [button(l10n("cases-btn-save"), wiz("save", CONFIRM))],
            [button(l10n("cases-btn-change"), wiz("edit", CONFIRM))],
            [button(l10n("cases-btn-cancel"), wiz("cancel", CONFIRM))],
        ]
    )


def review_keyboard(l10n: L10n) -> InlineKeyboardMarkup:
    rows: Rows = [[button(l10n(f"cases-field-{s}"), wiz("field", CONFIRM, s))] for s in STEPS]
    rows.append([button(l10n("cases-btn-back"), wiz("field", CONFIRM, CONFIRM))])
    return markup(rows)


def error_text(step: str, exc: Exception, l10n: L10n) -> str:
    reason = getattr(exc, "reason", "format")
    if step == "latin_name":
        return l10n(f"cases-err-latin-{reason}")
    if step == "cyrillic_name":
        return l10n("cases-err-cyrillic")
    if step in {"birth_date", "detained_on"}:
        return l10n(f"cases-err-date-{reason}")
    if step == "a_number":
        return l10n("cases-err-anumber", reason=reason)
    return short_text_error(reason, l10n)


def short_text_error(reason: str, l10n: L10n) -> str:
    return l10n("cases-err-too-long" if reason == "long" else "cases-err-empty")
