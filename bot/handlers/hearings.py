"""Hearings and deadlines: /hearings, adding and changing a hearing, what happened after it,
the deadlines that follow, reminder settings, .ics export, and the outbox renderers.

Entry points other features can link to (callback data, re-checked here on every press):

* ``HrCb(action="add", id=<case_id>, ref="<person_id>")``: add a hearing for a person;
* ``HrCb(action="dlnew", id=<case_id>, ref="<person_id>")``: add a deadline for a person;
* ``HrCb(action="ics", id=<case_id>)``: send the case's calendar file.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import F
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Case, Person
from bot.clock import Clock
from bot.config import Settings
from bot.crypto import Vault
from bot.delivery import Outgoing, Prefetch, RenderContext, Renderer
from bot.handlers.callbacks import MenuCb
from bot.handlers.template import RouterTemplate
from bot.hearings import access, ics, reminders, rules, service, texts, timezones
from bot.hearings.dates import DateProblem, parse_hearing_time, parse_past_date
from bot.hearings.models import (
    Deadline,
    DeadlineStatus,
    Hearing,
    HearingKind,
    HearingMode,
    HearingStatus,
    Outcome,
)
from bot.i18n import L10n
from bot.keyboards import back_to_menu
from bot.models import OutboxMessage, User
from bot.places import Places

router = RouterTemplate("hearings")

MAX_CHOICES = 6
US_ZONES: tuple[str, ...] = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
)


class HrCb(CallbackData, prefix="hr"):
    action: str
    id: int = 0
    ref: str = ""


class HearingForm(StatesGroup):
    place = State()
    place_text = State()
    place_tz = State()
    when = State()
    notes = State()
    past_date = State()


# ---- small helpers ----------------------------------------------------------------------


def btn(text: str, action: str, id_: int = 0, ref: str = "") -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=HrCb(action=action, id=id_, ref=ref).pack()
    )


def kb(rows: Sequence[Sequence[InlineKeyboardButton]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[list(r) for r in rows])


def msg(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


async def deny(query: CallbackQuery, l10n: L10n) -> None:
    await query.answer(l10n("hearings-no-access"), show_alert=True)


async def flow(state: FSMContext) -> dict[str, Any]:
    data = await state.get_data()
    value = data.get("hr")
    return dict(value) if isinstance(value, dict) else {}


async def set_flow(state: FSMContext, st: State | None, **values: Any) -> None:
    current = await flow(state)
    current.update(values)
    await state.update_data(hr=current)
    await state.set_state(st)


async def end_flow(state: FSMContext) -> None:
    await state.update_data(hr=None)
    await state.set_state(None)


def needs_consent(user: User) -> bool:
    return user.consent_at is None


async def persons_of(session: AsyncSession, case_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.case_id == case_id).order_by(Person.id)
    )
    return list(rows)


async def name_of(session: AsyncSession, vault: Vault, person_id: int | None, locale: str) -> str:
    person = await session.get(Person, person_id) if person_id else None
    return texts.person_name(vault, person, locale)


async def load_hearing(
    session: AsyncSession, hearing_id: int, user: User, is_admin: bool
) -> Hearing | None:
    hearing = await session.get(Hearing, hearing_id)
    if hearing is None:
        return None
    if not await access.can_access(session, hearing.case_id, user.id, is_admin):
        return None
    return hearing


async def load_deadline(
    session: AsyncSession, deadline_id: int, user: User, is_admin: bool
) -> Deadline | None:
    deadline = await session.get(Deadline, deadline_id)
    if deadline is None:
        return None
    if not await access.can_access(session, deadline.case_id, user.id, is_admin):
        return None
    return deadline


async def audit_read(
    session: AsyncSession, user: User, case_id: int, what: str, obj: int, now: dt.datetime
) -> None:
    """Volunteers' (and admins') reads of a family's data are audited; members' are not."""
    if user.id not in await access.recipients(session, case_id) or await _is_case_volunteer(
        session, case_id, user.id
    ):
        await service.audit(session, user.id, f"{what}.view", what, obj, now)


async def _is_case_volunteer(session: AsyncSession, case_id: int, user_id: int) -> bool:
    case = await session.get(Case, case_id)
    return case is not None and case.volunteer_id == user_id


# ---- the overview -----------------------------------------------------------------------


async def overview(
    session: AsyncSession, user: User, l10n: L10n, vault: Vault, places: Places, now: dt.datetime
) -> tuple[str, InlineKeyboardMarkup]:
    case_ids = await access.user_case_ids(session, user.id)
    hearings = await reminders.upcoming_hearings(session, case_ids, now)
    deadlines = await reminders.active_deadlines(session, case_ids, now)
    lines = [l10n("hearings-list-title")]
    rows: list[list[InlineKeyboardButton]] = []
    if not case_ids:
        lines.append(l10n("hearings-list-no-cases"))
    elif not hearings and not deadlines:
        lines.append(l10n("hearings-list-empty"))
    today = now.astimezone(ZoneInfo(user.timezone or "America/New_York")).date()
    for hearing in hearings[:10]:
        view = await texts.load_view(session, vault, places, hearing, l10n.locale)
        lines.append(texts.list_line_hearing(l10n, view, user.timezone))
        label = f"📅 {l10n.date(texts.court_local(hearing).date(), 'short')} · {view.person}"
        rows.append([btn(label[:60], "open", hearing.id)])
    for deadline in deadlines[:10]:
        person = await name_of(session, vault, deadline.person_id, l10n.locale)
        lines.append(texts.list_line_deadline(l10n, deadline, person, today))
        short = l10n(f"deadline-short-{deadline.kind}")
        label = f"📌 {l10n.date(deadline.due_date, 'short')} · {short}"
        rows.append([btn(label[:60], "dl", deadline.id)])
    if user.timezone is None:
        lines.append("")
        lines.append(l10n("hearings-set-your-tz"))
    if case_ids:
        rows.append(
            [btn(l10n("hearings-btn-add"), "add"), btn(l10n("hearings-btn-add-deadline"), "dlnew")]
        )
        rows.append([btn(l10n("hearings-btn-ics"), "ics")])
    rows.append([btn(l10n("hearings-btn-prefs"), "prefs"), btn(l10n("hearings-btn-tz"), "tz")])
    rows.append([back_to_menu(l10n)])
    return "\n".join(lines), kb(rows)


async def show_overview(
    target: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    if needs_consent(user):
        await target.answer(l10n("hearings-need-consent"))
        return
    text, markup = await overview(session, user, l10n, vault, places, clock.now())
    await target.answer(text, reply_markup=markup)


@router.message(Command("hearings"))
async def cmd_hearings(
    message: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    state: FSMContext,
) -> None:
    await end_flow(state)
    await show_overview(message, session, user, l10n, vault, places, clock)


@router.callback_query(MenuCb.filter(F.item == "hearings"))
@router.callback_query(HrCb.filter(F.action == "list"))
async def on_list(
    query: CallbackQuery,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    state: FSMContext,
) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        await end_flow(state)
        await show_overview(message, session, user, l10n, vault, places, clock)


# ---- one hearing ------------------------------------------------------------------------


def hearing_keyboard(l10n: L10n, hearing: Hearing, now: dt.datetime) -> InlineKeyboardMarkup:
    rows: list[list[InlineKeyboardButton]] = []
    if hearing.status == HearingStatus.SCHEDULED:
        rows.append(
            [
                btn(l10n("hearings-btn-new-date"), "chdate", hearing.id),
                btn(l10n("hearings-btn-edit"), "edit", hearing.id),
            ]
        )
        if hearing.starts_at <= now:
            rows.append([btn(l10n("hearings-btn-outcome"), "outq", hearing.id)])
        rows.append([btn(l10n("hearings-btn-cancel"), "cancel", hearing.id)])
    rows.append(
        [
            btn(
                l10n("hearings-btn-add-deadline"),
                "dlnew",
                hearing.case_id,
                str(hearing.person_id or 0),
            ),
            btn(l10n("hearings-btn-ics"), "ics", hearing.case_id),
        ]
    )
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    return kb(rows)


async def send_hearing(
    target: Message,
    session: AsyncSession,
    hearing: Hearing,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    now: dt.datetime,
    head: str | None = None,
) -> None:
    view = await texts.load_view(session, vault, places, hearing, l10n.locale)
    body = texts.hearing_card(l10n, view, user.timezone)
    status = ""
    if hearing.status == HearingStatus.CANCELLED:
        status = l10n("hearings-status-cancelled") + "\n"
    elif hearing.status == HearingStatus.HELD and hearing.outcome:
        status = l10n(f"hearings-status-outcome-{hearing.outcome}") + "\n"
    text = (head + "\n\n" if head else "") + status + body
    await target.answer(text, reply_markup=hearing_keyboard(l10n, hearing, now))


@router.callback_query(HrCb.filter(F.action == "open"))
async def on_open(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    await query.answer()
    await audit_read(session, user, hearing.case_id, "hearing", hearing.id, clock.now())
    await send_hearing(message, session, hearing, user, l10n, vault, places, clock.now())


# ---- adding a hearing: case, person, place, time, kind, mode, notes ---------------------


async def case_label(session: AsyncSession, vault: Vault, case_id: int, locale: str) -> str:
    names = [texts.person_name(vault, p, locale) for p in await persons_of(session, case_id)]
    return f"№{case_id}: " + (", ".join(names) if names else "—")


@router.callback_query(HrCb.filter(F.action.in_({"add", "dlnew"})))
async def on_add(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    state: FSMContext,
) -> None:
    """Pick the case, then the person; then the hearing form or the deadline kinds."""
    message = msg(query)
    if message is None:
        await query.answer()
        return
    if needs_consent(user):
        await query.answer(l10n("hearings-need-consent"), show_alert=True)
        return
    action = callback_data.action
    case_id = callback_data.id
    if case_id == 0:
        cases = await access.user_case_ids(session, user.id)
        if len(cases) != 1:
            await query.answer()
            if not cases:
                await message.answer(l10n("hearings-list-no-cases"))
                return
            rows = [
                [btn((await case_label(session, vault, c, l10n.locale))[:60], action, c)]
                for c in cases[:MAX_CHOICES]
            ]
            await message.answer(l10n("hearings-choose-case"), reply_markup=kb(rows))
            return
        case_id = cases[0]
    if not await access.can_access(session, case_id, user.id, is_admin):
        await deny(query, l10n)
        return
    persons = await persons_of(session, case_id)
    person_id = int(callback_data.ref) if callback_data.ref.isdigit() else 0
    if person_id and person_id not in {p.id for p in persons}:
        await deny(query, l10n)
        return
    await query.answer()
    if not persons:
        await message.answer(l10n("hearings-no-persons"))
        return
    if not person_id:
        if len(persons) > 1:
            rows = [
                [btn(texts.person_name(vault, p, l10n.locale)[:60], action, case_id, str(p.id))]
                for p in persons[:MAX_CHOICES]
            ]
            await message.answer(l10n("hearings-choose-person"), reply_markup=kb(rows))
            return
        person_id = persons[0].id
    if action == "dlnew":
        await ask_deadline_kind(message, l10n, case_id, person_id)
        return
    await end_flow(state)
    await set_flow(state, HearingForm.place, flow="add", case=case_id, person=person_id)
    await ask_place(message, session, l10n, vault, places, person_id, state)


async def ask_place(
    message: Message,
    session: AsyncSession,
    l10n: L10n,
    vault: Vault,
    places: Places,
    person_id: int | None,
    state: FSMContext,
) -> None:
    rows: list[list[InlineKeyboardButton]] = []
    suggestion = await suggested_place(session, vault, places, person_id)
    choices: list[str] = []
    if suggestion is not None:
        choices.append(suggestion.id)
        rows.append([btn(f"📍 {suggestion.label}"[:60], "plpick", ref="0")])
    await set_flow(state, HearingForm.place, choices=choices)
    rows.append([btn(l10n("hearings-btn-other-place"), "plother")])
    await message.answer(l10n("hearings-ask-place"), reply_markup=kb(rows))


async def suggested_place(
    session: AsyncSession, vault: Vault, places: Places, person_id: int | None
) -> Any:
    """The court or facility the case already records for this person, if any."""
    import json

    person = await session.get(Person, person_id) if person_id else None
    if person is None or not person.location_enc:
        return None
    try:
        location = json.loads(vault.decrypt(person.location_enc))
    except Exception:  # a damaged or foreign value is just no suggestion
        return None
    ref = location.get("ref") if isinstance(location, dict) else None
    place = places.get(str(ref)) if ref else None
    if place is None and ref:
        for kind in ("court", "facility"):
            place = places.get(f"{kind}:{ref}")
            if place is not None:
                break
    return place


@router.message(HearingForm.place, F.text)
async def on_place_text(message: Message, l10n: L10n, places: Places, state: FSMContext) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
        return
    found = places.search(text, limit=5)
    courts_first = sorted(found, key=lambda p: p.kind != "court")
    await set_flow(state, HearingForm.place, choices=[p.id for p in courts_first])
    rows = [[btn(p.label[:60], "plpick", ref=str(i))] for i, p in enumerate(courts_first)]
    rows.append([btn(l10n("hearings-btn-other-place"), "plother")])
    key = "hearings-place-found" if found else "hearings-place-not-found"
    await message.answer(l10n(key), reply_markup=kb(rows))


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
    index = int(callback_data.ref) if callback_data.ref.isdigit() else -1
    place_id = str(choices[index]) if 0 <= index < len(choices) else None
    place = places.get(place_id) if place_id else None
    if place is None or message is None or "flow" not in data:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    await place_chosen(message, state, l10n, clock, place_id=place.id, tz=place.tz)


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
    data = await flow(state)
    if data.get("flow") == "edit-place":
        await set_flow(
            state,
            HearingForm.when,
            place_id=place_id,
            place_text=place_text,
            tz=tz,
            flow="edit-place",
        )
        await message.answer(
            l10n("hearings-place-changed-ask-time"),
            reply_markup=kb([[btn(l10n("hearings-btn-keep-time"), "keeptime")]]),
        )
        await ask_when(message, l10n, tz, clock.now())
        return
    await set_flow(state, HearingForm.when, place_id=place_id, place_text=place_text, tz=tz)
    await ask_when(message, l10n, tz, clock.now())


async def ask_when(message: Message, l10n: L10n, tz: str, now: dt.datetime) -> None:
    court_now = now.astimezone(ZoneInfo(tz))
    await message.answer(
        l10n(
            "hearings-ask-when",
            zone=texts.zone_text(l10n, tz, now),
            now=texts.when_text(l10n, court_now),
        )
    )


@router.callback_query(HrCb.filter(F.action == "plother"))
async def on_place_other(query: CallbackQuery, l10n: L10n, state: FSMContext) -> None:
    message = msg(query)
    if message is None or "flow" not in await flow(state):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    await set_flow(state, HearingForm.place_text)
    await message.answer(l10n("hearings-ask-place-text"))


@router.message(HearingForm.place_text, F.text)
async def on_place_free_text(message: Message, l10n: L10n, state: FSMContext) -> None:
    text = (message.text or "").strip()
    if text.startswith("/") or not text:
        return
    await set_flow(state, HearingForm.place_tz, place_text=text[: service.MAX_PLACE_TEXT])
    rows = [
        [btn(timezones.label(z, l10n.locale)[:60], "ptz", ref=str(i))]
        for i, z in enumerate(US_ZONES)
    ]
    await message.answer(l10n("hearings-ask-place-tz"), reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "ptz"))
async def on_place_tz(
    query: CallbackQuery, callback_data: HrCb, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    data = await flow(state)
    message = msg(query)
    index = int(callback_data.ref) if callback_data.ref.isdigit() else -1
    zones = data.get("zones") or list(US_ZONES)
    if message is None or not data.get("place_text") or not 0 <= index < len(zones):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    await place_chosen(message, state, l10n, clock, place_text=data["place_text"], tz=zones[index])


@router.message(HearingForm.place_tz, F.text)
async def on_place_tz_text(message: Message, l10n: L10n, state: FSMContext, clock: Clock) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
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
    rows = [
        [btn(timezones.label(z, l10n.locale)[:60], "ptz", ref=str(i))] for i, z in enumerate(zones)
    ]
    await message.answer(l10n("timezone-which"), reply_markup=kb(rows))


def problem_text(l10n: L10n, problem: DateProblem) -> str:
    args = dict(problem.args)
    for key in ("date",):
        if key in args:
            args[key] = l10n.date(dt.date.fromisoformat(str(args[key])))
    return (
        l10n(f"hearings-date-problem-{problem.code}", **args)
        + "\n"
        + l10n("hearings-date-examples")
    )


@router.message(HearingForm.when, F.text)
async def on_when(
    message: Message, user: User, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
        return
    data = await flow(state)
    tz = str(data.get("tz") or "")
    if not timezones.is_valid(tz):
        await end_flow(state)
        await message.answer(l10n("callback-stale"))
        return
    parsed = parse_hearing_time(text, clock.now(), tz)
    if isinstance(parsed, DateProblem):
        await message.answer(problem_text(l10n, parsed))
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
    await message.answer(
        "\n".join(lines),
        reply_markup=kb(
            [[btn(l10n("hearings-btn-yes"), "whenok"), btn(l10n("hearings-btn-redo"), "whenredo")]]
        ),
    )


@router.callback_query(HrCb.filter(F.action == "whenredo"))
async def on_when_redo(query: CallbackQuery, l10n: L10n, state: FSMContext, clock: Clock) -> None:
    data = await flow(state)
    message = msg(query)
    if message is None or not data.get("tz"):
        await query.answer(l10n("callback-stale"), show_alert=True)
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
    data = await flow(state)
    message = msg(query)
    keep = callback_data.action == "keeptime"
    if message is None or "flow" not in data or (not keep and not data.get("local")):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    kind = data["flow"]
    if kind == "add":
        await query.answer()
        await set_flow(state, None)
        rows = [[btn(l10n(f"hearings-kind-{k.value}"), "kind", 0, k.value)] for k in HearingKind]
        await message.answer(l10n("hearings-ask-kind"), reply_markup=kb(rows))
        return
    hearing = await load_hearing(session, int(data.get("hearing") or 0), user, is_admin)
    if hearing is None:
        await end_flow(state)
        await deny(query, l10n)
        return
    await query.answer()
    place = None
    if kind == "edit-place":
        place = service.PlaceRef(id=data.get("place_id"), text=data.get("place_text"))
    local = service.parse_local(str(data["local"])) if data.get("local") and not keep else None
    try:
        await service.change_hearing(
            session,
            vault,
            hearing,
            actor_id=user.id,
            now=clock.now(),
            local_start=local,
            place=place,
            tz=str(data["tz"]) if kind == "edit-place" else None,
        )
    except service.HearingError as exc:
        await message.answer(l10n(f"hearings-error-{exc.code}"))
        return
    await end_flow(state)
    await send_hearing(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        clock.now(),
        head=l10n("hearings-saved-change"),
    )


@router.callback_query(HrCb.filter(F.action == "kind"))
async def on_kind(
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
    message = msg(query)
    if callback_data.ref not in set(HearingKind) or message is None:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if callback_data.id:
        hearing = await load_hearing(session, callback_data.id, user, is_admin)
        if hearing is None:
            await deny(query, l10n)
            return
        await query.answer()
        await apply_edit(
            message, session, hearing, user, l10n, vault, places, clock, kind=callback_data.ref
        )
        return
    data = await flow(state)
    if data.get("flow") != "add" or not data.get("local"):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    await set_flow(state, None, kind=callback_data.ref)
    rows = [[btn(l10n(f"hearings-mode-{m.value}"), "mode", 0, m.value)] for m in HearingMode]
    await message.answer(l10n("hearings-ask-mode"), reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "mode"))
async def on_mode(
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
    message = msg(query)
    if callback_data.ref not in set(HearingMode) or message is None:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if callback_data.id:
        hearing = await load_hearing(session, callback_data.id, user, is_admin)
        if hearing is None:
            await deny(query, l10n)
            return
        await query.answer()
        await apply_edit(
            message, session, hearing, user, l10n, vault, places, clock, mode=callback_data.ref
        )
        return
    data = await flow(state)
    if data.get("flow") != "add" or not data.get("kind"):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    await set_flow(state, HearingForm.notes, mode=callback_data.ref)
    await message.answer(
        l10n("hearings-ask-notes"),
        reply_markup=kb([[btn(l10n("hearings-btn-skip"), "notesskip")]]),
    )


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
    text = (message.text or "").strip()
    if text.startswith("/"):
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
        await query.answer(l10n("callback-stale"), show_alert=True)
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
    data = await flow(state)
    now = clock.now()
    if data.get("flow") == "edit-notes":
        hearing = await load_hearing(session, int(data.get("hearing") or 0), user, is_admin)
        await end_flow(state)
        if hearing is None:
            await message.answer(l10n("hearings-no-access"))
            return
        await apply_edit(message, session, hearing, user, l10n, vault, places, clock, notes=notes)
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
        await message.answer(l10n(f"hearings-error-{exc.code}"))
        await set_flow(state, HearingForm.when, local=None)
        return
    await end_flow(state)
    count = len(await access.recipients(session, case_id))
    await send_hearing(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        now,
        head=l10n("hearings-saved", people=count),
    )


# ---- editing, postponing, cancelling ----------------------------------------------------


async def apply_edit(
    message: Message,
    session: AsyncSession,
    hearing: Hearing,
    user: User,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
    **changes: Any,
) -> None:
    try:
        await service.change_hearing(
            session, vault, hearing, actor_id=user.id, now=clock.now(), **changes
        )
    except service.HearingError as exc:
        await message.answer(l10n(f"hearings-error-{exc.code}"))
        return
    await send_hearing(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        clock.now(),
        head=l10n("hearings-saved-change"),
    )


@router.callback_query(HrCb.filter(F.action == "edit"))
async def on_edit(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    await query.answer()
    rows = [
        [btn(l10n("hearings-btn-edit-place"), "chplace", hearing.id)],
        [btn(l10n("hearings-btn-edit-kind"), "chkind", hearing.id)],
        [btn(l10n("hearings-btn-edit-mode"), "chmode", hearing.id)],
        [btn(l10n("hearings-btn-edit-notes"), "chnotes", hearing.id)],
        [btn(l10n("hearings-btn-back"), "open", hearing.id)],
    ]
    await message.answer(l10n("hearings-edit-what"), reply_markup=kb(rows))


@router.callback_query(
    HrCb.filter(F.action.in_({"chdate", "chplace", "chkind", "chmode", "chnotes"}))
)
async def on_change(
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
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if hearing.status == HearingStatus.CANCELLED:
        await query.answer(l10n("hearings-error-not-scheduled"), show_alert=True)
        return
    await query.answer()
    action = callback_data.action
    await end_flow(state)
    if action == "chdate":
        await set_flow(state, HearingForm.when, flow="postpone", hearing=hearing.id, tz=hearing.tz)
        await ask_when(message, l10n, hearing.tz, clock.now())
    elif action == "chplace":
        await set_flow(
            state,
            HearingForm.place,
            flow="edit-place",
            hearing=hearing.id,
            case=hearing.case_id,
            person=hearing.person_id,
        )
        await ask_place(message, session, l10n, vault, places, hearing.person_id, state)
    elif action == "chkind":
        rows = [
            [btn(l10n(f"hearings-kind-{k.value}"), "kind", hearing.id, k.value)]
            for k in HearingKind
        ]
        await message.answer(l10n("hearings-ask-kind"), reply_markup=kb(rows))
    elif action == "chmode":
        rows = [
            [btn(l10n(f"hearings-mode-{m.value}"), "mode", hearing.id, m.value)]
            for m in HearingMode
        ]
        await message.answer(l10n("hearings-ask-mode"), reply_markup=kb(rows))
    else:
        await set_flow(state, HearingForm.notes, flow="edit-notes", hearing=hearing.id)
        await message.answer(
            l10n("hearings-ask-notes"),
            reply_markup=kb([[btn(l10n("hearings-btn-skip"), "notesskip")]]),
        )


@router.callback_query(HrCb.filter(F.action.in_({"cancel", "cancelok"})))
async def on_cancel(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if hearing.status == HearingStatus.CANCELLED:
        await query.answer(l10n("hearings-error-already-cancelled"), show_alert=True)
        return
    await query.answer()
    if callback_data.action == "cancel":
        await message.answer(
            l10n("hearings-cancel-confirm"),
            reply_markup=kb(
                [
                    [
                        btn(l10n("hearings-btn-cancel-yes"), "cancelok", hearing.id),
                        btn(l10n("hearings-btn-back"), "open", hearing.id),
                    ]
                ]
            ),
        )
        return
    await service.cancel_hearing(session, hearing, actor_id=user.id, now=clock.now())
    await send_hearing(
        message,
        session,
        hearing,
        user,
        l10n,
        vault,
        places,
        clock.now(),
        head=l10n("hearings-cancelled"),
    )


# ---- after the hearing ------------------------------------------------------------------


def outcome_keyboard(l10n: L10n, hearing_id: int) -> InlineKeyboardMarkup:
    return kb(
        [
            [btn(l10n("hearings-outcome-postponed"), "out", hearing_id, Outcome.POSTPONED)],
            [btn(l10n("hearings-outcome-decision"), "out", hearing_id, Outcome.DECISION)],
            [btn(l10n("hearings-outcome-dhs_appealed"), "out", hearing_id, Outcome.DHS_APPEALED)],
            [btn(l10n("hearings-outcome-unknown"), "out", hearing_id, Outcome.UNKNOWN)],
        ]
    )


@router.callback_query(HrCb.filter(F.action == "outq"))
async def on_outcome_question(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    await query.answer()
    await message.answer(
        l10n("hearings-followup-question"), reply_markup=outcome_keyboard(l10n, hearing.id)
    )


@router.callback_query(HrCb.filter(F.action == "out"))
async def on_outcome(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if callback_data.ref not in set(Outcome):
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if hearing.status != HearingStatus.SCHEDULED:
        await query.answer(l10n("hearings-outcome-already"), show_alert=True)
        return
    now = clock.now()
    if hearing.starts_at > now:
        await query.answer(l10n("hearings-outcome-too-early"), show_alert=True)
        return
    await query.answer()
    outcome = Outcome(callback_data.ref)
    await end_flow(state)
    if outcome == Outcome.POSTPONED:
        await set_flow(state, HearingForm.when, flow="postpone", hearing=hearing.id, tz=hearing.tz)
        await ask_when(message, l10n, hearing.tz, now)
    elif outcome == Outcome.DECISION:
        rows = [
            [btn(l10n(f"hearings-decision-{d}"), "dec", hearing.id, d)]
            for d in ("granted", "denied", "other")
        ]
        await message.answer(l10n("hearings-ask-decision"), reply_markup=kb(rows))
    elif outcome == Outcome.DHS_APPEALED:
        await service.record_outcome(session, hearing, outcome, actor_id=user.id, now=now)
        await message.answer(
            l10n("hearings-dhs-appealed-info") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=kb([[btn(l10n("hearings-btn-list"), "list")]]),
        )
    else:
        await service.record_outcome(session, hearing, outcome, actor_id=user.id, now=now)
        await message.answer(
            l10n("hearings-unknown-info", portal=texts.EOIR_PORTAL, hotline=texts.EOIR_HOTLINE)
        )


@router.callback_query(HrCb.filter(F.action == "dec"))
async def on_decision(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if callback_data.ref not in {"granted", "denied", "other"}:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    rows = [
        [btn(l10n(f"hearings-merits-{m}"), "mer", hearing.id, f"{callback_data.ref}.{m}")]
        for m in ("yes", "no", "unsure")
    ]
    await message.answer(l10n("hearings-ask-merits"), reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "mer"))
async def on_merits(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    decision, _, merits = callback_data.ref.partition(".")
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if decision not in {"granted", "denied", "other"} or merits not in {"yes", "no", "unsure"}:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    court_today = clock.now().astimezone(ZoneInfo(hearing.tz)).date()
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=hearing.id,
        decision=decision,
        merits=merits,
    )
    await message.answer(
        l10n("hearings-ask-decision-date"),
        reply_markup=kb(
            [
                [
                    btn(
                        l10n("hearings-btn-today", date=l10n.date(court_today, "medium")),
                        "dectoday",
                        hearing.id,
                    )
                ]
            ]
        ),
    )


async def ask_deadline_kind(message: Message, l10n: L10n, case_id: int, person_id: int) -> None:
    rows = [
        [btn(l10n(f"deadline-new-{k}"), "dlk", case_id, f"{k}.{person_id}")]
        for k in ("bia", "eoir33", "one_year")
    ]
    await message.answer(l10n("deadline-ask-kind"), reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "dlk"))
async def on_deadline_kind(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
) -> None:
    message = msg(query)
    kind, _, person = callback_data.ref.partition(".")
    if message is None or kind not in {"bia", "eoir33", "one_year"} or not person.isdigit():
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if not await access.can_access(session, callback_data.id, user.id, is_admin):
        await deny(query, l10n)
        return
    persons = {p.id for p in await persons_of(session, callback_data.id)}
    if int(person) not in persons:
        await deny(query, l10n)
        return
    await query.answer()
    if kind == "bia":
        rows = [
            [btn(l10n(f"hearings-merits-{m}"), "dlbia", callback_data.id, f"{person}.{m}")]
            for m in ("yes", "no", "unsure")
        ]
        await message.answer(l10n("hearings-ask-merits"), reply_markup=kb(rows))
        return
    await end_flow(state)
    await set_flow(
        state, HearingForm.past_date, flow=f"dl-{kind}", case=callback_data.id, person=int(person)
    )
    await message.answer(l10n(f"deadline-ask-date-{kind}"))


@router.callback_query(HrCb.filter(F.action == "dlbia"))
async def on_deadline_bia(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    state: FSMContext,
) -> None:
    message = msg(query)
    person, _, merits = callback_data.ref.partition(".")
    if message is None or not person.isdigit() or merits not in {"yes", "no", "unsure"}:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if not await access.can_access(session, callback_data.id, user.id, is_admin):
        await deny(query, l10n)
        return
    await query.answer()
    await end_flow(state)
    await set_flow(
        state,
        HearingForm.past_date,
        flow="decision",
        hearing=0,
        case=callback_data.id,
        person=int(person),
        decision="denied",
        merits=merits,
    )
    await message.answer(l10n("hearings-ask-decision-date"))


@router.callback_query(HrCb.filter(F.action == "dectoday"))
async def on_decision_today(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
) -> None:
    hearing = await load_hearing(session, callback_data.id, user, is_admin)
    message = msg(query)
    data = await flow(state)
    if hearing is None or message is None:
        await deny(query, l10n)
        return
    if data.get("flow") != "decision" or data.get("hearing") != hearing.id:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    day = clock.now().astimezone(ZoneInfo(hearing.tz)).date()
    await finish_decision(
        message, session, user, is_admin, l10n, vault, settings, state, clock, day
    )


@router.message(HearingForm.past_date, F.text)
async def on_past_date(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
        return
    data = await flow(state)
    tz = user.timezone or "America/New_York"
    parsed = parse_past_date(text, clock.now().astimezone(ZoneInfo(tz)).date())
    if isinstance(parsed, DateProblem):
        await message.answer(problem_text(l10n, parsed))
        return
    kind = data.get("flow")
    if kind == "decision":
        await finish_decision(
            message, session, user, is_admin, l10n, vault, settings, state, clock, parsed
        )
        return
    case_id = int(data.get("case") or 0)
    person_id = int(data.get("person") or 0) or None
    if kind not in {"dl-eoir33", "dl-one_year"} or not await access.can_access(
        session, case_id, user.id, is_admin
    ):
        await end_flow(state)
        await message.answer(l10n("hearings-no-access"))
        return
    deadline_tz = await person_tz(session, person_id) or "America/New_York"
    spec = (
        rules.eoir33(parsed, deadline_tz)
        if kind == "dl-eoir33"
        else rules.one_year(parsed, deadline_tz)
    )
    await end_flow(state)
    await save_deadlines(
        message, session, user, l10n, vault, clock, [spec], case_id, person_id, None
    )


async def person_tz(session: AsyncSession, person_id: int | None) -> str | None:
    """The zone of the person's latest hearing: where their court is."""
    if person_id is None:
        return None
    tz = await session.scalar(
        select(Hearing.tz)
        .where(Hearing.person_id == person_id)
        .order_by(Hearing.starts_at.desc())
        .limit(1)
    )
    return str(tz) if tz else None


