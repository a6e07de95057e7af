"""Outer middlewares: flood protection, one database session per update, user and locale."""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.fsm.middleware import FSMContextMiddleware
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.types import CallbackQuery, Message, TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.fsm_storage import current_session
from bot.i18n import Translator, pick_locale
from bot.models import User
from bot.outbox import upsert_insert

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodCounter(Protocol):
    """Arrival times of a person's recent updates, shared or not between instances."""

    async def hit(
        self, user_id: int, now: float, window: float, cap: int
    ) -> tuple[list[float], bool]:
        """Record an update at ``now`` unless ``cap`` are recorded already; return the times
        recorded within ``window`` seconds, oldest first, and whether this one was kept."""
        ...

    async def first_warning(self, user_id: int, window: float) -> bool:
        """True once per flood: whether this person should be told to slow down now."""
        ...

    async def calm(self, user_id: int) -> None: ...


class MemoryFloodCounter:
    def __init__(self) -> None:
        self._events: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    async def hit(
        self, user_id: int, now: float, window: float, cap: int
    ) -> tuple[list[float], bool]:
        times = self._events.setdefault(user_id, deque())
        while times and now - times[0] > window:
            times.popleft()
        kept = len(times) < cap
        if kept:
            times.append(now)
        if len(self._events) > 50_000:
            self._events = {k: v for k, v in self._events.items() if v and now - v[-1] < 60}
            self._warned &= set(self._events)
        return list(times), kept

    async def first_warning(self, user_id: int, window: float) -> bool:
        if user_id in self._warned:
            return False
        self._warned.add(user_id)
        return True

    async def calm(self, user_id: int) -> None:
        self._warned.discard(user_id)


class RedisFloodCounter:
    """The same in Redis (a sorted set per person), so every instance counts together."""

    def __init__(self, redis: Any, prefix: str = "flood") -> None:
        self.redis = redis
        self.prefix = prefix

    async def hit(
        self, user_id: int, now: float, window: float, cap: int
    ) -> tuple[list[float], bool]:
        key = f"{self.prefix}:{user_id}"
        member = f"{now:.6f}:{uuid.uuid4().hex[:8]}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.zremrangebyscore(key, "-inf", now - window)
            pipe.zcard(key)
            pipe.zadd(key, {member: now})
            pipe.expire(key, max(1, math.ceil(window)) + 1)
            pipe.zrange(key, 0, -1, withscores=True)
            _, before, _, _, rows = await pipe.execute()
        kept = int(before) < cap
        if not kept:
            await self.redis.zrem(key, member)
            rows = [row for row in rows if row[0] not in (member, member.encode())]
        return sorted(float(score) for _, score in rows), kept

    async def first_warning(self, user_id: int, window: float) -> bool:
        key = f"{self.prefix}:warned:{user_id}"
        return bool(await self.redis.set(key, "1", nx=True, ex=max(1, math.ceil(window))))

    async def calm(self, user_id: int) -> None:
        await self.redis.delete(f"{self.prefix}:warned:{user_id}")


class FloodMiddleware(BaseMiddleware):
    """Counts a person's updates as they arrive, before they wait for that person's lock
    (register it on ``dp.update`` ahead of the FSM middleware, see ``build_dispatcher``).

    A burst of up to ``burst`` times ``limit`` updates in ``window`` seconds (ten forwarded
    messages) all pass, and the person lock handles them one by one in arrival order. Only
    beyond that does the guard drop updates, and then it says so once ("you are writing very
    fast"), so nothing is lost without a word."""

    def __init__(
        self,
        translator: Translator,
        clock: Clock,
        limit: int = 8,
        window: float = 5.0,
        *,
        counter: FloodCounter | None = None,
        burst: int = 4,
    ) -> None:
        self.translator = translator
        self.clock = clock
        self.limit = limit
        self.window = window
        self.cap = max(limit, limit * burst)
        self.counter: FloodCounter = counter or MemoryFloodCounter()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        now = self.clock.now().timestamp()
        times, kept = await self.counter.hit(user.id, now, self.window, self.cap)
        if kept:
            if len(times) <= self.limit:
                await self.counter.calm(user.id)
            return await handler(event, data)
        if await self.counter.first_warning(user.id, self.window):
            l10n = self.translator.get(pick_locale(None, user.language_code))
            message: Message | None = None
            query: CallbackQuery | None = None
            if isinstance(event, Update):
                message, query = event.message, event.callback_query
            elif isinstance(event, Message):
                message = event
            elif isinstance(event, CallbackQuery):
                query = event
            if message is not None:
                await message.answer(l10n("flood-slow-down"))
            elif query is not None:
                await query.answer(l10n("flood-slow-down"), show_alert=True)
        return None


def make_flood_counter(storage: BaseStorage) -> FloodCounter:
    """In Redis when the conversation state is (several instances share it), else in memory."""
    from aiogram.fsm.storage.redis import RedisStorage

    from bot.fsm_storage import SealedStorage

    storage = storage.inner if isinstance(storage, SealedStorage) else storage
    if isinstance(storage, RedisStorage):
        return RedisFloodCounter(storage.redis)
    return MemoryFloodCounter()


