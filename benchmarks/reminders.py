"""Reminder delivery benchmark. Prints one JSON object.

    .venv/bin/python benchmarks/reminders.py [--reminders 100000] [--due 20000] [--load 10]

Everything runs against a fresh SQLite database in a temporary directory, migrated with
``bot.db.migrate``, holding ``--reminders`` pending hearing reminders (realistic rows: users,
cases, people with encrypted names, hearings at shipped courts, one row per recipient and
offset). The real ``bot.delivery.Delivery`` sends through a no-op Bot API session (a
``BaseSession`` that builds plausible results and records nothing).

* throughput: with ``--due`` of them due, how many reminders a second are claimed, rendered
  (the real renderer: hearing, place, person, recipient checks, l10n, time zones) and handed
  to the session, with an unlimited rate limiter. Target: >= 2,000/s.
* latency: at a normal load (``--load`` reminders a second falling due over ``--seconds``,
  real clock, the production poll interval and rate limiter, driven by the same APScheduler
  interval job the bot uses), how late each one is handed to Telegram after its due time.
  Target: p99 <= poll interval + 1 s.
* startup: the extra time to build the app and run the first poll with the pending rows in
  the database, compared with an empty database. Target: <= 1 s.
* memory: resident set size of the process at the end (and after building the data).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiogram import Bot  # noqa: E402
from aiogram.client.session.base import BaseSession  # noqa: E402
from aiogram.methods import TelegramMethod  # noqa: E402
from aiogram.methods.base import TelegramType  # noqa: E402
from aiogram.types import Chat, Message, User  # noqa: E402
from sqlalchemy import func, insert, select  # noqa: E402

from bot.cases.models import Case, CaseMember, MemberRole, MemberStatus, Person  # noqa: E402
from bot.clock import FrozenClock, SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.crypto import Vault  # noqa: E402
from bot.db import create_engine, create_sessionmaker, migrate  # noqa: E402
from bot.delivery import RateLimiter  # noqa: E402
from bot.dispatcher import App, Knowledge, build_app, freeze_startup_heap  # noqa: E402
from bot.hearings import reminders  # noqa: E402
from bot.hearings.models import Hearing, HearingStatus  # noqa: E402
from bot.hearings.service import PlaceRef  # noqa: E402
from bot.models import OutboxMessage, OutboxStatus, Volunteer  # noqa: E402
from bot.models import User as UserRow  # noqa: E402
from bot.places import Places  # noqa: E402

BOT = User(id=42, is_bot=True, first_name="bench")
T0 = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)
OFFSETS = reminders.DEFAULT_OFFSETS
VOLUNTEERS = 200
ZONES = ("Europe/Moscow", "America/New_York", "America/Chicago", None)


class NoopSession(BaseSession):
    """Answers like Telegram would, instantly, and keeps nothing."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0
        # One plausible reply reused: building a fresh pydantic Message per call would
        # measure this fake, not the bot.
        self._reply = Message(
            message_id=1,
            date=dt.datetime.now(dt.UTC),
            chat=Chat(id=1, type="private"),
            from_user=BOT,
            text="ok",
        )

    async def close(self) -> None:
        return None

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - the base class signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b""

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109
    ) -> TelegramType:
        self.count += 1
        return self._reply  # type: ignore[return-value]


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)


def settings_for(path: Path, poll: float) -> Settings:
    return Settings(
        bot_token=None,
        database_url=f"sqlite+aiosqlite:///{path}",
        encryption_key_file=path.parent / "keys.json",
        outbox_poll_seconds=poll,
        _env_file=None,
    )


