"""One person's updates at once: the user row is created once, updates run in order."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Dispatcher, F, Router
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.types import Chat, Message, Update
from aiogram.types import User as TgUser
from sqlalchemy import func, select

from bot.config import Settings
from bot.dispatcher import App, build_dispatcher
from bot.fsm_storage import PersonLocks, SealedStorage
from bot.middlewares import ensure_user
from bot.models import User
from bot.simulator import Simulator
from tests.case_helpers import recording
from tests.conftest import REDIS_URL, START, AppFactory

BROKE = "что-то сломалось"


def _message(update_id: int, user_id: int, text: str) -> Update:
    user = TgUser(id=user_id, is_bot=False, first_name="Anna", language_code="ru")
    return Update(
        update_id=update_id,
        message=Message(
            message_id=update_id,
            date=START,
            chat=Chat(id=user_id, type="private"),
            from_user=user,
            text=text,
        ),
    )


async def test_a_new_persons_first_two_updates_at_once_both_succeed(
    app: App, sim: Simulator
) -> None:
    sim.user(4242)
    start = len(sim.session.sent)
    await asyncio.gather(
        app.dispatcher.feed_update(app.bot, _message(1, 4242, "/start")),
        app.dispatcher.feed_update(app.bot, _message(2, 4242, "где мой муж")),
    )
    texts = [s.text for s in sim.session.sent[start:] if s.chat_id == 4242]
    assert len(texts) >= 2
    assert not any(BROKE in t for t in texts), texts
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1
    locks = app.dispatcher.fsm.events_isolation
    assert isinstance(locks, PersonLocks)
    assert locks.held == 0  # nobody waits: no lock is kept


async def test_the_user_upsert_is_race_free_without_isolation(
    db_url: str, settings: Settings, make_app: AppFactory
) -> None:
    """Two instances (no shared lock) creating the same person at once."""
    app = make_app(settings.model_copy(update={"database_url": db_url}))

    async def create() -> int:
        async with app.sessionmaker() as session:
            user = await ensure_user(session, 777, "ru", START)
            await asyncio.sleep(0.01)
            await session.commit()
            return user.id

    assert list(await asyncio.gather(create(), create(), create())) == [777, 777, 777]
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) == 1


def _recording_dispatcher(app: App, settings: Settings, log: list[str]) -> Dispatcher:
    router = Router(name="order-test")

    @router.message(F.text)
    async def record(message: Message) -> None:
        log.append(f"start {message.text}")
        for _ in range(3):  # give other updates every chance to interleave
            await asyncio.sleep(0)
        log.append(f"end {message.text}")
        await message.answer(f"got {message.text}")

    return build_dispatcher(
        settings=settings,
        sessionmaker=app.sessionmaker,
        translator=app.translator,
        clock=app.clock,
        knowledge=app.knowledge,
        storage=app.dispatcher.storage,
        routers=[router],
    )


async def test_ten_forwarded_messages_are_each_handled_in_order(app: App) -> None:
    """Default flood limit (8 in 5 s): ten messages at once all pass, one after another."""
    settings = app.settings.model_copy(update={"flood_max_messages": 8})
    log: list[str] = []
    dp = _recording_dispatcher(app, settings, log)
    await asyncio.gather(
        *(dp.feed_update(app.bot, _message(100 + n, 4243, f"m{n}")) for n in range(10))
    )
    assert log == [f"{edge} m{n}" for n in range(10) for edge in ("start", "end")]
    sent = [s.text for s in recording(app).sent if s.chat_id == 4243]
    assert sent == [f"got m{n}" for n in range(10)]


async def test_a_flood_far_beyond_a_person_is_dropped_with_one_word(app: App) -> None:
    settings = app.settings.model_copy(update={"flood_max_messages": 8})
    log: list[str] = []
    dp = _recording_dispatcher(app, settings, log)
    await asyncio.gather(
        *(dp.feed_update(app.bot, _message(100 + n, 4244, f"m{n}")) for n in range(100))
    )
    sent = [s.text for s in recording(app).sent if s.chat_id == 4244]
    handled = [t for t in sent if t.startswith("got ")]
    assert handled == [f"got m{n}" for n in range(len(handled))]
    assert 10 <= len(handled) < 100
    assert sum("пишете очень быстро" in t for t in sent) == 1


@pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")
async def test_two_instances_share_the_flood_count_in_redis(
    app: App, make_app: AppFactory
) -> None:
    """Two instances with REDIS_URL: a person's updates count once, whichever takes them."""
    assert REDIS_URL
    settings = app.settings.model_copy(update={"redis_url": REDIS_URL, "flood_max_messages": 2})
    one, two = make_app(settings), make_app(settings)
    sealed = one.dispatcher.fsm.storage
    assert isinstance(sealed, SealedStorage)
    counter = sealed.inner
    assert isinstance(counter, RedisStorage)
    await counter.redis.delete("flood:4245", "flood:warned:4245")
    for instance in (one, two):
        assert isinstance(instance.dispatcher.fsm.events_isolation, RedisEventIsolation)
    for n in range(12):  # cap: 4 x 2 = 8 in the window, shared by both instances
        target = one if n % 2 else two
        await target.dispatcher.feed_update(target.bot, _message(300 + n, 4245, "/help"))
    sent = [s.text for a in (one, two) for s in recording(a).sent if s.chat_id == 4245]
    assert sum("пишете очень быстро" in t for t in sent) == 1
    assert len(sent) == 8 + 1