async def finish_decision(
    message: Message,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    settings: Settings,
    state: FSMContext,
    clock: Clock,
    day: dt.date,
) -> None:
    data = await flow(state)
    now = clock.now()
    hearing_id = int(data.get("hearing") or 0)
    hearing = await load_hearing(session, hearing_id, user, is_admin) if hearing_id else None
    case_id = hearing.case_id if hearing else int(data.get("case") or 0)
    person_id = hearing.person_id if hearing else (int(data.get("person") or 0) or None)
    if (hearing_id and hearing is None) or not await access.can_access(
        session, case_id, user.id, is_admin
    ):
        await end_flow(state)
        await message.answer(l10n("hearings-no-access"))
        return
    if hearing is not None and day < texts.court_local(hearing).date():
        await message.answer(l10n("hearings-date-problem-before-hearing"))
        return
    decision = str(data.get("decision"))
    merits = data.get("merits") == "yes"
    await end_flow(state)
    if hearing is not None and hearing.status == HearingStatus.SCHEDULED:
        await service.record_outcome(session, hearing, Outcome.DECISION, actor_id=user.id, now=now)
    spec = rules.bia_appeal(
        day,
        asylum_merits=merits,
        appeal_rule=settings.appeal_rule,
        hearing_kind=hearing.kind if hearing else None,
        appellant="dhs" if decision == "granted" else "respondent",
    )
    notes = []
    if data.get("merits") == "unsure":
        notes.append(l10n("hearings-merits-unsure-note"))
    if spec is None:
        await message.answer(
            l10n("hearings-no-bia-for-cfr") + "\n\n" + l10n("not-legal-advice"),
            reply_markup=kb([[btn(l10n("hearings-btn-list"), "list")]]),
        )
        return
    await save_deadlines(
        message,
        session,
        user,
        l10n,
        vault,
        clock,
        [spec],
        case_id,
        person_id,
        hearing.id if hearing else None,
        notes=notes,
        granted=decision == "granted",
    )


