"""A ticket's conversation, both ways: what the person and the volunteer type (or send as a
file) while in it, Telegram replies to the bot's ticket messages, and the "reply" buttons.

This router comes first among the desk's: a Telegram reply to a ticket message belongs to
that ticket whatever form the person is in at the moment.
"""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.filters import Filter, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.desk import conversation as conv
from bot.desk.errors import ensure, refusal
from bot.desk.models import Author, Ticket
from bot.desk.tickets import Outcome
from bot.handlers.desk import ui
from bot.handlers.desk.shared import (
    MEDIA,
    NOT_COMMAND,
    DeskUser,
    DeskVol,
    current_ticket,
    desk_router,
    enter_chat,
    media_kind,
    private_state,
)
from bot.handlers.desk.ui import DeskCb
from bot.handlers.kit import target
from bot.keyboards import menu_keyboard
from bot.turn import Turn

router = desk_router("desk_conversation")

IN_CONVERSATION = StateFilter(DeskUser.chat, DeskVol.chat)


class TicketReply(Filter):
    """The message replies to a bot message that belongs to a ticket."""

    async def __call__(self, message: Message, turn: Turn) -> bool | dict[str, Ticket]:
        original = message.reply_to_message
        if message.text and message.text.startswith("/"):
            return False
        if original is None or original.from_user is None or not original.from_user.is_bot:
            return False
        ticket = await conv.by_link(turn.session, message.chat.id, original.message_id)
        return {"linked_ticket": ticket} if ticket is not None else False


async def say(
    message: Message, ticket_id: int, as_volunteer: bool, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    """Relay one message to the other side of the ticket and tell the writer how it went."""
    kind = media_kind(message)
    incoming = conv.Incoming(
        kind=kind,
        text=message.text if kind == "text" else message.caption,
        src=(message.chat.id, message.message_id) if kind != "text" else None,
    )
    said = await conv.add_message(
        turn.session,
        turn.vault,
        ticket_id,
        turn.user.id,
        incoming,
        as_volunteer=as_volunteer,
        now=turn.now(),
    )
    if said.outcome != Outcome.OK:
        if as_volunteer:
            await _volunteer_refused(message, ticket_id, said.outcome, state, turn)
        else:
            await _user_refused(message, ticket_id, said.outcome, state, turn)
        return
    if said.recipient is not None:
        # Whoever gets it can simply type back, unless they are busy with something else.
        back = DeskUser.chat if as_volunteer else DeskVol.chat
        other = private_state(state, bot, said.recipient)
        await enter_chat(other, back, ticket_id, only_if_idle=True)
    l10n = turn.l10n
    if as_volunteer:
        await message.answer(l10n("desk-vol-sent", ticket=ticket_id))
        return
    sent = said.recipient is not None
    reply = l10n("desk-user-sent" if sent else "desk-user-added", ticket=ticket_id)
    if kind != "text":
        reply += "\n" + l10n("desk-passport-warning")
    await message.answer(reply)


async def _user_refused(
    message: Message, ticket_id: int, outcome: Outcome, state: FSMContext, turn: Turn
) -> None:
    await state.clear()
    l10n = turn.l10n
    if outcome == Outcome.CLOSED:
        await message.answer(
            l10n("desk-user-ticket-closed", ticket=ticket_id),
            reply_markup=ui.kb_user_closed(l10n, ticket_id, rate=False),
        )
    else:
        await message.answer(l10n("desk-user-ticket-gone"), reply_markup=menu_keyboard(l10n))


async def _volunteer_refused(
    message: Message, ticket_id: int, outcome: Outcome, state: FSMContext, turn: Turn
) -> None:
    if outcome == Outcome.OPEN:
        await message.answer(
            turn.l10n("desk-take-first", ticket=ticket_id),
            reply_markup=ui.kb_take(turn.l10n, ticket_id),
        )
        return
    # A command such as /answer keeps whatever the volunteer was doing.
    in_chat = await state.get_state() == DeskVol.chat.state
    raise refusal(outcome, admin=turn.is_admin, end_flow=in_chat)


@router.message(TicketReply(), F.text | MEDIA)
async def on_ticket_reply(
    message: Message, linked_ticket: Ticket, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    as_volunteer = linked_ticket.user_id != turn.user.id
    if not as_volunteer:
        await enter_chat(state, DeskUser.chat, linked_ticket.id, only_if_idle=True)
    await say(message, linked_ticket.id, as_volunteer, bot, state, turn)


@router.message(IN_CONVERSATION, NOT_COMMAND, F.text | MEDIA)
async def on_conversation(message: Message, bot: Bot, state: FSMContext, turn: Turn) -> None:
    as_volunteer = await state.get_state() == DeskVol.chat.state
    await say(message, await current_ticket(state), as_volunteer, bot, state, turn)


@router.message(IN_CONVERSATION, NOT_COMMAND)
async def on_conversation_other(message: Message, turn: Turn) -> None:
    await message.answer(turn.l10n("desk-chat-unsupported"))


@router.callback_query(DeskCb.filter(F.action == "reply"))
async def on_reply_button(
    query: CallbackQuery, callback_data: DeskCb, bot: Bot, state: FSMContext, turn: Turn
) -> None:
    tid = callback_data.tid
    outcome, side = await conv.writes_as(turn.session, tid, turn.user.id)
    ensure(outcome, admin=turn.is_admin)
    if side == Author.USER:
        message = target(query)
        await query.answer()
        await enter_chat(state, DeskUser.chat, tid, only_if_idle=False)
        await message.answer(turn.l10n("desk-user-write-now", ticket=tid))
        return
    await query.answer()
    own = private_state(state, bot, turn.user.id)
    await enter_chat(own, DeskVol.chat, tid, only_if_idle=False)
    await bot.send_message(turn.user.id, turn.l10n("desk-vol-write-now", ticket=tid))
