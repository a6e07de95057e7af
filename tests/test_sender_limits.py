"""Telegram's limits as the sender models them: sliding windows (per process or shared
through Redis), the 429 pause, and one sender at a time without Redis (issue 16)."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
import time
import uuid
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from bot import outbox
from bot.config import Settings
from bot.dispatcher import App
from bot.models import OutboxMessage, OutboxStatus
from bot.ratelimit import Limiter, RateLimiter, RedisRateLimiter, window_for_rate
from tests.conftest import REDIS_URL, AppFactory, queue

needs_redis = pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")


class WindowServer:
    """What Telegram sees: each request arrives some time after it was started; no more
    than ``limit`` may arrive within any ``period``."""

    def __init__(self) -> None:
        self.arrivals: list[float] = []

    async def request(self, limiter: Limiter, chat_id: int) -> None:
        slot = await limiter.acquire(chat_id)
        await asyncio.sleep(random.uniform(0, 0.01))  # on the way
        self.arrivals.append(time.monotonic())
        await asyncio.sleep(random.uniform(0, 0.01))  # the answer on its way back
        await limiter.release(slot)

    def worst_window(self, period: float) -> int:
        times = sorted(self.arrivals)
        worst, start = 0, 0
        for end, at in enumerate(times):
            while times[start] <= at - period:
                start += 1
            worst = max(worst, end - start + 1)
        return worst


def test_rates_become_windows() -> None:
    assert window_for_rate(30) == (30, 1.0)
    assert window_for_rate(25) == (25, 1.0)
    assert window_for_rate(0.5) == (1, 2.0)


async def test_no_window_ever_holds_more_than_the_limit() -> None:
    random.seed(7)
    limiter = RateLimiter(global_rate=50, per_chat=0)
    server = WindowServer()
    started = time.monotonic()
    await asyncio.gather(*(server.request(limiter, chat) for chat in range(1, 151)))
    assert server.worst_window(1.0) <= 50
    assert time.monotonic() - started < 4.5  # two full windows and a bit, not a fixed pace


async def test_a_private_chat_gets_one_a_second_and_a_group_twenty_a_minute() -> None:
    limiter = RateLimiter(global_rate=1000, per_chat=0.3)
    server = WindowServer()
    await asyncio.gather(*(server.request(limiter, 5) for _ in range(3)))
    gaps = [b - a for a, b in zip(server.arrivals, server.arrivals[1:], strict=False)]
    assert all(gap >= 0.29 for gap in gaps)
    group = [await limiter.acquire(-100) for _ in range(20)]
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(limiter.acquire(-100), 0.2)
    for slot in group:
        await limiter.release(slot)


async def test_a_pause_holds_every_chat() -> None:
    limiter = RateLimiter(global_rate=1000, per_chat=0)
    await limiter.pause(0.3)
    started = time.monotonic()
    await asyncio.gather(limiter.acquire(1), limiter.acquire(2))
    assert time.monotonic() - started >= 0.29
    unlimited = RateLimiter(global_rate=1e9, per_chat=0)
    await unlimited.pause(0.2)
    started = time.monotonic()
    await unlimited.acquire(3)
    assert time.monotonic() - started >= 0.19


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    assert REDIS_URL
    from redis.asyncio import Redis

    prefix = f"test:{uuid.uuid4().hex[:8]}"
    yield prefix
    client = Redis.from_url(REDIS_URL)
    keys = [k async for k in client.scan_iter(f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    await client.aclose()


@needs_redis
async def test_two_instances_share_the_window_through_redis(redis_prefix: str) -> None:
    assert REDIS_URL
    random.seed(11)
    first = RedisRateLimiter(REDIS_URL, 40, 0, prefix=redis_prefix)
    second = RedisRateLimiter(REDIS_URL, 40, 0, prefix=redis_prefix)
    server = WindowServer()
    try:
        await asyncio.gather(
            *(server.request(first if chat % 2 else second, chat) for chat in range(1, 101))
        )
    finally:
        await first.close()
        await second.close()
    assert server.worst_window(1.0) <= 40


@needs_redis
async def test_a_429_seen_by_one_instance_pauses_the_other(redis_prefix: str) -> None:
    assert REDIS_URL
    first = RedisRateLimiter(REDIS_URL, 1000, 1.0, prefix=redis_prefix)
    second = RedisRateLimiter(REDIS_URL, 1000, 1.0, prefix=redis_prefix)
    try:
        await first.pause(0.4)
        assert 0 < await second.paused_for() <= 0.4
        started = time.monotonic()
        slot = await second.acquire(1)
        assert time.monotonic() - started >= 0.35
        await second.release(slot)
        with pytest.raises(TimeoutError):  # the same chat again within its second
            await asyncio.wait_for(first.acquire(1), 0.3)
    finally:
        await first.close()
        await second.close()


# ---- one sender at a time without Redis ---------------------------------------------------


@pytest.fixture
def fast_leases(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outbox, "RENEW_EVERY", dt.timedelta(seconds=0.1))


async def until_sent(app: App, count: int, seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while True:
        async with app.sessionmaker() as session:
            rows = list(await session.scalars(select(OutboxMessage)))
        if sum(r.status == OutboxStatus.SENT for r in rows) >= count:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("not sent in time")
        await asyncio.sleep(0.05)


@pytest.mark.usefixtures("fast_leases")
async def test_a_second_process_does_not_start_the_sender_without_redis(
    db_url: str, settings: Settings, make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    config = settings.model_copy(update={"database_url": db_url})
    first, second = make_app(config), make_app(config)
    await queue(first, "one", 1)
    first.delivery.start(poll_seconds=0.05)
    await until_sent(first, 1)
    with caplog.at_level(logging.WARNING, logger="bot.delivery"):
        second.delivery.start(poll_seconds=0.05)
        await asyncio.sleep(0.5)
    refusals = [r for r in caplog.records if "sender not started" in r.getMessage()]
    assert len(refusals) == 1  # one clear line, not one per poll
    await queue(first, "two", 2)
    await until_sent(first, 2)
    sent_by_second = second.bot.session.sent  # type: ignore[attr-defined]
    assert sent_by_second == []
    await first.delivery.stop()  # the first one goes: the second takes over
    await queue(first, "three", 3)
    await until_sent(second, 3)
    assert [s.text for s in second.bot.session.sent] == ["three"]  # type: ignore[attr-defined]


@needs_redis
@pytest.mark.usefixtures("fast_leases")
async def test_with_redis_two_processes_send_side_by_side(
    db_url: str, settings: Settings, make_app: AppFactory, redis_prefix: str
) -> None:
    assert REDIS_URL
    config = settings.model_copy(update={"database_url": db_url})
    first, second = make_app(config), make_app(config)
    for app in (first, second):
        app.delivery.single_sender = False
        app.delivery.limiter = RedisRateLimiter(REDIS_URL, 1000, 0, prefix=redis_prefix)
    for i in range(40):
        await queue(first, f"m{i}", 100 + i)
    first.delivery.start(poll_seconds=0.05)
    second.delivery.start(poll_seconds=0.05)
    await until_sent(first, 40)
    texts = [s.text for app in (first, second) for s in app.bot.session.sent]  # type: ignore[attr-defined]
    assert sorted(texts) == sorted(f"m{i}" for i in range(40))  # each once