async def save_deadlines(
    message: Message,
    session: AsyncSession,
    user: User,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
    specs: list[rules.DeadlineSpec],
    case_id: int,
    person_id: int | None,
    hearing_id: int | None,
    *,
    notes: Sequence[str] = (),
    granted: bool = False,
) -> None:
    now = clock.now()
    person = await name_of(session, vault, person_id, l10n.locale)
    parts: list[str] = list(notes)
    deadline: Deadline | None = None
    for spec in specs:
        deadline = await service.add_deadline(
            session,
            spec,
            case_id=case_id,
            person_id=person_id,
            hearing_id=hearing_id,
            actor_id=user.id,
            now=now,
        )
        parts.append(texts.deadline_card(l10n, deadline, person, now, user.timezone))
    if granted:
        parts.append(l10n("hearings-granted-info"))
    rows = []
    if deadline is not None and deadline.due_at > now and deadline.remind:
        parts.append(l10n("deadline-reminders-set"))
    if deadline is not None and deadline.due_at <= now:
        parts.append(l10n("deadline-already-passed"))
    pid = str(person_id or 0)
    rows.append([btn(l10n("deadline-new-eoir33"), "dlk", case_id, f"eoir33.{pid}")])
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    await message.answer("\n\n".join(parts), reply_markup=kb(rows))


