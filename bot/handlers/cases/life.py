"""Life of a case: updates for the family, private volunteer notes, muting notifications."""

from __future__ import annotations

from aiogram import F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import service
from bot.clock import Clock
from bot.crypto import Vault
from bot.handlers.cases.base import MEMBER, STAFF, CaseFlow, guard
from bot.handlers.cases.ui import CaseCb, back_to_case, button, markup
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.models import User

router = RouterTemplate("cases-life")
router.message.filter(F.chat.type == ChatType.PRIVATE)


@router.callback_query(CaseCb.filter(F.action.in_({"upd", "note"})))
async def on_update_start(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    state: FSMContext,
    l10n: L10n,
    is_admin: bool,
) -> None:
    private = callback_data.action == "note"
    rule = STAFF if private else None
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, rule)
    if found is None:
        return
    access, message = found
    await query.answer()
    await state.set_state(CaseFlow.update)
    await state.set_data({"case_id": access.case.id, "private": private})
    cancel = button(l10n("cases-btn-cancel"), CaseCb(action="open", case_id=access.case.id))
    key = "cases-ask-note" if private else "cases-ask-update"
    await message.answer(l10n(key, case=access.case.id), reply_markup=markup([[cancel]]))


@router.message(CaseFlow.update, F.text)
async def on_update_text(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    vault: Vault,
    l10n: L10n,
    is_admin: bool,
    clock: Clock,
) -> None:
    data = await state.get_data()
    await state.clear()
    case_id = int(data.get("case_id") or 0)
    private = bool(data.get("private"))
    access = await service.get_access(session, case_id, user.id, is_admin)
    if access is None or (private and not access.is_staff):
        await message.answer(l10n("cases-error-no_access"))
        return
    try:
        await service.post_update(
            session, vault, access.case, user.id, message.text or "", clock.now(), private=private
        )
    except service.CaseError as exc:
        # Too long, say: keep the state so the next message is taken as the update again.
        await state.set_state(CaseFlow.update)
        await state.set_data(data)
        await message.answer(l10n(f"cases-error-{exc.code}"))
        return
    key = "cases-note-saved" if private else "cases-update-sent"
    await message.answer(l10n(key), reply_markup=back_to_case(l10n, case_id))


@router.message(CaseFlow.update)
async def on_update_not_text(message: Message, l10n: L10n) -> None:
    await message.answer(l10n("cases-text-only"))


@router.callback_query(CaseCb.filter(F.action == "mute"))
async def on_mute(
    query: CallbackQuery,
    callback_data: CaseCb,
    user: User,
    session: AsyncSession,
    l10n: L10n,
    is_admin: bool,
) -> None:
    found = await guard(query, session, callback_data.case_id, user, is_admin, l10n, MEMBER)
    if found is None:
        return
    member = found[0].member
    assert member is not None  # MEMBER guarantees it
    muted = not member.muted
    await service.set_muted(member, muted)
    await query.answer(l10n("cases-muted" if muted else "cases-unmuted"), show_alert=True)
