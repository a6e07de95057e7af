"""Where the knowledge base falls short: unanswered questions and "not it" presses."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import SearchGap

MAX_STORED_CHARS = 1000


async def record(
    session: AsyncSession,
    user_id: int | None,
    query: str,
    locale: str,
    reason: str,
    topic_id: str | None,
    now: dt.datetime,
) -> None:
    session.add(
        SearchGap(
            user_id=user_id,
            query=query[:MAX_STORED_CHARS],
            locale=locale,
            reason=reason,
            topic_id=topic_id,
            created_at=now,
        )
    )
    await session.flush()


async def purge_older_than(session: AsyncSession, cutoff: dt.datetime) -> int:
    result = await session.execute(delete(SearchGap).where(SearchGap.created_at < cutoff))
    return int(getattr(result, "rowcount", 0))


async def summary(session: AsyncSession, since: dt.datetime) -> Counter[str]:
    """How often each topic was rejected with "not it", plus unanswered ones under ""."""
    rows = await session.execute(
        select(SearchGap.reason, SearchGap.topic_id).where(SearchGap.created_at >= since)
    )
    return Counter((topic or "") for _reason, topic in rows)
