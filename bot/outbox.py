"""The outbox: the one queue for every message the bot sends on its own.

Reminders, notifications to volunteers and relatives, broadcasts: each is a row with a due
time and a unique dedup key. Producers call :func:`enqueue` inside their own transaction, so a
message exists exactly when the change that caused it was committed. The sender
(``bot/delivery.py``) claims due rows atomically and marks them sent.

Delivery guarantee. A claim is a *lease*: ``claimed_at`` is renewed every few seconds by the
process working on the row (``claimed_by``), and a claim not renewed for ``LEASE`` is due
again, so a restart picks up what a killed process held within seconds. Each "sent" is
written as soon as Telegram answers (not in batches after a delay), so a crash re-sends at
most the requests that were in flight at that instant. A request Telegram may have accepted
without our knowing (a timeout, a dropped connection, one in flight for long) is recorded as
sent with ``last_error = "uncertain"`` and never re-sent: see ``bot/delivery.py`` for that
trade-off.

Without Redis, one process at a time runs the sender: it holds the ``sender_leases`` row
(:func:`take_sender_lease`), which also remembers a 429 pause across a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import OutboxMessage, OutboxStatus, SenderLease

# A claim not renewed for this long belongs to a dead process; the owner renews every
# RENEW_EVERY while it works on the row.
LEASE = dt.timedelta(seconds=15)
RENEW_EVERY = dt.timedelta(seconds=4)
MAX_ATTEMPTS = 8
UNCERTAIN = "uncertain"
SENDER_LEASE = "outbox"


def upsert_insert(session: AsyncSession, table: Any) -> Any:
    """An INSERT that supports ON CONFLICT on both SQLite and PostgreSQL."""
    if session.get_bind().dialect.name == "postgresql":
        return pg_insert(table)
    return sqlite_insert(table)


async def enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    due_at: dt.datetime,
    dedup_key: str,
    now: dt.datetime,
    revive: bool = False,
) -> bool:
    """Queue one message; returns False when the dedup key already exists. With ``revive``
    a row that was cancelled (a person muted a case, or dropped a reminder offset) comes
    back instead of being skipped; sent rows never do."""
    if due_at.tzinfo is None:
        raise ValueError("due_at must be timezone-aware")
    insert = upsert_insert(session, OutboxMessage).values(
        dedup_key=dedup_key,
        chat_id=chat_id,
        kind=kind,
        payload=payload,
        due_at=due_at,
        status=OutboxStatus.PENDING,
        attempts=0,
        created_at=now,
    )
    if revive:
        stmt = insert.on_conflict_do_update(
            index_elements=["dedup_key"],
            set_={
                "status": OutboxStatus.PENDING,
                "due_at": due_at,
                "attempts": 0,
                "claimed_at": None,
                "last_error": None,
            },
            where=OutboxMessage.status == OutboxStatus.CANCELLED,
        )
    else:
        stmt = insert.on_conflict_do_nothing(index_elements=["dedup_key"])
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


async def cancel(session: AsyncSession, dedup_prefix: str) -> int:
    """Cancel every pending message whose dedup key starts with ``dedup_prefix``."""
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.dedup_key.startswith(dedup_prefix, autoescape=True),
            OutboxMessage.status == OutboxStatus.PENDING,
        )
        .values(status=OutboxStatus.CANCELLED)
    )
    return int(getattr(result, "rowcount", 0))


async def claim_due(
    session: AsyncSession, now: dt.datetime, limit: int, owner: str | None = None
) -> Sequence[OutboxMessage]:
    """Atomically move up to ``limit`` due rows to ``sending`` and return them.

    Expired claims (a process died mid-send) are due again, and go first. On PostgreSQL
    concurrent pollers skip each other's rows; SQLite serialises writers anyway. The two
    kinds are claimed by separate statements so that each reads the ``(status, due_at)``
    index in order: one ``OR`` would sort every due row on each claim, which after a long
    outage (a large backlog) makes every batch slower than the last.
    """
    stale = and_(
        OutboxMessage.status == OutboxStatus.SENDING, OutboxMessage.claimed_at <= now - LEASE
    )
    pending = and_(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now)
    rows = list(await _claim(session, stale, now, limit, owner))
    if len(rows) < limit:
        rows += await _claim(session, pending, now, limit - len(rows), owner)
    return sorted(rows, key=lambda r: (r.due_at, r.id))


async def _claim(
    session: AsyncSession, condition: Any, now: dt.datetime, limit: int, owner: str | None
) -> Sequence[OutboxMessage]:
    candidates = (
        select(OutboxMessage.id).where(condition).order_by(OutboxMessage.due_at).limit(limit)
    )
    if session.get_bind().dialect.name == "postgresql":
        candidates = candidates.with_for_update(skip_locked=True)
    stmt = (
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(candidates.scalar_subquery()))
        .values(
            status=OutboxStatus.SENDING,
            claimed_at=now,
            claimed_by=owner,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(OutboxMessage)
        .execution_options(synchronize_session=False)
    )
    return (await session.execute(stmt)).scalars().all()


async def renew(
    session: AsyncSession, row_ids: Sequence[int], owner: str, now: dt.datetime
) -> int:
    """Extend the claims ``owner`` still holds; returns how many it still held."""
    if not row_ids:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(list(row_ids)),
            OutboxMessage.claimed_by == owner,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        .values(claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def release(session: AsyncSession, row_ids: Sequence[int], owner: str) -> None:
    """Give claims back unsent (a graceful stop): due again at once, attempt not counted."""
    if not row_ids:
        return
    await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id.in_(list(row_ids)),
            OutboxMessage.claimed_by == owner,
            OutboxMessage.status == OutboxStatus.SENDING,
        )
        .values(
            status=OutboxStatus.PENDING,
            claimed_at=None,
            claimed_by=None,
            attempts=OutboxMessage.attempts - 1,
        )
        .execution_options(synchronize_session=False)
    )


async def mark_uncertain(session: AsyncSession, row_id: int, now: dt.datetime) -> None:
    """Telegram may have accepted the message: count it as sent, never send it again."""
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=OutboxStatus.SENT, sent_at=now, last_error=UNCERTAIN)
    )


async def take_sender_lease(
    session: AsyncSession, owner: str, now: dt.datetime, ttl: dt.timedelta
) -> SenderLease | None:
    """Take or renew the one-sender lease; None while another live process holds it."""
    result = await session.execute(
        update(SenderLease)
        .where(
            SenderLease.name == SENDER_LEASE,
            (SenderLease.owner == owner) | (SenderLease.expires_at <= now),
        )
        .values(owner=owner, expires_at=now + ttl)
        .execution_options(synchronize_session=False)
    )
    if not getattr(result, "rowcount", 0):
        inserted = await session.execute(
            upsert_insert(session, SenderLease)
            .values(name=SENDER_LEASE, owner=owner, expires_at=now + ttl)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        if not getattr(inserted, "rowcount", 0):
            return None
    return await session.scalar(select(SenderLease).where(SenderLease.name == SENDER_LEASE))


async def drop_sender_lease(session: AsyncSession, owner: str, now: dt.datetime) -> None:
    await session.execute(
        update(SenderLease)
        .where(SenderLease.name == SENDER_LEASE, SenderLease.owner == owner)
        .values(expires_at=now)
    )


async def remember_pause(session: AsyncSession, until: dt.datetime) -> None:
    """Keep Telegram's 429 pause across a restart (the single-sender case)."""
    await session.execute(
        update(SenderLease)
        .where(
            SenderLease.name == SENDER_LEASE,
            SenderLease.paused_until.is_(None) | (SenderLease.paused_until < until),
        )
        .values(paused_until=until)
    )


