"""Per-update cost of the whole bot against bare aiogram, measured side by side in one run.

    .venv/bin/python benchmarks/updates.py [--sequential 300] [--users 200] [--per-user 20]

Both bots get the same recording Bot session (no network) and are fed real ``Update`` objects
through ``Dispatcher.feed_update``. The project runs its real dispatcher, middlewares and a
migrated SQLite file (PostgreSQL when ``TEST_DATABASE_URL`` is set); bare aiogram runs an echo
router. Four kinds of update:

* ``start``: ``/start`` from a new user;
* ``question``: a free-text question from an onboarded user;
* ``callback``: a reference button (a category) pressed by an onboarded user;
* ``form``: the typed answer to a step of the family-case form.

For each kind: CPU per update (process time over a sequential run), p50/p99 latency of that
sequential run, and throughput with p50/p99 latency under load (``--users`` concurrent people
each sending ``--per-user`` updates). Then a mixed load of all four kinds, a paced load at 100
updates per second, and in fresh subprocesses the RSS and start-up time of a ready bot against a
ready bare aiogram bot. The machine is shared: compare the ratios, not absolute times. The last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher, F, Router  # noqa: E402
from aiogram.types import CallbackQuery, Chat, Message, Update, User  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.db import migrate  # noqa: E402
from bot.delivery import RateLimiter  # noqa: E402
from bot.dispatcher import App, build_app  # noqa: E402
from bot.handlers.callbacks import KbCb  # noqa: E402
from bot.recording import RecordingSession  # noqa: E402
from bot.simulator import Simulator  # noqa: E402

QUESTION = "сколько дней на апелляцию в BIA"
Feed = Callable[[Update], Awaitable[Any]]
_ids = itertools.count(1)


def _user(uid: int) -> User:
    return User(id=uid, is_bot=False, first_name=f"U{uid}", language_code="ru")


def message(uid: int, text: str) -> Update:
    msg = Message(
        message_id=next(_ids),
        date=dt.datetime.now(dt.UTC),
        chat=Chat(id=uid, type="private"),
        from_user=_user(uid),
        text=text,
    )
    return Update(update_id=next(_ids), message=msg)


def press(uid: int, data: str) -> Update:
    anchor = Message(
        message_id=next(_ids),
        date=dt.datetime.now(dt.UTC),
        chat=Chat(id=uid, type="private"),
        from_user=User(id=42, is_bot=True, first_name="bot"),
        text="menu",
    )
    query = CallbackQuery(
        id=str(next(_ids)), from_user=_user(uid), chat_instance="b", message=anchor, data=data
    )
    return Update(update_id=next(_ids), callback_query=query)


CATEGORY = KbCb(action="cat", ref="detention").pack()


def update_for(kind: str, uid: int) -> Update:
    if kind == "start":
        return message(uid, "/start")
    if kind == "question":
        return message(uid, QUESTION)
    if kind == "callback":
        return press(uid, CATEGORY)
    return message(uid, "IVANOV IVAN")  # the form's first typed step


def bare_dispatcher() -> Dispatcher:
    router = Router()

    @router.message(F.text)
    async def echo(msg: Message) -> None:
        await msg.answer(msg.text or "")

    @router.callback_query()
    async def ack(query: CallbackQuery) -> None:
        await query.answer()

    dp = Dispatcher()
    dp.include_router(router)
    return dp


class Subject:
    """One bot to measure: how to feed it, and how to prepare users for each kind."""

    def __init__(self, name: str, dp: Dispatcher, bot: Bot, app: App | None = None) -> None:
        self.name = name
        self.dp = dp
        self.bot = bot
        self.app = app
        self.new_users = itertools.count(10_000_000 if app else 20_000_000)

    async def feed(self, update: Update) -> None:
        await self.dp.feed_update(self.bot, update)

    async def prepare(self, kind: str, count: int) -> list[int]:
        """Users ready for one ``kind`` update each (onboarded; in the form for ``form``)."""
        users = [next(self.new_users) for _ in range(count)]
        if self.app is None or kind == "start":
            return users
        sim = Simulator(self.dp, self.bot, SystemClock())
        for uid in users:
            person = sim.user(uid, first_name=f"U{uid}", language_code="ru")
            await person.send("/start")
            await person.press("Русский")
            await person.press(1)
            await person.press(1)
            if kind == "form":
                await person.send("/menu")
                await person.press("Семья и дела")
                await person.press("Открыть новое дело")
        # The recording session keeps every request; drop what the set-up recorded.
        session = self.bot.session
        if isinstance(session, RecordingSession):
            session.requests.clear()
            session.sent.clear()
        return users


def _ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 3)


async def sequential(subject: Subject, kind: str, count: int) -> dict[str, float]:
    users = await subject.prepare(kind, count)
    updates = [update_for(kind, uid) for uid in users]
    latencies = []
    cpu0 = time.process_time()
    for update in updates:
        t0 = time.perf_counter()
        await subject.feed(update)
        latencies.append(time.perf_counter() - t0)
    cpu = time.process_time() - cpu0
    return {
        "cpu_ms_per_update": round(cpu / count * 1000, 3),
        "p50_ms": _ms(latencies, 0.5),
        "p99_ms": _ms(latencies, 0.99),
    }


async def under_load(
    subject: Subject, kinds: list[str], users: int, per_user: int
) -> dict[str, float]:
    """``users`` people at once, each sending ``per_user`` updates one after another."""
    plans: list[list[Update]] = []
    for index in range(users):
        kind = kinds[index % len(kinds)]
        if kind == "start":
            ids = await subject.prepare(kind, per_user)
            plans.append([update_for(kind, uid) for uid in ids])
        else:
            (uid,) = await subject.prepare(kind, 1)
            # After the first, the form's updates answer its next steps (or are asked again).
            plans.append([update_for(kind, uid)] * per_user)
    latencies: list[float] = []

    async def person(plan: list[Update]) -> None:
        for update in plan:
            t0 = time.perf_counter()
            await subject.feed(update.model_copy(update={"update_id": next(_ids)}))
            latencies.append(time.perf_counter() - t0)

    t0 = time.perf_counter()
    await asyncio.gather(*(person(plan) for plan in plans))
    wall = time.perf_counter() - t0
    return {
        "throughput_per_s": round(len(latencies) / wall, 1),
        "load_p50_ms": _ms(latencies, 0.5),
        "load_p99_ms": _ms(latencies, 0.99),
    }


async def paced(subject: Subject, rate: float, seconds: float) -> dict[str, float]:
    """Questions arriving at ``rate`` per second from many people: latency percentiles."""
    count = int(rate * seconds)
    users = await subject.prepare("question", min(count, 200))
    latencies: list[float] = []

    async def one(update: Update) -> None:
        t0 = time.perf_counter()
        await subject.feed(update)
        latencies.append(time.perf_counter() - t0)

    tasks = []
    start = time.perf_counter()
    for index in range(count):
        delay = start + index / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(update_for("question", users[index % len(users)]))))
    await asyncio.gather(*tasks)
    return {"rate_per_s": rate, "p50_ms": _ms(latencies, 0.5), "p99_ms": _ms(latencies, 0.99)}


READY_PROJECT = """
import os, time, asyncio
t0 = time.perf_counter()
import aiogram.types
t1 = time.perf_counter()
from bot.config import Settings
from bot.dispatcher import build_app, freeze_startup_heap
from bot.recording import RecordingSession
settings = Settings(bot_token=None, database_url=os.environ["BENCH_DB"],
                    encryption_key_file=os.environ["BENCH_KEYS"], _env_file=None)
