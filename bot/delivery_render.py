"""What the sender sends: the rendered form of an outbox row, and how each form goes out.

Payload forms of :func:`render_default`: ``{"l10n": key, "args": {...}, "buttons": [...]}`` or
``{"text": ...}``; ``{"copy": [from_chat_id, message_id]}`` relays a message with
copy_message; adding ``"edit": message_id`` to a text form edits that message of the chat
(edit_message_text) instead of sending a new one.

The sender itself (claims, limits, retries): ``bot/delivery.py``, which re-exports these names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageId,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import L10n
from bot.models import OutboxMessage, User

__all__ = [
    "BlockedHook",
    "DeliveryHooks",
    "Outgoing",
    "Prefetch",
    "RenderContext",
    "Renderer",
    "SentHook",
    "buttons_from_payload",
    "render_default",
    "send_outgoing",
]


@dataclass(slots=True)
class Outgoing:
    """What to send, independent of how it was queued."""

    text: str = ""
    buttons: list[list[InlineKeyboardButton]] | None = None
    copy_from: tuple[int, int] | None = None  # (from_chat_id, message_id)
    document: tuple[str, bytes] | None = None  # (file name, content)
    # A photo or document Telegram already has: (kind, file_id); the text is its caption.
    media: tuple[str, str] | None = None
    # Edit the text (and buttons) of a message sent earlier instead of sending a new one.
    edit_message_id: int | None = None


@dataclass(slots=True)
class RenderContext:
    l10n: L10n
    user: User | None
    now: dt.datetime
    session: AsyncSession
    # A memo shared by the renderers of one claimed batch (say, a case's members), so a
    # batch of reminders about one hearing does not repeat the same look-ups.
    cache: dict[Any, Any] = field(default_factory=dict)


Renderer = Callable[[OutboxMessage, RenderContext], Awaitable[Outgoing | None]]
BlockedHook = Callable[[AsyncSession, int, dt.datetime], Awaitable[None]]
# Loads what a kind's renderer needs for a whole claimed batch into the batch cache.
Prefetch = Callable[[AsyncSession, Sequence[OutboxMessage], dict[Any, Any]], Awaitable[None]]
SentHook = Callable[[AsyncSession, OutboxMessage, int | None], Awaitable[None]]


def buttons_from_payload(
    rows: Sequence[Sequence[Mapping[str, Any]]] | None, l10n: L10n
) -> list[list[InlineKeyboardButton]] | None:
    """Payload buttons: ``{"t": key, "args": {...}}`` or ``{"text": ...}``, plus cb or url."""
    if not rows:
        return None
    out: list[list[InlineKeyboardButton]] = []
    for row in rows:
        line: list[InlineKeyboardButton] = []
        for spec in row:
            text = l10n(spec["t"], **spec.get("args", {})) if "t" in spec else str(spec["text"])
            if "url" in spec:
                line.append(InlineKeyboardButton(text=text, url=spec["url"]))
            else:
                line.append(InlineKeyboardButton(text=text, callback_data=spec["cb"]))
        out.append(line)
    return out


async def render_default(row: OutboxMessage, ctx: RenderContext) -> Outgoing:
    payload = row.payload
    if "copy" in payload:
        src = payload["copy"]
        return Outgoing(copy_from=(int(src[0]), int(src[1])))
    if "l10n" in payload:
        text = ctx.l10n(payload["l10n"], **payload.get("args", {}))
    else:
        text = str(payload.get("text", ""))
    edit = payload.get("edit")
    return Outgoing(
        text=text,
        buttons=buttons_from_payload(payload.get("buttons"), ctx.l10n),
        edit_message_id=int(edit) if edit is not None else None,
    )


@dataclass(slots=True)
class DeliveryHooks:
    renderers: dict[str, Renderer] = field(default_factory=dict)
    on_blocked: list[BlockedHook] = field(default_factory=list)
    on_sent: dict[str, SentHook] = field(default_factory=dict)
    # Optional, per kind: one look-up per batch instead of several per message.
    prefetch: dict[str, Prefetch] = field(default_factory=dict)
    # Kinds sent at most once: each row is recorded as possibly delivered (committed) just
    # before its request starts, so a crash at any instant cannot send it twice; the price
    # is that a crash in the instant between that commit and the request loses the message
    # (counted as "uncertain"). Broadcasts: a second copy of an announcement to thousands
    # is worse than a very rare missing one.
    at_most_once: set[str] = field(default_factory=set)


async def send_outgoing(bot: Bot, chat_id: int, out: Outgoing, request_timeout: int) -> int | None:
    """Send (or edit, or copy) one rendered message; returns its message id."""
    markup = InlineKeyboardMarkup(inline_keyboard=out.buttons) if out.buttons else None
    result: Message | MessageId
    if out.edit_message_id is not None:
        edited = await bot.edit_message_text(
            chat_id=chat_id,
            message_id=out.edit_message_id,
            text=out.text,
            reply_markup=markup,
            request_timeout=request_timeout,
        )
        return edited.message_id if isinstance(edited, Message) else out.edit_message_id
    if out.copy_from is not None:
        result = await bot.copy_message(
            chat_id=chat_id,
            from_chat_id=out.copy_from[0],
            message_id=out.copy_from[1],
            reply_markup=markup,
            request_timeout=request_timeout,
        )
    elif out.media is not None:
        kind, file_id = out.media
        send = bot.send_photo if kind == "photo" else bot.send_document
        result = await send(
            chat_id,
            file_id,
            caption=out.text or None,
            reply_markup=markup,
            request_timeout=request_timeout,
        )
    elif out.document is not None:
        name, content = out.document
        result = await bot.send_document(
            chat_id=chat_id,
            document=BufferedInputFile(content, filename=name),
            caption=out.text or None,
            reply_markup=markup,
            request_timeout=request_timeout,
        )
    else:
        result = await bot.send_message(
            chat_id=chat_id,
            text=out.text,
            reply_markup=markup,
            request_timeout=request_timeout,
        )
    return result.message_id
