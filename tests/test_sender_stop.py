"""The sender's graceful stop (SIGTERM): ``await delivery.stop(timeout=10)``."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy import select

from bot import outbox
from bot.config import Settings
from bot.models import OutboxMessage, OutboxStatus, SenderLease
from tests.conftest import queue
from tests.test_outbox_faults import AppMaker, make_fault_app, rows, until

__all__ = ["make_fault_app"]  # the fixture, shared


async def test_stop_finishes_what_is_in_flight_and_gives_back_the_rest(
    settings: Settings, make_fault_app: AppMaker
) -> None:
    app, session = make_fault_app(settings)
    session.hang[1] = asyncio.Event()
    await queue(app, "in-flight", 1)
    await queue(app, "behind-it", 1)  # same chat: waits for the first
    app.delivery.start(poll_seconds=0.05)
    await until(lambda: 1 in session.in_flight)
    asyncio.get_running_loop().call_later(0.2, session.hang[1].set)  # answers in time
    started = time.monotonic()
    await app.delivery.stop(timeout=5)
    assert time.monotonic() - started < 2
    state = await rows(app)
    assert state["in-flight"].status == OutboxStatus.SENT
    assert state["in-flight"].sent_message_id is not None
    behind = state["behind-it"]
    # Not sent, and due again at once for the next process (no lease to wait out).
    assert (behind.status, behind.claimed_by, behind.attempts) == (OutboxStatus.PENDING, None, 0)
    async with app.sessionmaker() as db:
        lease = await db.scalar(select(SenderLease))
    assert lease is not None
    assert lease.expires_at <= app.clock.now()  # given back
    assert await app.delivery.run_once() == 0  # stopped: sends nothing more


async def test_stop_does_not_wait_longer_than_its_timeout(
    settings: Settings, make_fault_app: AppMaker
) -> None:
    app, session = make_fault_app(settings)
    session.hang[1] = asyncio.Event()  # never answers
    await queue(app, "hung", 1)
    await queue(app, "other", 2)
    app.delivery.start(poll_seconds=0.05)
    await until(lambda: 1 in session.in_flight and len(session.sent) == 1)
    started = time.monotonic()
    await app.delivery.stop(timeout=0.5)
    assert time.monotonic() - started < 1.5
    state = await rows(app)
    # Telegram may have it: recorded as sent (uncertain), never sent again.
    assert (state["hung"].status, state["hung"].last_error) == (
        OutboxStatus.SENT,
        outbox.UNCERTAIN,
    )
    assert state["other"].status == OutboxStatus.SENT
    async with app.sessionmaker() as db:
        claimed = await db.scalars(
            select(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENDING)
        )
        assert list(claimed) == []
