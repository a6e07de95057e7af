"""Reading the audit log: who read or changed which case or ticket, and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import AuditEvent

PAGE_SIZE = 20


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Every field narrows the view; ``actor_id`` is forced for a volunteer (own entries only)."""

    actor_id: int | None = None
    object_type: str | None = None
    object_id: str | None = None
    day: dt.date | None = None


async def entries(
    session: AsyncSession,
    where: AuditFilter,
    *,
    limit: int = PAGE_SIZE,
    before_id: int | None = None,
) -> list[AuditEvent]:
    """Newest first; ``before_id`` pages back."""
    query = select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if where.actor_id is not None:
        query = query.where(AuditEvent.actor_id == where.actor_id)
    if where.object_type is not None:
        query = query.where(AuditEvent.object_type == where.object_type)
    if where.object_id is not None:
        query = query.where(AuditEvent.object_id == where.object_id)
    if where.day is not None:
        start = dt.datetime.combine(where.day, dt.time(), tzinfo=dt.UTC)
        query = query.where(
            AuditEvent.created_at >= start, AuditEvent.created_at < start + dt.timedelta(days=1)
        )
    if before_id is not None:
        query = query.where(AuditEvent.id < before_id)
    return list((await session.scalars(query)).all())
