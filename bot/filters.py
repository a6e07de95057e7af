"""Role filters for routers: ``router.message.filter(IsAdmin())`` and friends.

They run after the middlewares, so ``is_admin`` and ``session`` are in the handler data.
A filter only decides whether a handler runs; handlers still check ownership of the object
a button refers to, because callback data can be forged.
"""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import TelegramObject
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession

from bot.volunteers import approved_volunteer


class IsAdmin(Filter):
    """The sender is in ADMIN_IDS."""

    async def __call__(self, event: TelegramObject, is_admin: bool = False) -> bool:
        return is_admin


class IsVolunteer(Filter):
    """The sender is an approved volunteer who is not away (or an admin)."""

    def __init__(self, *, admins_too: bool = True) -> None:
        self.admins_too = admins_too

    async def __call__(self, event: TelegramObject, **data: Any) -> bool | dict[str, Any]:
        if self.admins_too and data.get("is_admin"):
            return True
        tg_user: TgUser | None = data.get("event_from_user")
        session: AsyncSession | None = data.get("session")
        if tg_user is None or session is None:
            return False
        volunteer = await approved_volunteer(session, tg_user.id)
        return {"volunteer": volunteer} if volunteer is not None else False