# ---- deadlines --------------------------------------------------------------------------


@router.callback_query(HrCb.filter(F.action == "dl"))
async def on_deadline(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
) -> None:
    deadline = await load_deadline(session, callback_data.id, user, is_admin)
    message = msg(query)
    if deadline is None or message is None:
        await deny(query, l10n)
        return
    await query.answer()
    await audit_read(session, user, deadline.case_id, "deadline", deadline.id, clock.now())
    person = await name_of(session, vault, deadline.person_id, l10n.locale)
    text = texts.deadline_card(l10n, deadline, person, clock.now(), user.timezone)
    rows = []
    if deadline.status == DeadlineStatus.ACTIVE:
        rows.append([btn(l10n("deadline-btn-done"), "dldone", deadline.id)])
    else:
        text = l10n(f"deadline-status-{deadline.status}") + "\n" + text
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    await message.answer(text, reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "dldone"))
async def on_deadline_done(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    clock: Clock,
) -> None:
    deadline = await load_deadline(session, callback_data.id, user, is_admin)
    message = msg(query)
    if deadline is None or message is None:
        await deny(query, l10n)
        return
    if deadline.status != DeadlineStatus.ACTIVE:
        await query.answer(l10n("deadline-already-closed"), show_alert=True)
        return
    await query.answer()
    await service.close_deadline(
        session, deadline, DeadlineStatus.DONE, actor_id=user.id, now=clock.now()
    )
    await message.answer(
        l10n("deadline-closed"), reply_markup=kb([[btn(l10n("hearings-btn-list"), "list")]])
    )


