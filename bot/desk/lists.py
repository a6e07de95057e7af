"""The lists of tickets: the queue, a volunteer's own, all active ones, and the expected wait."""

from __future__ import annotations

import datetime as dt
import math
import statistics

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk.models import Ticket, TicketStatus
from bot.desk.tickets import ACTIVE

STATS_WINDOW = dt.timedelta(days=30)
STATS_MIN_SAMPLES = 3

WAITING = (Ticket.status == TicketStatus.OPEN, Ticket.user_id.is_not(None))


async def queue(session: AsyncSession, limit: int = 10) -> tuple[list[Ticket], int]:
    """Open tickets, oldest first, and how many there are in all."""
    rows = await session.scalars(
        select(Ticket).where(*WAITING).order_by(Ticket.created_at, Ticket.id).limit(limit)
    )
    return list(rows), await queue_size(session)


async def queue_size(session: AsyncSession) -> int:
    total = await session.scalar(select(func.count()).select_from(Ticket).where(*WAITING))
    return int(total or 0)


async def held_by(session: AsyncSession, volunteer_id: int) -> list[Ticket]:
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.volunteer_id == volunteer_id, Ticket.status == TicketStatus.CLAIMED)
        .order_by(Ticket.claimed_at)
    )
    return list(rows)


async def all_active(session: AsyncSession, limit: int = 30) -> list[Ticket]:
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.status.in_(ACTIVE), Ticket.user_id.is_not(None))
        .order_by(Ticket.created_at)
        .limit(limit)
    )
    return list(rows)


async def expected_wait_hours(session: AsyncSession, now: dt.datetime) -> int | None:
    """Median hours from question to first answer over the last 30 days; None with too few
    answered tickets to say anything honest."""
    rows = await session.execute(
        select(Ticket.created_at, Ticket.first_response_at)
        .where(Ticket.created_at >= now - STATS_WINDOW, Ticket.first_response_at.is_not(None))
        .order_by(Ticket.created_at.desc())
        .limit(500)
    )
    waits = [(answered - asked).total_seconds() for asked, answered in rows if answered]
    if len(waits) < STATS_MIN_SAMPLES:
        return None
    return max(1, math.ceil(statistics.median(waits) / 3600))
