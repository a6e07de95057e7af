"""The bot in a group: it works in private chats only (what people tell it is private), so
when someone adds it to a group it says what it is for and where to find it, and leaves.
The one group it stays in is the configured volunteer chat (``VOLUNTEER_CHAT_ID``), where
the desk announces new questions.

:class:`PrivateOnly` runs before the session and user middlewares on messages and button
presses: an update from any other group is dropped there, so no user rows are created for
the members of a group the bot was added to (and nothing is answered there)."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import JOIN_TRANSITION, ChatMemberUpdatedFilter
from aiogram.types import CallbackQuery, Chat, ChatMemberUpdated, Message, TelegramObject

from bot.config import Settings
from bot.handlers.template import RouterTemplate
from bot.turn import Handler, Turn

router = RouterTemplate("groups")
log = logging.getLogger(__name__)


def _chat(event: TelegramObject) -> Chat | None:
    if isinstance(event, Message):
        return event.chat
    if isinstance(event, CallbackQuery) and isinstance(event.message, Message):
        return event.message.chat
    return None


def allowed(chat: Chat | None, volunteer_chat_id: int | None) -> bool:
    """Private chats, and the volunteer group; updates without a chat go on as before."""
    return chat is None or chat.type == ChatType.PRIVATE or chat.id == volunteer_chat_id


class PrivateOnly(BaseMiddleware):
    """Messages and presses from groups other than the volunteer chat stop here."""

    def __init__(self, volunteer_chat_id: int | None) -> None:
        self.volunteer_chat_id = volunteer_chat_id

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        if allowed(_chat(event), self.volunteer_chat_id):
            return await handler(event, data)
        return None


@router.my_chat_member(ChatMemberUpdatedFilter(JOIN_TRANSITION))
async def on_added_to_group(
    update: ChatMemberUpdated, bot: Bot, settings: Settings, turn: Turn
) -> None:
    """Added to a group: one message saying what the bot is for and where, then leave."""
    if allowed(update.chat, settings.volunteer_chat_id):
        return
    me = await bot.me()
    with contextlib.suppress(TelegramAPIError):  # a group that muted the bot: still leave
        await bot.send_message(update.chat.id, turn.l10n("group-not-here", bot=f"@{me.username}"))
    await bot.leave_chat(update.chat.id)
    log.info("left a group the bot was added to")