# ---- calendar file ----------------------------------------------------------------------


async def case_calendar(
    session: AsyncSession,
    case_id: int,
    l10n: L10n,
    vault: Vault,
    places: Places,
    now: dt.datetime,
) -> bytes:
    events: list[ics.IcsEvent] = []
    for hearing in await reminders.upcoming_hearings(session, [case_id], now):
        view = await texts.load_view(session, vault, places, hearing, l10n.locale)
        court = texts.court_local(hearing)
        description = "\n".join(
            [
                l10n(
                    "hearings-ics-court-time",
                    when=texts.when_text(l10n, court),
                    zone=texts.zone_text(l10n, hearing.tz, court),
                ),
                l10n(f"hearings-mode-line-{hearing.mode}"),
                l10n("hearings-ics-check", portal=texts.EOIR_PORTAL, hotline=texts.EOIR_HOTLINE),
                l10n("not-legal-advice"),
            ]
        )
        events.append(
            ics.IcsEvent(
                uid=f"hearing-{hearing.id}@asylum-help-bot",
                summary=l10n(
                    "hearings-ics-summary",
                    kind=l10n(f"hearings-kind-{hearing.kind}"),
                    person=view.person,
                ),
                description=_plain(description),
                location=view.place + (f", {view.address}" if view.address else ""),
                start=hearing.starts_at,
                alarms=(dt.timedelta(days=1), dt.timedelta(hours=3)),
            )
        )
    for deadline in await reminders.active_deadlines(session, [case_id], now):
        person = await name_of(session, vault, deadline.person_id, l10n.locale)
        events.append(
            ics.IcsEvent(
                uid=f"deadline-{deadline.id}@asylum-help-bot",
                summary=l10n(
                    "hearings-ics-deadline",
                    kind=l10n(f"deadline-short-{deadline.kind}"),
                    person=person,
                ),
                description=_plain(texts.deadline_card(l10n, deadline, person, now, None)),
                day=deadline.due_date,
                alarms=(dt.timedelta(days=7), dt.timedelta(days=1)),
            )
        )
    return ics.calendar(events, now, l10n("hearings-ics-name", case=case_id))


