"""FSM state in the database (and in Redis when configured) survives restarts."""

from __future__ import annotations

import asyncio
import os

import pytest
from aiogram.fsm.storage.base import BaseStorage, StorageKey

from bot.config import Settings
from bot.dispatcher import App, make_storage
from bot.simulator import Simulator
from tests.conftest import AppFactory

KEY = StorageKey(bot_id=42, chat_id=1001, user_id=1001)


async def exercise(storage: BaseStorage) -> None:
    assert await storage.get_state(KEY) is None
    assert await storage.get_data(KEY) == {}
    await storage.set_state(KEY, "Flow:step")
    await storage.set_data(KEY, {"name": "Иван", "n": 1})
    assert await storage.get_state(KEY) == "Flow:step"
    assert await storage.update_data(KEY, {"n": 2}) == {"name": "Иван", "n": 2}
    # Racing writers of one key never fail on a duplicate primary key.
    await asyncio.gather(*(storage.set_data(KEY, {"n": i}) for i in range(20)))
    assert (await storage.get_data(KEY))["n"] in range(20)
    await storage.set_state(KEY, None)
    assert await storage.get_state(KEY) is None


async def test_sql_storage(db_url: str, settings: Settings, make_app: AppFactory) -> None:
    app = make_app(settings.model_copy(update={"database_url": db_url}))
    await exercise(app.dispatcher.storage)


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="TEST_REDIS_URL is not set")
async def test_redis_storage_when_configured(settings: Settings) -> None:
    redis_settings = settings.model_copy(update={"redis_url": os.environ["TEST_REDIS_URL"]})
    storage = make_storage(redis_settings, sessionmaker=None)  # type: ignore[arg-type]
    try:
        from aiogram.fsm.storage.redis import RedisStorage

        assert isinstance(storage, RedisStorage)
        await storage.redis.delete(*(await storage.redis.keys("fsm:42:1001:*")) or ["x"])
        await exercise(storage)
    finally:
        await storage.close()


async def test_person_halfway_through_onboarding_continues_after_restart(
    app: App, sim: Simulator, settings: Settings, make_app: AppFactory
) -> None:
    anna = sim.user(1001)
    await anna.send("/start")
    await anna.press("Русский")
    await app.close()  # the process dies here

    restarted = make_app(settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, restarted.clock)
    anna2 = sim2.user(1001)
    replies = await anna2.send("/start")
    assert "кто вы" in replies[-1].text  # back at the role question, language remembered
    replies = await anna2.press("Родственник")
    assert "о ваших данных" in replies[-1].text