async def mark_sent(
    session: AsyncSession, row_id: int, now: dt.datetime, message_id: int | None
) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=OutboxStatus.SENT, sent_at=now, sent_message_id=message_id, last_error=None)
    )


# Core table of the outbox, for executemany updates (one statement, a row of parameters each).
_TABLE = cast(Table, OutboxMessage.__table__)


async def _update_each(session: AsyncSession, params: list[dict[str, Any]], **values: Any) -> None:
    """Set ``values`` on each row ``params`` names by ``row_id``, in one executemany."""
    if not params:
        return
    await session.execute(
        update(_TABLE).where(_TABLE.c.id == bindparam("row_id")).values(**values), params
    )


async def mark_sent_many(
    session: AsyncSession, results: Sequence[tuple[int, dt.datetime, int | None]]
) -> None:
    """Mark many rows sent in one executemany: ``(row id, sent at, Telegram message id)``."""
    await _update_each(
        session,
        [{"row_id": i, "at": at, "message_id": mid} for i, at, mid in results],
        status=OutboxStatus.SENT,
        sent_at=bindparam("at", type_=_TABLE.c.sent_at.type),
        sent_message_id=bindparam("message_id"),
        last_error=None,
    )


async def mark_failed_many(session: AsyncSession, results: Sequence[tuple[int, str]]) -> None:
    await _update_each(
        session,
        [{"row_id": i, "error": error} for i, error in results],
        status=OutboxStatus.FAILED,
        last_error=bindparam("error"),
    )


async def mark_failed(session: AsyncSession, row_id: int, error: str) -> None:
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .values(status=OutboxStatus.FAILED, last_error=error)
    )


async def reschedule(
    session: AsyncSession, row_id: int, due_at: dt.datetime, error: str, *, count: bool = True
) -> None:
    values: dict[str, Any] = {
        "status": OutboxStatus.PENDING,
        "due_at": due_at,
        "claimed_at": None,
        "claimed_by": None,
        "last_error": error,
    }
    if not count:
        # Flood control is not the message's fault: do not use up its attempts.
        values["attempts"] = OutboxMessage.attempts - 1
    await session.execute(update(OutboxMessage).where(OutboxMessage.id == row_id).values(values))


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(5 * 2 ** max(attempts - 1, 0), 3600))


async def forget_chat(session: AsyncSession, chat_id: int) -> None:
    await session.execute(delete(OutboxMessage).where(OutboxMessage.chat_id == chat_id))
