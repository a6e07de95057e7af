"""Outer middlewares: flood protection, a database session per update, user and locale."""

from __future__ import annotations

from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.fsm_storage import current_session
from bot.i18n import Translator, pick_locale
from bot.models import User

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FloodMiddleware(BaseMiddleware):
    """A user sending more than ``limit`` events in ``window`` seconds gets one polite
    slow-down message; further events are dropped until the window is quiet again."""

    def __init__(
        self, translator: Translator, clock: Clock, limit: int = 8, window: float = 5.0
    ) -> None:
        self.translator = translator
        self.clock = clock
        self.limit = limit
        self.window = window
        self._events: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: TgUser | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        now = self.clock.now().timestamp()
        times = self._events.setdefault(user.id, deque())
        while times and now - times[0] > self.window:
            times.popleft()
        times.append(now)
        if len(times) <= self.limit:
            self._warned.discard(user.id)
            if len(self._events) > 50_000:
                self._events = {k: v for k, v in self._events.items() if v and now - v[-1] < 60}
            return await handler(event, data)
        if user.id not in self._warned:
            self._warned.add(user.id)
            l10n = self.translator.get(pick_locale(None, user.language_code))
            if isinstance(event, Message):
                await event.answer(l10n("flood-slow-down"))
            elif isinstance(event, CallbackQuery):
                await event.answer(l10n("flood-slow-down"), show_alert=True)
        return None


class DbSessionMiddleware(BaseMiddleware):
    """One session per update, committed when the handler returns, rolled back on error."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            data["session"] = session
            token = current_session.set(session)
            try:
                result = await handler(event, data)
                await session.commit()
            finally:
                current_session.reset(token)
            return result


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
            user = await session.get(User, tg_user.id)
            if user is None:
                user = User(
                    id=tg_user.id, tg_language=tg_user.language_code, created_at=self.clock.now()
                )
                session.add(user)
                await session.flush()
            else:
                if user.tg_language != tg_user.language_code:
                    user.tg_language = tg_user.language_code
                if user.blocked_at is not None and isinstance(event, Message | CallbackQuery):
                    user.blocked_at = None  # they are talking to us again
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
