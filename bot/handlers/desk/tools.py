"""Volunteers' desk tools: take, the card, files, release, close, notes, proposals, and
/ticket, /answer (the lists of tickets are in ``queue.py``).

Every press is re-checked in ``bot/desk`` against the person pressing; a refusal is a
``DeskError`` the kit says in words.
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Command, CommandObject
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.desk import conversation as conv
from bot.desk import proposals
from bot.desk import tickets as desk
from bot.desk.errors import DeskError, ensure, refusal
from bot.desk.models import CloseReason, Ticket
from bot.desk.policy import DeskPolicy
from bot.desk.tickets import Closer, Outcome
from bot.handlers.desk import ui
from bot.handlers.desk.conversation import say
from bot.handlers.desk.shared import (
    NOT_COMMAND,
    DeskVol,
    ReadableTicket,
    admin_only,
    current_ticket,
    desk_router,
    enter_chat,
    leave_chat,
    private_state,
)
from bot.handlers.desk.ui import DeskCb
from bot.turn import Turn

router = desk_router("desk_tools")


async def show_card(bot: Bot, state: FSMContext, ticket: Ticket, turn: Turn) -> None:
    """The whole ticket in the reader's private chat. Its volunteer gets their tools and is
    put into the conversation; anyone else reading it is an admin and gets theirs."""
    reader = turn.user.id
    holder = desk.holds(ticket, reader)
    if holder:
        own = private_state(state, bot, reader)
        await enter_chat(own, DeskVol.chat, ticket.id, only_if_idle=False)
    now = turn.now()
    card = await conv.read_card(turn.session, turn.vault, ticket, reader, now)
    text, markup = ui.card(turn.l10n, ticket, card, now, admin_view=not holder)
    sent = await bot.send_message(chat_id=reader, text=text, reply_markup=markup)
    # A Telegram reply to the card goes to this ticket's conversation.
    await conv.remember(
        turn.session,
        ticket_id=ticket.id,
        chat_id=reader,
        message_id=sent.message_id,
        purpose="card",
        now=now,
    )


async def _say_where_writing(bot: Bot, own: FSMContext, turn: Turn) -> None:
    """A volunteer in a conversation is told in the chat which one it is."""
    if await own.get_state() == DeskVol.chat.state and (tid := await current_ticket(own)):
        chat = own.key.chat_id
        await bot.send_message(chat, turn.l10n("desk-vol-still-in", ticket=tid))


@router.callback_query(DeskCb.filter(F.action == "take"))
async def on_take(
    query: CallbackQuery, callback_data: DeskCb, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    presser = query.from_user.id
    outcome = await desk.claim(turn.session, callback_data.tid, presser, turn.now())
    if outcome not in {Outcome.OK, Outcome.ALREADY_YOURS}:
        # The alert goes away; what the volunteer types next must not surprise them.
        await _say_where_writing(bot, private_state(state, bot, presser), turn)
        raise refusal(outcome, admin=turn.is_admin)
    ticket = await desk.get(turn.session, callback_data.tid)
    assert ticket is not None  # just claimed (or already held) by the presser
    await query.answer(turn.l10n("desk-you-took", ticket=ticket.id))
    await show_card(bot, state, ticket, turn)
    if outcome == Outcome.OK:
        batch = f"claim{ticket.round}"
        await conv.resend_media(turn.session, ticket, presser, turn.now(), batch=batch)


@router.callback_query(DeskCb.filter(F.action.in_({"open", "view"})), ReadableTicket())
async def on_open(
    query: CallbackQuery, ticket: Ticket, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    await query.answer()
    await show_card(bot, state, ticket, turn)


@router.callback_query(DeskCb.filter(F.action == "files"), ReadableTicket())
async def on_files(query: CallbackQuery, ticket: Ticket, turn: Turn) -> None:
    now = turn.now()
    # Each press sends them again: the earlier copies may be long scrolled away.
    batch = f"files{int(now.timestamp())}"
    count = await conv.resend_media(turn.session, ticket, query.from_user.id, now, batch=batch)
    await query.answer(turn.l10n("desk-files-coming", count=count))


async def _let_go(query: CallbackQuery, bot: Bot, state: FSMContext, tid: int, told: str) -> None:
    """The presser no longer holds the ticket: out of its conversation, and told so."""
    await query.answer()
    await leave_chat(private_state(state, bot, query.from_user.id), tid)
    await bot.send_message(query.from_user.id, told)


@router.callback_query(DeskCb.filter(F.action == "release"))
@router.callback_query(DeskCb.filter(F.action == "arelease"), admin_only(Outcome.NOT_YOURS))
async def on_release(
    query: CallbackQuery,
    callback_data: DeskCb,
    bot: Bot,
    state: FSMContext,
    turn: Turn,
    desk_policy: DeskPolicy,
) -> None:
    """Back to the queue: by its volunteer, or ("arelease") by a coordinator."""
    tid, as_admin = callback_data.tid, callback_data.action == "arelease"
    outcome = await desk.release(
        turn.session, tid, query.from_user.id, turn.now(), desk_policy, is_admin=as_admin
    )
    ensure(outcome, admin=turn.is_admin)
    await _let_go(query, bot, state, tid, turn.l10n("desk-vol-released", ticket=tid))


@router.callback_query(DeskCb.filter(F.action == "close"))
@router.callback_query(DeskCb.filter(F.action == "aclose"))
async def on_close(
    query: CallbackQuery, callback_data: DeskCb, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    """Closed by its volunteer, or ("aclose") by a coordinator."""
    tid, by_admin = callback_data.tid, callback_data.action == "aclose"
    outcome = await desk.close(
        turn.session,
        tid,
        query.from_user.id,
        by=Closer.ADMIN if by_admin else Closer.VOLUNTEER,
        reason=CloseReason.ADMIN if by_admin else CloseReason.VOLUNTEER,
        now=turn.now(),
        is_admin=turn.is_admin,
    )
    ensure(outcome, admin=turn.is_admin)
    await _let_go(query, bot, state, tid, turn.l10n("desk-vol-closed", ticket=tid))


@router.callback_query(DeskCb.filter(F.action == "note"), ReadableTicket())
async def on_note_button(
    query: CallbackQuery, ticket: Ticket, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    reader = query.from_user.id
    await query.answer()
    own = private_state(state, bot, reader)
    await enter_chat(own, DeskVol.note, ticket.id, only_if_idle=False)
    await bot.send_message(reader, turn.l10n("desk-note-ask", ticket=ticket.id))


@router.message(DeskVol.note, NOT_COMMAND, F.text)
async def on_note_text(message: Message, state: FSMContext, turn: Turn) -> None:
    text = (message.text or "").strip()
    ticket_id = await current_ticket(state)
    if not text:
        await message.answer(turn.l10n("desk-note-ask", ticket=ticket_id))
        return
    outcome = await conv.add_note(
        turn.session, turn.vault, ticket_id, turn.user.id, text, turn.now(), is_admin=turn.is_admin
    )
    ensure(outcome, end_flow=True)
    ticket = await desk.get(turn.session, ticket_id)
    if ticket is None:
        raise DeskError(Outcome.MISSING.value, end_flow=True)
    # Back to the conversation for its volunteer; an admin had none to go back to.
    if desk.holds(ticket, turn.user.id):
        await state.set_state(DeskVol.chat)
        await message.answer(turn.l10n("desk-note-saved-back", ticket=ticket_id))
        return
    await state.clear()
    await message.answer(turn.l10n("desk-note-saved", ticket=ticket_id))


@router.callback_query(DeskCb.filter(F.action == "propose"))
async def on_propose(
    query: CallbackQuery, callback_data: DeskCb, turn: Turn, desk_policy: DeskPolicy
) -> None:
    outcome, proposal = await proposals.propose(
        turn.session, turn.vault, callback_data.tid, turn.user.id, desk_policy, turn.now()
    )
    ensure(outcome)
    assert proposal is not None  # made when the outcome is OK
    await query.answer(turn.l10n("desk-proposed", proposal=proposal.id), show_alert=True)


# ---- commands with a ticket number --------------------------------------------------------


def _ticket_arg(command: CommandObject) -> tuple[int, str] | None:
    args = (command.args or "").strip().lstrip("#")
    number, _, rest = args.partition(" ")
    if not number.isdigit():
        return None
    return int(number), rest.strip()


@router.message(Command("ticket"))
async def cmd_ticket(
    message: Message, command: CommandObject, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    parsed = _ticket_arg(command)
    if parsed is None:
        await message.answer(turn.l10n("desk-ticket-usage"))
        return
    ticket = await conv.readable(
        turn.session, parsed[0], turn.user.id, is_admin=turn.is_admin, pressed=False
    )
    await show_card(bot, state, ticket, turn)


@router.message(Command("answer"))
async def cmd_answer(
    message: Message, command: CommandObject, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    parsed = _ticket_arg(command)
    if parsed is None or not parsed[1]:
        await message.answer(turn.l10n("desk-answer-usage"))
        return
    # Relayed as if typed in the conversation, without the command and the number.
    reply = message.model_copy(update={"text": parsed[1]})
    await say(reply, parsed[0], True, bot, state, turn)
