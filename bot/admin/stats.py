"""The numbers an NGO needs to run the bot: counts only, never a name or a question.

``collect`` reads every figure with a handful of aggregate queries; ``as_dict`` is what
``python -m bot stats --json`` prints and what ``/stats`` renders.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.counters import Event
from bot.admin.models import DailyCount
from bot.cases.models import Case, CaseStatus
from bot.desk.models import Ticket, TicketStatus
from bot.hearings.models import Hearing, HearingStatus
from bot.mexico import stats as mexico_stats
from bot.mexico.stats import MexicoCounts
from bot.models import OutboxMessage, OutboxStatus, User

UNSET = "unset"


@dataclass(slots=True)
class DayRow:
    day: dt.date
    questions: int = 0
    tickets: int = 0


@dataclass(slots=True)
class Stats:
    generated_at: dt.datetime
    window_days: int
    users_total: int = 0
    users_by_role: dict[str, int] = field(default_factory=dict)
    users_by_language: dict[str, int] = field(default_factory=dict)
    active_7d: int = 0
    active_30d: int = 0
    blocked: int = 0
    questions_asked: int = 0
    questions_answered: int = 0
    questions_declined: int = 0
    not_it: int = 0
    tickets_opened: int = 0
    tickets_claimed: int = 0
    first_response_median_min: float | None = None
    first_response_p90_min: float | None = None
    tickets_over_sla: int = 0
    cases_open: int = 0
    cases_with_volunteer: int = 0
    cases_waiting_volunteer: int = 0
    hearings_next_7d: int = 0
    messages_sent: int = 0
    messages_failed: int = 0
    messages_pending: int = 0
    messages_by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    per_day: list[DayRow] = field(default_factory=list)
    mexico: MexicoCounts = field(default_factory=MexicoCounts)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["generated_at"] = self.generated_at.isoformat()
        data["per_day"] = [
            {"day": row.day.isoformat(), "questions": row.questions, "tickets": row.tickets}
            for row in self.per_day
        ]
        return data


async def _count(session: AsyncSession, query: Select[Any]) -> int:
    return int(await session.scalar(query) or 0)


async def _how_many(session: AsyncSession, table: Any, *where: ColumnElement[bool]) -> int:
    """How many rows of ``table`` match every condition of ``where``."""
    return await _count(session, select(func.count()).select_from(table).where(*where))


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile (``share`` in 0..1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(share * len(ordered))))
    return ordered[rank - 1]


async def collect(
    session: AsyncSession, now: dt.datetime, *, sla_minutes: int, window_days: int = 30
) -> Stats:
    stats = Stats(generated_at=now, window_days=window_days)
    since = now - dt.timedelta(days=window_days)
    today = now.astimezone(dt.UTC).date()
    await _users(session, stats, today)
    await _questions(session, stats, today, window_days)
    await _tickets(session, stats, now, since, sla_minutes)
    await _cases(session, stats)
    stats.hearings_next_7d = await _how_many(
        session,
        Hearing,
        Hearing.status == HearingStatus.SCHEDULED,
        Hearing.starts_at >= now,
        Hearing.starts_at < now + dt.timedelta(days=7),
    )
    await _outbox(session, stats, since)
    await _per_day(session, stats, now, today, window_days)
    stats.mexico = await mexico_stats.collect(session)
    return stats


async def _users(session: AsyncSession, stats: Stats, today: dt.date) -> None:
    for role, count in await session.execute(select(User.role, func.count()).group_by(User.role)):
        stats.users_by_role[role or UNSET] = int(count)
    for locale, count in await session.execute(
        select(User.locale, func.count()).group_by(User.locale)
    ):
        stats.users_by_language[locale or UNSET] = int(count)
    stats.users_total = sum(stats.users_by_role.values())
    stats.blocked = await _how_many(session, User, User.blocked_at.is_not(None))
    for days in (7, 30):
        active = await _how_many(
            session, User, User.last_seen_on > today - dt.timedelta(days=days)
        )
        setattr(stats, f"active_{days}d", active)


async def _questions(session: AsyncSession, stats: Stats, today: dt.date, days: int) -> None:
    rows = await session.execute(
        select(DailyCount.name, func.sum(DailyCount.count))
        .where(DailyCount.day > today - dt.timedelta(days=days))
        .group_by(DailyCount.name)
    )
    totals = {str(name): int(total or 0) for name, total in rows}
    stats.questions_asked = totals.get(Event.QUESTION_ASKED, 0)
    stats.questions_answered = totals.get(Event.QUESTION_ANSWERED, 0)
    stats.questions_declined = totals.get(Event.QUESTION_DECLINED, 0)
    stats.not_it = totals.get(Event.NOT_IT, 0)


async def _tickets(
    session: AsyncSession, stats: Stats, now: dt.datetime, since: dt.datetime, sla: int
) -> None:
    stats.tickets_opened = await _how_many(session, Ticket, Ticket.created_at >= since)
    stats.tickets_claimed = await _how_many(session, Ticket, Ticket.claimed_at >= since)
    waits = [
        (first - created).total_seconds() / 60
        for created, first in await session.execute(
            select(Ticket.created_at, Ticket.first_response_at).where(
                Ticket.created_at >= since, Ticket.first_response_at.is_not(None)
            )
        )
        if first is not None
    ]
    median, p90 = percentile(waits, 0.5), percentile(waits, 0.9)
    stats.first_response_median_min = None if median is None else round(median, 1)
    stats.first_response_p90_min = None if p90 is None else round(p90, 1)
    stats.tickets_over_sla = await _how_many(
        session,
        Ticket,
        Ticket.status == TicketStatus.OPEN,
        Ticket.created_at < now - dt.timedelta(minutes=sla),
    )


async def _cases(session: AsyncSession, stats: Stats) -> None:
    open_cases = select(func.count()).select_from(Case).where(Case.status == CaseStatus.OPEN)
    stats.cases_open = await _count(session, open_cases)
    stats.cases_with_volunteer = await _count(
        session, open_cases.where(Case.volunteer_id.is_not(None))
    )
    stats.cases_waiting_volunteer = await _count(
        session,
        open_cases.where(Case.volunteer_id.is_(None), Case.volunteer_requested_at.is_not(None)),
    )


async def _outbox(session: AsyncSession, stats: Stats, since: dt.datetime) -> None:
    rows = await session.execute(
        select(OutboxMessage.kind, OutboxMessage.status, func.count())
        .where(
            (OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]))
            | (OutboxMessage.created_at >= since)
        )
        .group_by(OutboxMessage.kind, OutboxMessage.status)
    )
    for kind, status, count in rows:
        stats.messages_by_kind.setdefault(str(kind), {})[str(status)] = int(count)
        if status == OutboxStatus.SENT:
            stats.messages_sent += int(count)
        elif status == OutboxStatus.FAILED:
            stats.messages_failed += int(count)
        elif status in (OutboxStatus.PENDING, OutboxStatus.SENDING):
            stats.messages_pending += int(count)


async def _per_day(
    session: AsyncSession, stats: Stats, now: dt.datetime, today: dt.date, days: int
) -> None:
    first = today - dt.timedelta(days=days - 1)
    rows = {
        first + dt.timedelta(days=i): DayRow(first + dt.timedelta(days=i)) for i in range(days)
    }
    for day, count in await session.execute(
        select(DailyCount.day, DailyCount.count).where(
            DailyCount.day >= first, DailyCount.name == Event.QUESTION_ASKED
        )
    ):
        if day in rows:
            rows[day].questions = int(count)
    start = dt.datetime.combine(first, dt.time(), tzinfo=dt.UTC)
    for (created,) in await session.execute(
        select(Ticket.created_at).where(Ticket.created_at >= start, Ticket.created_at <= now)
    ):
        day = created.astimezone(dt.UTC).date()
        if day in rows:
            rows[day].tickets += 1
    stats.per_day = list(rows.values())
