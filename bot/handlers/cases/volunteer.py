"""Volunteers and cases: asking for one, the queue, taking, releasing and reassigning."""

from __future__ import annotations

from aiogram import F
from aiogram.types import CallbackQuery, Message

from bot.cases import service
from bot.filters import IsAdmin, IsVolunteer
from bot.handlers.cases.base import ADMIN, MEMBER, RELEASER, HasCase, require
from bot.handlers.cases.card import show_case
from bot.handlers.cases.ui import (
    CaseCb,
    back_to_case,
    case_list_keyboard,
    fmt,
    home_button,
    needs_keyboard,
    open_case_button,
    queue_item,
    reassign_keyboard,
)
from bot.handlers.kit import button, markup, target
from bot.handlers.template import private_router
from bot.hearings import reminders as hearing_reminders
from bot.turn import Turn

router = private_router("cases-volunteer")

QUEUE_SHOWN = 20  # one message must stay under Telegram's 4096 characters


def not_volunteer() -> service.CaseError:
    return service.CaseError("not_volunteer")


def not_admin() -> service.CaseError:
    return service.CaseError("not_admin")


@router.callback_query(CaseCb.filter(F.action == "vol"), HasCase(MEMBER))
async def on_request_volunteer(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    if access.case.volunteer_id is not None:
        raise service.CaseError("has_volunteer")
    await query.answer()
    await message.answer(
        turn.l10n("cases-volunteer-need"), reply_markup=needs_keyboard(turn.l10n, access.case.id)
    )


@router.callback_query(CaseCb.filter(F.action == "need"), HasCase(MEMBER))
async def on_volunteer_need(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    need = service.need_at(callback_data.arg)
    if need is None:
        raise service.CaseError("stale")
    await service.request_volunteer(turn.session, access.case, turn.user.id, need, turn.now())
    await query.answer()
    await message.answer(
        turn.l10n("cases-volunteer-requested"),
        reply_markup=back_to_case(turn.l10n, access.case.id),
    )


@router.callback_query(CaseCb.filter(F.action == "all"), IsAdmin(refusal=not_admin))
async def on_all_cases(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    l10n = turn.l10n
    cases = await service.recent_cases(turn.session)
    items = [
        button(
            l10n("cases-list-item", case=c.id, status=c.status),
            CaseCb(action="open", case_id=c.id),
        )
        for c in cases
    ]
    await message.answer(
        l10n("cases-all", count=len(cases)), reply_markup=case_list_keyboard(l10n, items)
    )


@router.callback_query(CaseCb.filter(F.action == "mine"), IsVolunteer(refusal=not_volunteer))
async def on_my_cases(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    cases = await service.volunteer_cases(turn.session, turn.user.id)
    items = [open_case_button(turn.l10n, c.id) for c in cases]
    await message.answer(
        turn.l10n("cases-mine", count=len(cases)),
        reply_markup=case_list_keyboard(turn.l10n, items),
    )


@router.callback_query(CaseCb.filter(F.action == "queue"), IsVolunteer(refusal=not_volunteer))
async def on_queue(query: CallbackQuery, turn: Turn) -> None:
    message = target(query)
    await query.answer()
    l10n, now = turn.l10n, turn.now()
    waiting = await service.queue(turn.session)
    lines, rows = [], []
    for case in waiting[:QUEUE_SHOWN]:
        entry = await service.queue_entry(turn.session, turn.vault, turn.places, case, now)
        lines.append(queue_item(l10n, entry))
        rows.append(
            [button(l10n("cases-btn-take", case=case.id), CaseCb(action="take", case_id=case.id))]
        )
    rows.append([home_button(l10n)])
    await message.answer(
        fmt(l10n, "cases-queue", count=len(waiting), lines="\n\n".join(lines)),
        reply_markup=markup(rows),
    )


@router.callback_query(
    CaseCb.filter(F.action == "take"), IsVolunteer(admins_too=False, refusal=not_volunteer)
)
async def on_take(query: CallbackQuery, callback_data: CaseCb, turn: Turn) -> None:
    message = target(query)
    await service.take_case(turn.session, callback_data.case_id, turn.user.id, turn.now())
    await hearing_reminders.sync_case(turn.session, callback_data.case_id, turn.now())
    access = await require(turn, callback_data.case_id)
    await query.answer(turn.l10n("cases-taken"))
    await show_case(message, access, turn)


@router.callback_query(CaseCb.filter(F.action == "rel"), HasCase(RELEASER))
async def on_release(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    await service.release_case(turn.session, access.case, turn.user.id, turn.now())
    await query.answer()
    await message.answer(turn.l10n("cases-released"))


@router.callback_query(CaseCb.filter(F.action == "rea"), HasCase(ADMIN))
async def on_reassign_choose(
    query: CallbackQuery, access: service.CaseAccess, message: Message, turn: Turn
) -> None:
    await query.answer()
    volunteers = await service.active_volunteers(turn.session)
    await message.answer(
        turn.l10n("cases-reassign-choose", count=len(volunteers)),
        reply_markup=reassign_keyboard(turn.l10n, access.case.id, volunteers),
    )


@router.callback_query(CaseCb.filter(F.action == "rea2"), HasCase(ADMIN))
async def on_reassign(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    turn: Turn,
) -> None:
    case = access.case
    await service.reassign(turn.session, case, turn.user.id, callback_data.arg, turn.now())
    await hearing_reminders.sync_case(turn.session, case.id, turn.now())
    await query.answer()
    await message.answer(
        turn.l10n("cases-reassigned"), reply_markup=back_to_case(turn.l10n, case.id)
    )
