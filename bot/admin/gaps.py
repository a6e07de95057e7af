"""What the bot could not answer, grouped so the team sees which topics people need.

Questions are grouped by the words that remain after the search's own normalisation (the
caller passes that function in), and by the topic that was shown when someone pressed "not
it". Nothing about who asked is read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.models import SearchGap

Normaliser = Callable[[str], str]


@dataclass(slots=True)
class GapGroup:
    key: str
    reason: str  # "no_answer" | "not_it"
    topic_id: str | None
    count: int = 0
    # The newest few wordings, as typed (the question text is the point of the report).
    examples: list[str] = field(default_factory=list)
    last_at: dt.datetime | None = None


MAX_EXAMPLES = 3


async def grouped(
    session: AsyncSession, since: dt.datetime, normalise: Normaliser
) -> list[GapGroup]:
    """Groups, most frequent first (then newest)."""
    rows = await session.execute(
        select(SearchGap.query, SearchGap.reason, SearchGap.topic_id, SearchGap.created_at)
        .where(SearchGap.created_at >= since)
        .order_by(SearchGap.created_at.desc(), SearchGap.id.desc())
    )
    groups: dict[tuple[str, str, str | None], GapGroup] = {}
    for query, reason, topic_id, created_at in rows:
        key = normalise(query) or query.strip().casefold()
        group = groups.get((key, reason, topic_id))
        if group is None:
            group = groups[(key, reason, topic_id)] = GapGroup(key, reason, topic_id)
            group.last_at = created_at
        group.count += 1
        if len(group.examples) < MAX_EXAMPLES and query not in group.examples:
            group.examples.append(query)
    return sorted(
        groups.values(),
        key=lambda g: (-g.count, -(g.last_at.timestamp() if g.last_at else 0.0)),
    )


def search_key(text: str) -> str:
    """The words of a question as the search sees them: lemmas without stopwords, sorted."""
    from bot.knowledge.search.normalise import is_stopword, tokenize, word_terms

    terms = {
        word_terms(word)[0]
        for word in tokenize(text)
        if not is_stopword(word) and word_terms(word)
    }
    return " ".join(sorted(terms))


async def pending_proposals(session: AsyncSession) -> int:
    """Volunteers' knowledge-base proposals waiting for review (shown next to the gaps)."""
    from sqlalchemy import func

    from bot.desk.models import KbProposal, ProposalStatus

    return int(
        await session.scalar(
            select(func.count())
            .select_from(KbProposal)
            .where(KbProposal.status == ProposalStatus.PENDING)
        )
        or 0
    )
