"""The sign-up form for people waiting in Mexico: a step at a time, with Back and Cancel,
resumable after a restart (its answers sit encrypted in the conversation state), ending with
explicit consent to what the safety net will share and with whom."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable, Collection

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.cases.anumber import ANumberError, format_a_number, parse_a_number
from bot.handlers.kit import button, load_state, markup, save_state, target
from bot.handlers.mexico.base import MexicoFlow, MxCb, SignupState, seal, unseal
from bot.handlers.template import private_router
from bot.hearings.dates import DateProblem, parse_birth_date, parse_future_date
from bot.i18n import L10n
from bot.mexico import service
from bot.mexico.models import CITIES
from bot.mexico.programme import Programme
from bot.mexico.signup import (
    LANGUAGES,
    SHARE_ITEMS,
    Locator,
    MexicoError,
    SignupData,
    parse_adults,
    parse_children,
    parse_helper,
)
from bot.turn import Turn

router = private_router("mexico-signup", presses=True)

STEPS: tuple[str, ...] = (
    "city",
    "city_other",
    "adults",
    "children",
    "languages",
    "helper",
    "planned",
    "latin",
    "birth",
    "country",
    "anumber",
    "share",
    "case_mode",
    "consent",
)
SKIPPABLE = frozenset({"children", "helper", "planned", "latin", "birth", "country", "anumber"})
TOGGLES = {"languages": LANGUAGES, "share": SHARE_ITEMS}
_LATIN = re.compile(r"[A-Za-z][A-Za-z' -]{1,78}[A-Za-z]")


def applies(step: str, data: SignupData) -> bool:
    if step == "city_other":
        return data.city == "other"
    if step in ("birth", "country", "anumber"):
        return data.locator is not None
    return True


def following(step: str, data: SignupData, direction: int) -> str | None:
    index = STEPS.index(step) + direction
    while 0 <= index < len(STEPS):
        if applies(STEPS[index], data):
            return STEPS[index]
        index += direction
    return None


# ---- rendering ---------------------------------------------------------------------------


def _nav(l10n: L10n, step: str) -> list[InlineKeyboardButton]:
    row = []
    if step != STEPS[0]:
        row.append(button(l10n("mexico-btn-back"), MxCb(action="back")))
    row.append(button(l10n("mexico-btn-cancel"), MxCb(action="cancel")))
    return row


def _mark(on: bool, text: str) -> str:
    return f"✅ {text}" if on else text


def step_keyboard(l10n: L10n, step: str, data: SignupData) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if step == "city":
        cities = [button(l10n(f"mexico-city-{c}"), MxCb(action="pick", value=c)) for c in CITIES]
        rows += [cities[i : i + 2] for i in range(0, len(cities), 2)]
    elif step == "adults":
        rows.append([button(str(n), MxCb(action="pick", value=str(n))) for n in (1, 2, 3, 4)])
    elif step in TOGGLES:
        chosen = data.languages if step == "languages" else data.share
        rows += [
            [
                button(
                    _mark(v in chosen, l10n(f"mexico-{step}-{v}")), MxCb(action="toggle", value=v)
                )
            ]
            for v in TOGGLES[step]
        ]
        rows.append([button(l10n("mexico-btn-next"), MxCb(action="next"))])
    elif step == "country":
        rows.append([button(l10n("mexico-country-ru"), MxCb(action="pick", value="RU"))])
    elif step == "case_mode":
        rows += [
            [button(l10n(f"mexico-case-mode-{m}"), MxCb(action="pick", value=m))]
            for m in ("auto", "offer")
        ]
    elif step == "consent":
        rows.append([button(l10n("mexico-btn-agree"), MxCb(action="pick", value="yes"))])
    if step in SKIPPABLE:
        rows.append([button(l10n(f"mexico-skip-{step}"), MxCb(action="skip"))])
    rows.append(_nav(l10n, step))
    return markup(rows)


def summary(l10n: L10n, data: SignupData) -> str:
    none = l10n("mexico-none")
    city = l10n(f"mexico-city-{data.city}") if data.city else none
    if data.city == "other" and data.city_other:
        city = html.escape(data.city_other)
    locator = none
    if data.locator is not None:
        parts = [html.escape(data.locator.latin_name)]
        if data.locator.birth_date:
            parts.append(l10n.date(data.locator.birth_date))
        if data.locator.birth_country:
            parts.append(html.escape(data.locator.birth_country))
        if data.locator.a_number:
            parts.append(format_a_number(data.locator.a_number))
        locator = ", ".join(parts)
    return l10n(
        "mexico-summary",
        city=city,
        adults=data.adults,
        children=", ".join(str(a) for a in data.children) or none,
        languages=", ".join(l10n(f"mexico-languages-{v}") for v in data.languages) or none,
        helper=html.escape(data.helper) if data.helper else none,
        planned=l10n.date(data.planned_on) if data.planned_on else l10n("mexico-not-yet"),
        locator=locator,
        share=", ".join(l10n(f"mexico-share-{v}") for v in data.share) or none,
        mode=l10n(f"mexico-case-mode-{data.case_mode}"),
    )


def step_text(l10n: L10n, step: str, data: SignupData) -> str:
    text = l10n(f"mexico-ask-{step}")
    if step == "consent":
        return summary(l10n, data) + "\n\n" + text
    return text


async def show_step(message: Message, l10n: L10n, step: str, data: SignupData) -> None:
    await message.answer(step_text(l10n, step, data), reply_markup=step_keyboard(l10n, step, data))


async def start_signup(message: Message, state: FSMContext, turn: Turn) -> None:
    """Begin the form, or begin editing the saved profile (its answers prefilled)."""
    profile = await service.get_profile(turn.session, turn.user.id)
    data = service.open_profile(turn.vault, profile) if profile is not None else SignupData()
    if not data.languages:
        data.languages = [turn.l10n.locale]
    await state.set_state(MexicoFlow.signup)
    await save_state(
        state, SignupState(step="city", enc=seal(turn.vault, data), editing=profile is not None)
    )
    await message.answer(turn.l10n("mexico-signup-intro"))
    await show_step(message, turn.l10n, "city", data)


async def resume_signup(message: Message, state: FSMContext, turn: Turn) -> bool:
    """After a restart or an interruption: show the step the person stopped at."""
    flow = await load_state(state, SignupState)
    if flow is None or await state.get_state() != MexicoFlow.signup.state:
        return False
    await show_step(message, turn.l10n, flow.step, unseal(turn.vault, flow.enc))
    return True


async def _flow(
    state: FSMContext, turn: Turn, steps: Collection[str] | None = None
) -> tuple[SignupState, SignupData]:
    """The form's state and its answers; a button that acts only at some ``steps`` is stale
    at any other."""
    flow = await load_state(state, SignupState)
    if flow is None:
        raise MexicoError("stale", end_flow=True)
    data = unseal(turn.vault, flow.enc)
    if steps is not None and flow.step not in steps:
        raise MexicoError("stale")
    return flow, data


async def _advance(
    message: Message, state: FSMContext, turn: Turn, flow: SignupState, data: SignupData
) -> None:
    step = following(flow.step, data, +1)
    if step is None:
        return
    await save_state(
        state, SignupState(step=step, enc=seal(turn.vault, data), editing=flow.editing)
    )
    await show_step(message, turn.l10n, step, data)


# ---- typed answers -----------------------------------------------------------------------


def _date_error(problem: DateProblem) -> MexicoError:
    known = ("past", "future", "too-old", "ambiguous-order")
    return MexicoError(f"date-{problem.code}" if problem.code in known else "date")


def _planned(text: str, data: SignupData, today: dt.date) -> None:
    day = parse_future_date(text, today)
    if isinstance(day, DateProblem):
        raise _date_error(day)
    data.planned_on = day


def _latin(text: str, data: SignupData, today: dt.date) -> None:
    name = " ".join(text.split()).upper()
    if not _LATIN.fullmatch(name):
        raise MexicoError("latin")
    data.locator = Locator(latin_name=name)


def _birth(text: str, data: SignupData, today: dt.date) -> None:
    day = parse_birth_date(text, today)
    if isinstance(day, DateProblem):
        raise _date_error(day)
    if data.locator is not None:
        data.locator.birth_date = day


def _country(text: str, data: SignupData, today: dt.date) -> None:
    if data.locator is not None:
        data.locator.birth_country = parse_helper(text)[:60]


def _anumber(text: str, data: SignupData, today: dt.date) -> None:
    try:
        digits = parse_a_number(text)
    except ANumberError as error:
        raise MexicoError("anumber-length" if error.reason == "length" else "anumber") from None
    if data.locator is not None:
        data.locator.a_number = digits


def _city_other(text: str, data: SignupData, today: dt.date) -> None:
    data.city_other = parse_helper(text)[:80]


def _adults(text: str, data: SignupData, today: dt.date) -> None:
    data.adults = parse_adults(text)


def _children(text: str, data: SignupData, today: dt.date) -> None:
    data.children = parse_children(text)


def _helper(text: str, data: SignupData, today: dt.date) -> None:
    data.helper = parse_helper(text)


PARSERS: dict[str, Callable[[str, SignupData, dt.date], None]] = {
    "city_other": _city_other,
    "adults": _adults,
    "children": _children,
    "helper": _helper,
    "planned": _planned,
    "latin": _latin,
    "birth": _birth,
    "country": _country,
    "anumber": _anumber,
}


@router.message(MexicoFlow.signup, F.text)
async def on_typed(message: Message, state: FSMContext, turn: Turn) -> None:
    flow, data = await _flow(state, turn)
    parse = PARSERS.get(flow.step)
    if parse is None:
        await message.answer(turn.l10n("mexico-use-buttons"))
        await show_step(message, turn.l10n, flow.step, data)
        return
    try:
        parse(message.text or "", data, turn.now().date())
    except MexicoError as error:  # explained, and the same step asked again: nothing lost
        await message.answer(turn.l10n(error.key))
        await show_step(message, turn.l10n, flow.step, data)
        return
    await _advance(message, state, turn, flow, data)


@router.message(MexicoFlow.signup)
async def on_not_text(message: Message, state: FSMContext, turn: Turn) -> None:
    flow, data = await _flow(state, turn)
    await message.answer(turn.l10n("mexico-text-only"))
    await show_step(message, turn.l10n, flow.step, data)


# ---- buttons: one handler per action -----------------------------------------------------


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "pick"))
async def on_pick(
    query: CallbackQuery,
    callback_data: MxCb,
    state: FSMContext,
    turn: Turn,
    programme: Programme,
) -> None:
    message = target(query)
    flow, data = await _flow(state, turn)
    value = callback_data.value
    if flow.step == "city" and value in CITIES:
        data.city = value
    elif flow.step == "adults" and value.isdigit():
        data.adults = parse_adults(value)
    elif flow.step == "country" and value == "RU" and data.locator is not None:
        data.locator.birth_country = "Russia"
    elif flow.step == "case_mode" and value in ("auto", "offer"):
        data.case_mode = value
    elif flow.step == "consent" and value == "yes":
        await query.answer()
        await _save(message, state, turn, data, flow.editing, programme)
        return
    else:
        raise MexicoError("stale")
    await query.answer()
    await _advance(message, state, turn, flow, data)


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "toggle"))
async def on_toggle(
    query: CallbackQuery, callback_data: MxCb, state: FSMContext, turn: Turn
) -> None:
    message = target(query)
    flow, data = await _flow(state, turn)
    options = TOGGLES.get(flow.step, ())
    if callback_data.value not in options:
        raise MexicoError("stale")
    chosen = data.languages if flow.step == "languages" else data.share
    if callback_data.value in chosen:
        chosen.remove(callback_data.value)
    else:
        chosen.append(callback_data.value)
    await save_state(
        state, SignupState(step=flow.step, enc=seal(turn.vault, data), editing=flow.editing)
    )
    await query.answer()
    await message.edit_reply_markup(reply_markup=step_keyboard(turn.l10n, flow.step, data))


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "next"))
async def on_next(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    flow, data = await _flow(state, turn, TOGGLES)
    if flow.step == "languages" and not data.languages:
        raise MexicoError("no-language")
    await query.answer()
    await _advance(message, state, turn, flow, data)


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "skip"))
async def on_skip(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    flow, data = await _flow(state, turn, SKIPPABLE)
    if flow.step == "children":
        data.children = []
    elif flow.step == "helper":
        data.helper = None
    elif flow.step == "planned":
        data.planned_on = None
    elif flow.step == "anumber" and data.locator is not None:
        data.locator.a_number = None
    elif flow.step == "latin":
        data.locator = None
        data.share = [s for s in data.share if s != "locator"]
    await query.answer()
    await _advance(message, state, turn, flow, data)


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "back"))
async def on_back(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    flow, data = await _flow(state, turn)
    step = following(flow.step, data, -1) or STEPS[0]
    await save_state(state, SignupState(step=step, enc=flow.enc, editing=flow.editing))
    await query.answer()
    await show_step(message, turn.l10n, step, data)


@router.callback_query(MexicoFlow.signup, MxCb.filter(F.action == "cancel"))
async def on_cancel(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    flow = await load_state(state, SignupState)
    await state.clear()
    await query.answer()
    editing = flow is not None and flow.editing
    await message.answer(turn.l10n("mexico-cancelled-edit" if editing else "mexico-cancelled"))


async def _save(
    message: Message,
    state: FSMContext,
    turn: Turn,
    data: SignupData,
    editing: bool,
    programme: Programme,
) -> None:
    from bot.handlers.mexico.home import show_home

    if "locator" in data.share and data.locator is None:
        data.share.remove("locator")
    await service.save_profile(turn.session, turn.vault, turn.user.id, data, turn.now())
    await state.clear()
    await message.answer(turn.l10n("mexico-saved-edit" if editing else "mexico-saved"))
    await show_home(message, turn, programme)
