"""FSM storage in the bot's own database, so a flow survives a restart without Redis.

Inside an update the storage writes through the update's own session (``current_session``),
so a step's state and the data it saved commit together, or not at all. SQLite allows one
writer at a time, and a second connection from the same update would wait on itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseEventIsolation,
    BaseStorage,
    DefaultKeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import FsmRecord
from bot.outbox import upsert_insert

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


class SQLStorage(BaseStorage):
    """One row per FSM key; writes are single-statement upserts, so racing updates of the
    same key never fail on a duplicate primary key."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self.key_builder = DefaultKeyBuilder(with_destiny=True, with_bot_id=True)

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[AsyncSession]:
        shared = current_session.get()
        if shared is not None:
            yield shared
            return
        async with self.sessionmaker() as session, session.begin():
            yield session

    async def _upsert(self, key: StorageKey, values: dict[str, Any]) -> None:
        raw = self.key_builder.build(key)
        async with self._session() as session:
            stmt = upsert_insert(session, FsmRecord).values(
                key=raw, user_id=key.user_id, chat_id=key.chat_id, **values
            )
            stmt = stmt.on_conflict_do_update(index_elements=["key"], set_=values)
            await session.execute(stmt)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(key, {"state": value})

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._session() as session:
            return await session.scalar(
                select(FsmRecord.state).where(FsmRecord.key == self.key_builder.build(key))
            )

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._upsert(key, {"data": dict(data)})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._session() as session:
            data = await session.scalar(
                select(FsmRecord.data).where(FsmRecord.key == self.key_builder.build(key))
            )
        return dict(data or {})

    async def close(self) -> None:
        return None


class PersonLocks(BaseEventIsolation):
    """One person's updates are handled one at a time, in the order they arrived (an
    ``asyncio.Lock`` is first-come first-served). Unlike aiogram's ``SimpleEventIsolation``,
    a lock nobody holds or waits for is dropped, so memory does not grow with every person."""

    def __init__(self) -> None:
        self._locks: dict[StorageKey, tuple[asyncio.Lock, list[int]]] = {}

    @asynccontextmanager
    async def lock(self, key: StorageKey) -> AsyncIterator[None]:
        entry = self._locks.get(key)
        if entry is None:
            entry = self._locks[key] = (asyncio.Lock(), [0])
        lock, users = entry
        users[0] += 1
        try:
            async with lock:
                yield
        finally:
            users[0] -= 1
            if users[0] == 0:
                del self._locks[key]

    @property
    def held(self) -> int:
        """Locks kept now (someone holds or waits for each)."""
        return len(self._locks)

    async def close(self) -> None:
        self._locks.clear()


def make_isolation(storage: BaseStorage) -> BaseEventIsolation:
    """In-process locks, or Redis locks shared by every instance when state is in Redis."""
    from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage

    if isinstance(storage, RedisStorage):
        return RedisEventIsolation(storage.redis, key_builder=storage.key_builder)
    return PersonLocks()


async def forget_user(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
