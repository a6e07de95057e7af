"""The hearing form, one step at a time: place, court time, kind, mode, notes.

Adding a hearing walks through every step; changing one goes through one step (the
place, then the time; the date alone; the kind, mode or notes) and saves at its end. The
flow's ``flow`` value tells the two apart. Every step has a Cancel button (back to the
list, the form dropped).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.handlers.hearings import ui
from bot.handlers.hearings.base import (
    HasHearing,
    HearingFlow,
    HearingForm,
    TzForm,
    apply_change,
    end_flow,
    index,
    load_flow,
    need_flow,
    require_case,
    require_hearing,
    set_flow,
    typed,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.kit import Stale, target
from bot.handlers.template import RouterTemplate
from bot.hearings import access, queries, service, texts, timezones
from bot.hearings.dates import DateProblem, parse_hearing_time
from bot.hearings.models import Hearing, HearingKind, HearingMode
from bot.turn import Turn

router = RouterTemplate("hearings-form")


# ---- place -------------------------------------------------------------------------------


async def ask_place(
    message: Message, turn: Turn, state: FSMContext, person_id: int | None, **values: object
) -> None:
    """Start at the place step; ``values`` are the flow's (what it is for, which hearing)."""
    suggestion = await queries.suggested_place(turn.session, turn.vault, turn.places, person_id)
    choices = [suggestion] if suggestion is not None else []
    await set_flow(state, HearingForm.place, **values, choices=[p.id for p in choices])
    keyboard = ui.places_keyboard(turn.l10n, [p.label for p in choices], prefix="📍 ")
    await message.answer(turn.l10n("hearings-ask-place"), reply_markup=keyboard)


@router.message(HearingForm.place, F.text)
async def on_place_text(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    found = turn.places.search(text, limit=5)
    courts_first = sorted(found, key=lambda p: p.kind != "court")
    await set_flow(state, HearingForm.place, choices=[p.id for p in courts_first])
    key = "hearings-place-found" if found else "hearings-place-not-found"
    keyboard = ui.places_keyboard(turn.l10n, [p.label for p in courts_first])
    await message.answer(turn.l10n(key), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "plpick"))
