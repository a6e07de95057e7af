"""The crossing day: "I am crossing on <date, time, place>" starts a watch; check-ins after it;
a missed one raises the alarm (bot/mexico/watch.py sweep). Cancel and reschedule any time."""

from __future__ import annotations

import datetime as dt
import json

from aiogram import F
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, Message

from bot.handlers.callbacks import MenuCb
from bot.handlers.kit import button, load_state, markup, save_state, target
from bot.handlers.mexico.base import CrossingState, HomeCb, MexicoFlow
from bot.handlers.template import private_router
from bot.hearings.dates import DateProblem, parse_hearing_time, to_instant
from bot.mexico import service
from bot.mexico.models import CrossingWatch, WatchStatus
from bot.mexico.signup import MexicoError, parse_helper
from bot.turn import Turn

router = private_router("mexico-crossing", presses=True)

# (hours between check-ins, how many): every 12 hours for 3 days is the default.
PLANS: dict[str, tuple[int, int]] = {"12x3": (12, 6), "6x2": (6, 8), "24x7": (24, 7)}
ASKED_PROBLEMS = frozenset(
    {"past", "no-time", "no-date", "bad-time", "bad-date", "ambiguous-hour"}
)


class CheckCb(CallbackData, prefix="mxc"):
    action: str  # ok | safe
    watch: int


class AlarmCb(CallbackData, prefix="mxa"):
    action: str  # case
    watch: int


def _cancel_row(turn: Turn) -> list[InlineKeyboardButton]:
    return [button(turn.l10n("mexico-btn-cancel"), HomeCb(action="cross-cancel"))]


async def _zone(turn: Turn) -> str:
    profile = await service.get_profile(turn.session, turn.user.id)
    if profile is None:
        raise MexicoError("no-profile")
    return service.zone_of(profile, turn.user)


@router.callback_query(HomeCb.filter(F.action == "cross"))
async def on_cross(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await _zone(turn)
    await state.set_state(MexicoFlow.crossing_when)
    await query.answer()
    await message.answer(
        turn.l10n("mexico-cross-ask-when"), reply_markup=markup([_cancel_row(turn)])
    )


@router.callback_query(HomeCb.filter(F.action == "cross-cancel"))
async def on_cross_cancel(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    if (await state.get_state() or "").startswith("MexicoFlow:crossing"):
        await state.clear()
    await query.answer()
    await message.answer(
        turn.l10n("mexico-cross-not-saved"),
        reply_markup=markup([[button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))]]),
    )


def _problem(turn: Turn, problem: DateProblem) -> str:
    code = problem.code if problem.code in ASKED_PROBLEMS else "other"
    args = {k: str(v) for k, v in problem.args.items()}
    if isinstance(problem.args.get("minute"), int):
        args["minute"] = f"{problem.args['minute']:02d}"  # 25:00, not 25:0
    return turn.l10n(f"mexico-cross-problem-{code}", **args)


@router.message(MexicoFlow.crossing_when, F.text)
async def on_when(message: Message, state: FSMContext, turn: Turn) -> None:
    tz = await _zone(turn)
    local = parse_hearing_time(message.text or "", turn.now(), tz)
    if isinstance(local, DateProblem):
        await message.answer(_problem(turn, local), reply_markup=markup([_cancel_row(turn)]))
        return
    instant = to_instant(local, tz)
    if instant is None:
        await message.answer(turn.l10n("mexico-cross-problem-other"))
        return
    enc = turn.vault.encrypt(json.dumps({"at": instant.isoformat(), "tz": tz}))
    await save_state(state, CrossingState(enc=enc))
    await state.set_state(MexicoFlow.crossing_place)
    await message.answer(
        turn.l10n("mexico-cross-ask-place", when=turn.l10n.datetime(instant, tz, fmt="short")),
        reply_markup=markup(
            [
                [button(turn.l10n("mexico-skip-place"), HomeCb(action="cross-noplace"))],
                _cancel_row(turn),
            ]
        ),
    )


async def _ask_plan(message: Message, state: FSMContext, turn: Turn) -> None:
    await state.set_state(MexicoFlow.crossing_plan)
    rows = [
        [button(turn.l10n(f"mexico-plan-{key}"), HomeCb(action="plan", arg=key))] for key in PLANS
    ]
    await message.answer(
        turn.l10n("mexico-cross-ask-plan"), reply_markup=markup([*rows, _cancel_row(turn)])
    )


async def _crossing(state: FSMContext, turn: Turn) -> tuple[CrossingState, dict[str, str]]:
    flow = await load_state(state, CrossingState)
    if flow is None:
        raise MexicoError("stale", end_flow=True)
    return flow, json.loads(turn.vault.decrypt(flow.enc))


