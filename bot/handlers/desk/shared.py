"""What the desk's routers share: their filters, the conversation states, and the one way a
press or a command is refused (in words, because callback data can be forged)."""

from __future__ import annotations

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import conversation as conv
from bot.desk import tickets as desk
from bot.desk.models import Ticket
from bot.desk.tickets import Outcome
from bot.handlers.template import RouterTemplate
from bot.i18n import L10n

MEDIA_KINDS = ("photo", "document", "voice", "video", "audio", "video_note")
MEDIA = F.photo | F.document | F.voice | F.video | F.audio | F.video_note
# Commands typed in the middle of a conversation go on to their own handlers.
NOT_COMMAND = ~F.text.startswith("/")

# How each refusal or stale state is said to the person who pressed.
REFUSALS: dict[Outcome, str] = {
    Outcome.MISSING: "desk-missing",
    Outcome.NOT_VOLUNTEER: "desk-denied-not-volunteer",
    Outcome.NOT_YOURS: "desk-denied-not-yours",
    Outcome.OWN: "desk-own",
    Outcome.TAKEN: "desk-taken",
    Outcome.OPEN: "desk-still-open",
    Outcome.CLOSED: "desk-closed",
    Outcome.NOT_CLOSED: "desk-not-closed",
    Outcome.LIMIT: "desk-limit-reopen",
    Outcome.NO_ANSWER: "desk-propose-no-answer",
    Outcome.ALREADY_YOURS: "desk-already-yours",
}

Event = Message | CallbackQuery


class DeskUser(StatesGroup):
    question = State()
    category = State()
    chat = State()  # everything typed goes to the ticket in data["desk_ticket"]


class DeskVol(StatesGroup):
    chat = State()  # everything typed goes to the person of data["desk_ticket"]
    note = State()


def desk_router(name: str) -> RouterTemplate:
    router = RouterTemplate(name)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    # Buttons work in the private chat; in the volunteers' group chat only "take" exists.
    router.callback_query.filter(
        (F.message.chat.type == ChatType.PRIVATE) | F.data.startswith("dk:take:")
    )
    return router


# ---- refusing -----------------------------------------------------------------------------


async def say_no(event: Event, l10n: L10n, key: str) -> None:
    """An alert for a press (the message it was pressed on stays as it was), a reply for a
    typed command or message."""
    if isinstance(event, CallbackQuery):
        await event.answer(l10n(key), show_alert=True)
    else:
        await event.answer(l10n(key))


async def refuse(event: Event, l10n: L10n, outcome: Outcome) -> None:
    await say_no(event, l10n, REFUSALS.get(outcome, "callback-stale"))


async def admins_only(event: Event, l10n: L10n, is_admin: bool) -> bool:
    if not is_admin:
        await say_no(event, l10n, "desk-denied-admin")
    return is_admin


async def readable_ticket(
    event: Event,
    ticket_id: int,
    *,
    reader_id: int,
    is_admin: bool,
    session: AsyncSession,
    l10n: L10n,
) -> Ticket | None:
    """The ticket, if this person may read its conversation (its volunteer, or an admin);
    otherwise they are told why not and None comes back."""
    ticket = await desk.get(session, ticket_id)
    if ticket is None and isinstance(event, CallbackQuery):
        # The button came from the bot, so saying the ticket is gone reveals nothing.
        outcome = Outcome.MISSING
    else:
        outcome = await conv.reader_outcome(session, ticket, reader_id, is_admin=is_admin)
    if ticket is None or outcome != Outcome.OK:
        await refuse(event, l10n, outcome)
        return None
    return ticket


# ---- the conversation state ---------------------------------------------------------------


def private_state(state: FSMContext, bot: Bot, user_id: int) -> FSMContext:
    """The FSM of someone's private chat with the bot (a press may come from a group, and
    an answer may switch the other side into the conversation)."""
    return FSMContext(
        storage=state.storage, key=StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id)
    )


async def enter_chat(fsm: FSMContext, group: State, ticket_id: int, *, only_if_idle: bool) -> None:
    # only_if_idle: someone in the middle of another form or conversation keeps it; a
    # "reply" button or a Telegram reply gets them into this one when they choose.
    if only_if_idle and await fsm.get_state() is not None:
        return
    await fsm.set_state(group)
    await fsm.update_data(desk_ticket=ticket_id)


async def current_ticket(fsm: FSMContext) -> int:
    return int((await fsm.get_data()).get("desk_ticket", 0))


async def leave_chat(fsm: FSMContext, ticket_id: int) -> None:
    """Out of this ticket's conversation; a conversation about another ticket stays."""
    if (await fsm.get_data()).get("desk_ticket") == ticket_id:
        await fsm.clear()


# ---- reading the update -------------------------------------------------------------------


def media_kind(message: Message) -> str:
    return next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), "text")


def message_of(query: CallbackQuery) -> Message | None:
    """The message a button was on; None when the bot can no longer touch it."""
    return query.message if isinstance(query.message, Message) else None
