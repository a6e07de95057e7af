"""Role filters for routers: ``router.message.filter(IsAdmin())`` and friends.

They run after the middlewares, so ``is_admin`` and ``session`` are in the handler data.
A filter only decides whether a handler runs; handlers still check ownership of the object
a button refers to, because callback data can be forged. Given ``refusal=`` (a function
making a ``DomainError``), a filter that does not pass raises it, so the person is told why
instead of the update falling through to another handler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import DomainError
from bot.volunteers import approved_volunteer


class IsAdmin(Filter):
    """The sender is in ADMIN_IDS."""

    def __init__(self, *, refusal: Callable[[], DomainError] | None = None) -> None:
        self.refusal = refusal

    async def __call__(self, event: TelegramObject, is_admin: bool = False) -> bool:
        if not is_admin and self.refusal is not None:
            raise self.refusal()
        return is_admin


class IsVolunteer(Filter):
    """The sender is an approved volunteer who is not away (or an admin)."""

    def __init__(
        self, *, admins_too: bool = True, refusal: Callable[[], DomainError] | None = None
    ) -> None:
        self.admins_too = admins_too
        self.refusal = refusal

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        if self.admins_too and data.get("is_admin"):
            return True
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession | None = data.get("session")
        volunteer = None
        if tg_user is not None and session is not None:
            volunteer = await approved_volunteer(session, tg_user.id)
        if volunteer is not None:
            return {"volunteer": volunteer}
        if self.refusal is not None:
            raise self.refusal()
        return False
