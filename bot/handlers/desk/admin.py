"""Coordinators' desk commands: every active ticket, and the knowledge-base proposals.

An admin reads a ticket through the same card as its volunteer (``tools.py``), with the
admin's buttons on it.
"""

from __future__ import annotations

from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import lists, proposals
from bot.handlers.desk import ui
from bot.handlers.desk.shared import admins_only, desk_router, message_of, say_no
from bot.handlers.desk.ui import ProposalCb
from bot.i18n import L10n

router = desk_router("desk_admin")


@router.message(Command("tickets"))
async def cmd_tickets(
    message: Message, l10n: L10n, session: AsyncSession, clock: Clock, is_admin: bool
) -> None:
    if not await admins_only(message, l10n, is_admin):
        return
    text, markup = ui.active_listing(l10n, await lists.all_active(session), clock.now())
    await message.answer(text, reply_markup=markup)


@router.message(Command("proposals"))
async def cmd_proposals(
    message: Message, l10n: L10n, session: AsyncSession, vault: Vault, is_admin: bool
) -> None:
    if not await admins_only(message, l10n, is_admin):
        return
    pending = await proposals.pending(session)
    if not pending:
        await message.answer(l10n("desk-proposals-empty"))
        return
    for proposal in pending:
        text, markup = ui.proposal(l10n, vault, proposal)
        await message.answer(text, reply_markup=markup)


@router.callback_query(ProposalCb.filter())
async def on_proposal_decision(
    query: CallbackQuery,
    callback_data: ProposalCb,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
) -> None:
    if not await admins_only(query, l10n, is_admin):
        return
    action = callback_data.action
    if action not in {"accept", "reject"} or not await proposals.review(
        session,
        callback_data.pid,
        accept=action == "accept",
        admin_id=query.from_user.id,
        now=clock.now(),
    ):
        await say_no(query, l10n, "callback-stale")
        return
    await query.answer(l10n(f"desk-proposal-{action}ed"))
    message = message_of(query)
    if message is not None:
        await message.edit_reply_markup(reply_markup=None)
