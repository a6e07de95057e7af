"""The Mexico section's home: the programme's progress and cards, pause, everything at once,
the profile (view, edit, delete), and for volunteers the people they help."""

from __future__ import annotations

import html

from aiogram import F
from aiogram.filters import Command
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.desk.policy import DeskPolicy
from bot.handlers.callbacks import MenuCb
from bot.handlers.kit import button, markup, target
from bot.handlers.mexico.base import HomeCb
from bot.handlers.mexico.signup import resume_signup, start_signup, summary
from bot.handlers.template import private_router
from bot.i18n import L10n
from bot.mexico import alarm, service
from bot.mexico.models import StepStatus, WatchStatus
from bot.mexico.programme import Programme, Step
from bot.mexico.signup import MexicoError
from bot.turn import Turn
from bot.volunteers import approved_volunteer

router = private_router("mexico-home", presses=True)

MAX_LEFT_SHOWN = 6


class StepCb(CallbackData, prefix="mxs"):
    action: str  # done | later | ask
    step: str


def step_card(l10n: L10n, step: Step, done: int, total: int) -> tuple[str, InlineKeyboardMarkup]:
    text = step.text(l10n.locale)
    card = l10n(
        "mexico-step-card", title=html.escape(text.title), body=text.body, done=done, total=total
    )
    keyboard = markup(
        [
            [
                button(l10n("mexico-btn-done"), StepCb(action="done", step=step.id)),
                button(l10n("mexico-btn-later"), StepCb(action="later", step=step.id)),
            ],
            [button(l10n("mexico-btn-ask"), StepCb(action="ask", step=step.id))],
        ]
    )
    return card, keyboard


async def home_view(turn: Turn, programme: Programme) -> tuple[str, InlineKeyboardMarkup]:
    l10n = turn.l10n
    profile = await service.get_profile(turn.session, turn.user.id)
    if profile is None:
        return l10n("mexico-intro"), markup(
            [[button(l10n("mexico-btn-signup"), HomeCb(action="signup"))]]
        )
    states = await service.progress(turn.session, turn.user.id)
    done = service.done_count(programme, states)
    left = service.remaining(programme, states)
    left_lines = "\n".join(
        f"• {html.escape(s.text(l10n.locale).title)}" for s in left[:MAX_LEFT_SHOWN]
    )
    if len(left) > MAX_LEFT_SHOWN:
        left_lines += "\n" + l10n("mexico-more-left", n=len(left) - MAX_LEFT_SHOWN)
    watch = await service.active_watch(turn.session, turn.user.id)
    watch_line = ""
    if watch is not None:
        watch_line = l10n(
            "mexico-watch-line",
            when=l10n.datetime(watch.crossing_at, watch.tz, fmt="short"),
            alarm=str(watch.status == WatchStatus.ALARM).lower(),
        )
    text = l10n(
        "mexico-home",
        done=done,
        total=len(programme.steps),
        left=left_lines or l10n("mexico-all-done"),
        paused=str(profile.paused).lower(),
        watch=watch_line,
    )
    rows: list[list[InlineKeyboardButton]] = []
    if left:
        rows.append([button(l10n("mexico-btn-next-step"), HomeCb(action="next"))])
        rows.append([button(l10n("mexico-btn-all"), HomeCb(action="all"))])
    pause = "resume" if profile.paused else "pause"
    rows.append([button(l10n(f"mexico-btn-{pause}"), HomeCb(action=pause))])
    rows.append([button(l10n("mexico-btn-circle"), HomeCb(action="circle"))])
    if watch is None:
        rows.append([button(l10n("mexico-btn-crossing"), HomeCb(action="cross"))])
    else:
        rows.append([button(l10n("mexico-btn-ok"), HomeCb(action="ok", arg=str(watch.id)))])
        rows.append(
            [
                button(l10n("mexico-btn-reschedule"), HomeCb(action="cross")),
                button(l10n("mexico-btn-stop-watch"), HomeCb(action="stop", arg=str(watch.id))),
            ]
        )
    rows.append([button(l10n("mexico-btn-profile"), HomeCb(action="profile"))])
    return text, markup(rows)


