"""The hearing form, one step at a time: place, court time, kind, mode, notes.

Adding a hearing walks through every step; changing one goes through one step (the
place, then the time; the date alone; the kind, mode or notes) and saves at its end. The
flow's ``flow`` value tells the two apart.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.hearings import ui
from bot.handlers.hearings.base import (
    HearingForm,
    TzForm,
    apply_change,
    end_flow,
    flow,
    index,
    msg,
    refuse,
    set_flow,
    stale,
    typed,
)
from bot.handlers.hearings.ui import HrCb
from bot.handlers.template import RouterTemplate
from bot.hearings import access, queries, service, texts, timezones
from bot.hearings.dates import DateProblem, parse_hearing_time
from bot.hearings.models import Hearing, HearingKind, HearingMode
from bot.i18n import L10n
from bot.models import User
from bot.places import Places

router = RouterTemplate("hearings-form")


# ---- place -------------------------------------------------------------------------------


async def ask_place(
    message: Message,
    session: AsyncSession,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    person_id: int | None,
    **values: object,
) -> None:
    """Start at the place step; ``values`` are the flow's (what it is for, which hearing)."""
    suggestion = await queries.suggested_place(session, vault, places, person_id)
    choices = [suggestion] if suggestion is not None else []
    await set_flow(state, HearingForm.place, **values, choices=[p.id for p in choices])
    markup = ui.places_keyboard(l10n, [p.label for p in choices], prefix="📍 ")
    await message.answer(l10n("hearings-ask-place"), reply_markup=markup)


@router.message(HearingForm.place, F.text)
async def on_place_text(message: Message, l10n: L10n, places: Places, state: FSMContext) -> None:
    text = typed(message)
    if text is None:
        return
    found = places.search(text, limit=5)
    courts_first = sorted(found, key=lambda p: p.kind != "court")
    await set_flow(state, HearingForm.place, choices=[p.id for p in courts_first])
    key = "hearings-place-found" if found else "hearings-place-not-found"
    markup = ui.places_keyboard(l10n, [p.label for p in courts_first])
    await message.answer(l10n(key), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "plpick"))
