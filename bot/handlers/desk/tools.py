"""Volunteers' desk tools: take, the card, files, release, close, notes, proposals, and
/ticket, /answer (the lists of tickets are in ``queue.py``).

Every press is re-checked in ``bot/desk`` against the person pressing: a forged or stale
button is refused in words (``shared.REFUSALS``).
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.desk import conversation as conv
from bot.desk import proposals
from bot.desk import tickets as desk
from bot.desk.models import CloseReason, Ticket
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.handlers.desk import ui
from bot.handlers.desk.conversation import say
from bot.handlers.desk.shared import (
    NOT_COMMAND,
    DeskVol,
    current_ticket,
    desk_router,
    enter_chat,
    leave_chat,
    private_state,
    readable_ticket,
    refuse,
)
from bot.handlers.desk.ui import DeskCb
from bot.i18n import L10n
from bot.models import User

router = desk_router("desk_tools")


async def show_card(
    bot: Bot,
    reader_fsm: FSMContext,
    reader_id: int,
    ticket: Ticket,
    *,
    l10n: L10n,
    session: AsyncSession,
    vault: Vault,
    clock: Clock,
) -> None:
    """The whole ticket in the reader's private chat. Its volunteer gets their tools and is
    put into the conversation; anyone else reading it is an admin and gets theirs."""
    holder = desk.holds(ticket, reader_id)
    if holder:
        await enter_chat(reader_fsm, DeskVol.chat, ticket.id, only_if_idle=False)
    now = clock.now()
    card = await conv.read_card(session, vault, ticket, reader_id, now)
    text, markup = ui.card(l10n, ticket, card, now, admin_view=not holder)
    sent = await bot.send_message(chat_id=reader_id, text=text, reply_markup=markup)
    # A Telegram reply to the card goes to this ticket's conversation.
    await conv.remember(
        session,
        ticket_id=ticket.id,
        chat_id=reader_id,
        message_id=sent.message_id,
        purpose="card",
        now=now,
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
    own = private_state(state, bot, presser)
    await show_card(
        bot, own, presser, ticket, l10n=l10n, session=session, vault=vault, clock=clock
    )
    if outcome == Outcome.OK:
        await conv.resend_media(
            session, ticket, presser, clock.now(), batch=f"claim{ticket.round}"
        )


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
    reader = query.from_user.id
    ticket = await readable_ticket(
        query, callback_data.tid, reader_id=reader, is_admin=is_admin, session=session, l10n=l10n
    )
    if ticket is None:
        return
    await query.answer()
    own = private_state(state, bot, reader)
    await show_card(bot, own, reader, ticket, l10n=l10n, session=session, vault=vault, clock=clock)


@router.callback_query(DeskCb.filter(F.action == "files"))
async def on_files(
    query: CallbackQuery,
    callback_data: DeskCb,
    l10n: L10n,
    session: AsyncSession,
    clock: Clock,
    is_admin: bool,
) -> None:
    reader = query.from_user.id
    ticket = await readable_ticket(
        query, callback_data.tid, reader_id=reader, is_admin=is_admin, session=session, l10n=l10n
    )
    if ticket is None:
        return
    now = clock.now()
    # Each press sends them again: the earlier copies may be long scrolled away.
    count = await conv.resend_media(
        session, ticket, reader, now, batch=f"files{int(now.timestamp())}"
    )
    await query.answer(l10n("desk-files-coming", count=count))


async def _let_go(query: CallbackQuery, bot: Bot, state: FSMContext, tid: int, told: str) -> None:
    """The presser no longer holds the ticket: out of its conversation, and told so."""
    await query.answer()
    await leave_chat(private_state(state, bot, query.from_user.id), tid)
    await bot.send_message(query.from_user.id, told)


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
    tid = callback_data.tid
    outcome = await desk.release(
        session, tid, query.from_user.id, clock.now(), desk_policy, is_admin=as_admin
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await _let_go(query, bot, state, tid, l10n("desk-vol-released", ticket=tid))


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
    tid = callback_data.tid
    outcome = await desk.close(
        session,
        tid,
        query.from_user.id,
        by=Closer.ADMIN if as_admin else Closer.VOLUNTEER,
        reason=CloseReason.ADMIN if as_admin else CloseReason.VOLUNTEER,
        now=clock.now(),
        is_admin=is_admin,
    )
    if outcome != Outcome.OK:
        await refuse(query, l10n, outcome)
        return
    await _let_go(query, bot, state, tid, l10n("desk-vol-closed", ticket=tid))


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
    reader = query.from_user.id
    ticket = await readable_ticket(
        query, callback_data.tid, reader_id=reader, is_admin=is_admin, session=session, l10n=l10n
    )
    if ticket is None:
        return
    await query.answer()
    await enter_chat(
        private_state(state, bot, reader), DeskVol.note, ticket.id, only_if_idle=False
    )
    await bot.send_message(reader, l10n("desk-note-ask", ticket=ticket.id))


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
    ticket_id = await current_ticket(state)
    if not text:
        await message.answer(l10n("desk-note-ask", ticket=ticket_id))
        return
    outcome = await conv.add_note(
        session, vault, ticket_id, user.id, text, clock.now(), is_admin=is_admin
    )
    ticket = await desk.get(session, ticket_id)
    if outcome != Outcome.OK or ticket is None:
        await state.clear()
        await refuse(message, l10n, outcome)
        return
    # Back to the conversation for its volunteer; an admin had none to go back to.
    if desk.holds(ticket, user.id):
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
    outcome, proposal = await proposals.propose(
        session, vault, callback_data.tid, user.id, desk_policy, clock.now()
    )
    if outcome != Outcome.OK or proposal is None:
        await refuse(query, l10n, outcome)
        return
    await query.answer(l10n("desk-proposed", proposal=proposal.id), show_alert=True)


# ---- commands with a ticket number --------------------------------------------------------


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
    ticket = await readable_ticket(
        message, parsed[0], reader_id=user.id, is_admin=is_admin, session=session, l10n=l10n
    )
    if ticket is not None:
        await show_card(
            bot, state, user.id, ticket, l10n=l10n, session=session, vault=vault, clock=clock
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
    # Relayed as if typed in the conversation, without the command and the number.
    reply = message.model_copy(update={"text": parsed[1]})
    await say(
        reply,
        parsed[0],
        as_volunteer=True,
        bot=bot,
        user=user,
        state=state,
        l10n=l10n,
        session=session,
        vault=vault,
        clock=clock,
    )
