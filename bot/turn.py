"""The per-update context: everything a handler needs about this update, in one object.

``TurnMiddleware`` runs on every update (inside aiogram's error middleware) and puts a fresh
:class:`Turn` into the handler data as ``turn``; ``TurnBinder`` runs after the session and
user middlewares on messages and button presses and fills in the session, the user and the
person's language. Because the same object is in the data the error handlers receive, a
refusal raised anywhere is rendered in the person's own language.

A handler names ``turn`` and reads ``turn.l10n``, ``turn.session``, ``turn.user``,
``turn.now`` and the shared services instead of eight separate parameters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.crypto import Vault
from bot.i18n import L10n, Translator, pick_locale
from bot.models import User
from bot.places import Places

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class Turn:
    """One update's context: language, clock, database session, vault, places and the user."""

    def __init__(
        self, *, l10n: L10n, clock: Clock, vault: Vault, places: Places, is_admin: bool
    ) -> None:
        self.l10n = l10n
        self.clock = clock
        self.vault = vault
        self.places = places
        self.is_admin = is_admin
        self._session: AsyncSession | None = None
        self._user: User | None = None

    def bind(self, *, session: AsyncSession, user: User | None, l10n: L10n) -> None:
        self._session = session
        self._user = user
        self.l10n = l10n

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("no database session in this update")
        return self._session

    @property
    def user(self) -> User:
        if self._user is None:
            raise RuntimeError("no user in this update")
        return self._user

    def now(self) -> dt.datetime:
        return self.clock.now()


@dataclass(eq=False)
class TurnMiddleware(BaseMiddleware):
    """Update level: a fresh ``turn`` for each update, in the person's Telegram language
    until :class:`TurnBinder` knows the language they chose."""

    translator: Translator
    clock: Clock
    vault: Vault
    places: Places
    admin_ids: frozenset[int]

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        locale = pick_locale(
            None, tg_user.language_code if tg_user else None, self.translator.default
        )
        data["turn"] = Turn(
            l10n=self.translator.get(locale),
            clock=self.clock,
            vault=self.vault,
            places=self.places,
            is_admin=tg_user is not None and tg_user.id in self.admin_ids,
        )
        return await handler(event, data)


class TurnBinder(BaseMiddleware):
    """Message and button level, after the session and user middlewares: binds them."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        turn: Turn | None = data.get("turn")
        if turn is not None:
            turn.bind(session=data["session"], user=data.get("user"), l10n=data["l10n"])
        return await handler(event, data)
