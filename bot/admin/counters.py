"""Counting events per day with one race-free statement (upsert), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.models import DailyCount


class Event(enum.StrEnum):
    QUESTION_ASKED = "question_asked"
    QUESTION_ANSWERED = "question_answered"
    QUESTION_DECLINED = "question_declined"
    NOT_IT = "not_it"


async def bump(session: AsyncSession, event: Event, now: dt.datetime, by: int = 1) -> None:
    """Add ``by`` to today's counter of ``event``; concurrent updates never lose a count."""
    values = {"day": now.astimezone(dt.UTC).date(), "name": str(event), "count": by}
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DailyCount).values(**values)
    stmt = stmt.on_conflict_do_update(
        index_elements=[DailyCount.day, DailyCount.name],
        set_={"count": DailyCount.count + stmt.excluded.count},
    )
    await session.execute(stmt)