async def populate(url: str, vault: Vault, total: int, due: int) -> dict[str, int]:
    """Cases of two relatives and a volunteer, one person, one hearing, 3 x 3 reminders.

    The first ``due // 3`` hearings start a little under 7 days after T0, so at T0 exactly
    their 7-day reminders (one per recipient) are due; the rest start 20-80 days later."""
    places = Places.load()
    courts = list(places.of_kind("court"))
    per_hearing = 3 * len(OFFSETS)
    hearings_n = -(-total // per_hearing)
    due_hearings = due // 3
    engine = create_engine(url)
    maker = create_sessionmaker(engine)
    users: list[dict[str, Any]] = []
    for i in range(VOLUNTEERS):
        users.append(
            {
                "id": 500_000 + i,
                "locale": "en",
                "timezone": "America/Chicago",
                "created_at": T0,
                "consent_at": T0,
                "role": "volunteer",
            }
        )
    for i in range(hearings_n * 2):
        users.append(
            {
                "id": 1_000_000 + i,
                "locale": "ru" if i % 3 else "en",
                "timezone": ZONES[i % len(ZONES)],
                "created_at": T0,
                "consent_at": T0,
                "role": "relative",
            }
        )
    names = [vault.encrypt(f"PERSON {i}") for i in range(64)]
    place_tokens = [PlaceRef(id=c.id).encode(vault) for c in courts]
    cases: list[dict[str, Any]] = []
    members: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    hearings: list[dict[str, Any]] = []
    outbox: list[dict[str, Any]] = []
    for h in range(hearings_n):
        case_id = h + 1
        volunteer = 500_000 + h % VOLUNTEERS
        relatives = (1_000_000 + 2 * h, 1_000_000 + 2 * h + 1)
        cases.append(
            {
                "id": case_id,
                "status": "open",
                "owner_id": relatives[0],
                "volunteer_id": volunteer,
                "created_at": T0,
            }
        )
        for j, uid in enumerate(relatives):
            members.append(
                {
                    "case_id": case_id,
                    "user_id": uid,
                    "status": MemberStatus.ACTIVE,
                    "role": MemberRole.OWNER if j == 0 else MemberRole.MEMBER,
                    "joined_at": T0,
                    "muted": False,
                }
            )
        persons.append(
            {
                "id": case_id,
                "case_id": case_id,
                "latin_name_enc": names[h % 64],
                "created_at": T0,
                "is_child": False,
                "status": "detained",
            }
        )
        court = courts[h % len(courts)]
        if h < due_hearings:
            starts = T0 + dt.timedelta(days=7) - dt.timedelta(seconds=1 + h % 3600)
        else:
            starts = T0 + dt.timedelta(days=20 + h % 60, minutes=h % 600)
        local = starts.astimezone(court.zone).strftime("%Y-%m-%dT%H:%M")
        hearings.append(
            {
                "id": case_id,
                "case_id": case_id,
                "person_id": case_id,
                "place_enc": place_tokens[h % len(courts)],
                "tz": court.tz,
                "local_start": local,
                "starts_at": starts,
                "kind": "master",
                "mode": "video",
                "status": HearingStatus.SCHEDULED,
                "revision": 1,
                "created_by": relatives[0],
                "created_at": T0,
                "updated_at": T0,
            }
        )
        for uid in (*relatives, volunteer):
            for offset in OFFSETS:
                if len(outbox) >= total:
                    break
                outbox.append(
                    {
                        "dedup_key": f"hearing:{case_id}:r1:{uid}:{offset}",
                        "chat_id": uid,
                        "kind": reminders.KIND_REMINDER,
                        "payload": {"h": case_id, "r": 1, "o": offset},
                        "due_at": starts - dt.timedelta(minutes=offset),
                        "status": OutboxStatus.PENDING,
                        "attempts": 0,
                        "created_at": T0,
                    }
                )
    async with maker() as session, session.begin():
        await session.execute(insert(UserRow), users)
        await session.execute(
            insert(Volunteer),
            [
                {
                    "user_id": 500_000 + i,
                    "display_name": f"V{i}",
                    "status": "approved",
                    "created_at": T0,
                    "show_name": False,
                    "languages": [],
                    "areas": [],
                    "away": False,
                }
                for i in range(VOLUNTEERS)
            ],
        )
        await session.execute(insert(Case), cases)
        await session.execute(insert(CaseMember), members)
        await session.execute(insert(Person), persons)
        await session.execute(insert(Hearing), hearings)
        for start in range(0, len(outbox), 20_000):
            await session.execute(insert(OutboxMessage), outbox[start : start + 20_000])
    await engine.dispose()
    return {"reminders": len(outbox), "hearings": hearings_n, "users": len(users)}


def make_app(
    settings: Settings, vault: Vault, knowledge: Knowledge, clock: Any, limiter: RateLimiter
) -> tuple[App, NoopSession]:
    session = NoopSession()
    app = build_app(
        settings, session=session, clock=clock, knowledge=knowledge, limiter=limiter, vault=vault
    )
    return app, session


async def throughput(settings: Settings, vault: Vault, knowledge: Knowledge) -> dict[str, Any]:
    app, session = make_app(settings, vault, knowledge, FrozenClock(T0), RateLimiter(1e9, 0))
    started = time.perf_counter()
    cpu_started = time.process_time()
    processed = 0
    while True:
        count = await app.delivery.run_once()
        processed += count
        if count == 0:
            break
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    async with app.sessionmaker() as db:
        statuses = {
            str(status): int(n)
            for status, n in (
                await db.execute(
                    select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
                )
            ).all()
        }
    await app.close()
    return {
        "due_processed": processed,
        "handed_to_session": session.count,
        "seconds": round(elapsed, 3),
        "per_second": round(session.count / elapsed, 1) if elapsed else None,
        # CPU seconds of this process (all threads): the rate a machine to itself would get.
        "cpu_seconds": round(cpu, 3),
        "per_cpu_second": round(session.count / cpu, 1) if cpu else None,
        "target_per_second": 2000,
        "rows_by_status_after": statuses,
    }


async def latency(
    settings: Settings, vault: Vault, knowledge: Knowledge, load: float, seconds: float
) -> dict[str, Any]:
    """Real time: reminders fall due at ``load`` a second while the bot's interval job polls."""
    clock = SystemClock()
    limiter = RateLimiter(settings.outbox_global_rate, settings.outbox_per_chat_interval)
    app, _session = make_app(settings, vault, knowledge, clock, limiter)
    now = clock.now()
    count = int(load * seconds)
    lead = dt.timedelta(seconds=2)
    rows, hearings = [], []
    async with app.sessionmaker() as db:
        first_case = int(await db.scalar(select(Case.id).order_by(Case.id).limit(1)) or 1)
        members = dict(
            (
                await db.execute(
                    select(CaseMember.case_id, CaseMember.user_id).where(
                        CaseMember.role == MemberRole.OWNER
                    )
                )
            ).all()
        )
    for i in range(count):
        case_id = first_case + i
        due = now + lead + dt.timedelta(seconds=i / load)
        starts = due + dt.timedelta(minutes=180)
        hearings.append((case_id, starts))
        rows.append(
            {
                "dedup_key": f"bench-latency:{i}",
                "chat_id": members[case_id],
                "kind": reminders.KIND_REMINDER,
                "payload": {"h": case_id, "r": 1, "o": 180},
                "due_at": due,
                "status": OutboxStatus.PENDING,
                "attempts": 0,
                "created_at": now,
            }
        )
    async with app.sessionmaker() as db, db.begin():
        for case_id, starts in hearings:
            hearing = await db.get(Hearing, case_id)
            assert hearing is not None
            hearing.starts_at = starts
        await db.execute(insert(OutboxMessage), rows)
    await app.start_jobs()
    deadline = time.monotonic() + seconds + lead.total_seconds() + 10
    while time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        async with app.sessionmaker() as db:
            done = await db.scalar(
                select(OutboxMessage.id)
                .where(
                    OutboxMessage.dedup_key.startswith("bench-latency:"),
                    OutboxMessage.status == OutboxStatus.PENDING,
                )
                .limit(1)
            )
        if done is None:
            break
    await asyncio.sleep(settings.outbox_poll_seconds * 2)
    async with app.sessionmaker() as db:
        result = (
            await db.execute(
                select(OutboxMessage.due_at, OutboxMessage.sent_at, OutboxMessage.status).where(
                    OutboxMessage.dedup_key.startswith("bench-latency:")
                )
            )
        ).all()
    await app.close()
    lateness = sorted(
        (sent - due).total_seconds() for due, sent, status in result if status == "sent" and sent
    )

    def pct(p: float) -> float:
        return round(lateness[min(len(lateness) - 1, int(p * len(lateness)))], 3)

    return {
        "load_per_second": load,
        "messages": count,
        "sent": len(lateness),
        "not_sent": count - len(lateness),
        "poll_seconds": settings.outbox_poll_seconds,
        "p50_seconds": pct(0.50) if lateness else None,
        "p99_seconds": pct(0.99) if lateness else None,
        "max_seconds": round(lateness[-1], 3) if lateness else None,
        "mean_seconds": round(statistics.fmean(lateness), 3) if lateness else None,
        "target_p99_seconds": settings.outbox_poll_seconds + 1,
    }


async def startup(
    settings: Settings, empty: Settings, vault: Vault, knowledge: Knowledge
) -> dict[str, Any]:
    async def once(config: Settings) -> float:
        began = time.perf_counter()
        app, _session = make_app(
            config, vault, knowledge, FrozenClock(T0 - dt.timedelta(days=30)), RateLimiter(1e9, 0)
        )
        await app.delivery.run_once()
        await app.reconcile_reminders()
        took = time.perf_counter() - began
        await app.close()
        return took

    await once(empty)  # warm imports and caches
    base = min([await once(empty) for _ in range(3)])
    loaded = min([await once(settings) for _ in range(3)])
    began = time.perf_counter()
    Places.load()
    places_seconds = time.perf_counter() - began
    # The periodic membership safety net (every 15 minutes) with a third of the hearings in
    # its window: it must stay short, it shares SQLite's write lock with the sender.
    app, _session = make_app(settings, vault, knowledge, FrozenClock(T0), RateLimiter(1e9, 0))
    began = time.perf_counter()
    await app.reconcile_reminders()
    reconcile_seconds = time.perf_counter() - began
    await app.close()
    return {
        "empty_db_seconds": round(base, 3),
        "with_pending_seconds": round(loaded, 3),
        "extra_seconds": round(loaded - base, 3),
        "target_extra_seconds": 1.0,
        "places_load_seconds": round(places_seconds, 3),
        "reconcile_job_seconds": round(reconcile_seconds, 3),
    }


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {"python": sys.version.split()[0]}
    knowledge = Knowledge.load()
    vault = Vault.generate()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        settings = settings_for(path, args.poll)
        empty = settings_for(Path(tmp) / "empty.sqlite3", args.poll)
        began = time.perf_counter()
        await migrate(settings.database_url)
        await migrate(empty.database_url)
        report["data"] = await populate(settings.database_url, vault, args.reminders, args.due)
        report["data"]["build_seconds"] = round(time.perf_counter() - began, 1)
        report["rss_mb_after_data"] = rss_mb()
        report["startup"] = await startup(settings, empty, vault, knowledge)
        freeze_startup_heap()  # as ``python -m bot`` does after building the app
        report["throughput"] = await throughput(settings, vault, knowledge)
        report["latency"] = await latency(settings, vault, knowledge, args.load, args.seconds)
        report["rss_mb"] = rss_mb()
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reminders", type=int, default=100_000)
    parser.add_argument("--due", type=int, default=20_000)
    parser.add_argument("--load", type=float, default=10.0, help="reminders per second")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--poll", type=float, default=1.0)
    args = parser.parse_args(argv)
    report = asyncio.run(main_async(args))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
