"""The Mexico programme in numbers for /stats and ``python -m bot stats --json``: people in the
programme, by steps done and by city, and the safety nets running. Counts only, no one named."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mexico.models import CrossingWatch, MexicoProfile, StepProgress, StepStatus, WatchStatus


@dataclass(slots=True)
class MexicoCounts:
    people: int = 0
    # How many people have done N steps ("0", "1", ...), and how many wait in each city.
    by_steps_done: dict[str, int] = field(default_factory=dict)
    by_city: dict[str, int] = field(default_factory=dict)
    watches_active: int = 0
    alarms_open: int = 0


async def collect(session: AsyncSession) -> MexicoCounts:
    counts = MexicoCounts()
    for city, number in await session.execute(
        select(MexicoProfile.city, func.count()).group_by(MexicoProfile.city)
    ):
        counts.by_city[str(city)] = int(number)
    counts.people = sum(counts.by_city.values())
    done = (
        select(StepProgress.user_id, func.count().label("n"))
        .where(StepProgress.status == StepStatus.DONE)
        .group_by(StepProgress.user_id)
        .subquery()
    )
    # Grouped by the bare count (NULL: nothing done yet); PostgreSQL refuses a GROUP BY on
    # coalesce() with a bound parameter, since each bound 0 is a different expression.
    rows = await session.execute(
        select(done.c.n, func.count())
        .select_from(MexicoProfile)
        .outerjoin(done, done.c.user_id == MexicoProfile.user_id)
        .group_by(done.c.n)
    )
    for steps, number in rows:
        key = str(int(steps or 0))
        counts.by_steps_done[key] = counts.by_steps_done.get(key, 0) + int(number)
    for status, number in await session.execute(
        select(CrossingWatch.status, func.count())
        .where(CrossingWatch.status.in_([WatchStatus.ACTIVE, WatchStatus.ALARM]))
        .group_by(CrossingWatch.status)
    ):
        if status == WatchStatus.ALARM:
            counts.alarms_open = int(number)
        else:
            counts.watches_active = int(number)
    return counts