def _plain(text: str) -> str:
    import re

    return html.unescape(re.sub(r"<[^>]+>", "", text))


@router.callback_query(HrCb.filter(F.action == "ics"))
async def on_ics(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    places: Places,
    clock: Clock,
) -> None:
    message = msg(query)
    if message is None:
        await query.answer()
        return
    case_id = callback_data.id
    if case_id == 0:
        cases = await access.user_case_ids(session, user.id)
        if len(cases) != 1:
            await query.answer()
            if not cases:
                await message.answer(l10n("hearings-list-no-cases"))
                return
            rows = [
                [btn((await case_label(session, vault, c, l10n.locale))[:60], "ics", c)]
                for c in cases[:MAX_CHOICES]
            ]
            await message.answer(l10n("hearings-choose-case"), reply_markup=kb(rows))
            return
        case_id = cases[0]
    if not await access.can_access(session, case_id, user.id, is_admin):
        await deny(query, l10n)
        return
    await query.answer()
    now = clock.now()
    await audit_read(session, user, case_id, "case-calendar", case_id, now)
    content = await case_calendar(session, case_id, l10n, vault, places, now)
    await message.answer_document(
        BufferedInputFile(content, filename=f"case-{case_id}-hearings.ics"),
        caption=l10n("hearings-ics-caption"),
    )


# ---- reminder preferences ---------------------------------------------------------------