async def main():
    app = build_app(settings, session=RecordingSession())
    freeze_startup_heap()
    await app.close()
asyncio.run(main())
t2 = time.perf_counter()
print(rss_kb(), t1 - t0, t2 - t0)
"""
READY_BARE = """
import time
t0 = time.perf_counter()
import aiogram.types
from aiogram import Bot, Dispatcher, Router
t1 = time.perf_counter()
dp = Dispatcher(); dp.include_router(Router())
t2 = time.perf_counter()
print(rss_kb(), t1 - t0, t2 - t0)
"""
# VmRSS of this process now (ru_maxrss would carry the parent's peak across fork and exec).
RSS = """
def rss_kb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0
"""


def ready_figures(db_url: str, keys: Path) -> dict[str, float]:
    env = {**os.environ, "BENCH_DB": db_url, "BENCH_KEYS": str(keys), "PYTHONPATH": str(ROOT)}

    def run(code: str) -> tuple[float, float, float]:
        out = subprocess.run(
            [sys.executable, "-c", RSS + code],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return float(out[0]) / 1024, float(out[1]), float(out[2])

    bare_rss, _bare_import, _bare_ready = run(READY_BARE)
    rss, aiogram_import, ready = run(READY_PROJECT)
    return {
        "rss_mb": round(rss, 1),
        "bare_rss_mb": round(bare_rss, 1),
        "rss_over_bare_mb": round(rss - bare_rss, 1),
        "startup_s_beyond_aiogram": round(ready - aiogram_import, 3),
    }


async def project_subject(db_url: str, keys: Path) -> Subject:
    settings = Settings(
        bot_token=None,
        database_url=db_url,
        encryption_key_file=keys,
        flood_max_messages=10**9,
        _env_file=None,
    )
    app = build_app(
        settings, session=RecordingSession(), limiter=RateLimiter(global_rate=1e9, per_chat=0)
    )
    return Subject("project", app.dispatcher, app.bot, app)


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sequential", type=int, default=300)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=20)
    parser.add_argument("--paced-seconds", type=float, default=10.0)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bench-updates-"))
    try:
        db_url = (
            os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{workdir}/bot.sqlite3"
        )
        if db_url.startswith("postgresql://"):
            db_url = "postgresql+asyncpg://" + db_url.removeprefix("postgresql://")
        keys = workdir / "keys.json"
        await migrate(db_url)
        project = await project_subject(db_url, keys)
        bare = Subject("bare", bare_dispatcher(), Bot("42:BARE", session=RecordingSession()))
        kinds: dict[str, Any] = {}
        for kind in ("start", "question", "callback", "form"):
            mine = await sequential(project, kind, args.sequential)
            base = await sequential(bare, kind, args.sequential)
            loaded = await under_load(project, [kind], args.users, args.per_user)
            loaded_bare = await under_load(bare, [kind], args.users, args.per_user)
            kinds[kind] = {
                **mine,
                **loaded,
                "bare_cpu_ms_per_update": base["cpu_ms_per_update"],
                "bare_throughput_per_s": loaded_bare["throughput_per_s"],
                "cpu_ratio": round(mine["cpu_ms_per_update"] / base["cpu_ms_per_update"], 1),
            }
            print(json.dumps({"kind": kind, **kinds[kind]}), flush=True)
        mix = ["start", "question", "callback", "form"]
        mixed = await under_load(project, mix, args.users, args.per_user)
        mixed_bare = await under_load(bare, mix, args.users, args.per_user)
        paced_load = await paced(project, 100.0, args.paced_seconds)
        assert project.app is not None
        await project.app.close()
        ready = ready_figures(db_url, keys)
        result = {
            "database": "postgresql" if "postgresql" in db_url else "sqlite",
            "kinds": kinds,
            "mixed_throughput_per_s": mixed["throughput_per_s"],
            "bare_mixed_throughput_per_s": mixed_bare["throughput_per_s"],
            "mixed_throughput_ratio": round(
                mixed["throughput_per_s"] / mixed_bare["throughput_per_s"], 4
            ),
            "paced_100_per_s": paced_load,
            **ready,
        }
        print(json.dumps(result))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    asyncio.run(main())
