"""SIGTERM to a real bot process in the middle of an update and of a sending batch: the
update finishes (its reply arrives, Telegram gets its 200 or, polling, the update is
confirmed), the messages in flight are sent and marked, the process exits 0 within the
bound, and nothing is lost or sent twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot import outbox
from bot.db import create_engine, create_sessionmaker, migrate
from bot.models import OutboxMessage, OutboxStatus
from tests.deploy_helpers import BotProcess, SlowTelegram, message_update

OUTBOX_ROWS = 60
SLOW_USER = 5151


@pytest.fixture
async def fake() -> AsyncIterator[SlowTelegram]:
    server = SlowTelegram()
    await server.start()
    yield server
    await server.stop()


async def seed_outbox(url: str, count: int) -> None:
    await migrate(url)
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for n in range(count):
                await outbox.enqueue(
                    session,
                    chat_id=10_000 + n,
                    kind="test",
                    payload={"text": f"outbox-{n}"},
                    due_at=now - dt.timedelta(seconds=1),
                    dedup_key=f"shutdown-{n}",
                    now=now,
                )
    finally:
        await engine.dispose()


async def statuses(url: str) -> dict[str, str]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(select(OutboxMessage.dedup_key, OutboxMessage.status))
            return {str(k): str(s) for k, s in rows}
    finally:
        await engine.dispose()


def outbox_sends(fake: SlowTelegram) -> Counter[str]:
    return Counter(c.text for c in fake.calls if c.text.startswith("outbox-"))


@pytest.mark.parametrize("mode", ["webhook", "polling"])
async def test_sigterm_mid_update_and_mid_batch_loses_nothing(
    fake: SlowTelegram, tmp_path: Path, mode: str
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await seed_outbox(url, OUTBOX_ROWS)
    fake.slow_chats = {SLOW_USER}
    fake.slow_delay = 2.0  # the reply to the update is mid-flight when SIGTERM lands
    fake.send_delay = 0.05
    env = {
        "BOT_TOKEN": "4242:TEST-TOKEN",
        "DATABASE_URL": url,
        "TELEGRAM_API_BASE": fake.base_url,
        "OUTBOX_POLL_SECONDS": "0.2",
        "OUTBOX_GLOBAL_RATE": "20",
    }
    bot = BotProcess(env, log_path=tmp_path / "bot.log")
    try:
        await bot.start(webhook=mode == "webhook")
        await fake.wait_for(lambda c: c.text.startswith("outbox-"), timeout=30)
        async with aiohttp.ClientSession() as http:
            if mode == "webhook":
                posted = asyncio.create_task(bot.post(http, message_update(1, SLOW_USER, "/help")))
            else:
                await fake.send(SLOW_USER, "/help")
            await _until(lambda: fake.slow_started > 0)
            sent_before = sum(outbox_sends(fake).values())
            signalled = bot.terminate()
            code = await bot.wait(timeout=30)
            shutdown = time.monotonic() - signalled
            if mode == "webhook":
                assert await posted == 200
        log = bot.log()
        assert code == 0, log
        assert shutdown < 12, shutdown
        assert "Traceback" not in log
        # The update was finished: its reply reached Telegram.
        assert any(c.chat_id == SLOW_USER and "Что я умею" in c.text for c in fake.calls), log
        if mode == "polling":
            # ...and confirmed, so the next start does not answer it twice.
            assert fake.updates == []  # Telegram was told; nothing waits to be handed again
        # Every message Telegram received is marked sent; nothing is stuck half-way.
        states = await statuses(url)
        sends = outbox_sends(fake)
        assert max(sends.values()) == 1
        for n in range(OUTBOX_ROWS):
            key, text = f"shutdown-{n}", f"outbox-{n}"
            if sends[text]:
                assert states[key] == OutboxStatus.SENT, (key, states[key])
            else:
                assert states[key] == OutboxStatus.PENDING, (key, states[key])
        assert sent_before < OUTBOX_ROWS  # the batch really was cut in the middle
        # A restart sends the rest, each message once.
        fake.send_delay = 0.0
        await bot.start(webhook=mode == "webhook")
        await fake.wait_for(lambda c: c.text.startswith("outbox-"), count=OUTBOX_ROWS, timeout=60)
        bot.terminate()
        assert await bot.wait() == 0
        assert set(outbox_sends(fake).values()) == {1}
        assert len(outbox_sends(fake)) == OUTBOX_ROWS
        print(f"\n{mode}: shutdown took {shutdown:.2f} s")  # noqa: T201
    finally:
        await bot.kill()


async def _until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.01)
