"""Volunteers' and coordinators' desk tools: take, read, release, close, notes, proposals,
the queue and one's own tickets.

Every press is re-checked in ``bot/desk`` against the person pressing: a forged or stale
button is refused in words (see ``REFUSALS``).
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import conversation as conv
from bot.desk import tickets as desk
from bot.desk import volunteers as vols
from bot.desk.models import CloseReason, KbProposal, ProposalStatus, Ticket, TicketStatus
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.handlers import desk_ui as ui
from bot.handlers.desk import (
    NOT_COMMAND,
    REFUSALS,
    DeskVol,
    enter_chat,
    private_state,
    refuse,
    volunteer_says,
)
from bot.handlers.desk_ui import DeskCb, ProposalCb
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n
from bot.models import AuditEvent, User

router = RouterTemplate("desk_tools")
router.message.filter(F.chat.type == ChatType.PRIVATE)
router.callback_query.filter(
    (F.message.chat.type == ChatType.PRIVATE) | F.data.startswith("dk:take:")
)
QUEUE_PAGE = 10


async def send_card(
    bot: Bot,
    chat_id: int,
    ticket: Ticket,
    *,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    admin_view: bool,
) -> None:
    """The whole ticket for someone allowed to see it; every such read is audited."""
    entries = await conv.history(session, vault, ticket.id, notes=True)
    question_text = desk.question(vault, ticket)
    rest = entries[1:] if entries and entries[0].author == "user" else entries
    files = await conv.media_count(session, ticket.id)
    text = l10n(
        "desk-card",
        ticket=ticket.id,
        category=l10n(f"desk-cat-{ticket.category}"),
        language=ticket.language,
        status=ui.status_label(l10n, ticket),
        asked=ui.ago(l10n, ticket.created_at, clock.now()),
        question=ui.excerpt(question_text, 1500),
    )
    if rest:
        text += "\n\n" + ui.conversation(l10n, rest, limit=2000)
    if admin_view:
        markup = ui.kb_admin_card(l10n, ticket)
    else:
        text += "\n\n" + l10n("desk-card-hint")
        markup = ui.kb_vol_card(l10n, ticket.id, files)
    session.add(
        AuditEvent(
            actor_id=chat_id,
            action="desk.view",
            object_type="ticket",
            object_id=str(ticket.id),
            created_at=clock.now(),
        )
    )
    sent = await bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
    await conv.remember(
        session,
        ticket_id=ticket.id,
        chat_id=chat_id,
        message_id=sent.message_id,
        purpose="card",
        now=clock.now(),
    )


@router.callback_query(DeskCb.filter(F.action == "take"))
async def on_take(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    presser = query.from_user.id
    outcome = await desk.claim(session, callback_data.tid, presser, clock.now())
    if outcome not in {Outcome.OK, Outcome.ALREADY_YOURS}:
        await refuse(query, l10n, outcome)
        return
    ticket = await desk.get(session, callback_data.tid)
    assert ticket is not None
    await query.answer(l10n("desk-you-took", ticket=ticket.id))
    await enter_chat(
        private_state(state, bot, presser), DeskVol.chat, ticket.id, only_if_idle=False
    )
    await send_card(
        bot,
        presser,
        ticket,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
        admin_view=False,
    )
    if outcome == Outcome.OK:
        await conv.resend_media(
            session, ticket, presser, clock.now(), batch=f"claim{ticket.round}"
        )


async def _held_ticket(
    query: CallbackQuery, session: AsyncSession, l10n: L10n, tid: int, *, is_admin: bool
) -> Ticket | None:
    """The ticket, if the presser may see its conversation (its volunteer, or an admin)."""
    ticket = await desk.get(session, tid)
    if ticket is None:
        await refuse(query, l10n, Outcome.MISSING)
        return None
    if await conv.may_view(session, ticket, query.from_user.id, is_admin):
        return ticket
    if not is_admin and await vols.approved(session, query.from_user.id) is None:
        await refuse(query, l10n, Outcome.NOT_VOLUNTEER)
    else:
        await refuse(query, l10n, Outcome.NOT_YOURS)
    return None


@router.callback_query(DeskCb.filter(F.action.in_({"open", "view"})))
async def on_open(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    ticket = await _held_ticket(query, session, l10n, callback_data.tid, is_admin=is_admin)
    if ticket is None:
        return
    await query.answer()
    holder = ticket.volunteer_id == query.from_user.id and ticket.status == TicketStatus.CLAIMED
    if holder:
        await enter_chat(
            private_state(state, bot, query.from_user.id),
            DeskVol.chat,
            ticket.id,
            only_if_idle=False,
        )
    await send_card(
        bot,
        query.from_user.id,
        ticket,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
        admin_view=not holder,
    )


@router.callback_query(DeskCb.filter(F.action == "files"))
async def on_files(
    query: CallbackQuery,
    callback_data: DeskCb,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
) -> None:
    ticket = await _held_ticket(query, session, l10n, callback_data.tid, is_admin=is_admin)
    if ticket is None:
        return
    now = clock.now()
    count = await conv.resend_media(
        session, ticket, query.from_user.id, now, batch=f"files{int(now.timestamp())}"
    )
    await query.answer(l10n("desk-files-coming", count=count))


@router.callback_query(DeskCb.filter(F.action.in_({"release", "arelease"})))
async def on_release(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
    desk_policy: DeskPolicy,
) -> None:
    as_admin = callback_data.action == "arelease"
    if as_admin and not is_admin:
        await refuse(query, l10n, Outcome.NOT_YOURS)
        return
    outcome = await desk.release(
        session,
        callback_data.tid,
        query.from_user.id,
        clock.now(),
        desk_policy,
        is_admin=as_admin,
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    own = private_state(state, bot, query.from_user.id)
    if (await own.get_data()).get("desk_ticket") == callback_data.tid:
        await own.clear()
    await bot.send_message(query.from_user.id, l10n("desk-vol-released", ticket=callback_data.tid))


@router.callback_query(DeskCb.filter(F.action.in_({"close", "aclose"})))
async def on_close(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
) -> None:
    as_admin = callback_data.action == "aclose"
    outcome = await desk.close(
        session,
        callback_data.tid,
        query.from_user.id,
        by=Closer.ADMIN if as_admin else Closer.VOLUNTEER,
        reason=CloseReason.ADMIN if as_admin else CloseReason.VOLUNTEER,
        now=clock.now(),
        is_admin=is_admin,
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await query.answer()
    own = private_state(state, bot, query.from_user.id)
    if (await own.get_data()).get("desk_ticket") == callback_data.tid:
        await own.clear()
    await bot.send_message(query.from_user.id, l10n("desk-vol-closed", ticket=callback_data.tid))


@router.callback_query(DeskCb.filter(F.action == "note"))
async def on_note_button(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    is_admin: bool,
) -> None:
    ticket = await _held_ticket(query, session, l10n, callback_data.tid, is_admin=is_admin)
    if ticket is None:
        return
    await query.answer()
    own = private_state(state, bot, query.from_user.id)
    await own.set_state(DeskVol.note)
    await own.update_data(desk_ticket=ticket.id)
    await bot.send_message(query.from_user.id, l10n("desk-note-ask", ticket=ticket.id))


@router.message(DeskVol.note, NOT_COMMAND, F.text)
async def on_note_text(
    message: Message,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    text = (message.text or "").strip()
    ticket_id = int((await state.get_data()).get("desk_ticket", 0))
    if not text:
        await message.answer(l10n("desk-note-ask", ticket=ticket_id))
        return
    outcome = await conv.add_note(
        session, vault, ticket_id, user.id, text, clock.now(), is_admin=is_admin
    )
    ticket = await desk.get(session, ticket_id)
    if outcome != Outcome.OK or ticket is None:
        await state.clear()
        await message.answer(l10n(REFUSALS.get(outcome, "callback-stale")))
        return
    if ticket.volunteer_id == user.id and ticket.status == TicketStatus.CLAIMED:
        await state.set_state(DeskVol.chat)
    else:
        await state.clear()
    await message.answer(l10n("desk-note-saved", ticket=ticket_id))


@router.callback_query(DeskCb.filter(F.action == "propose"))
async def on_propose(
    query: CallbackQuery,
    callback_data: DeskCb,
    user: User,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    desk_policy: DeskPolicy,
) -> None:
    outcome, proposal = await conv.propose(
        session, vault, callback_data.tid, user.id, desk_policy, clock.now()
    )
    if outcome != Outcome.OK or proposal is None:
        await refuse(query, l10n, outcome)
        return
    await query.answer(l10n("desk-proposed", proposal=proposal.id), show_alert=True)


# ---- queue, own tickets, commands -------------------------------------------------------


async def show_queue(
    bot: Bot, chat_id: int, l10n: L10n, session: AsyncSession, vault: Vault, clock: Clock
) -> None:
    waiting, total = await desk.queue(session, QUEUE_PAGE)
    if not waiting:
        await bot.send_message(chat_id, l10n("desk-queue-empty"))
        return
    lines = [l10n("desk-queue-title", count=total)]
    rows = []
    now = clock.now()
    for ticket in waiting:
        lines.append(
            l10n(
                "desk-queue-line",
                ticket=ticket.id,
                category=l10n(f"desk-cat-{ticket.category}"),
                language=ticket.language,
                waited=ui.ago(l10n, ticket.created_at, now),
                question=ui.excerpt(desk.question(vault, ticket), 120),
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("desk-btn-take", ticket=ticket.id),
                    callback_data=DeskCb(action="take", tid=ticket.id).pack(),
                )
            ]
        )
    await bot.send_message(
        chat_id, "\n\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def show_mine(
    bot: Bot, chat_id: int, l10n: L10n, session: AsyncSession, clock: Clock
) -> None:
    held = await desk.held_by(session, chat_id)
    if not held:
        await bot.send_message(chat_id, l10n("desk-mine-empty"))
        return
    now = clock.now()
    lines = [l10n("desk-mine-title", count=len(held))]
    rows = []
    for ticket in held:
        lines.append(
            l10n(
                "desk-mine-line",
                ticket=ticket.id,
                category=l10n(f"desk-cat-{ticket.category}"),
                active=ui.ago(l10n, ticket.last_activity_at, now),
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("desk-btn-card", ticket=ticket.id),
                    callback_data=DeskCb(action="open", tid=ticket.id).pack(),
                )
            ]
        )
    await bot.send_message(
        chat_id, "\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


async def _volunteer_or_admin(session: AsyncSession, user_id: int, is_admin: bool) -> bool:
    return is_admin or await vols.approved(session, user_id) is not None


@router.message(Command("queue"))
async def cmd_queue(
    message: Message,
    bot: Bot,
    user: User,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    if not await _volunteer_or_admin(session, user.id, is_admin):
        await message.answer(l10n("desk-denied-not-volunteer"))
        return
    await show_queue(bot, user.id, l10n, session, vault, clock)


@router.message(Command("mine"))
async def cmd_mine(
    message: Message, bot: Bot, user: User, l10n: L10n, session: AsyncSession, clock: Clock
) -> None:
    if await vols.approved(session, user.id) is None:
        await message.answer(l10n("desk-denied-not-volunteer"))
        return
    await show_mine(bot, user.id, l10n, session, clock)


@router.callback_query(DeskCb.filter(F.action.in_({"queue", "mine"})))
async def on_panel_list(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    presser = query.from_user.id
    if callback_data.action == "queue" and not await _volunteer_or_admin(
        session, presser, is_admin
    ):
        await refuse(query, l10n, Outcome.NOT_VOLUNTEER)
        return
    if callback_data.action == "mine" and await vols.approved(session, presser) is None:
        await refuse(query, l10n, Outcome.NOT_VOLUNTEER)
        return
    await query.answer()
    if callback_data.action == "queue":
        await show_queue(bot, presser, l10n, session, vault, clock)
    else:
        await show_mine(bot, presser, l10n, session, clock)


def _ticket_arg(command: CommandObject) -> tuple[int, str] | None:
    args = (command.args or "").strip().lstrip("#")
    number, _, rest = args.partition(" ")
    if not number.isdigit():
        return None
    return int(number), rest.strip()


@router.message(Command("ticket"))
async def cmd_ticket(
    message: Message,
    command: CommandObject,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
    is_admin: bool,
) -> None:
    parsed = _ticket_arg(command)
    if parsed is None:
        await message.answer(l10n("desk-ticket-usage"))
        return
    ticket = await desk.get(session, parsed[0])
    if ticket is None or not await conv.may_view(session, ticket, user.id, is_admin):
        if not is_admin and await vols.approved(session, user.id) is None:
            await message.answer(l10n("desk-denied-not-volunteer"))
        else:
            await message.answer(l10n("desk-denied-not-yours"))
        return
    holder = ticket.volunteer_id == user.id and ticket.status == TicketStatus.CLAIMED
    if holder:
        await enter_chat(state, DeskVol.chat, ticket.id, only_if_idle=False)
    await send_card(
        bot,
        user.id,
        ticket,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
        admin_view=not holder,
    )


@router.message(Command("answer"))
async def cmd_answer(
    message: Message,
    command: CommandObject,
    bot: Bot,
    user: User,
    state: FSMContext,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    parsed = _ticket_arg(command)
    if parsed is None or not parsed[1]:
        await message.answer(l10n("desk-answer-usage"))
        return
    reply = message.model_copy(update={"text": parsed[1]})
    await volunteer_says(
        reply,
        parsed[0],
        bot=bot,
        user=user,
        state=state,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )


@router.message(Command("tickets"))
async def cmd_tickets(
    message: Message, l10n: L10n, session: AsyncSession, clock: Clock, is_admin: bool
) -> None:
    if not is_admin:
        await message.answer(l10n("desk-denied-admin"))
        return
    active = await desk.all_active(session)
    if not active:
        await message.answer(l10n("desk-tickets-empty"))
        return
    now = clock.now()
    lines = [l10n("desk-tickets-title", count=len(active))]
    rows = []
    for ticket in active:
        lines.append(
            l10n(
                "desk-tickets-line",
                ticket=ticket.id,
                status=ui.status_label(l10n, ticket),
                category=l10n(f"desk-cat-{ticket.category}"),
                waited=ui.ago(l10n, ticket.created_at, now),
            )
        )
        rows.append(
            [
                InlineKeyboardButton(
                    text=l10n("desk-btn-view", ticket=ticket.id),
                    callback_data=DeskCb(action="view", tid=ticket.id).pack(),
                )
            ]
        )
    await message.answer("\n".join(lines), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows))


@router.message(Command("proposals"))
async def cmd_proposals(
    message: Message, l10n: L10n, session: AsyncSession, vault: Vault, is_admin: bool
) -> None:
    if not is_admin:
        await message.answer(l10n("desk-denied-admin"))
        return
    pending = list(
        await session.scalars(
            select(KbProposal)
            .where(KbProposal.status == ProposalStatus.PENDING)
            .order_by(KbProposal.id)
            .limit(5)
        )
    )
    if not pending:
        await message.answer(l10n("desk-proposals-empty"))
        return
    for proposal in pending:
        await message.answer(
            l10n(
                "desk-proposal",
                proposal=proposal.id,
                category=l10n(f"desk-cat-{proposal.category}"),
                language=proposal.language,
                question=ui.excerpt(vault.decrypt(proposal.question_enc), 1500),
                answer=ui.excerpt(vault.decrypt(proposal.answer_enc), 2000),
            ),
            reply_markup=ui.kb_proposal(l10n, proposal.id),
        )


@router.callback_query(ProposalCb.filter())
async def on_proposal_decision(
    query: CallbackQuery,
    callback_data: ProposalCb,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
) -> None:
    if not is_admin:
        await query.answer(l10n("desk-denied-admin"), show_alert=True)
        return
    proposal = await session.get(KbProposal, callback_data.pid)
    if proposal is None or proposal.status != ProposalStatus.PENDING:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    if callback_data.action not in {"accept", "reject"}:
        await query.answer(l10n("callback-stale"), show_alert=True)
        return
    proposal.status = (
        ProposalStatus.ACCEPTED if callback_data.action == "accept" else ProposalStatus.REJECTED
    )
    proposal.reviewed_by = query.from_user.id
    proposal.reviewed_at = clock.now()
    await query.answer(l10n(f"desk-proposal-{callback_data.action}ed"))
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)
