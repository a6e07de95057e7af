"""FSM storage in the bot's own database, so a flow survives a restart without Redis.

Inside an update the storage writes through the update's own session (``current_session``),
so a step's state and the data it saved commit together, or not at all. SQLite allows one
writer at a time, and a second connection from the same update would wait on itself.
"""

from __future__ import annotations

import asyncio
import json
import logging
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

from bot.crypto import Vault, VaultError
from bot.models import FsmRecord
from bot.outbox import upsert_insert

log = logging.getLogger(__name__)
current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
FSM_CACHE = "fsm_rows"


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

    # The row read with the state is kept in the update's session (``session.info``), so the
    # handler's ``get_data`` right after aiogram's ``get_state`` costs no second statement.
    @staticmethod
    def _cache(session: AsyncSession) -> dict[str, tuple[str | None, dict[str, Any]]]:
        cache: dict[str, tuple[str | None, dict[str, Any]]] = session.info.setdefault(
            FSM_CACHE, {}
        )
        return cache

    async def _upsert(self, key: StorageKey, values: dict[str, Any]) -> None:
        raw = self.key_builder.build(key)
        async with self._session() as session:
            stmt = upsert_insert(session, FsmRecord).values(
                key=raw, user_id=key.user_id, chat_id=key.chat_id, **values
            )
            stmt = stmt.on_conflict_do_update(index_elements=["key"], set_=values)
            await session.execute(stmt)
            cache = self._cache(session)
            if raw in cache:
                state, data = cache[raw]
                cache[raw] = (values.get("state", state), dict(values.get("data", data)))

    async def _read(self, key: StorageKey) -> tuple[str | None, dict[str, Any]]:
        raw = self.key_builder.build(key)
        async with self._session() as session:
            cache = self._cache(session)
            if raw not in cache:
                row = (
                    await session.execute(
                        select(FsmRecord.state, FsmRecord.data).where(FsmRecord.key == raw)
                    )
                ).first()
                cache[raw] = (row[0], dict(row[1] or {})) if row else (None, {})
            return cache[raw]

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        await self._upsert(key, {"state": value})

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._read(key))[0]

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self._upsert(key, {"data": dict(data)})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return dict((await self._read(key))[1])

    async def close(self) -> None:
        return None


SEALED = "sealed"


class SealedStorage(BaseStorage):
    """Conversation data encrypted as a whole before it reaches the database or Redis.

    Flows keep free text in their state (a question being asked, a desk draft, a volunteer's
    name, a case form): none of it is stored in the clear, whatever the flow. The state name
    itself (``Flow:step``) stays readable. Data written before sealing existed is read as is.
    """

    def __init__(self, inner: BaseStorage, vault: Vault) -> None:
        self.inner = inner
        self.vault = vault

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        await self.inner.set_state(key, state)

    async def get_state(self, key: StorageKey) -> str | None:
        return await self.inner.get_state(key)

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        await self.inner.set_data(key, seal(self.vault, data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        return unseal(self.vault, await self.inner.get_data(key))

    async def close(self) -> None:
        await self.inner.close()


def seal(vault: Vault, data: Mapping[str, Any]) -> dict[str, Any]:
    if not data:
        return {}
    return {SEALED: vault.encrypt(json.dumps(dict(data), ensure_ascii=False))}


def unseal(vault: Vault, raw: Mapping[str, Any]) -> dict[str, Any]:
    token = raw.get(SEALED)
    if not isinstance(token, str) or len(raw) != 1:
        return dict(raw)
    try:
        data = json.loads(vault.decrypt(token))
    except (VaultError, ValueError):
        # A key that was removed, or a damaged value: the flow starts over, nothing crashes.
        log.warning("conversation data could not be decrypted; starting over")
        return {}
    return data if isinstance(data, dict) else {}


def reseal(vault: Vault, raw: Mapping[str, Any]) -> dict[str, Any] | None:
    """Sealed data re-encrypted under the newest key (``rotate-keys``); None if not sealed."""
    token = raw.get(SEALED)
    if not isinstance(token, str) or len(raw) != 1:
        return None
    data = json.loads(vault.decrypt(token))
    inner = data.get("enc") if isinstance(data, dict) else None
    if isinstance(inner, str) and inner:  # the case form's draft, sealed once more
        data["enc"] = vault.rotate(inner)
    return seal(vault, data)


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

    storage = storage.inner if isinstance(storage, SealedStorage) else storage
    if isinstance(storage, RedisStorage):
        return RedisEventIsolation(storage.redis, key_builder=storage.key_builder)
    return PersonLocks()


async def forget_user(session: AsyncSession, user_id: int) -> None:
    await session.execute(delete(FsmRecord).where(FsmRecord.user_id == user_id))
    session.info.pop(FSM_CACHE, None)
