"""The outbox and its sender: dedup, atomic claims, 429 / 403 / network errors, restarts."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import Any

import pytest
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import SendMessage
from sqlalchemy import func, select

from bot import outbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.delivery import RateLimiter
from bot.dispatcher import App
from bot.models import OutboxMessage, OutboxStatus, User
from bot.recording import RecordingSession
from tests.conftest import AppFactory


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


async def add_user(app: App, user_id: int, locale: str = "ru") -> None:
    async with app.sessionmaker() as session, session.begin():
        session.add(User(id=user_id, locale=locale, created_at=app.clock.now()))


async def queue(
    app: App, key: str, chat_id: int = 1, delay: float = 0.0, payload: dict[str, Any] | None = None
) -> bool:
    now = app.clock.now()
    async with app.sessionmaker() as session, session.begin():
        return await outbox.enqueue(
            session,
            chat_id=chat_id,
            kind="test",
            payload=payload or {"text": key},
            due_at=now + dt.timedelta(seconds=delay),
            dedup_key=key,
            now=now,
        )


async def rows(app: App) -> dict[str, OutboxMessage]:
    async with app.sessionmaker() as session:
        return {r.dedup_key: r for r in await session.scalars(select(OutboxMessage))}


@pytest.fixture
def pg_app(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    return make_app(settings.model_copy(update={"database_url": db_url}))


async def test_dedup_key_queues_once(pg_app: App) -> None:
    assert await queue(pg_app, "same") is True
    assert await queue(pg_app, "same") is False
    assert len(await rows(pg_app)) == 1


async def test_due_messages_are_sent_once_in_order(pg_app: App, clock: FrozenClock) -> None:
    await queue(pg_app, "later", delay=60)
    await queue(pg_app, "now")
    assert await pg_app.delivery.run_once() == 1
    assert [s.text for s in recorder(pg_app).sent] == ["now"]
    assert await pg_app.delivery.run_once() == 0
    clock.advance(dt.timedelta(seconds=61))
    assert await pg_app.delivery.run_once() == 1
    assert [s.text for s in recorder(pg_app).sent] == ["now", "later"]
    state = await rows(pg_app)
    assert {r.status for r in state.values()} == {OutboxStatus.SENT}
    assert all(r.sent_message_id for r in state.values())


async def test_concurrent_claims_never_share_a_row(pg_app: App) -> None:
    for i in range(60):
        await queue(pg_app, f"m{i}", chat_id=i)
    now = pg_app.clock.now()

    async def claim() -> list[int]:
        async with pg_app.sessionmaker() as session, session.begin():
            return [r.id for r in await outbox.claim_due(session, now, 25)]

    batches = await asyncio.gather(*(claim() for _ in range(4)))
    claimed = [i for batch in batches for i in batch]
    assert len(claimed) == len(set(claimed)) == 60


async def test_messages_render_in_the_recipients_language(pg_app: App) -> None:
    await add_user(pg_app, 5, locale="en")
    await add_user(pg_app, 6, locale="ru")
    for chat in (5, 6):
        await queue(pg_app, f"l{chat}", chat_id=chat, payload={"l10n": "cancel-nothing"})
    await pg_app.delivery.run_once()
    texts = {s.chat_id: s.text for s in recorder(pg_app).sent}
    assert texts == {5: "Nothing to cancel. Here is the menu.", 6: "Отменять нечего. Вот меню."}


async def test_retry_after_reschedules_without_losing_the_message(
    app: App, clock: FrozenClock
) -> None:
    await queue(app, "flood")
    recorder(app).script.append(
        TelegramRetryAfter(
            method=SendMessage(chat_id=1, text="x"), message="Too Many Requests", retry_after=30
        )
    )
    await app.delivery.run_once()
    row = (await rows(app))["flood"]
    assert row.status == OutboxStatus.PENDING
    assert row.due_at == clock.now() + dt.timedelta(seconds=30)
    assert row.attempts == 0  # flood control does not use up the message's attempts
    clock.advance(dt.timedelta(seconds=31))
    app.delivery.limiter = RateLimiter(1e9, 0)
    await app.delivery.run_once()
    assert (await rows(app))["flood"].status == OutboxStatus.SENT


async def test_blocked_user_is_marked_and_later_messages_skip_telegram(
    app: App, clock: FrozenClock
) -> None:
    await add_user(app, 7)
    await queue(app, "first", chat_id=7)
    recorder(app).script.append(
        TelegramForbiddenError(
            method=SendMessage(chat_id=7, text="x"),
            message="Forbidden: bot was blocked by the user",
        )
    )
    await app.delivery.run_once()
    async with app.sessionmaker() as session:
        user = await session.get(User, 7)
        assert user is not None
        assert user.blocked_at == clock.now()
    assert (await rows(app))["first"].last_error == "blocked"
    await queue(app, "second", chat_id=7)
    before = len(recorder(app).requests)
    await app.delivery.run_once()
    assert len(recorder(app).requests) == before
    assert (await rows(app))["second"].status == OutboxStatus.FAILED


async def test_blocked_hooks_are_told(app: App) -> None:
    told: list[int] = []

    async def hook(_session: Any, chat_id: int, _now: dt.datetime) -> None:
        told.append(chat_id)

    app.delivery.hooks.on_blocked.append(hook)
    await add_user(app, 8)
    await queue(app, "x", chat_id=8)
    recorder(app).script.append(
        TelegramForbiddenError(method=SendMessage(chat_id=8, text="x"), message="Forbidden")
    )
    await app.delivery.run_once()
    assert told == [8]


async def test_network_errors_back_off_then_give_up(app: App, clock: FrozenClock) -> None:
    # No connection at all: the request never reached Telegram, so it is safe to retry (a
    # timeout after sending is "uncertain" instead: tests/test_outbox_faults.py).
    await queue(app, "flaky")
    for attempt in range(1, outbox.MAX_ATTEMPTS + 1):
        recorder(app).script.append(
            TelegramNetworkError(
                method=SendMessage(chat_id=1, text="x"),
                message="ClientConnectorError: Cannot connect to host",
            )
        )
        await app.delivery.run_once()
        row = (await rows(app))["flaky"]
        assert row.attempts == attempt
        if attempt < outbox.MAX_ATTEMPTS:
            assert row.status == OutboxStatus.PENDING
            assert row.due_at == clock.now() + outbox.backoff(attempt)
            clock.set(row.due_at)
    assert (await rows(app))["flaky"].status == OutboxStatus.FAILED
    assert (await rows(app))["flaky"].last_error == "network"


async def test_bad_request_fails_without_retry(app: App) -> None:
    await queue(app, "bad")
    recorder(app).script.append(
        TelegramBadRequest(method=SendMessage(chat_id=1, text="x"), message="chat not found")
    )
    await app.delivery.run_once()
    row = (await rows(app))["bad"]
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "bad_request")


async def test_restart_between_claim_and_send_loses_nothing_and_sends_once(
    app: App, settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    await queue(app, "a")
    await queue(app, "b", chat_id=2)
    # The first process claims the rows and dies before sending anything.
    async with app.sessionmaker() as session, session.begin():
        claimed = await outbox.claim_due(session, clock.now(), 10)
    assert len(claimed) == 2
    await app.close()

    restarted = make_app(settings)
    assert await restarted.delivery.run_once() == 0  # the claim is still leased
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    assert await restarted.delivery.run_once() == 2
    assert await restarted.delivery.run_once() == 0
    assert sorted(s.text for s in recorder(restarted).sent) == ["a", "b"]
    async with restarted.sessionmaker() as session:
        sent = await session.scalar(
            select(func.count()).where(OutboxMessage.status == OutboxStatus.SENT)
        )
    assert sent == 2


async def test_cancel_by_prefix_only_touches_pending(app: App) -> None:
    await queue(app, "hearing:1:a")
    await queue(app, "hearing:1:b", delay=100)
    await queue(app, "hearing:10:a", delay=100)
    await app.delivery.run_once()
    async with app.sessionmaker() as session, session.begin():
        assert await outbox.cancel(session, "hearing:1:") == 1
    state = await rows(app)
    assert state["hearing:1:a"].status == OutboxStatus.SENT
    assert state["hearing:1:b"].status == OutboxStatus.CANCELLED
    assert state["hearing:10:a"].status == OutboxStatus.PENDING


async def test_sender_respects_the_per_chat_rate(app: App) -> None:
    app.delivery.limiter = RateLimiter(global_rate=1000, per_chat=0.2)
    for i in range(3):
        await queue(app, f"c{i}", chat_id=1)
    loop = asyncio.get_running_loop()
    started = loop.time()
    await app.delivery.run_once()
    assert loop.time() - started >= 0.39
    assert [s.text for s in recorder(app).sent] == ["c0", "c1", "c2"]