async def show_home(message: Message, turn: Turn, programme: Programme) -> None:
    text, keyboard = await home_view(turn, programme)
    await message.answer(text, reply_markup=keyboard)


async def volunteer_view(turn: Turn, programme: Programme) -> str | None:
    """For a volunteer in someone's circle: the people they help (progress, the watch, and
    only what each person shared); for the desk (admins, volunteers covering Mexico): the
    alarms not yet cleared. Every person shown is an audited read."""
    from bot.handlers.mexico.outbox import when

    session, l10n, now = turn.session, turn.l10n, turn.now()
    desk = await alarm.on_desk(session, turn.user.id, is_admin=turn.is_admin)
    if not desk and await approved_volunteer(session, turn.user.id) is None:
        return None
    people = await alarm.helped(session, turn.vault, turn.user.id, programme.ids)
    alarms = await alarm.open_alarms(session) if desk else []
    if not people and not alarms:
        return None
    tz = turn.user.timezone
    parts: list[str] = []
    if people:
        lines = []
        for number, person in enumerate(people, start=1):
            service.audit_read(session, turn.user.id, person.owner_id, now)
            shared = []
            if person.latin_name:
                shared.append(html.escape(person.latin_name))
            if person.city:
                shared.append(
                    html.escape(person.city_other)
                    if person.city == "other" and person.city_other
                    else l10n(f"mexico-city-{person.city}")
                )
            if person.crossing_at is not None and person.watch_tz:
                shared.append(
                    l10n(
                        "mexico-vol-crossing",
                        when=when(l10n, person.crossing_at, tz or person.watch_tz),
                    )
                )
            if person.case_id is not None:
                shared.append(l10n("mexico-vol-case", case=person.case_id))
            lines.append(
                l10n(
                    "mexico-vol-line",
                    n=number,
                    done=person.done,
                    total=len(programme.steps),
                    watch=person.watch_status or "none",
                )
                + ("\n   " + "; ".join(shared) if shared else "")
            )
        parts.append(l10n("mexico-vol-view", lines="\n".join(lines)))
    if alarms:
        lines = []
        for watch in alarms:
            service.audit_read(session, turn.user.id, watch.user_id, now)
            lines.append(
                l10n(
                    "mexico-desk-alarm-line",
                    watch=watch.id,
                    since=when(l10n, watch.alarm_at or watch.updated_at, tz or watch.tz),
                    case=watch.case_id or 0,
                )
            )
        parts.append(l10n("mexico-desk-alarms", lines="\n".join(lines)))
    return "\n\n".join(parts)


async def open_home(message: Message, state: FSMContext, turn: Turn, programme: Programme) -> None:
    if await resume_signup(message, state, turn):
        return
    helping = await volunteer_view(turn, programme)
    if helping is not None:
        await message.answer(helping)
    text, keyboard = await home_view(turn, programme)
    await message.answer(text, reply_markup=keyboard)


@router.message(Command("mexico"))
async def cmd_mexico(
    message: Message, state: FSMContext, turn: Turn, programme: Programme
) -> None:
    await open_home(message, state, turn, programme)


@router.callback_query(MenuCb.filter(F.item == "mexico"))
async def on_menu(
    query: CallbackQuery, state: FSMContext, turn: Turn, programme: Programme
) -> None:
    message = target(query)
    await query.answer()
    await open_home(message, state, turn, programme)


@router.callback_query(HomeCb.filter(F.action == "signup"))
async def on_signup(query: CallbackQuery, state: FSMContext, turn: Turn) -> None:
    message = target(query)
    if turn.user.consent_at is None:
        raise MexicoError("consent")
    await query.answer()
    await start_signup(message, state, turn)


async def _profile_or_refuse(turn: Turn) -> None:
    if await service.get_profile(turn.session, turn.user.id) is None:
        raise MexicoError("no-profile")


