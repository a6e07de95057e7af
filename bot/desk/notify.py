"""Everything the desk tells people goes through the outbox; these are its message shapes.

Payloads hold ids and Fluent keys, never the text people wrote: relayed messages are read
(and decrypted) from ``ticket_messages`` at send time, so /forget or a closed ticket makes a
pending relay moot instead of leaking it. Keyboards are named (``"kb"``) and built by the
Telegram layer (``bot/handlers/desk/outbox.py``), which keeps this package free of aiogram.
The readers at the end are the only other place that knows these payloads' keys.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox

if TYPE_CHECKING:
    from bot.desk.policy import DeskPolicy

KIND_NOTIFY = "desk.notify"  # a new ticket announced to a volunteer (or the volunteer chat)
KIND_RELAY = "desk.relay"  # one message of a conversation, to the other side
KIND_INFO = "desk.info"  # a short localized notice, optionally with a named keyboard
KIND_EDIT = "desk.edit"  # edit a message sent earlier (a notification becomes "taken")


async def _send_now(
    session: AsyncSession,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    *,
    dedup_key: str,
    now: dt.datetime,
) -> bool:
    return await outbox.enqueue(
        session,
        chat_id=chat_id,
        kind=kind,
        payload=payload,
        due_at=now,
        dedup_key=dedup_key,
        now=now,
    )


async def info(
    session: AsyncSession, chat_id: int, key: str, *, now: dt.datetime, dedup: str, **extra: Any
) -> bool:
    """A notice: the locale message ``key`` with ``args``; optionally ``lists`` (argument name
    to ``[key prefix, code, ...]``: codes named in the reader's language), ``kb`` (a keyboard
    named in ``handlers/desk/outbox.py``) acting on ``ticket`` or ``ref``."""
    payload: dict[str, Any] = {"l10n": key, "args": extra.get("args") or {}}
    for name in ("kb", "ticket", "ref", "lists"):
        if extra.get(name) is not None:
            payload[name] = extra[name]
    return await _send_now(
        session, chat_id, KIND_INFO, payload, dedup_key=f"desk:info:{dedup}", now=now
    )


async def admins(
    session: AsyncSession,
    policy: DeskPolicy,
    key: str,
    *,
    now: dt.datetime,
    dedup: str,
    **kwargs: Any,
) -> None:
    """``info`` to every admin, in a stable order; each admin's dedup key ends with their id."""
    for chat_id in sorted(policy.admin_ids):
        await info(session, chat_id, key, now=now, dedup=f"{dedup}:{chat_id}", **kwargs)


def about(ticket_id: int, *, kb: str | None = None, **args: Any) -> dict[str, Any]:
    """``info`` arguments for a notice about one ticket: its number is always one of the
    message's arguments, and a named keyboard acts on that same ticket."""
    return {"args": {"ticket": ticket_id, **args}, "kb": kb, "ticket": ticket_id if kb else None}


async def announce(
    session: AsyncSession,
    chat_id: int,
    ticket_id: int,
    round_: int,
    ping: int,
    now: dt.datetime,
) -> bool:
    payload = {"ticket": ticket_id, "round": round_, "ping": ping}
    dedup_key = f"desk:notify:{ticket_id}:{round_}:{ping}:{chat_id}"
    return await _send_now(session, chat_id, KIND_NOTIFY, payload, dedup_key=dedup_key, now=now)


async def relay(
    session: AsyncSession,
    chat_id: int,
    message_id: int,
    *,
    media: bool,
    now: dt.datetime,
    batch: str = "live",
    parts: int = 1,
) -> None:
    """Queue one conversation message for ``chat_id``: a text (in ``parts`` messages when
    it is longer than one Telegram message holds), or a header then a copy."""
    texts = ["text", *(f"text:{n}" for n in range(1, parts))]
    for part in ("head", "copy") if media else texts:
        payload = {"tm": message_id, "part": part}
        dedup_key = f"desk:relay:{batch}:{message_id}:{chat_id}:{part}"
        await _send_now(session, chat_id, KIND_RELAY, payload, dedup_key=dedup_key, now=now)


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
    payload = {"edit": message_id, "l10n": key, "args": args}
    return await _send_now(
        session, chat_id, KIND_EDIT, payload, dedup_key=f"desk:edit:{dedup}", now=now
    )


# ---- reading the payloads back, at send time ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Notice:
    key: str
    args: dict[str, Any]
    kb: str | None
    ref: int | None  # what the keyboard acts on: a ticket, a proposal, a volunteer
    lists: dict[str, list[str]] = field(default_factory=dict)  # codes named at rendering


@dataclass(frozen=True, slots=True)
class Announcement:
    ticket: int
    round: int
    ping: int  # 0 for the first announcement, then one more for every SLA re-announcement


@dataclass(frozen=True, slots=True)
class Relayed:
    message: int  # ticket_messages.id
    part: str  # "text" (then "text:1", "text:2" ... for a long one), or "head", "copy"

    @property
    def chunk(self) -> int | None:
        """Which piece of a long text this is (0 for "text"), None for a file's parts."""
        if self.part == "text":
            return 0
        head, _, index = self.part.partition(":")
        return int(index) if head == "text" and index.isascii() and index.isdigit() else None


def notice(payload: Mapping[str, Any]) -> Notice:
    ref = payload.get("ticket", payload.get("ref"))
    return Notice(
        key=str(payload["l10n"]),
        args=dict(payload.get("args", {})),
        kb=payload.get("kb"),
        ref=None if ref is None else int(ref),
        lists=dict(payload.get("lists", {})),
    )


def announcement(payload: Mapping[str, Any]) -> Announcement:
    return Announcement(
        ticket=int(payload["ticket"]),
        round=int(payload["round"]),
        ping=int(payload.get("ping", 0)),
    )


def relayed(payload: Mapping[str, Any]) -> Relayed:
    return Relayed(message=int(payload["tm"]), part=str(payload.get("part", "text")))