# Ids are BIGINT: a number this big in a button or a command is forged or mistyped, and a
# database driver would raise OverflowError on it.
MAX_ID = 2**63 - 1
_NUMBER = re.compile(r"[-+]?\d{19,}")


def has_huge_number(text: str) -> bool:
    """A whole number in ``text`` that no id column can hold."""
    return any(abs(int(m.group(0))) > MAX_ID for m in _NUMBER.finditer(text))


class SafeInputMiddleware(BaseMiddleware):
    """Inputs no handler should have to think about, answered once here: a message with no
    sender (an anonymous or channel post) is ignored; a button or a command carrying a number
    beyond any id is answered as a stale button or a number that does not exist."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if isinstance(event, Message):
            if event.from_user is None or tg_user is None:
                return None
            text = event.text or event.caption or ""
            if text.startswith("/") and has_huge_number(text):
                l10n = self.translator.get(pick_locale(None, tg_user.language_code))
                await event.answer(l10n("input-number-too-big"))
                return None
        elif isinstance(event, CallbackQuery) and event.data and has_huge_number(event.data):
            l10n = self.translator.get(pick_locale(None, event.from_user.language_code))
            await event.answer(l10n("callback-stale"), show_alert=True)
            return None
        return await handler(event, data)


class UpdateSessionMiddleware(FSMContextMiddleware):
    """The FSM middleware with one database session per update around it.

    The session is opened before the person's lock is taken but connects only when first
    used (SQLAlchemy sessions are lazy), so nobody holds a connection while queuing. Inside the
    lock the FSM state is read through that same session (``current_session``, see
    ``bot/fsm_storage.py``), the handler runs, and the session commits, still inside the
    lock, so the person's next update sees this one's writes. One transaction per update: the
    state read, the user row and the handler's writes; rolled back on error.

    Put it on ``dp.update`` in place of ``dp.fsm`` (``build_dispatcher`` does)."""

    def __init__(
        self,
        storage: BaseStorage,
        events_isolation: BaseEventIsolation,
        sessionmaker: async_sessionmaker[AsyncSession],
    ) -> None:
        super().__init__(storage=storage, events_isolation=events_isolation)
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        context = self.resolve_event_context(data["bot"], data)
        data["fsm_storage"] = self.storage
        async with self.sessionmaker() as session:
            data["session"] = session
            token = current_session.set(session)
            try:
                if context is None:
                    result = await handler(event, data)
                    await session.commit()
                    return result
                async with self.events_isolation.lock(key=context.key):
                    data["state"] = context
                    data["raw_state"] = await context.get_state()
                    result = await handler(event, data)
                    await session.commit()
                    return result
            finally:
                current_session.reset(token)


async def ensure_user(
    session: AsyncSession,
    user_id: int,
    tg_language: str | None,
    now: dt.datetime,
    *,
    seen_on: dt.date | None = None,
) -> User:
    """The user row, created on first contact by one ``INSERT .. ON CONFLICT DO NOTHING
    RETURNING``: two first updates of a new person (or two instances) racing both get the
    same row; the one that lost the race reads it."""
    stmt = (
        upsert_insert(session, User)
        .values(id=user_id, tg_language=tg_language, created_at=now, last_seen_on=seen_on)
        .on_conflict_do_nothing(index_elements=["id"])
        .returning(User)
    )
    user: User | None = (
        await session.scalars(stmt, execution_options={"populate_existing": True})
    ).one_or_none()
    if user is None:
        user = await session.get(User, user_id, populate_existing=True)
    assert user is not None
    return user


class UserMiddleware(BaseMiddleware):
    """Loads the user row (creating it on first contact), and sets ``user``, ``l10n``,
    ``locale`` and ``is_admin``. Writes only when something changed."""

    def __init__(self, translator: Translator, clock: Clock, admin_ids: frozenset[int]) -> None:
        self.translator = translator
        self.clock = clock
        self.admin_ids = admin_ids

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession = data["session"]
        user: User | None = None
        if tg_user is not None and not tg_user.is_bot:
            now = self.clock.now()
            # The day only, written once a day: "active in 7/30 days" for /stats.
            today = (
                now.astimezone(dt.UTC).date()
                if isinstance(event, Message | CallbackQuery)
                else None
            )
            user = await session.get(User, tg_user.id)
            if user is None:
                user = await ensure_user(
                    session, tg_user.id, tg_user.language_code, now, seen_on=today
                )
            else:
                if user.tg_language != tg_user.language_code:
                    user.tg_language = tg_user.language_code
                if user.blocked_at is not None and isinstance(event, Message | CallbackQuery):
                    user.blocked_at = None  # they are talking to us again
            if today is not None and user.last_seen_on != today:
                user.last_seen_on = today
        locale = pick_locale(
            user.locale if user else None,
            tg_user.language_code if tg_user else None,
            self.translator.default,
        )
        data["user"] = user
        data["locale"] = locale
        data["l10n"] = self.translator.get(locale)
        data["is_admin"] = tg_user is not None and tg_user.id in self.admin_ids
        return await handler(event, data)