@router.message(MexicoFlow.crossing_place, F.text)
async def on_place(message: Message, state: FSMContext, turn: Turn) -> None:
    _flow, data = await _crossing(state, turn)
    try:
        data["place"] = parse_helper(message.text or "")[:120]
    except MexicoError as error:
        await message.answer(turn.l10n(error.key))
        return
    await save_state(state, CrossingState(enc=turn.vault.encrypt(json.dumps(data))))
    await _ask_plan(message, state, turn)


@router.callback_query(HomeCb.filter(F.action == "cross-noplace"), MexicoFlow.crossing_place)
async def on_no_place(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await _ask_plan(message, state, turn)


@router.callback_query(HomeCb.filter(F.action == "plan"), MexicoFlow.crossing_plan)
async def on_plan(
    query: CallbackQuery, callback_data: HomeCb, state: FSMContext, turn: Turn
) -> None:
    message = target(query)
    if callback_data.arg not in PLANS:
        raise MexicoError("stale")
    _flow, data = await _crossing(state, turn)
    hours, checks = PLANS[callback_data.arg]
    watch = await service.start_watch(
        turn.session,
        turn.vault,
        turn.user.id,
        crossing_at=dt.datetime.fromisoformat(data["at"]),
        tz=data["tz"],
        place=data.get("place"),
        now=turn.now(),
        interval_hours=hours,
        checks=checks,
    )
    await state.clear()
    await query.answer()
    await message.answer(
        turn.l10n(
            "mexico-watch-started",
            when=turn.l10n.datetime(watch.crossing_at, watch.tz, fmt="short"),
            first=turn.l10n.datetime(watch.next_check_at, watch.tz, fmt="short"),
            hours=hours,
            checks=checks,
        ),
        reply_markup=markup([[button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))]]),
    )


def _watch_id(arg: str) -> int:
    """The watch a Home button names: a number that fits the column, or the button is stale."""
    if not arg.isdigit() or len(arg) > 18:
        raise MexicoError("stale")
    return int(arg)


async def _watch(turn: Turn, watch_id: int) -> CrossingWatch:
    watch = await turn.session.get(CrossingWatch, watch_id)
    if watch is None or watch.user_id != turn.user.id:
        raise MexicoError("not-yours")
    return watch


async def _check_in(message: Message, turn: Turn, watch_id: int, *, safe: bool) -> None:
    watch = await _watch(turn, watch_id)
    await service.check_in(turn.session, watch, turn.user.id, turn.now(), safe=safe)
    if watch.status == WatchStatus.SAFE:
        await message.answer(turn.l10n("mexico-watch-safe"))
    else:
        await message.answer(
            turn.l10n(
                "mexico-checked-in",
                next=turn.l10n.datetime(watch.next_check_at, watch.tz, fmt="short"),
            )
        )


@router.callback_query(CheckCb.filter(F.action.in_({"ok", "safe"})))
async def on_check(query: CallbackQuery, callback_data: CheckCb, turn: Turn) -> None:
    message = target(query)
    await _check_in(message, turn, callback_data.watch, safe=callback_data.action == "safe")
    await query.answer()


@router.callback_query(HomeCb.filter(F.action == "ok"))
async def on_home_ok(query: CallbackQuery, callback_data: HomeCb, turn: Turn) -> None:
    message = target(query)
    await _check_in(message, turn, _watch_id(callback_data.arg), safe=False)
    await query.answer()


@router.callback_query(HomeCb.filter(F.action == "stop"))
async def on_stop(query: CallbackQuery, callback_data: HomeCb, turn: Turn) -> None:
    message = target(query)
    watch = await _watch(turn, _watch_id(callback_data.arg))
    await service.cancel_watch(turn.session, watch, turn.user.id, turn.now())
    await query.answer()
    await message.answer(turn.l10n("mexico-watch-cancelled"))


@router.callback_query(AlarmCb.filter(F.action == "case"))
async def on_open_case(query: CallbackQuery, callback_data: AlarmCb, turn: Turn) -> None:
    """A relative in the circle opens the family case the person chose to be offered."""
    message = target(query)
    watch = await turn.session.get(CrossingWatch, callback_data.watch)
    if watch is None:
        raise MexicoError("not-found")
    members = await service.circle(turn.session, watch.user_id)
    if not any(m.member_id == turn.user.id and m.role == "relative" for m in members):
        raise MexicoError("not-in-circle")
    if watch.status != WatchStatus.ALARM and watch.case_id is None:
        raise MexicoError("no-alarm")
    case_id = await service.open_family_case(
        turn.session, turn.vault, watch, turn.user.id, turn.now()
    )
    await query.answer()
    await message.answer(turn.l10n("mexico-case-opened", case=case_id))
