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
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy import event

from bot.dispatcher import App
from bot.hotpath import run_filters_on_loop, synchronous
from bot.simulator import Simulator
from tests.conftest import onboard


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
    "question": (6, 7),
    "callback": (2, 2),
    "form": (4, 5),
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
