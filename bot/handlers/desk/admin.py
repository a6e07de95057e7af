"""Coordinators' desk commands: every active ticket, and the knowledge-base proposals.

An admin reads a ticket through the same card as its volunteer (``tools.py``), with the
admin's buttons on it.
"""

from __future__ import annotations

from aiogram import F
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.desk import lists, proposals
from bot.desk.errors import DeskError
from bot.handlers.desk import ui
from bot.handlers.desk.shared import admin_only, desk_router
from bot.handlers.desk.ui import ProposalCb
from bot.handlers.kit import target
from bot.turn import Turn

router = desk_router("desk_admin")


@router.message(Command("tickets"), admin_only())
async def cmd_tickets(message: Message, turn: Turn) -> None:
    active = await lists.all_active(turn.session)
    text, markup = ui.active_listing(turn.l10n, active, turn.now())
    await message.answer(text, reply_markup=markup)


@router.message(Command("proposals"), admin_only())
async def cmd_proposals(message: Message, turn: Turn) -> None:
    pending = await proposals.pending(turn.session)
    if not pending:
        await message.answer(turn.l10n("desk-proposals-empty"))
        return
    for proposal in pending:
        text, markup = ui.proposal(turn.l10n, turn.vault, proposal)
        await message.answer(text, reply_markup=markup)


async def _review(query: CallbackQuery, callback_data: ProposalCb, turn: Turn) -> None:
    message = target(query)
    accept = callback_data.action == "accept"
    reviewed = await proposals.review(
        turn.session, callback_data.pid, accept=accept, admin_id=turn.user.id, now=turn.now()
    )
    if not reviewed:
        raise DeskError("stale")
    await query.answer(turn.l10n(f"desk-proposal-{callback_data.action}ed"))
    await message.edit_reply_markup(reply_markup=None)


@router.callback_query(ProposalCb.filter(F.action == "accept"), admin_only())
async def on_proposal_accept(query: CallbackQuery, callback_data: ProposalCb, turn: Turn) -> None:
    await _review(query, callback_data, turn)


@router.callback_query(ProposalCb.filter(F.action == "reject"), admin_only())
async def on_proposal_reject(query: CallbackQuery, callback_data: ProposalCb, turn: Turn) -> None:
    await _review(query, callback_data, turn)


@router.callback_query(ProposalCb.filter(), admin_only())
async def on_proposal_other(query: CallbackQuery) -> None:
    raise DeskError("stale")
