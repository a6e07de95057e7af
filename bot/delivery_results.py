"""The sender's results: each written to the outbox as soon as it is known, by one writer.

:class:`ResultWriter` is the half of :class:`bot.delivery.Delivery` that records what became
of each message (sent, uncertain, failed, blocked, put back for later, released) and the 429
pauses: what arrives during a commit goes into the next one; a failed write is logged and
retried, never dropped. The sender itself: ``bot/delivery.py`` (which inherits from it).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox
from bot.clock import Clock
from bot.delivery_render import DeliveryHooks
from bot.models import OutboxMessage, User

# The sender's logger: these records are the sender's (log filters and tests select them).
log = logging.getLogger("bot.delivery")

# Writes of results that keep failing are retried without the on-sent hooks after this many
# tries (a hook must not be able to keep a "sent" mark from being written).
HOOK_TRIES = 3


@dataclass(slots=True)
class _Op:
    """A result to record. ``final`` ones end the process's work on the row."""

    kind: str  # sent | uncertain | failed | blocked | reschedule | release | pause
    row: OutboxMessage | None
    at: dt.datetime
    message_id: int | None = None
    error: str = ""
    due: dt.datetime | None = None
    count: bool = True
    # Set once the result is committed (a send that must wait for its own record).
    done: asyncio.Future[None] | None = None


class ResultWriter:
    """Recording the results of :class:`bot.delivery.Delivery` (its base class; the
    attributes below are set by ``Delivery.__init__``)."""

    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Clock
    hooks: DeliveryHooks
    owner: str
    _held: dict[int, OutboxMessage]
    _ops: list[_Op]
    _writer: asyncio.Task[None] | None

    def _signal_progress(self) -> None:  # Delivery's: a result frees a claimed row
        raise NotImplementedError

    # ---- results, each written at once ----------------------------------------------------

    def _record(self, op: _Op) -> None:
        self._ops.append(op)
        if op.row is not None and op.kind not in ("pause",) and op.kind != "provisional":
            self._held.pop(op.row.id, None)
            self._signal_progress()
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_loop())

    async def _write_loop(self) -> None:
        delay = 0.05
        failures = 0
        while self._ops:
            ops, self._ops = self._ops, []
            try:
                await self._write(ops, with_hooks=failures < HOOK_TRIES)
                for op in ops:
                    if op.done is not None and not op.done.done():
                        op.done.set_result(None)
            except Exception as exc:
                # Never dropped: the same results go first into the next attempt.
                failures += 1
                self._ops[:0] = ops
                log.warning(
                    "outbox: recording %d result(s) failed (%s); retry %d in %.1fs",
                    len(ops),
                    type(exc).__name__,
                    failures,
                    delay,
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
            else:
                failures = 0
                delay = 0.05

    async def _write(self, ops: Sequence[_Op], *, with_hooks: bool) -> None:
        sent: list[_Op] = []
        async with self.sessionmaker() as session, session.begin():
            for op in ops:
                row = op.row
                if op.kind == "sent" and row is not None:
                    sent.append(op)
                elif op.kind in ("uncertain", "provisional") and row is not None:
                    await outbox.mark_uncertain(session, row.id, op.at)
                elif op.kind == "failed" and row is not None:
                    await outbox.mark_failed(session, row.id, op.error)
                elif op.kind == "blocked" and row is not None:
                    await outbox.mark_failed(session, row.id, "blocked")
                    await self._mark_blocked(session, row.chat_id, with_hooks=with_hooks)
                elif op.kind == "reschedule" and row is not None and op.due is not None:
                    await outbox.reschedule(session, row.id, op.due, op.error, count=op.count)
                elif op.kind == "release" and row is not None:
                    await outbox.release(session, [row.id], self.owner)
                elif op.kind == "pause" and op.due is not None:
                    await outbox.remember_pause(session, op.due)
            await outbox.mark_sent_many(session, [(o.row.id, o.at, o.message_id) for o in sent])  # type: ignore[union-attr]
            if not with_hooks:
                if sent:
                    log.warning("outbox: on-sent hooks skipped after %d failures", HOOK_TRIES)
                return
            for op in sent:
                assert op.row is not None
                hook = self.hooks.on_sent.get(op.row.kind)
                if hook is not None:
                    await hook(session, op.row, op.message_id)

    async def _drain(self, within: float | None) -> bool:
        """Wait until every result is written; False if ``within`` seconds ran out first."""
        deadline = None if within is None else time.monotonic() + within
        while self._ops or (self._writer is not None and not self._writer.done()):
            writer = self._writer
            if writer is None or writer.done():
                self._writer = writer = asyncio.create_task(self._write_loop())
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return False
            await asyncio.wait({writer}, timeout=left)
        return True

    async def _record_and_wait(self, op: _Op) -> None:
        """Record ``op`` and return once it is committed (retried until it is)."""
        op.done = asyncio.get_running_loop().create_future()
        self._record(op)
        await asyncio.shield(op.done)

    async def _mark_blocked(
        self, session: AsyncSession, chat_id: int, *, with_hooks: bool = True
    ) -> None:
        now = self.clock.now()
        await session.execute(
            update(User)
            .where(User.id == chat_id, User.blocked_at.is_(None))
            .values(blocked_at=now)
        )
        if with_hooks:
            for hook in self.hooks.on_blocked:
                await hook(session, chat_id, now)
