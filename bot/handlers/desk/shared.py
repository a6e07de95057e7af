"""What the desk's routers share: their filters, the conversation states and their typed data.

Refusals follow the kit: ``bot/desk`` decides, a handler raises ``DeskError`` (through
``bot.desk.errors.ensure``) and the kit's error handler says it, an alert under a button or
a reply to a typed message. Callback data can be forged, so every press is checked afresh.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message
from pydantic import BaseModel

from bot.desk import conversation as conv
from bot.desk.errors import DeskError
from bot.filters import IsAdmin
from bot.handlers.desk.ui import DeskCb
from bot.handlers.kit import load_state
from bot.handlers.template import RouterTemplate
from bot.turn import Turn

MEDIA_KINDS = ("photo", "document", "voice", "video", "audio", "video_note")
MEDIA = F.photo | F.document | F.voice | F.video | F.audio | F.video_note
# Commands typed in the middle of a conversation go on to their own handlers.
NOT_COMMAND = ~F.text.startswith("/")


class DeskUser(StatesGroup):
    question = State()
    category = State()
    chat = State()  # everything typed goes to the ticket of ChatState


class DeskVol(StatesGroup):
    chat = State()  # everything typed goes to the person of the ticket of ChatState
    note = State()


class ChatState(BaseModel):
    """``DeskUser.chat``, ``DeskVol.chat``, ``DeskVol.note``: the ticket being written to."""

    desk_ticket: int


class DraftState(BaseModel):
    """``DeskUser.question``, ``DeskUser.category``: the question typed so far."""

    desk_q: str = ""


def admin_only(refusal: str = "not_admin") -> IsAdmin:
    """Coordinators only; anyone else is told so (or, for a forged coordinator's button on
    a ticket, told it is not theirs)."""
    return IsAdmin(refusal=lambda: DeskError(refusal))


class ReadableTicket(Filter):
    """For ``DeskCb`` buttons: injects the ``ticket`` when the presser may read its
    conversation (its volunteer, or an admin), or refuses."""

    async def __call__(
        self, query: CallbackQuery, callback_data: DeskCb, turn: Turn
    ) -> dict[str, Any]:
        ticket = await conv.readable(
            turn.session,
            callback_data.tid,
            query.from_user.id,
            is_admin=turn.is_admin,
            pressed=True,
        )
        return {"ticket": ticket}


def desk_router(name: str) -> RouterTemplate:
    router = RouterTemplate(name)
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    # Buttons work in the private chat; in the volunteers' group chat only "take" exists.
    router.callback_query.filter(
        (F.message.chat.type == ChatType.PRIVATE) | F.data.startswith("dk:take:")
    )
    return router


# ---- the conversation state ---------------------------------------------------------------


def private_state(state: FSMContext, bot: Bot, user_id: int) -> FSMContext:
    """The FSM of someone's private chat with the bot (a press may come from a group, and
    an answer may switch the other side into the conversation)."""
    return FSMContext(
        storage=state.storage, key=StorageKey(bot_id=bot.id, chat_id=user_id, user_id=user_id)
    )


async def enter_chat(fsm: FSMContext, group: State, ticket_id: int, *, only_if_idle: bool) -> bool:
    """Into this ticket's conversation; False when ``only_if_idle`` and someone in the middle
    of another form or conversation keeps it (a "reply" button or a Telegram reply gets them
    into this one when they choose)."""
    if only_if_idle and await fsm.get_state() is not None:
        return False
    await fsm.set_state(group)
    await fsm.update_data(desk_ticket=ticket_id)
    return True


async def current_ticket(fsm: FSMContext) -> int:
    """The ticket of the conversation in progress; 0 when the state was lost (refused as
    missing by ``bot/desk``)."""
    chat = await load_state(fsm, ChatState)
    return chat.desk_ticket if chat is not None else 0


async def leave_chat(fsm: FSMContext, ticket_id: int) -> None:
    """Out of this ticket's conversation; a conversation about another ticket stays."""
    if await current_ticket(fsm) == ticket_id:
        await fsm.clear()


# ---- reading the update -------------------------------------------------------------------


def media_kind(message: Message) -> str:
    return next((kind for kind in MEDIA_KINDS if getattr(message, kind, None)), "text")
