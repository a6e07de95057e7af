"""Everything the desk tells people goes through the outbox; these are its message shapes.

Payloads hold ids and Fluent keys, never the text people wrote: relayed messages are read
(and decrypted) from ``ticket_messages`` at send time, so /forget or a closed ticket makes a
pending relay moot instead of leaking it. Keyboards are named (``"kb"``) and built by the
Telegram layer (``bot/handlers/desk_outbox.py``), which keeps this package free of aiogram.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox

KIND_NOTIFY = "desk.notify"  # a new ticket announced to a volunteer (or the volunteer chat)
KIND_RELAY = "desk.relay"  # one message of a conversation, to the other side
KIND_INFO = "desk.info"  # a short localized notice, optionally with a named keyboard
KIND_EDIT = "desk.edit"  # edit a message sent earlier (a notification becomes "taken")


async def info(
    session: AsyncSession,
    chat_id: int,
    key: str,
    *,
    now: dt.datetime,
    dedup: str,
    args: dict[str, Any] | None = None,
    kb: str | None = None,
    ticket: int | None = None,
    ref: int | None = None,
) -> bool:
    payload: dict[str, Any] = {"l10n": key, "args": args or {}}
    if kb is not None:
        payload["kb"] = kb
    if ticket is not None:
        payload["ticket"] = ticket
    if ref is not None:
        payload["ref"] = ref
    return await outbox.enqueue(
        session,
        chat_id=chat_id,
        kind=KIND_INFO,
        payload=payload,
        due_at=now,
        dedup_key=f"desk:info:{dedup}",
        now=now,
    )


async def info_many(
    session: AsyncSession,
    chat_ids: Iterable[int],
    key: str,
    *,
    now: dt.datetime,
    dedup: str,
    **kwargs: Any,
) -> None:
    for chat_id in chat_ids:
        await info(session, chat_id, key, now=now, dedup=f"{dedup}:{chat_id}", **kwargs)


async def announce(
    session: AsyncSession,
    chat_id: int,
    ticket_id: int,
    round_: int,
    ping: int,
    now: dt.datetime,
) -> bool:
    return await outbox.enqueue(
        session,
        chat_id=chat_id,
        kind=KIND_NOTIFY,
        payload={"ticket": ticket_id, "round": round_, "ping": ping},
        due_at=now,
        dedup_key=f"desk:notify:{ticket_id}:{round_}:{ping}:{chat_id}",
        now=now,
    )


async def relay(
    session: AsyncSession,
    chat_id: int,
    message_id: int,
    *,
    media: bool,
    now: dt.datetime,
    batch: str = "live",
) -> None:
    """Queue one conversation message for ``chat_id``: a text, or a header then a copy."""
    parts = ("head", "copy") if media else ("text",)
    for part in parts:
        await outbox.enqueue(
            session,
            chat_id=chat_id,
            kind=KIND_RELAY,
            payload={"tm": message_id, "part": part},
            due_at=now,
            dedup_key=f"desk:relay:{batch}:{message_id}:{chat_id}:{part}",
            now=now,
        )


async def edit(
    session: AsyncSession,
    chat_id: int,
    message_id: int,
    key: str,
    *,
    args: dict[str, Any],
    now: dt.datetime,
    dedup: str,
) -> bool:
    return await outbox.enqueue(
        session,
        chat_id=chat_id,
        kind=KIND_EDIT,
        payload={"edit": message_id, "l10n": key, "args": args},
        due_at=now,
        dedup_key=f"desk:edit:{dedup}",
        now=now,
    )
