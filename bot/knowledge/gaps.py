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


async def export_questions(
    session: AsyncSession, since: dt.datetime | None = None
) -> list[dict[str, object]]:
    """Declined questions and "not it" presses as evaluation lines (``kb eval`` format).

    One line per distinct question (first seen first): ``topics`` is empty for a reviewer to
    fill (left empty, the line checks that the question is declined), ``kind`` says why it is
    there ("declined" or "not-it"), ``not`` lists the topics people said were not it, and
    ``count`` how often it was asked. No user ids: only what was typed.
    """
    stmt = select(SearchGap.query, SearchGap.locale, SearchGap.reason, SearchGap.topic_id)
    if since is not None:
        stmt = stmt.where(SearchGap.created_at >= since)
    rows = await session.execute(stmt.order_by(SearchGap.created_at, SearchGap.id))
    lines: dict[str, dict[str, object]] = {}
    for query, locale, reason, topic_id in rows:
        key = " ".join(query.casefold().split())
        if not key:
            continue
        line = lines.setdefault(
            key,
            {
                "q": " ".join(query.split()),
                "topics": [],
                "kind": "",
                "locale": locale,
                "not": [],
                "count": 0,
            },
        )
        line["count"] = int(str(line["count"])) + 1
        kind = "not-it" if reason == "not_it" else "declined"
        if kind == "not-it" or not line["kind"]:
            line["kind"] = kind
        rejected = line["not"]
        if topic_id and isinstance(rejected, list) and topic_id not in rejected:
            rejected.append(topic_id)
    return list(lines.values())
