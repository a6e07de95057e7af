"""/forget: delete everything about a person. Each feature adds its own step here."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable

from sqlalchemy import Text, cast, delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import fsm_storage, outbox
from bot.cases import service as cases_service
from bot.desk import sweep as desk_sweep
from bot.hearings import service as hearings_service
from bot.mexico import service as mexico_service
from bot.models import AuditEvent, OutboxMessage, SearchGap, User

Forgetter = Callable[[AsyncSession, int], Awaitable[None]]


# Audit rows whose object is a person (their id in ``object_id``).
PERSON_OBJECTS = ("volunteer", "user")


async def _core(session: AsyncSession, user_id: int) -> None:
    await fsm_storage.forget_user(session, user_id)
    await outbox.forget_chat(session, user_id)
    await _forget_mentions_in_outbox(session, user_id)
    await session.execute(delete(SearchGap).where(SearchGap.user_id == user_id))
    # The audit trail keeps what happened, not who it was once they asked to be forgotten:
    # neither as the one who acted nor as the one it was about.
    await session.execute(
        update(AuditEvent).where(AuditEvent.actor_id == user_id).values(actor_id=None)
    )
    await session.execute(
        update(AuditEvent)
        .where(AuditEvent.object_type.in_(PERSON_OBJECTS), AuditEvent.object_id == str(user_id))
        .values(object_id=None)
    )


async def _forget_mentions_in_outbox(session: AsyncSession, user_id: int) -> None:
    """Messages to others that name the person (an admin's "new volunteer" notice carries
    their id and name): sent or not, they go. Candidates are found by a text search and kept
    only when the id appears as a whole number."""
    needle = str(user_id)
    whole = re.compile(rf"(?<!\d){needle}(?!\d)")
    rows = await session.execute(
        select(OutboxMessage.id, OutboxMessage.dedup_key, OutboxMessage.payload).where(
            or_(
                OutboxMessage.dedup_key.contains(needle),
                cast(OutboxMessage.payload, Text).contains(needle),
            )
        )
    )
    doomed = [
        row.id
        for row in rows
        if whole.search(row.dedup_key) or whole.search(json.dumps(row.payload))
    ]
    if doomed:
        await session.execute(delete(OutboxMessage).where(OutboxMessage.id.in_(doomed)))


# Feature modules' forgetters run before the user row goes; order matters for foreign keys.
FORGETTERS: list[Forgetter] = [
    mexico_service.forget,
    hearings_service.forget,
    cases_service.forget,
    desk_sweep.forget,
    _core,
]


async def forget_user(session: AsyncSession, user_id: int) -> None:
    for forgetter in FORGETTERS:
        await forgetter(session, user_id)
    await session.execute(delete(User).where(User.id == user_id))
