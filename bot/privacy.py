"""/forget: delete everything about a person. Each feature adds its own step here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import fsm_storage, outbox
from bot.cases import service as cases_service
from bot.desk import sweep as desk_sweep
from bot.hearings import service as hearings_service
from bot.models import AuditEvent, SearchGap, User

Forgetter = Callable[[AsyncSession, int], Awaitable[None]]


async def _core(session: AsyncSession, user_id: int) -> None:
    await fsm_storage.forget_user(session, user_id)
    await outbox.forget_chat(session, user_id)
    await session.execute(delete(SearchGap).where(SearchGap.user_id == user_id))
    # The audit trail keeps what happened, not who it was once they asked to be forgotten.
    await session.execute(
        update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None)
    )


# Feature modules' forgetters run before the user row goes; order matters for foreign keys.
FORGETTERS: list[Forgetter] = [
    hearings_service.forget,
    cases_service.forget,
    desk_sweep.forget,
    _core,
]


async def forget_user(session: AsyncSession, user_id: int) -> None:
    for forgetter in FORGETTERS:
        await forgetter(session, user_id)
    await session.execute(delete(User).where(User.id == user_id))