@router.callback_query(HomeCb.filter(F.action == "next"))
async def on_next_step(query: CallbackQuery, turn: Turn, programme: Programme) -> None:
    message = target(query)
    await _profile_or_refuse(turn)
    states = await service.progress(turn.session, turn.user.id)
    left = service.remaining(programme, states)
    await query.answer()
    if not left:
        await message.answer(turn.l10n("mexico-all-done"))
        return
    step = next(
        (s for s in left if states.get(s.id) is None or states[s.id].status != StepStatus.LATER),
        left[0],
    )
    text, keyboard = step_card(
        turn.l10n, step, service.done_count(programme, states), len(programme.steps)
    )
    await message.answer(text, reply_markup=keyboard)


@router.callback_query(HomeCb.filter(F.action == "all"))
async def on_all(query: CallbackQuery, turn: Turn, programme: Programme) -> None:
    await _profile_or_refuse(turn)
    queued = await service.send_all(turn.session, programme, turn.user.id, turn.now())
    await query.answer(turn.l10n("mexico-all-queued", n=queued), show_alert=True)


@router.callback_query(HomeCb.filter(F.action.in_({"pause", "resume"})))
async def on_pause(
    query: CallbackQuery, callback_data: HomeCb, turn: Turn, programme: Programme
) -> None:
    message = target(query)
    profile = await service.get_profile(turn.session, turn.user.id)
    if profile is None:
        raise MexicoError("no-profile")
    profile.paused = callback_data.action == "pause"
    await query.answer(turn.l10n(f"mexico-{callback_data.action}d"))
    text, keyboard = await home_view(turn, programme)
    await message.edit_text(text, reply_markup=keyboard)


@router.callback_query(StepCb.filter(F.action.in_({"done", "later"})))
async def on_step_mark(
    query: CallbackQuery, callback_data: StepCb, turn: Turn, programme: Programme
) -> None:
    message = target(query)
    await _profile_or_refuse(turn)
    step = programme.get(callback_data.step)
    if step is None:
        raise MexicoError("stale")
    status = StepStatus.DONE if callback_data.action == "done" else StepStatus.LATER
    await service.mark(turn.session, turn.user.id, step, status, turn.now())
    states = await service.progress(turn.session, turn.user.id)
    done = service.done_count(programme, states)
    await query.answer(
        turn.l10n(f"mexico-marked-{callback_data.action}", done=done, total=len(programme.steps))
    )
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(
        turn.l10n("mexico-progress", done=done, total=len(programme.steps)),
        reply_markup=markup([[button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))]]),
    )


@router.callback_query(StepCb.filter(F.action == "ask"))
async def on_step_ask(
    query: CallbackQuery,
    callback_data: StepCb,
    state: FSMContext,
    turn: Turn,
    programme: Programme,
    desk_policy: DeskPolicy,
) -> None:
    from bot.handlers.desk import start_ticket

    message = target(query)
    step = programme.get(callback_data.step)
    if step is None:
        raise MexicoError("stale")
    await query.answer()
    await start_ticket(
        message,
        state,
        turn,
        desk_policy,
        turn.l10n("mexico-ask-prefill", title=step.text(turn.l10n.locale).title),
    )


@router.callback_query(HomeCb.filter(F.action == "profile"))
async def on_profile(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    profile = await service.get_profile(turn.session, turn.user.id)
    if profile is None:
        raise MexicoError("no-profile")
    data = service.open_profile(turn.vault, profile)
    await query.answer()
    await message.answer(
        summary(turn.l10n, data),
        reply_markup=markup(
            [
                [button(turn.l10n("mexico-btn-edit"), HomeCb(action="signup"))],
                [button(turn.l10n("mexico-btn-delete"), HomeCb(action="delete"))],
                [button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))],
            ]
        ),
    )


@router.callback_query(HomeCb.filter(F.action == "delete"))
async def on_delete(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    await message.answer(
        turn.l10n("mexico-delete-confirm"),
        reply_markup=markup(
            [
                [button(turn.l10n("mexico-btn-delete-yes"), HomeCb(action="delete-yes"))],
                [button(turn.l10n("mexico-btn-home"), MenuCb(item="mexico"))],
            ]
        ),
    )


@router.callback_query(HomeCb.filter(F.action == "delete-yes"))
async def on_delete_yes(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await service.forget(turn.session, turn.user.id)
    await query.answer()
    await message.edit_text(turn.l10n("mexico-deleted"))
