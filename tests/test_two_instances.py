"""Two real bot processes in webhook mode on one PostgreSQL database and one Redis.

One scenario runs once (a module fixture) and each test checks one promise of it:
both start together on a fresh database (migrations under the advisory lock); a person's
conversation alternates between them and stays consistent; the flood guard counts across
both; 600 due messages are each delivered once; the combined send rate stays within the
configured global limit; SIGTERM to one instance in the middle loses nothing.
Figures are printed (pytest -s) and kept in ``FIGURES``.

    TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test \\
    TEST_REDIS_URL=redis://127.0.0.1:6379/3 pytest -s tests/test_two_instances.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from redis.asyncio import Redis
from sqlalchemy import func, select

from bot import outbox
from bot.db import create_engine, create_sessionmaker
from bot.models import OutboxMessage, OutboxStatus
from tests.conftest import PG_URL, REDIS_URL, _asyncpg_url, _drop_pg_database, _fresh_pg_database
from tests.deploy_helpers import BotProcess, SlowTelegram, button_update, message_update

pytestmark = pytest.mark.skipif(
    not (PG_URL and REDIS_URL), reason="needs TEST_DATABASE_URL and TEST_REDIS_URL"
)

MESSAGES = 600
# Telegram allows about 30 a second; 40 keeps one instance's 200-message batch (5 s) well
# inside the 10 s shutdown bound while the shared limiter is not there.
GLOBAL_RATE = 40.0
FLOOD_LIMIT = 2  # the guard lets through a burst of 4 x this in the window, then drops
FLOOD_BURST_CAP = FLOOD_LIMIT * 4
FLOOD_UPDATES = 12
FLOOD_WARNING = "Вы пишете очень быстро"
CONVERSATION_USER = 777
FLOOD_USER = 888


@dataclass
class Outcome:
    conversation: list[str] = field(default_factory=list)
    flood_answers: int = 0
    flood_warnings: int = 0
    sends: Counter[str] = field(default_factory=Counter)
    send_times: list[float] = field(default_factory=list)
    statuses: dict[str, int] = field(default_factory=dict)
    shutdown_seconds: float = 0.0
    shutdown_code: int | None = None
    sent_when_signalled: int = 0
    start_codes: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        times = sorted(self.send_times)
        span = times[-1] - times[0] if len(times) > 1 else 0.0
        window = max(
            (sum(1 for u in times[i:] if u - t < 1.0) for i, t in enumerate(times)), default=0
        )
        return {
            "messages": MESSAGES,
            "delivered": len(self.sends),
            "duplicates": sum(c - 1 for c in self.sends.values() if c > 1),
            "combined_rate_per_s": round((len(times) - 1) / span, 1) if span else None,
            "max_sends_in_any_1s": window,
            "configured_global_rate": GLOBAL_RATE,
            "sigterm_shutdown_s": round(self.shutdown_seconds, 2),
            "sent_when_sigterm": self.sent_when_signalled,
            "flood_answers": self.flood_answers,
            "flood_cap": FLOOD_BURST_CAP,
        }


FIGURES: dict[str, Any] = {}


async def _until(condition: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(what)
        await asyncio.sleep(0.02)


async def _scenario(tmp_path: Path) -> Outcome:
    assert PG_URL
    assert REDIS_URL
    outcome = Outcome()
    base = _asyncpg_url(PG_URL)
    url = await _fresh_pg_database(base)
    redis = Redis.from_url(REDIS_URL)
    await redis.flushdb()
    fake = SlowTelegram(send_delay=0.002)
    await fake.start()
    env = {
        "BOT_TOKEN": "4242:TEST-TOKEN",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
        "TELEGRAM_API_BASE": fake.base_url,
        "OUTBOX_POLL_SECONDS": "0.2",
        "OUTBOX_GLOBAL_RATE": str(GLOBAL_RATE),
        "OUTBOX_PER_CHAT_INTERVAL": "1",
        "FLOOD_MAX_MESSAGES": str(FLOOD_LIMIT),
        "FLOOD_WINDOW_SECONDS": "120",
    }
    a = BotProcess(env, name="A", log_path=tmp_path / "a.log")
    b = BotProcess(env, name="B", log_path=tmp_path / "b.log")
    ids = iter(range(1, 10_000))
    try:
        # Both start at once on a database with no tables yet.
        await asyncio.gather(a.start(webhook=True), b.start(webhook=True))
        async with aiohttp.ClientSession() as http:
            # A conversation alternating between the instances.
            steps: list[tuple[BotProcess, dict[str, Any] | str, str]] = [
                (a, "/start", "Выберите язык"),
                (b, "Русский", "кто вы"),
                (a, "Родственник", "о ваших данных"),
                (b, "Согласен", "Главное меню"),
            ]
            for instance, action, expect in steps:
                if isinstance(action, str) and action.startswith("/"):
                    update = message_update(next(ids), CONVERSATION_USER, action)
                else:
                    assert isinstance(action, str)
                    update = button_update(fake, next(ids), CONVERSATION_USER, action)
                status = await instance.post(http, update)
                assert status == 200
                await fake.wait_text(CONVERSATION_USER, expect, timeout=20)
                outcome.conversation.append(expect)
            # The flood guard: one person, updates alternating between the instances.
            for n in range(FLOOD_UPDATES):
                instance = a if n % 2 == 0 else b
                await instance.post(http, message_update(next(ids), FLOOD_USER, "/help"))
            await asyncio.sleep(1.0)
            to_flooder = [c.text for c in fake.sent_to(FLOOD_USER)]
            outcome.flood_answers = sum("Что я умею" in t for t in to_flooder)
            outcome.flood_warnings = sum(FLOOD_WARNING in t for t in to_flooder)

            # 600 due messages, both senders running; SIGTERM to A in the middle.
            await _seed(url, MESSAGES)

            def sent() -> int:
                return sum(1 for c in fake.calls if c.text.startswith("outbox-"))

            await _until(lambda: sent() >= MESSAGES // 4, 120, "sending did not start")
            outcome.sent_when_signalled = sent()
            signalled = a.terminate()
            outcome.shutdown_code = await a.wait(timeout=60)
            outcome.shutdown_seconds = time.monotonic() - signalled
            await _until(lambda: sent() >= MESSAGES, 180, "not everything was delivered")
            await asyncio.sleep(1.0)  # anything sent twice would show up now
        outcome.sends = Counter(c.text for c in fake.calls if c.text.startswith("outbox-"))
        outcome.send_times = _outbox_send_times(fake)
        outcome.statuses = await _statuses(url)
        b.terminate()
        await b.wait(timeout=60)
    finally:
        outcome.logs = [a.log() if a.log_path and a.log_path.exists() else "", b.log()]
        await a.kill()
        await b.kill()
        await fake.stop()
        await redis.flushdb()
        await redis.aclose()
        await _drop_pg_database(base, url)
    return outcome


def _outbox_send_times(fake: SlowTelegram) -> list[float]:
    sends = [
        c
        for c in fake.calls
        if c.method
        in {"sendMessage", "copyMessage", "sendDocument", "sendPhoto", "editMessageText"}
    ]
    return [
        t for c, t in zip(sends, fake.send_times, strict=False) if c.text.startswith("outbox-")
    ]


async def _seed(url: str, count: int) -> None:
    engine = create_engine(url)
    now = dt.datetime.now(dt.UTC)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for n in range(count):
                await outbox.enqueue(
                    session,
                    chat_id=50_000 + n,
                    kind="test",
                    payload={"text": f"outbox-{n}"},
                    due_at=now,
                    dedup_key=f"two-{n}",
                    now=now,
                )
    finally:
        await engine.dispose()


async def _statuses(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            rows = await session.execute(
                select(OutboxMessage.status, func.count())
                .where(OutboxMessage.kind == "test")
                .group_by(OutboxMessage.status)
            )
            return {str(s): int(c) for s, c in rows}
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> Outcome:
    result = asyncio.run(_scenario(tmp_path_factory.mktemp("two")))
    FIGURES.update(result.figures())
    print("\ntwo instances:", json.dumps(FIGURES))  # noqa: T201
    return result


def test_both_start_together_and_the_conversation_alternates(outcome: Outcome) -> None:
    assert outcome.conversation == ["Выберите язык", "кто вы", "о ваших данных", "Главное меню"]
    for log in outcome.logs:
        assert "Traceback" not in log, log


def test_each_due_message_is_delivered_once(outcome: Outcome) -> None:
    assert len(outcome.sends) == MESSAGES
    assert set(outcome.sends.values()) == {1}
    assert outcome.statuses == {OutboxStatus.SENT: MESSAGES}


def test_sigterm_to_one_instance_mid_run_loses_nothing(outcome: Outcome) -> None:
    assert outcome.shutdown_code == 0
    assert outcome.shutdown_seconds < 12
    assert outcome.sent_when_signalled < MESSAGES
    assert len(outcome.sends) == MESSAGES


def test_flood_guard_counts_across_both_instances(outcome: Outcome) -> None:
    assert outcome.flood_answers == FLOOD_BURST_CAP
    assert outcome.flood_warnings == 1


def test_combined_send_rate_within_the_global_limit(outcome: Outcome) -> None:
    figures = outcome.figures()
    assert figures["combined_rate_per_s"] <= GLOBAL_RATE * 1.1
    assert figures["max_sends_in_any_1s"] <= GLOBAL_RATE + 2
