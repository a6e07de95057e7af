"""The hot path of an update: no thread hand-offs for filters (issue 17)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
import pytest
from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy import event, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.db import OneTripDbapi
from bot.dispatcher import App
from bot.fsm_storage import SQLStorage, current_session, forget_user
from bot.hotpath import run_filters_on_loop, synchronous
from bot.middlewares import ensure_user
from bot.models import User as UserRow
from bot.simulator import Simulator
from tests.conftest import START, onboard


class Step(StatesGroup):
    one = State()


def test_every_filter_and_handler_of_the_bot_runs_on_the_event_loop(app: App) -> None:
    assert synchronous(app.dispatcher) == []


def test_state_and_magic_filters_are_wrapped_once() -> None:
    router = Router()

    @router.message(Step.one, F.text)
    async def typed(message: Message) -> None: ...

    assert len(synchronous(router)) == 2
    assert run_filters_on_loop(router) == 2
    assert synchronous(router) == []
    assert run_filters_on_loop(router) == 0


def test_a_synchronous_handler_is_refused() -> None:
    router = Router(name="odd")

    @router.message(F.text)
    def typed(message: Message) -> None: ...

    with pytest.raises(TypeError, match="synchronous handler"):
        run_filters_on_loop(router)


async def test_wrapped_filters_still_decide(sim: Simulator) -> None:
    """A State filter that no longer matches must still let the update fall through."""
    await onboard(sim)
    replies = await sim.users[1001].send("/menu")
    assert replies


async def test_updates_make_no_thread_hand_off(
    sim: Simulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(sim)
    calls: list[Callable[..., Any]] = []
    to_thread = asyncio.to_thread

    async def counting(function: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
        calls.append(function)
        return await to_thread(function, *args, **kwargs)

    monkeypatch.setattr(asyncio, "to_thread", counting)
    anna = sim.users[1001]
    await anna.send("сколько дней на апелляцию в BIA")
    await anna.send("/menu")
    await anna.press("Семья и дела")
    await anna.send("/start")
    assert calls == []


class Tally:
    """SQL statements sent and trips made to aiosqlite's thread, for one update at a time."""

    def __init__(self, app: App, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.trips = 0
        event.listen(app.engine.sync_engine, "before_cursor_execute", self._statement)
        execute: Callable[..., Awaitable[Any]] = aiosqlite.Connection._execute

        async def counting(conn: aiosqlite.Connection, fn: Any, *args: Any, **kw: Any) -> Any:
            self.trips += 1
            return await execute(conn, fn, *args, **kw)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        self.statements.append(statement.split()[0])

    def reset(self) -> None:
        self.statements.clear()
        self.trips = 0


# Ceilings: statements per kind of update, and trips to the SQLite thread (one per
# statement, plus the commit when something was written).
CEILINGS = {
    "start": (4, 5),
    "question": (5, 6),
    "callback": (2, 2),
    "form": (3, 4),
}


async def test_statements_and_trips_per_update(
    sim: Simulator, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    tally = Tally(app, monkeypatch)
    seen: dict[str, tuple[int, int]] = {}

    async def measure(kind: str, step: Awaitable[Any]) -> None:
        tally.reset()
        await step
        seen[kind] = (len(tally.statements), tally.trips)

    await measure("start", sim.user(1002, language_code="ru").send("/start"))
    await anna.send("сколько дней на апелляцию в BIA")  # the first one counts the day
    await measure("question", anna.send("сколько дней на апелляцию в BIA"))
    await anna.send("/menu")
    await measure("callback", anna.press("Справочник"))
    await anna.send("/menu")
    await anna.press("Семья и дела")
    await anna.press("Открыть новое дело")
    await measure("form", anna.send("IVANOV IVAN"))
    assert seen == {k: v for k, v in seen.items() if v <= CEILINGS[k]}, (seen, CEILINGS)


class ACb(CallbackData, prefix="a"):
    action: str


class AbCb(CallbackData, prefix="ab"):
    action: str


async def test_button_filters_check_the_prefix_and_parse_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    router = Router()

    @router.callback_query(ACb.filter(F.action == "x"))
    async def x(query: CallbackQuery) -> None: ...

    @router.callback_query(ACb.filter(F.action == "y"))
    async def y(query: CallbackQuery) -> None: ...

    run_filters_on_loop(router)
    (fx,), (fy,) = (h.filters for h in router.callback_query.handlers)  # type: ignore[misc]
    parsed: list[str] = []
    unpack = ACb.unpack.__func__  # type: ignore[attr-defined]

    def counting(cls: type[ACb], value: str) -> ACb:
        parsed.append(value)
        result: ACb = unpack(cls, value)
        return result

    monkeypatch.setattr(ACb, "unpack", classmethod(counting))
    user = User(id=1, is_bot=False, first_name="A")

    def press(data: str) -> CallbackQuery:
        return CallbackQuery(id=data, from_user=user, chat_instance="c", data=data)

    assert await fx.call(press("ab:x")) is False  # another class with a longer prefix
    assert parsed == []
    query = press("a:y")
    assert await fx.call(query) is False
    assert await fy.call(query) == {"callback_data": ACb(action="y")}
    assert parsed == ["a:y"]
    assert await fx.call(press("a:x:extra")) is False


async def test_state_and_data_come_from_one_read_within_an_update(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = SQLStorage(app.sessionmaker)
    key = StorageKey(bot_id=42, chat_id=1001, user_id=1001)
    await storage.set_state(key, "Flow:step")
    await storage.set_data(key, {"n": 1})
    tally = Tally(app, monkeypatch)
    async with app.sessionmaker() as session:
        token = current_session.set(session)
        try:
            assert await storage.get_state(key) == "Flow:step"
            assert await storage.get_data(key) == {"n": 1}
            assert tally.statements == ["SELECT"]
            await storage.set_data(key, {"n": 2})
            await storage.set_state(key, "Flow:next")
            assert await storage.get_data(key) == {"n": 2}
            assert await storage.get_state(key) == "Flow:next"
            await forget_user(session, 1001)
            assert await storage.get_state(key) is None
            assert await storage.get_data(key) == {}
            await session.commit()
        finally:
            current_session.reset(token)
    assert await storage.get_state(key) is None


async def test_sqlite_writers_queue_in_the_process_and_leave_at_commit_or_failure(
    app: App,
) -> None:
    dbapi = app.engine.sync_engine.dialect.dbapi
    assert isinstance(dbapi, OneTripDbapi)
    writer = dbapi.writer
    order: list[str] = []

    async def write(name: str, user_id: int, hold: asyncio.Event | None) -> None:
        async with app.sessionmaker() as session:
            await session.execute(
                select(UserRow.id).where(UserRow.id == user_id)
            )  # reads: no queue
            await ensure_user(session, user_id, "ru", START)
            order.append(f"{name} wrote")
            wrote.set()
            if hold is not None:
                await hold.wait()
            await session.commit()
            order.append(f"{name} committed")

    release, wrote = asyncio.Event(), asyncio.Event()
    first = asyncio.create_task(write("a", 1, release))
    await wrote.wait()
    assert writer.locked()
    second = asyncio.create_task(write("b", 2, None))
    for _ in range(20):
        await asyncio.sleep(0)
    assert order == ["a wrote"]  # b waits in the queue, not in SQLite's busy loop
    release.set()
    await asyncio.gather(first, second)
    assert order == ["a wrote", "a committed", "b wrote", "b committed"]
    assert not writer.locked()

    # A failed write and a rollback leave the queue too.
    async with app.sessionmaker() as session:
        with pytest.raises(IntegrityError):
            await session.execute(insert(UserRow).values(id=1, created_at=START))
    assert not writer.locked()
    async with app.sessionmaker() as session:
        await ensure_user(session, 3, "ru", START)
        assert writer.locked()
        await session.rollback()
    assert not writer.locked()


async def test_a_writer_waiting_too_long_gets_database_is_locked(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second session writing while the first holds the queue (a bug) fails like SQLite's
    busy timeout would, instead of hanging for ever."""
    monkeypatch.setattr("bot.db.WRITER_WAIT_SECONDS", 0.05)
    async with app.sessionmaker() as first, app.sessionmaker() as second:
        await ensure_user(first, 1, "ru", START)
        with pytest.raises(OperationalError, match="database is locked"):
            await ensure_user(second, 2, "ru", START)
        await first.commit()


async def test_a_write_cancelled_mid_statement_leaves_the_writers_queue(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A task cancelled while its statement runs (a job stopped at shutdown): SQLAlchemy
    invalidates the connection and terminates it, which must also leave the queue; else every
    later write of the process waits for the queue and fails ('database is locked'), and the
    outbox's "sent" marks are lost at the next stop."""
    monkeypatch.setattr("bot.db.WRITER_WAIT_SECONDS", 2.0)
    dbapi = app.engine.sync_engine.dialect.dbapi
    assert isinstance(dbapi, OneTripDbapi)
    slow = text(
        "CREATE TEMP TABLE IF NOT EXISTS numbers AS WITH RECURSIVE c(n) AS "
        "(SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000000) SELECT n FROM c"
    )

    async def write_slowly() -> None:
        async with app.sessionmaker() as session:
            await ensure_user(session, 1, "ru", START)
            await session.execute(slow)
            await session.commit()

    task = asyncio.create_task(write_slowly())
    for _ in range(200):
        await asyncio.sleep(0.005)
        if dbapi.writer.locked():
            break
    await asyncio.sleep(0.05)  # inside the slow statement
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    async with app.sessionmaker() as session:
        await ensure_user(session, 2, "ru", START)
        await session.commit()
    assert not dbapi.writer.locked()
