"""A Bot API session that records requests instead of sending them.

Used by the sandbox (``python -m bot chat``) and by the tests. Results are plausible objects
built from the request, so handlers that use what Telegram returns keep working.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import AsyncGenerator, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.base import BaseSession
from aiogram.methods import (
    AnswerCallbackQuery,
    CopyMessage,
    EditMessageReplyMarkup,
    EditMessageText,
    GetMe,
    SendDocument,
    SendMessage,
    SendPhoto,
    TelegramMethod,
)
from aiogram.methods.base import TelegramType
from aiogram.types import Chat, Document, InlineKeyboardMarkup, Message, MessageId, User

BOT_USER = User(id=42, is_bot=True, first_name="Help bot", username="asylum_help_bot")

Responder = Callable[[TelegramMethod[Any]], Any]


@dataclass(slots=True)
class Sent:
    """One outgoing message as a person would see it."""

    chat_id: int
    message_id: int
    text: str
    markup: InlineKeyboardMarkup | None
    method: TelegramMethod[Any]

    def buttons(self) -> list[tuple[str, str | None]]:
        if self.markup is None:
            return []
        return [
            (b.text, b.callback_data or b.url) for row in self.markup.inline_keyboard for b in row
        ]


class RecordingSession(BaseSession):
    def __init__(self, clock: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__()
        self.requests: list[TelegramMethod[Any]] = []
        self.sent: list[Sent] = []
        self._ids = itertools.count(1000)
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))
        # Tests put exceptions (raised) or values (returned) here to shape the next replies.
        self.script: list[Any] = []
        self.responder: Responder | None = None

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - the base class signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    def _message(self, chat_id: int | str, text: str | None, markup: Any) -> Message:
        return Message(
            message_id=next(self._ids),
            date=self._clock(),
            chat=Chat(id=int(chat_id), type="private"),
            from_user=BOT_USER,
            text=text,
            reply_markup=markup if isinstance(markup, InlineKeyboardMarkup) else None,
        )

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        self.requests.append(method)
        if self.responder is not None:
            scripted = self.responder(method)
            if isinstance(scripted, BaseException):
                raise scripted
            if scripted is not None:
                return scripted  # type: ignore[no-any-return]
        if self.script:
            scripted = self.script.pop(0)
            if isinstance(scripted, BaseException):
                raise scripted
            if scripted is not None:
                return scripted  # type: ignore[no-any-return]
        result: TelegramType = self._result(method)
        return result

    def _result(self, method: TelegramMethod[Any]) -> Any:
        if isinstance(method, SendMessage):
            msg = self._message(method.chat_id, method.text, method.reply_markup)
            self.sent.append(
                Sent(msg.chat.id, msg.message_id, method.text, msg.reply_markup, method)
            )
            return msg
        if isinstance(method, EditMessageText):  # edits show up as a new state of a message
            msg = self._message(method.chat_id or 0, method.text, method.reply_markup)
            msg = msg.model_copy(update={"message_id": method.message_id or msg.message_id})
            self.sent.append(
                Sent(msg.chat.id, msg.message_id, method.text or "", msg.reply_markup, method)
            )
            return msg
        if isinstance(method, CopyMessage):
            message_id = next(self._ids)
            self.sent.append(
                Sent(
                    int(method.chat_id),
                    message_id,
                    "",
                    method.reply_markup
                    if isinstance(method.reply_markup, InlineKeyboardMarkup)
                    else None,
                    method,
                )
            )
            return MessageId(message_id=message_id)
        if isinstance(method, SendDocument | SendPhoto):
            msg = self._message(method.chat_id, None, method.reply_markup)
            name = (
                getattr(method.document, "filename", None)
                if isinstance(method, SendDocument)
                else None
            )
            msg = msg.model_copy(
                update={
                    "caption": method.caption,
                    "document": Document(file_id="doc", file_unique_id="doc", file_name=name)
                    if isinstance(method, SendDocument)
                    else None,
                }
            )
            self.sent.append(
                Sent(msg.chat.id, msg.message_id, method.caption or "", msg.reply_markup, method)
            )
            return msg
        if isinstance(method, GetMe):
            return BOT_USER
        if isinstance(method, EditMessageReplyMarkup):
            for sent in self.sent:
                if sent.message_id == method.message_id and sent.chat_id == method.chat_id:
                    markup = method.reply_markup
                    sent.markup = markup if isinstance(markup, InlineKeyboardMarkup) else None
            return True
        if isinstance(method, AnswerCallbackQuery):
            return True
        returning = getattr(method, "__returning__", None)
        if returning is bool:
            return True
        return True

    def clear(self) -> None:
        self.requests.clear()
        self.sent.clear()
