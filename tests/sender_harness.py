"""The real bot process (``python -m bot``) sending its outbox to the fake Bot API, killed
with SIGKILL and restarted on the way: the fault test (issue 10) and the broadcast benchmark
(issue 15) both run through here and report the same figures."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import create_engine, create_sessionmaker, migrate
from bot.models import OutboxMessage, OutboxStatus
from tests.fake_bot_api import FakeTelegram, Faults

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "4242:TEST-TOKEN"
ADMIN = 9000

# Fills the migrated database with the messages to send; returns the keys expected to
# arrive, (chat id, text) each.
Filler = Callable[[AsyncSession, dt.datetime], Awaitable[set[tuple[int, str]]]]


@dataclass
class Run:
    rate: float
    faults: Faults
    kill_at: tuple[float, ...] = ()  # fractions of the expected messages accepted
    request_timeout: int = 2
    deadline: float = 600.0
    kills: list[float] = field(default_factory=list)
    starts: list[float] = field(default_factory=list)


def bot_env(workdir: Path, fake: FakeTelegram, run: Run) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDIS_", "WEBHOOK_"))}
    env.update(
        {
            "BOT_TOKEN": TOKEN,
            "DATABASE_URL": f"sqlite+aiosqlite:///{workdir / 'bot.sqlite3'}",
            "TELEGRAM_API_BASE": fake.base_url,
            "ENCRYPTION_KEY_FILE": str(workdir / "keys.json"),
            "ADMIN_IDS": str(ADMIN),
            "OUTBOX_POLL_SECONDS": "0.2",
            "OUTBOX_GLOBAL_RATE": str(run.rate),
            "OUTBOX_PER_CHAT_INTERVAL": "1.0",
            "OUTBOX_REQUEST_TIMEOUT": str(run.request_timeout),
            "LOG_LEVEL": "WARNING",
            "HEALTH_LISTEN": "",  # no fixed port: several harnesses may run on one machine
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


async def spawn(env: dict[str, str], log_file: Any) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=str(ROOT),
        env=env,
        stdout=log_file,
        stderr=log_file,
    )


async def remaining(url: str) -> int:
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session:
            return int(
                await session.scalar(
                    select(func.count()).where(
                        OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                    )
                )
                or 0
            )
    finally:
        await engine.dispose()


async def run_sender(workdir: Path, run: Run, fill: Filler) -> dict[str, Any]:
    """Fill the outbox, run the bot with kills and restarts until every row is done, and
    measure what the fake Bot API saw."""
    url = f"sqlite+aiosqlite:///{workdir / 'bot.sqlite3'}"
    await migrate(url)
    engine = create_engine(url)
    async with create_sessionmaker(engine)() as session, session.begin():
        expected = await fill(session, dt.datetime.now(dt.UTC))
    await engine.dispose()

    fake = FakeTelegram(faults=run.faults)
    await fake.start()
    env = bot_env(workdir, fake, run)
    log_path = workdir / "bot.log"
    started = time.monotonic()
    try:
        with log_path.open("ab") as log_file:
            process = await spawn(env, log_file)
            run.starts.append(time.monotonic())
            for fraction in run.kill_at:
                target = int(len(expected) * fraction)
                while len(fake.log.accepted) < target:
                    if process.returncode is not None:
                        raise RuntimeError(f"the bot exited early, see {log_path}")
                    if time.monotonic() - started > run.deadline:
                        raise TimeoutError("too slow before a kill")
                    await asyncio.sleep(0.005)
                process.send_signal(signal.SIGKILL)
                await process.wait()
                run.kills.append(time.monotonic())
                process = await spawn(env, log_file)
                run.starts.append(time.monotonic())
            while await remaining(url):
                if process.returncode is not None:
                    raise RuntimeError(f"the bot exited early, see {log_path}")
                if time.monotonic() - started > run.deadline:
                    raise TimeoutError("not every message was sent in time")
                await asyncio.sleep(0.25)
            finished = time.monotonic()
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()
    finally:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await fake.stop()
    return measure(fake, run, expected, started, finished)


def measure(
    fake: FakeTelegram,
    run: Run,
    expected: set[tuple[int, str]],
    started: float,
    finished: float,
) -> dict[str, Any]:
    log = fake.log
    counts = Counter((chat, text) for _t, chat, text in log.accepted)
    delivered = set(counts)
    times = [t for t, _c, _x in log.accepted]
    # Sending time: from each start's first accepted message to its last one (a restart's
    # own start-up and the dead process's lease are down time, reported separately).
    bounds = [*run.starts[1:], finished + 1]
    active, sent_active = 0.0, 0
    for begin, end in zip(run.starts, bounds, strict=False):
        inside = [t for t in times if begin <= t < end]
        if len(inside) > 1:
            active += inside[-1] - inside[0]
            sent_active += len(inside) - 1
    # A hung request must not hold up other chats: for each hang (not crossing a kill or a
    # 429 pause), other chats still got messages while it hung.
    stalled = 0
    for begin, end, chat in log.hangs:
        window_end = min(end, begin + run.request_timeout)
        if any(k for k in run.kills if begin - 1 <= k <= window_end + 1):
            continue
        if any(p0 < window_end and p1 > begin for p0, p1 in log.pauses):
            continue
        if begin > times[-1] - 2:
            continue
        others = [t for t, c, _x in log.accepted if c != chat and begin < t <= window_end]
        if not others:
            stalled += 1
    # A crash re-sends only what was in flight (sent, its mark not yet written): every
    # duplicate was first accepted shortly before a kill.
    first_seen: dict[tuple[int, str], float] = {}
    for t, chat, text in log.accepted:
        first_seen.setdefault((chat, text), t)
    duplicated = [first_seen[key] for key, n in counts.items() if n > 1]
    # In flight: answered and marked within a second, or a hung request until it is
    # recorded as uncertain (bot.delivery.UNCERTAIN_AFTER, 1.5 s).
    not_in_flight = [t for t in duplicated if not any(t <= k <= t + 2.5 for k in run.kills)]
    grace = 0.1  # requests already on their way when the 429 was answered
    return {
        "messages": len(expected),
        "delivered": len(delivered & expected),
        "lost": len(expected - delivered),
        "duplicates": sum(n - 1 for n in counts.values() if n > 1),
        "duplicates_not_in_flight_at_a_kill": len(not_in_flight),
        "kills": len(run.kills),
        "rate_limit": run.rate,
        "achieved_rate": round(sent_active / active, 2) if active else 0.0,
        "rate_fraction": round(sent_active / active / run.rate, 3) if active else 0.0,
        "overall_seconds": round(finished - started, 1),
        "responses_429": log.responses_429,
        "responses_429_over_rate": log.rate_429,
        "injected_429": log.injected_429,
        "responses_5xx": log.responses_5xx,
        "responses_403": log.responses_403,
        "hung_requests": len(log.hangs),
        "chats_stalled_by_a_hang": stalled,
        "sends_inside_429_pause": sum(1 for d in log.in_pause if d > grace),
        "sends_inside_429_pause_strict": len(log.in_pause),
    }
