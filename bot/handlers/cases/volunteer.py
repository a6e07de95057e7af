"""Volunteers and cases: asking for one, the queue, taking, releasing and reassigning."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.cases.base import ADMIN, MEMBER, RELEASER, guard, refuse, target
from bot.handlers.cases.card import show_case
from bot.handlers.cases.ui import (
    CaseCb,
    back_to_case,
    button,
    case_list_keyboard,
    fmt,
    home_button,
    markup,
    needs_keyboard,
    open_case_button,
    queue_item,
    reassign_keyboard,
)
from bot.handlers.template import RouterTemplate
from bot.hearings import reminders as hearing_reminders
from bot.i18n import L10n
from bot.models import User
from bot.places import Places
from bot.volunteers import approved_volunteer

router = RouterTemplate("cases-volunteer")
router.message.filter(F.chat.type == ChatType.PRIVATE)

QUEUE_SHOWN = 20  # one message must stay under Telegram's 4096 characters


@router.callback_query(CaseCb.filter(F.action.in_({"vol", "need"})))
async def on_request_volunteer(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MEMBER)
    if found is None:
        return
    access, message = found
    case = access.case
    if callback_data.action == "vol":
        if case.volunteer_id is not None:
            await refuse(query, l10n, "has_volunteer")
            return
        await query.answer()
        await message.answer(
            l10n("cases-volunteer-need"), reply_markup=needs_keyboard(l10n, case.id)
        )
        return
    need = service.need_at(callback_data.arg)
    if need is None:
        await refuse(query, l10n, "stale")
        return
    try:
        await service.request_volunteer(session, case, user.id, need, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    await message.answer(
        l10n("cases-volunteer-requested"), reply_markup=back_to_case(l10n, case.id)
    )


@router.callback_query(CaseCb.filter(F.action.in_({"queue", "mine", "all"})))
async def on_volunteer_lists(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if callback_data.action == "all":
        if not is_admin:
            await refuse(query, l10n, "not_admin")
            return
        await query.answer()
        cases = await service.recent_cases(session)
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
        return
    if not is_admin and await approved_volunteer(session, user.id) is None:
        await refuse(query, l10n, "not_volunteer")
        return
    await query.answer()
    if callback_data.action == "mine":
        cases = await service.volunteer_cases(session, user.id)
        items = [open_case_button(l10n, c.id) for c in cases]
        await message.answer(
            l10n("cases-mine", count=len(cases)), reply_markup=case_list_keyboard(l10n, items)
        )
        return
    now = clock.now()
    waiting = await service.queue(session)
    lines, rows = [], []
    for case in waiting[:QUEUE_SHOWN]:
        entry = await service.queue_entry(session, vault, places, case, now)
        lines.append(queue_item(l10n, entry))
        rows.append(
            [button(l10n("cases-btn-take", case=case.id), CaseCb(action="take", case_id=case.id))]
        )
    rows.append([home_button(l10n)])
    await message.answer(
        fmt(l10n, "cases-queue", count=len(waiting), lines="\n\n".join(lines)),
        reply_markup=markup(rows),
    )


@router.callback_query(CaseCb.filter(F.action == "take"))
async def on_take(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    vault: Vault,
    places: Places,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    message = target(query)
    if message is None:
        await refuse(query, l10n, "stale")
        return
    if await approved_volunteer(session, user.id) is None:
        await refuse(query, l10n, "not_volunteer")
        return
    try:
        await service.take_case(session, callback_data.case_id, user.id, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await hearing_reminders.sync_case(session, callback_data.case_id, clock.now())
    access = await service.get_access(session, callback_data.case_id, user.id, is_admin)
    if access is None:
        await refuse(query, l10n)
        return
    await query.answer(l10n("cases-taken"))
    await show_case(message, access, user, session, vault, places, l10n, clock.now())


@router.callback_query(CaseCb.filter(F.action == "rel"))
async def on_release(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, RELEASER)
    if found is None:
        return
    access, message = found
    try:
        await service.release_case(session, access.case, user.id, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await query.answer()
    await message.answer(l10n("cases-released"))


@router.callback_query(CaseCb.filter(F.action.in_({"rea", "rea2"})))
async def on_reassign(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, ADMIN)
    if found is None:
        return
    access, message = found
    case = access.case
    if callback_data.action == "rea":
        await query.answer()
        volunteers = await service.active_volunteers(session)
        await message.answer(
            l10n("cases-reassign-choose", count=len(volunteers)),
            reply_markup=reassign_keyboard(l10n, case.id, volunteers),
        )
        return
    try:
        await service.reassign(session, case, user.id, callback_data.arg, clock.now())
    except service.CaseError as exc:
        await refuse(query, l10n, exc.code)
        return
    await hearing_reminders.sync_case(session, case.id, clock.now())
    await query.answer()
    await message.answer(l10n("cases-reassigned"), reply_markup=back_to_case(l10n, case.id))
