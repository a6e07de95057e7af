"""The hot path of an update: no thread hand-offs for filters (issue 17)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from aiogram import F, Router
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import Message

from bot.dispatcher import App
from bot.hotpath import run_filters_on_loop, synchronous
from bot.simulator import Simulator
from tests.test_onboarding import onboard


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
