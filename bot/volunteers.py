"""Who counts as a volunteer right now (shared by the volunteer desk and family cases)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import Volunteer, VolunteerStatus


async def approved_volunteer(session: AsyncSession, user_id: int) -> Volunteer | None:
    """The volunteer row when this person is approved and not away, else None."""
    return await session.scalar(
        select(Volunteer).where(
            Volunteer.user_id == user_id,
            Volunteer.status == VolunteerStatus.APPROVED,
            Volunteer.away.is_(False),
        )
    )