async def on_place_pick(
    query: CallbackQuery,
    callback_data: HrCb,
    l10n: L10n,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    data = await flow(state)
    message = msg(query)
    choices = data.get("choices") or []
    i = index(callback_data.ref)
    place_id = str(choices[i]) if 0 <= i < len(choices) else None
    place = places.get(place_id) if place_id else None
    if place is None or message is None or "flow" not in data:
        await stale(query, l10n)
        return
    await query.answer()
    await place_chosen(message, state, l10n, clock, place_id=place.id, tz=place.tz)


@router.callback_query(HrCb.filter(F.action == "plother"))
async def on_place_other(query: CallbackQuery, l10n: L10n, state: FSMContext) -> None:
    message = msg(query)
    if message is None or "flow" not in await flow(state):
        await stale(query, l10n)
        return
    await query.answer()
    await set_flow(state, HearingForm.place_text)
    await message.answer(l10n("hearings-ask-place-text"))


@router.message(HearingForm.place_text, F.text)
async def on_place_free_text(message: Message, l10n: L10n, state: FSMContext) -> None:
    text = typed(message)
    if not text:
        return
    await set_flow(state, HearingForm.place_tz, place_text=text[: service.MAX_PLACE_TEXT])
    markup = ui.zones_keyboard(l10n, ui.US_ZONES)
    await message.answer(l10n("hearings-ask-place-tz"), reply_markup=markup)


@router.callback_query(HrCb.filter(F.action == "ptz"))
async def on_place_tz(
    query: CallbackQuery, callback_data: HrCb, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    data = await flow(state)
    message = msg(query)
    i = index(callback_data.ref)
    zones = data.get("zones") or list(ui.US_ZONES)
    if message is None or not data.get("place_text") or not 0 <= i < len(zones):
        await stale(query, l10n)
        return
    await query.answer()
    await place_chosen(message, state, l10n, clock, place_text=data["place_text"], tz=zones[i])


@router.message(HearingForm.place_tz, F.text)
async def on_place_tz_text(message: Message, l10n: L10n, state: FSMContext, clock: Clock) -> None:
    text = typed(message)
    if text is None:
        return
    zones = timezones.find(text)
    data = await flow(state)
    if len(zones) == 1:
        await place_chosen(
            message, state, l10n, clock, place_text=data.get("place_text"), tz=zones[0]
        )
        return
    if not zones:
        await message.answer(l10n("timezone-not-found"))
        return
    await set_flow(state, HearingForm.place_tz, zones=zones)
    await message.answer(l10n("timezone-which"), reply_markup=ui.zones_keyboard(l10n, zones))


async def place_chosen(
    message: Message,
    state: FSMContext,
    l10n: L10n,
    clock: Clock,
    *,
    place_id: str | None = None,
    place_text: str | None = None,
    tz: str,
) -> None:
    await set_flow(state, HearingForm.when, place_id=place_id, place_text=place_text, tz=tz)
    if (await flow(state)).get("flow") == "edit-place":
        # "Keep the time" keeps the hearing's wall-clock time, now in the new place's zone.
        await message.answer(
            l10n("hearings-place-changed-ask-time"),
            reply_markup=ui.kb([[ui.btn(l10n("hearings-btn-keep-time"), "keeptime")]]),
        )
    await ask_when(message, l10n, tz, clock.now())


# ---- court time --------------------------------------------------------------------------


async def ask_when(message: Message, l10n: L10n, tz: str, now: dt.datetime) -> None:
    court_now = now.astimezone(ZoneInfo(tz))
    await message.answer(
        l10n(
            "hearings-ask-when",
            zone=texts.zone_text(l10n, tz, now),
            now=texts.when_text(l10n, court_now),
        )
    )


async def ask_new_date(
    message: Message, state: FSMContext, l10n: L10n, hearing: Hearing, now: dt.datetime
) -> None:
    """Postpone: only the time step, in the hearing's own court zone."""
    await set_flow(state, HearingForm.when, flow="postpone", hearing=hearing.id, tz=hearing.tz)
    await ask_when(message, l10n, hearing.tz, now)


@router.message(HearingForm.when, F.text)
async def on_when(
    message: Message, user: User, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    text = typed(message)
    if text is None:
        return
    data = await flow(state)
    tz = str(data.get("tz") or "")
    if not timezones.is_valid(tz):
        await end_flow(state)
        await message.answer(l10n("callback-stale"))
        return
    parsed = parse_hearing_time(text, clock.now(), tz)
    if isinstance(parsed, DateProblem):
        await message.answer(texts.date_problem(l10n, parsed))
        return
    await set_flow(state, HearingForm.when, local=service.local_iso(parsed))
    court = parsed.replace(tzinfo=ZoneInfo(tz))
    lines = [
        l10n(
            "hearings-confirm-when",
            when=texts.when_text(l10n, court),
            zone=texts.zone_text(l10n, tz, court),
        ),
    ]
    if user.timezone and user.timezone != tz:
        mine = court.astimezone(ZoneInfo(user.timezone))
        lines.append(
            l10n(
                "hearings-your-time",
                when=texts.when_text(l10n, mine),
                zone=texts.zone_text(l10n, user.timezone, mine),
            )
        )
    lines.append(l10n("hearings-confirm-question"))
    await message.answer("\n".join(lines), reply_markup=ui.when_confirm_keyboard(l10n))


@router.callback_query(HrCb.filter(F.action == "whenredo"))
async def on_when_redo(query: CallbackQuery, l10n: L10n, state: FSMContext, clock: Clock) -> None:
    data = await flow(state)
    message = msg(query)
    if message is None or not data.get("tz"):
        await stale(query, l10n)
        return
    await query.answer()
    await set_flow(state, HearingForm.when, local=None)
    await ask_when(message, l10n, str(data["tz"]), clock.now())


@router.callback_query(HrCb.filter(F.action.in_({"whenok", "keeptime"})))
async def on_when_ok(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    """The time is confirmed: adding goes on to the kind; a change is saved now."""
    data = await flow(state)
    message = msg(query)
    keep = callback_data.action == "keeptime"
    if message is None or "flow" not in data or (not keep and not data.get("local")):
        await stale(query, l10n)
        return
    kind = data["flow"]
    if kind == "add":
        await query.answer()
        await set_flow(state, None)
        await message.answer(l10n("hearings-ask-kind"), reply_markup=ui.kind_keyboard(l10n))
        return
    hearing = await access.hearing_for(session, int(data.get("hearing") or 0), user.id, is_admin)
    if hearing is None:
        await end_flow(state)
        await refuse(query, l10n)
        return
    await query.answer()
    new_place = kind == "edit-place"
    await apply_change(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        clock,
        state=state,
        local_start=service.parse_local(str(data["local"]))
        if data.get("local") and not keep
        else None,
        place=service.PlaceRef(id=data.get("place_id"), text=data.get("place_text"))
        if new_place
        else None,
        tz=str(data["tz"]) if new_place else None,
    )


# ---- kind, mode, notes -------------------------------------------------------------------


@router.callback_query(HrCb.filter(F.action.in_({"kind", "mode"})))
async def on_kind_or_mode(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    """A kind or a mode: for the hearing it names (a change, saved at once), or the next
    step of adding one (``id`` 0)."""
    field = callback_data.action
    value = callback_data.ref
    allowed = set(HearingKind) if field == "kind" else set(HearingMode)
    message = msg(query)
    if value not in allowed or message is None:
        await stale(query, l10n)
        return
    if callback_data.id:
        hearing = await access.hearing_for(session, callback_data.id, user.id, is_admin)
        if hearing is None:
            await refuse(query, l10n)
            return
        await query.answer()
        await apply_change(
            message,
            session,
            hearing,
            user,
            l10n,
            vault,
            places,
            clock,
            kind=value if field == "kind" else None,
            mode=value if field == "mode" else None,
        )
        return
    data = await flow(state)
    # Each step needs the one before it: the time before the kind, the kind before the mode.
    before = "local" if field == "kind" else "kind"
    if data.get("flow") != "add" or not data.get(before):
        await stale(query, l10n)
        return
    await query.answer()
    if field == "kind":
        await set_flow(state, None, kind=value)
        await message.answer(l10n("hearings-ask-mode"), reply_markup=ui.mode_keyboard(l10n))
    else:
        await set_flow(state, HearingForm.notes, mode=value)
        await message.answer(l10n("hearings-ask-notes"), reply_markup=ui.notes_keyboard(l10n))


@router.message(HearingForm.notes, F.text)
async def on_notes(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    text = typed(message)
    if text is None:
        return
    await finish_notes(message, session, user, is_admin, l10n, vault, places, state, clock, text)


@router.callback_query(HrCb.filter(F.action == "notesskip"))
async def on_notes_skip(
    query: CallbackQuery,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
) -> None:
    message = msg(query)
    if message is None or await state.get_state() != HearingForm.notes.state:
        await stale(query, l10n)
        return
    await query.answer()
    await finish_notes(message, session, user, is_admin, l10n, vault, places, state, clock, None)


async def finish_notes(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
    clock: Clock,
    notes: str | None,
) -> None:
    """The last step: save the notes of a hearing, or the whole new hearing."""
    data = await flow(state)
    now = clock.now()
    if data.get("flow") == "edit-notes":
        hearing = await access.hearing_for(
            session, int(data.get("hearing") or 0), user.id, is_admin
        )
        await end_flow(state)
        if hearing is None:
            await message.answer(l10n("hearings-no-access"))
            return
        await apply_change(
            message, session, hearing, user, l10n, vault, places, clock, notes=notes
        )
        return
    case_id = int(data.get("case") or 0)
    if data.get("flow") != "add" or not await access.can_access(
        session, case_id, user.id, is_admin
    ):
        await end_flow(state)
        await message.answer(l10n("hearings-no-access"))
        return
    try:
        hearing = await service.add_hearing(
            session,
            vault,
            case_id=case_id,
            person_id=int(data.get("person") or 0) or None,
            place=service.PlaceRef(id=data.get("place_id"), text=data.get("place_text")),
            tz=str(data["tz"]),
            local_start=service.parse_local(str(data["local"])),
            kind=str(data["kind"]),
            mode=str(data["mode"]),
            notes=notes,
            actor_id=user.id,
            now=now,
        )
    except service.HearingError as exc:
        # Back to the time step: the usual refusal is a time already past.
        await message.answer(l10n(f"hearings-error-{exc.code}"))
        await set_flow(state, HearingForm.when, local=None)
        return
    await end_flow(state)
    count = len(await access.recipients(session, case_id))
    head = l10n("hearings-saved", people=count)
    await ui.send_hearing(message, session, hearing, user, l10n, vault, places, now, head=head)


# A sticker or a photo sent where one of the hearing forms waits for text.
@router.message(StateFilter(HearingForm, TzForm), ~F.text)
async def on_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("hearings-type-text"))