async def on_place_pick(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    message = target(query)
    current = await need_flow(state)
    i = index(callback_data.ref)
    place_id = current.choices[i] if 0 <= i < len(current.choices) else None
    place = turn.places.get(place_id) if place_id else None
    if place is None:
        raise Stale()
    await query.answer()
    await place_chosen(message, turn, state, place_id=place.id, tz=place.tz)


@router.callback_query(HrCb.filter(F.action == "plother"))
async def on_place_other(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    message = target(query)
    await need_flow(state)
    await query.answer()
    await set_flow(state, HearingForm.place_text)
    await message.answer(
        turn.l10n("hearings-ask-place-text"), reply_markup=ui.quit_keyboard(turn.l10n)
    )


@router.message(HearingForm.place_text, F.text)
async def on_place_free_text(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if not text:
        return
    await set_flow(state, HearingForm.place_tz, place_text=text[: service.MAX_PLACE_TEXT])
    keyboard = ui.zones_keyboard(turn.l10n, ui.US_ZONES)
    await message.answer(turn.l10n("hearings-ask-place-tz"), reply_markup=keyboard)


@router.callback_query(HrCb.filter(F.action == "ptz"))
async def on_place_tz(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    message = target(query)
    current = await need_flow(state)
    i = index(callback_data.ref)
    zones = current.zones or list(ui.US_ZONES)
    if not current.place_text or not 0 <= i < len(zones):
        raise Stale()
    await query.answer()
    await place_chosen(message, turn, state, place_text=current.place_text, tz=zones[i])


@router.message(HearingForm.place_tz, F.text)
async def on_place_tz_text(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    zones = timezones.find(text)
    current = await need_flow(state)
    if len(zones) == 1:
        await place_chosen(message, turn, state, place_text=current.place_text, tz=zones[0])
        return
    if not zones:
        # Not a dead end: the usual zones stay one press away.
        keyboard = ui.zones_keyboard(turn.l10n, ui.US_ZONES)
        await message.answer(turn.l10n("timezone-not-found"), reply_markup=keyboard)
        return
    await set_flow(state, HearingForm.place_tz, zones=zones)
    keyboard = ui.zones_keyboard(turn.l10n, zones)
    await message.answer(turn.l10n("timezone-which"), reply_markup=keyboard)


async def place_chosen(
    message: Message,
    turn: Turn,
    state: FSMContext,
    *,
    place_id: str | None = None,
    place_text: str | None = None,
    tz: str,
) -> None:
    await set_flow(state, HearingForm.when, place_id=place_id, place_text=place_text, tz=tz)
    current = await need_flow(state)
    if current.flow == "edit-place":
        # "Keep the time" keeps the hearing's wall-clock time, now in the new place's zone.
        await message.answer(
            turn.l10n("hearings-place-changed-ask-time"),
            reply_markup=ui.column([ui.btn(turn.l10n("hearings-btn-keep-time"), "keeptime")]),
        )
    await ask_when(message, turn, tz)


# ---- court time --------------------------------------------------------------------------


async def ask_when(message: Message, turn: Turn, tz: str) -> None:
    now = turn.now()
    court_now = now.astimezone(ZoneInfo(tz))
    l10n = turn.l10n
    await message.answer(
        l10n(
            "hearings-ask-when",
            zone=texts.zone_text(l10n, tz, now),
            now=texts.when_text(l10n, court_now),
        ),
        reply_markup=ui.quit_keyboard(l10n),
    )


async def ask_new_date(message: Message, turn: Turn, state: FSMContext, hearing: Hearing) -> None:
    """Postpone: only the time step, in the hearing's own court zone."""
    await set_flow(state, HearingForm.when, flow="postpone", hearing=hearing.id, tz=hearing.tz)
    await ask_when(message, turn, hearing.tz)


@router.message(HearingForm.when, F.text)
async def on_when(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    current = await load_flow(state)
    tz = current.tz if current is not None else None
    if tz is None or not timezones.is_valid(tz):
        await end_flow(state)
        raise Stale()
    l10n = turn.l10n
    day = dt.date.fromisoformat(current.day) if current and current.day else None
    parsed = parse_hearing_time(text, turn.now(), tz, day=day)
    if isinstance(parsed, DateProblem):
        if parsed.code == "no-time":  # "завтра": the day is kept for a time typed next
            await set_flow(state, HearingForm.when, day=str(parsed.args["date"]))
        await message.answer(texts.date_problem(l10n, parsed), reply_markup=ui.quit_keyboard(l10n))
        return
    await set_flow(state, HearingForm.when, local=service.local_iso(parsed), day=None)
    court = parsed.replace(tzinfo=ZoneInfo(tz))
    lines = [
        l10n(
            "hearings-confirm-when",
            when=texts.when_text(l10n, court),
            zone=texts.zone_text(l10n, tz, court),
        ),
    ]
    mine_tz = turn.user.timezone
    if mine_tz and mine_tz != tz:
        mine = court.astimezone(ZoneInfo(mine_tz))
        lines.append(
            l10n(
                "hearings-your-time",
                when=texts.when_text(l10n, mine),
                zone=texts.zone_text(l10n, mine_tz, mine),
            )
        )
    lines.append(l10n("hearings-confirm-question"))
    await message.answer("\n".join(lines), reply_markup=ui.when_confirm_keyboard(l10n))


@router.callback_query(HrCb.filter(F.action == "whenredo"))
async def on_when_redo(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    message = target(query)
    current = await need_flow(state)
    if not current.tz:
        raise Stale()
    await query.answer()
    await set_flow(state, HearingForm.when, local=None)
    await ask_when(message, turn, current.tz)


@router.callback_query(HrCb.filter(F.action.in_({"whenok", "keeptime"})))
async def on_when_ok(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    """The time is confirmed: adding goes on to the kind; a change is saved now."""
    message = target(query)
    current = await need_flow(state)
    keep = callback_data.action == "keeptime"
    if not keep and not current.local:
        raise Stale()
    if current.flow == "add":
        await query.answer()
        await set_flow(state, None)
        await message.answer(
            turn.l10n("hearings-ask-kind"), reply_markup=ui.kind_keyboard(turn.l10n)
        )
        return
    hearing = await require_hearing(turn, current.hearing, end_flow=True)
    new_place = current.flow == "edit-place"
    await apply_change(
        message,
        turn,
        hearing,
        state=state,
        local_start=service.parse_local(current.local) if current.local and not keep else None,
        place=service.PlaceRef(id=current.place_id, text=current.place_text)
        if new_place
        else None,
        tz=current.tz if new_place else None,
    )
    await query.answer()


# ---- kind, mode, notes -------------------------------------------------------------------


@router.callback_query(HrCb.filter(F.action.in_({"kind", "mode"}) & (F.id > 0)), HasHearing())
async def on_change_kind_or_mode(
    query: CallbackQuery, callback_data: HrCb, hearing: Hearing, message: Message, turn: Turn
) -> None:
    """A kind or a mode for the hearing the button names: a change, saved at once."""
    field, value = callback_data.action, callback_data.ref
    if value not in (set(HearingKind) if field == "kind" else set(HearingMode)):
        raise Stale()
    await apply_change(
        message,
        turn,
        hearing,
        kind=value if field == "kind" else None,
        mode=value if field == "mode" else None,
    )
    await query.answer()


@router.callback_query(HrCb.filter((F.action == "kind") & (F.id == 0)))
async def on_add_kind(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    """Adding: the kind, after the time."""
    message = target(query)
    current = await need_flow(state)
    if callback_data.ref not in set(HearingKind) or current.flow != "add" or not current.local:
        raise Stale()
    await query.answer()
    await set_flow(state, None, kind=callback_data.ref)
    await message.answer(turn.l10n("hearings-ask-mode"), reply_markup=ui.mode_keyboard(turn.l10n))


@router.callback_query(HrCb.filter((F.action == "mode") & (F.id == 0)))
async def on_add_mode(
    query: CallbackQuery, callback_data: HrCb, turn: Turn, state: FSMContext
) -> None:
    """Adding: the mode, after the kind."""
    message = target(query)
    current = await need_flow(state)
    if callback_data.ref not in set(HearingMode) or current.flow != "add" or not current.kind:
        raise Stale()
    await query.answer()
    await set_flow(state, HearingForm.notes, mode=callback_data.ref)
    await message.answer(
        turn.l10n("hearings-ask-notes"), reply_markup=ui.notes_keyboard(turn.l10n)
    )


@router.message(HearingForm.notes, F.text)
async def on_notes(message: Message, turn: Turn, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    await finish_notes(message, turn, state, text)


@router.callback_query(HrCb.filter(F.action == "notesskip"), HearingForm.notes)
async def on_notes_skip(query: CallbackQuery, turn: Turn, state: FSMContext) -> None:
    message = target(query)
    await finish_notes(message, turn, state, None)
    await query.answer()


@router.callback_query(HrCb.filter(F.action == "notesskip"))
async def on_notes_skip_stale(query: CallbackQuery) -> None:
    raise Stale()


async def finish_notes(message: Message, turn: Turn, state: FSMContext, notes: str | None) -> None:
    """The last step: save the notes of a hearing, or the whole new hearing."""
    current = await need_flow(state)
    if current.flow == "edit-notes":
        changed = await require_hearing(turn, current.hearing, end_flow=True)
        await end_flow(state)
        await apply_change(message, turn, changed, notes=notes)
        return
    if current.flow != "add":
        await end_flow(state)
        raise Stale()
    await require_case(turn, current.case, end_flow=True)
    added = await add_hearing(message, turn, state, current, notes)
    if added is None:
        return
    await end_flow(state)
    count = len(await access.recipients(turn.session, current.case))
    head = turn.l10n("hearings-saved", people=count)
    await ui.send_hearing(message, turn, added, head=head)


async def add_hearing(
    message: Message, turn: Turn, state: FSMContext, current: HearingFlow, notes: str | None
) -> Hearing | None:
    """Save the new hearing; None when the service refused the time (the usual refusal: a
    time already past), after going back to the time step with the reason."""
    if not (current.tz and current.local and current.kind and current.mode):
        await end_flow(state)
        raise Stale()
    try:
        return await service.add_hearing(
            turn.session,
            turn.vault,
            case_id=current.case,
            person_id=current.person or None,
            place=service.PlaceRef(id=current.place_id, text=current.place_text),
            tz=current.tz,
            local_start=service.parse_local(current.local),
            kind=current.kind,
            mode=current.mode,
            notes=notes,
            actor_id=turn.user.id,
            now=turn.now(),
        )
    except service.HearingError as exc:
        # Not a refusal but a step back: the form goes on at the time step.
        await message.answer(turn.l10n(exc.key), reply_markup=ui.quit_keyboard(turn.l10n))
        await set_flow(state, HearingForm.when, local=None)
        return None


# A sticker or a photo sent where one of the hearing forms waits for text.
@router.message(StateFilter(HearingForm, TzForm), ~F.text)
async def on_not_text(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("hearings-type-text"))