def offset_label(l10n: L10n, minutes: int) -> str:
    if minutes % reminders.DAY == 0:
        return l10n("hearings-offset-days", days=minutes // reminders.DAY)
    return l10n("hearings-offset-hours", hours=minutes // 60)


async def prefs_screen(
    session: AsyncSession, user: User, l10n: L10n, vault: Vault
) -> tuple[str, InlineKeyboardMarkup]:
    pref = (await reminders.prefs_for(session, [user.id]))[user.id]
    chosen = ", ".join(offset_label(l10n, o) for o in pref.offsets) or "—"
    rows: list[list[InlineKeyboardButton]] = []
    line: list[InlineKeyboardButton] = []
    for minutes in reminders.OFFSET_CHOICES:
        mark = "✅ " if minutes in pref.offsets else ""
        line.append(btn(mark + offset_label(l10n, minutes), "off", minutes))
        if len(line) == 4:
            rows.append(line)
            line = []
    if line:
        rows.append(line)
    for case_id in await access.user_case_ids(session, user.id):
        label = await case_label(session, vault, case_id, l10n.locale)
        key = "hearings-btn-unmute" if pref.muted(case_id) else "hearings-btn-mute"
        rows.append([btn(l10n(key, case=label)[:60], "mute", case_id)])
    rows.append([btn(l10n("hearings-btn-list"), "list")])
    return l10n("hearings-prefs", offsets=chosen), kb(rows)


@router.callback_query(HrCb.filter(F.action == "prefs"))
async def on_prefs(
    query: CallbackQuery, session: AsyncSession, user: User, l10n: L10n, vault: Vault
) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        text, markup = await prefs_screen(session, user, l10n, vault)
        await message.answer(text, reply_markup=markup)


@router.callback_query(HrCb.filter(F.action.in_({"off", "mute"})))
async def on_pref_change(
    query: CallbackQuery,
    callback_data: HrCb,
    session: AsyncSession,
    user: User,
    is_admin: bool,
    l10n: L10n,
    vault: Vault,
    clock: Clock,
) -> None:
    message = msg(query)
    now = clock.now()
    pref = (await reminders.prefs_for(session, [user.id]))[user.id]
    if callback_data.action == "off":
        if callback_data.id not in reminders.OFFSET_CHOICES:
            await query.answer(l10n("callback-stale"), show_alert=True)
            return
        offsets = set(pref.offsets) ^ {callback_data.id}
        if not offsets:
            await query.answer(l10n("hearings-prefs-need-one"), show_alert=True)
            return
        await reminders.save_prefs(session, user.id, now, offsets=offsets)
        await query.answer(l10n("hearings-prefs-saved"))
    else:
        case_id = callback_data.id
        if not await access.can_access(session, case_id, user.id, is_admin):
            await deny(query, l10n)
            return
        if pref.muted(case_id) and callback_data.ref == "1":
            await query.answer(l10n("hearings-muted"), show_alert=True)
            return
        if pref.muted(case_id):
            await reminders.save_prefs(session, user.id, now, unmute=case_id)
            await query.answer(l10n("hearings-unmuted"))
        else:
            await reminders.save_prefs(session, user.id, now, mute=case_id)
            await query.answer(l10n("hearings-muted"), show_alert=True)
    if message is not None:
        text, markup = await prefs_screen(session, user, l10n, vault)
        await message.answer(text, reply_markup=markup)


# ---- the person's own time zone ---------------------------------------------------------


class TzForm(StatesGroup):
    city = State()


def tz_button(
    l10n: L10n, zone: str, now: dt.datetime, current: str | None
) -> InlineKeyboardButton:
    mark = "✅ " if zone == current else ""
    text = f"{mark}{timezones.label(zone, l10n.locale)} ({timezones.offset_text(zone, now)})"
    return btn(text[:60], "tzset", ref=zone)


@router.callback_query(HrCb.filter(F.action == "tz"))
async def on_tz(query: CallbackQuery, user: User, l10n: L10n, clock: Clock) -> None:
    await query.answer()
    message = msg(query)
    if message is None:
        return
    now = clock.now()
    suggestion = timezones.suggest(user.tg_language or user.locale)
    zones = [user.timezone] if user.timezone else []
    zones += [z for z in [suggestion, *(z for z, _, _ in timezones.SHORT_LIST)] if z not in zones]
    if user.timezone:
        text = l10n(
            "timezone-current",
            zone=texts.zone_text(l10n, user.timezone, now),
            time=l10n.time(now.astimezone(ZoneInfo(user.timezone))),
        )
    else:
        text = l10n("timezone-suggest", zone=timezones.label(suggestion, l10n.locale))
    rows = [[tz_button(l10n, z, now, user.timezone)] for z in dict.fromkeys(zones)]
    rows.append([btn(l10n("timezone-btn-type"), "tztype")])
    await message.answer(text, reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "tztype"))
async def on_tz_type(query: CallbackQuery, l10n: L10n, state: FSMContext) -> None:
    await query.answer()
    message = msg(query)
    if message is not None:
        await state.set_state(TzForm.city)
        await message.answer(l10n("timezone-ask-city"))


@router.message(TzForm.city, F.text)
async def on_tz_city(
    message: Message, user: User, l10n: L10n, state: FSMContext, clock: Clock
) -> None:
    text = (message.text or "").strip()
    if text.startswith("/"):
        return
    zones = timezones.find(text)
    if not zones:
        await message.answer(l10n("timezone-not-found"))
        return
    now = clock.now()
    if len(zones) == 1:
        await state.set_state(None)
        await tz_saved(message, user, l10n, zones[0], now)
        return
    rows = [[tz_button(l10n, z, now, user.timezone)] for z in zones]
    await message.answer(l10n("timezone-which"), reply_markup=kb(rows))


@router.callback_query(HrCb.filter(F.action == "tzset"))
async def on_tz_set(
    query: CallbackQuery,
    callback_data: HrCb,
    user: User,
    l10n: L10n,
    state: FSMContext,
    clock: Clock,
) -> None:
    message = msg(query)
    if not timezones.is_valid(callback_data.ref) or message is None:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    await query.answer()
    if await state.get_state() == TzForm.city.state:
        await state.set_state(None)
    await tz_saved(message, user, l10n, callback_data.ref, clock.now())


async def tz_saved(message: Message, user: User, l10n: L10n, zone: str, now: dt.datetime) -> None:
    # Reminders are rendered when sent, so they follow the new zone without re-planning.
    user.timezone = zone
    await message.answer(
        l10n(
            "timezone-saved",
            zone=texts.zone_text(l10n, zone, now),
            time=l10n.time(now.astimezone(ZoneInfo(zone))),
        ),
        reply_markup=kb([[btn(l10n("hearings-btn-list"), "list")], [back_to_menu(l10n)]]),
    )


# ---- outbox renderers -------------------------------------------------------------------


def renderers(vault: Vault, places: Places) -> dict[str, Renderer]:
    """Reminders and notices are rendered when they are sent: in the recipient's language
    and time zone, from the hearing as it is now; None (moot) when it no longer applies."""

    # Look-ups are memoised for one claimed batch (ctx.cache): a reminder usually goes to
    # every member of a case at the same minute.
    async def audience(ctx: RenderContext, case_id: int) -> tuple[set[int], set[int]]:
        key = ("hearings:audience", case_id)
        if key not in ctx.cache:
            ctx.cache[key] = (
                set(await access.recipients(ctx.session, case_id)),
                await reminders.member_muted(ctx.session, case_id),
            )
        found: tuple[set[int], set[int]] = ctx.cache[key]
        return found

    async def prefs(ctx: RenderContext, chat_id: int) -> reminders.Prefs:
        key = ("hearings:prefs", chat_id)
        if key not in ctx.cache:
            ctx.cache[key] = (await reminders.prefs_for(ctx.session, [chat_id]))[chat_id]
        pref: reminders.Prefs = ctx.cache[key]
        return pref

    async def recipient_ok(ctx: RenderContext, case_id: int, chat_id: int) -> bool:
        return chat_id in (await audience(ctx, case_id))[0]

    async def not_muted(ctx: RenderContext, case_id: int, chat_id: int) -> bool:
        muted_members = (await audience(ctx, case_id))[1]
        return not (await prefs(ctx, chat_id)).muted(case_id) and chat_id not in muted_members

    async def superseded(ctx: RenderContext, hearing: Hearing, row: OutboxMessage) -> bool:
        """After downtime several reminders of one hearing may be due at once: only the
        closest to the hearing goes out (it says how long is really left)."""
        offset = int(row.payload.get("o", 0))
        return any(
            later < offset and hearing.starts_at - dt.timedelta(minutes=later) <= ctx.now
            for later in (await prefs(ctx, row.chat_id)).offsets
        )

    async def current_hearing(row: OutboxMessage, ctx: RenderContext) -> Hearing | None:
        hearing_id = int(row.payload.get("h", 0))
        key = ("hearings:hearing", hearing_id)
        if key not in ctx.cache:
            ctx.cache[key] = await ctx.session.get(Hearing, hearing_id)
        hearing: Hearing | None = ctx.cache[key]
        if hearing is None or hearing.revision != int(row.payload.get("r", -1)):
            return None
        if not await recipient_ok(ctx, hearing.case_id, row.chat_id):
            return None
        return hearing

    async def view_of(ctx: RenderContext, hearing: Hearing) -> texts.HearingView:
        key = ("hearings:view", hearing.id, hearing.revision, ctx.l10n.locale)
        if key not in ctx.cache:
            person_key = ("hearings:person", hearing.person_id)
            if person_key in ctx.cache:
                person = ctx.cache[person_key]
            else:
                person = await ctx.session.get(Person, hearing.person_id)
            ctx.cache[key] = texts.build_view(vault, places, hearing, person, ctx.l10n.locale)
        view: texts.HearingView = ctx.cache[key]
        return view

    def user_tz(ctx: RenderContext) -> str | None:
        tz = ctx.user.timezone if ctx.user else None
        return tz if timezones.is_valid(tz) else None

    async def reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await current_hearing(row, ctx)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        if hearing.starts_at <= ctx.now or not await not_muted(ctx, hearing.case_id, row.chat_id):
            return None
        if await superseded(ctx, hearing, row):
            return None
        view = await view_of(ctx, hearing)
        l10n = ctx.l10n
        tz = user_tz(ctx)
        buttons_key = ("hearings:buttons", hearing.id, l10n.locale)
        if buttons_key not in ctx.cache:
            ctx.cache[buttons_key] = [
                [btn(l10n("hearings-btn-open"), "open", hearing.id)],
                [btn(l10n("hearings-btn-mute-short"), "mute", hearing.case_id, "1")],
            ]
        buttons: list[list[InlineKeyboardButton]] = ctx.cache[buttons_key]
        return Outgoing(
            text=texts.reminder_text(l10n, view, tz, ctx.now, ctx.cache),
            buttons=buttons,
        )

    async def notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await current_hearing(row, ctx)
        if hearing is None:
            return None
        view = await view_of(ctx, hearing)
        event = str(row.payload.get("e", "changed"))
        if not ctx.l10n.has(f"hearings-notice-{event}"):
            event = "changed"
        return Outgoing(
            text=texts.notice_text(ctx.l10n, view, event, user_tz(ctx), ctx.now),
            buttons=[[btn(ctx.l10n("hearings-btn-open"), "open", hearing.id)]],
        )

    async def followup(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        hearing = await current_hearing(row, ctx)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        if hearing.starts_at > ctx.now:
            return None
        view = await view_of(ctx, hearing)
        keyboard = outcome_keyboard(ctx.l10n, hearing.id)
        return Outgoing(
            text=texts.followup_text(ctx.l10n, view, user_tz(ctx)),
            buttons=keyboard.inline_keyboard,
        )

    async def current_deadline(row: OutboxMessage, ctx: RenderContext) -> Deadline | None:
        deadline_id = int(row.payload.get("d", 0))
        key = ("hearings:deadline", deadline_id)
        if key not in ctx.cache:
            ctx.cache[key] = await ctx.session.get(Deadline, deadline_id)
        deadline: Deadline | None = ctx.cache[key]
        if deadline is None or deadline.revision != int(row.payload.get("r", -1)):
            return None
        if deadline.status != DeadlineStatus.ACTIVE:
            return None
        if not await recipient_ok(ctx, deadline.case_id, row.chat_id):
            return None
        return deadline

    async def deadline_reminder(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await current_deadline(row, ctx)
        if deadline is None or deadline.due_at <= ctx.now:
            return None
        if not await not_muted(ctx, deadline.case_id, row.chat_id):
            return None
        person = await name_of(ctx.session, vault, deadline.person_id, ctx.l10n.locale)
        return Outgoing(
            text=texts.deadline_reminder_text(ctx.l10n, deadline, person, ctx.now, user_tz(ctx)),
            buttons=[
                [btn(ctx.l10n("deadline-btn-done"), "dldone", deadline.id)],
                [btn(ctx.l10n("hearings-btn-list"), "list")],
            ],
        )

    async def deadline_notice(row: OutboxMessage, ctx: RenderContext) -> Outgoing | None:
        deadline = await current_deadline(row, ctx)
        if deadline is None:
            return None
        person = await name_of(ctx.session, vault, deadline.person_id, ctx.l10n.locale)
        return Outgoing(
            text=texts.deadline_notice_text(ctx.l10n, deadline, person, ctx.now, user_tz(ctx)),
            buttons=[[btn(ctx.l10n("hearings-btn-list"), "list")]],
        )

    return {
        reminders.KIND_REMINDER: reminder,
        reminders.KIND_NOTICE: notice,
        reminders.KIND_FOLLOWUP: followup,
        reminders.KIND_DEADLINE_REMINDER: deadline_reminder,
        reminders.KIND_DEADLINE_NOTICE: deadline_notice,
    }


# Text typed in one of this router's states that no handler above took (a sticker, a photo).
@router.message(StateFilter(HearingForm, TzForm), ~F.text)
async def on_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("hearings-type-text"))


def prefetchers() -> dict[str, Prefetch]:
    """Load a whole claimed batch's hearings, deadlines, people, audiences and preferences
    in a handful of queries (the renderers above read them from the batch cache)."""

    async def prefetch(
        session: AsyncSession, rows: Sequence[OutboxMessage], cache: dict[Any, Any]
    ) -> None:
        hearing_ids = {int(r.payload.get("h", 0)) for r in rows if "h" in r.payload}
        deadline_ids = {int(r.payload.get("d", 0)) for r in rows if "d" in r.payload}
        hearings = (
            {
                h.id: h
                for h in await session.scalars(select(Hearing).where(Hearing.id.in_(hearing_ids)))
            }
            if hearing_ids
            else {}
        )
        deadlines = (
            {
                d.id: d
                for d in await session.scalars(
                    select(Deadline).where(Deadline.id.in_(deadline_ids))
                )
            }
            if deadline_ids
            else {}
        )
        for hearing_id in hearing_ids:
            cache[("hearings:hearing", hearing_id)] = hearings.get(hearing_id)
        for deadline_id in deadline_ids:
            cache[("hearings:deadline", deadline_id)] = deadlines.get(deadline_id)
        case_ids = {h.case_id for h in hearings.values()} | {d.case_id for d in deadlines.values()}
        for case_id, audience in (await access.audiences(session, case_ids)).items():
            cache[("hearings:audience", case_id)] = audience
        person_ids = {h.person_id for h in hearings.values() if h.person_id is not None}
        if person_ids:
            for person in await session.scalars(select(Person).where(Person.id.in_(person_ids))):
                cache[("hearings:person", person.id)] = person
        chat_ids = {r.chat_id for r in rows}
        for chat_id, pref in (await reminders.prefs_for(session, chat_ids)).items():
            cache[("hearings:prefs", chat_id)] = pref

    return dict.fromkeys(reminders.KINDS, prefetch)
