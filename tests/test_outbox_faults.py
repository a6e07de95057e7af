"""The outbox under faults (issue 10, item 5): kills, hung requests, timeouts, 429, a database
that refuses the "sent" marks. Each test failed against the sender before this change."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage, TelegramMethod
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from bot import delivery as delivery_module
from bot import outbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.delivery import RateLimiter
from bot.dispatcher import App, Knowledge, build_app
from bot.models import OutboxMessage, OutboxStatus
from bot.recording import RecordingSession
from tests.conftest import queue


class FaultSession(RecordingSession):
    """A recording session whose requests to chosen chats hang until released, with the
    time of every send and planned answers by order."""

    def __init__(self, clock: Callable[[], dt.datetime]) -> None:
        super().__init__(clock=clock)
        self.hang: dict[int, asyncio.Event] = {}
        self.in_flight: set[int] = set()
        self.times: list[tuple[float, int, str]] = []
        self.answers: dict[int, BaseException] = {}  # n-th send (1-based) -> error
        self.answered_errors_at: list[float] = []  # when each planned error was answered
        self._count = 0

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[Any],
        timeout: int | None = None,
    ) -> Any:
        if isinstance(method, SendMessage):
            chat = int(method.chat_id)
            self._count += 1
            self.times.append((time.monotonic(), chat, method.text))
            planned = self.answers.pop(self._count, None)
            if planned is not None:
                await asyncio.sleep(0.05)  # an answer takes a moment, as over the network
                self.answered_errors_at.append(time.monotonic())
                raise planned
            event = self.hang.get(chat)
            if event is not None:
                self.in_flight.add(chat)
                try:
                    await event.wait()
                finally:
                    self.in_flight.discard(chat)
        return await super().make_request(bot, method, timeout)


AppMaker = Callable[..., tuple[App, FaultSession]]


@pytest.fixture
async def make_fault_app(
    clock: FrozenClock, knowledge: Knowledge
) -> AsyncIterator[Callable[..., tuple[App, FaultSession]]]:
    apps: list[App] = []

    def factory(
        settings: Settings, limiter: RateLimiter | None = None
    ) -> tuple[App, FaultSession]:
        session = FaultSession(clock.now)
        app = build_app(
            settings,
            session=session,
            clock=clock,
            knowledge=knowledge,
            limiter=limiter or RateLimiter(global_rate=1e9, per_chat=0),
        )
        apps.append(app)
        return app, session

    yield factory
    for app in apps:
        await app.close()


async def rows(app: App) -> dict[str, OutboxMessage]:
    async with app.sessionmaker() as session:
        return {r.dedup_key: r for r in await session.scalars(select(OutboxMessage))}


async def until(predicate: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.01)


def sent_texts(session: FaultSession) -> list[str]:
    return [s.text or "" for s in session.sent]


async def test_a_dead_processs_claims_are_picked_up_within_seconds(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    app, session = make_fault_app(settings)
    await queue(app, "a", 1)
    async with app.sessionmaker() as db, db.begin():  # a process claims it, then is killed
        assert len(await outbox.claim_due(db, clock.now(), 10)) == 1
    clock.advance(dt.timedelta(seconds=16))
    assert await app.delivery.run_once() == 1
    assert sent_texts(session) == ["a"]


async def test_a_live_sender_keeps_its_claims_while_a_request_hangs(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    first, first_session = make_fault_app(settings)
    second, second_session = make_fault_app(settings)
    first_session.hang[1] = asyncio.Event()
    await queue(first, "slow", 1)
    running = asyncio.create_task(first.delivery.run_once())
    await until(lambda: 1 in first_session.in_flight)
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    assert await first.delivery.renew_now() == 1  # the owner renews while it works
    assert await second.delivery.run_once() == 0  # so nobody else takes the row
    first_session.hang[1].set()
    await running
    assert sent_texts(first_session) == ["slow"]
    assert second_session.times == []
    assert (await rows(first))["slow"].status == OutboxStatus.SENT


async def test_one_hung_chat_does_not_hold_up_the_others(
    settings: Settings, make_fault_app: AppMaker
) -> None:
    app, session = make_fault_app(settings)
    session.hang[1] = asyncio.Event()
    await queue(app, "hung", 1)
    app.delivery.start(poll_seconds=0.05)
    await until(lambda: 1 in session.in_flight)
    for chat in range(2, 7):  # queued while chat 1 hangs
        await queue(app, f"to-{chat}", chat)
    await until(lambda: len(session.sent) == 5, seconds=3)
    assert sorted(sent_texts(session)) == [f"to-{c}" for c in range(2, 7)]
    session.hang[1].set()
    await until(lambda: len(session.sent) == 6)


async def test_order_within_a_chat_is_kept(settings: Settings, make_fault_app: AppMaker) -> None:
    app, session = make_fault_app(settings)
    for i in range(5):
        await queue(app, f"m{i}", 1)
        await queue(app, f"other{i}", 2)
    await app.delivery.run_once()
    to_one = [text for _t, chat, text in session.times if chat == 1]
    assert to_one == [f"m{i}" for i in range(5)]


async def test_a_chat_keeps_its_order_when_a_message_must_wait(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    app, session = make_fault_app(settings)
    for i in range(3):
        await queue(app, f"m{i}", 1)
    session.answers[1] = TelegramServerError(
        method=SendMessage(chat_id=1, text="x"), message="Internal Server Error"
    )
    await app.delivery.run_once()
    assert sent_texts(session) == []  # the next ones wait for the first
    clock.advance(dt.timedelta(minutes=5))
    await app.delivery.run_once()
    assert sent_texts(session) == ["m0", "m1", "m2"]
    assert {r.attempts for r in (await rows(app)).values()} == {1, 2}


async def test_a_timeout_is_recorded_uncertain_and_never_sent_again(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    app, session = make_fault_app(settings)
    await queue(app, "maybe", 1)
    session.answers[1] = TelegramNetworkError(
        method=SendMessage(chat_id=1, text="x"), message="Request timeout error"
    )
    await app.delivery.run_once()
    row = (await rows(app))["maybe"]
    assert (row.status, row.last_error) == (OutboxStatus.SENT, "uncertain")
    clock.advance(dt.timedelta(hours=1))
    assert await app.delivery.run_once() == 0
    assert len(session.times) == 1


async def test_a_request_hanging_long_is_recorded_before_it_ends(
    settings: Settings,
    make_fault_app: AppMaker,
    clock: FrozenClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(delivery_module, "UNCERTAIN_AFTER", 0.05, raising=False)
    app, session = make_fault_app(settings)
    session.hang[1] = asyncio.Event()
    await queue(app, "hanging", 1)
    running = asyncio.create_task(app.delivery.run_once())
    await until(lambda: 1 in session.in_flight)
    await asyncio.sleep(0.3)
    row = (await rows(app))["hanging"]
    # Were the process killed now, the restart must not send it again: it may have arrived.
    assert (row.status, row.last_error) == (OutboxStatus.SENT, outbox.UNCERTAIN)
    restarted, restarted_session = make_fault_app(settings)
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    assert await restarted.delivery.run_once() == 0
    assert restarted_session.times == []
    session.hang[1].set()  # the answer comes after all: recorded as plainly sent
    await running
    row = (await rows(app))["hanging"]
    assert (row.status, row.last_error) == (OutboxStatus.SENT, None)
    assert row.sent_message_id is not None


async def test_an_at_most_once_kind_is_recorded_before_its_request_starts(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    # Broadcasts: a kill at any instant of a request (not only one hanging for long) must
    # not send the announcement a second time after the restart.
    app, session = make_fault_app(settings)
    assert "broadcast" in app.delivery.hooks.at_most_once
    app.delivery.hooks.at_most_once.add("test")
    session.hang[1] = asyncio.Event()
    await queue(app, "announce", 1)
    running = asyncio.create_task(app.delivery.run_once())
    await until(lambda: 1 in session.in_flight)
    row = (await rows(app))["announce"]  # at once, well before UNCERTAIN_AFTER
    assert (row.status, row.last_error) == (OutboxStatus.SENT, outbox.UNCERTAIN)
    restarted, restarted_session = make_fault_app(settings)
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    assert await restarted.delivery.run_once() == 0
    assert restarted_session.times == []
    session.hang[1].set()
    await running
    row = (await rows(app))["announce"]
    assert (row.status, row.last_error) == (OutboxStatus.SENT, None)
    assert len(session.times) == 1


async def test_an_at_most_once_message_put_back_by_a_long_429_is_sent_later(
    settings: Settings, make_fault_app: AppMaker, clock: FrozenClock
) -> None:
    app, session = make_fault_app(settings)
    app.delivery.hooks.at_most_once.add("test")
    await queue(app, "later", 1)
    session.answers[1] = TelegramRetryAfter(
        method=SendMessage(chat_id=1, text="x"), message="Too Many Requests", retry_after=60
    )
    await app.delivery.run_once()
    row = (await rows(app))["later"]
    assert row.status == OutboxStatus.PENDING  # the early "maybe sent" mark was undone
    clock.advance(dt.timedelta(seconds=61))
    restarted, restarted_session = make_fault_app(settings)  # a fresh limiter: no real wait
    restarted.delivery.hooks.at_most_once.add("test")
    assert await restarted.delivery.run_once() == 1
    row = (await rows(app))["later"]
    assert (row.status, row.last_error) == (OutboxStatus.SENT, None)
    assert sent_texts(restarted_session) == ["later"]


async def test_a_429_pauses_every_send_not_only_that_chats(
    settings: Settings, make_fault_app: AppMaker
) -> None:
    app, session = make_fault_app(settings, limiter=RateLimiter(global_rate=10, per_chat=0))
    for chat in range(1, 7):
        await queue(app, f"c{chat}", chat)
    session.answers[3] = TelegramRetryAfter(
        method=SendMessage(chat_id=3, text="x"), message="Too Many Requests", retry_after=1
    )
    await app.delivery.run_once()
    # No request starts after the 429 was answered until its retry_after has passed (but
    # for one already on its way while the answer travelled: 50 ms).
    flood_at = session.answered_errors_at[0] + 0.05
    inside = [chat for at, chat, _ in session.times if flood_at < at < flood_at + 0.95]
    assert inside == []
    assert sorted(sent_texts(session)) == [f"c{c}" for c in range(1, 7)]  # each once


async def test_a_failed_write_of_sent_marks_is_logged_and_retried(
    settings: Settings,
    make_fault_app: AppMaker,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    app, session = make_fault_app(settings)
    await queue(app, "private words", 1)
    real = outbox.mark_sent_many
    failures = [OperationalError("UPDATE", {}, Exception("database is locked"))] * 2

    async def flaky(db: Any, results: Any) -> None:
        if failures:
            raise failures.pop()
        await real(db, results)

    monkeypatch.setattr(outbox, "mark_sent_many", flaky)
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        await app.delivery.run_once()
    row = (await rows(app))["private words"]
    assert row.status == OutboxStatus.SENT
    assert len(session.times) == 1
    retries = [r for r in caplog.records if "recording" in r.getMessage()]
    assert len(retries) == 2
    assert all("OperationalError" in r.getMessage() for r in retries)
    assert "private words" not in caplog.text
