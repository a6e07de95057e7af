"""Life of a case: updates for the family, private volunteer notes, muting notifications."""

from __future__ import annotations

from aiogram import F
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.cases import service
from bot.handlers.cases.base import MEMBER, STAFF, CaseFlow, HasCase, UpdateState, require
from bot.handlers.cases.ui import CaseCb, back_to_case
from bot.handlers.kit import button, load_state, markup, save_state
from bot.handlers.template import private_router
from bot.turn import Turn

router = private_router("cases-life")


async def ask_update(message: Message, state: FSMContext, turn: Turn, flow: UpdateState) -> None:
    await state.set_state(CaseFlow.update)
    await save_state(state, flow)
    back = CaseCb(action="open", case_id=flow.case_id)
    cancel = button(turn.l10n("cases-btn-cancel"), back)
    key = "cases-ask-note" if flow.private else "cases-ask-update"
    await message.answer(turn.l10n(key, case=flow.case_id), reply_markup=markup([[cancel]]))


@router.callback_query(CaseCb.filter(F.action == "upd"), HasCase())
@router.callback_query(CaseCb.filter(F.action == "note"), HasCase(STAFF))
async def on_update_start(
    query: CallbackQuery,
    callback_data: CaseCb,
    access: service.CaseAccess,
    message: Message,
    state: FSMContext,
    turn: Turn,
) -> None:
    """An update for the family ("upd"), or a private volunteer note ("note", staff only)."""
    flow = UpdateState(case_id=access.case.id, private=callback_data.action == "note")
    await query.answer()
    await ask_update(message, state, turn, flow)


@router.message(CaseFlow.update, F.text)
async def on_update_text(message: Message, state: FSMContext, turn: Turn) -> None:
    flow = await load_state(state, UpdateState)
    if flow is None:
        raise service.CaseError("no_access", end_flow=True)
    access = await require(turn, flow.case_id, STAFF if flow.private else None, end_flow=True)
    # Refused (too long, say): the state stays, so the next message is taken as the update.
    await service.post_update(
        turn.session,
        turn.vault,
        access.case,
        turn.user.id,
        message.text or "",
        turn.now(),
        private=flow.private,
    )
    await state.clear()
    key = "cases-note-saved" if flow.private else "cases-update-sent"
    await message.answer(turn.l10n(key), reply_markup=back_to_case(turn.l10n, flow.case_id))


@router.message(CaseFlow.update)
async def on_update_not_text(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("cases-text-only"))


@router.callback_query(CaseCb.filter(F.action == "mute"), HasCase(MEMBER))
async def on_mute(query: CallbackQuery, access: service.CaseAccess, turn: Turn) -> None:
    member = access.member
    assert member is not None  # MEMBER guarantees it
    muted = not member.muted
    await service.set_muted(member, muted)
    await query.answer(turn.l10n("cases-muted" if muted else "cases-unmuted"), show_alert=True)
