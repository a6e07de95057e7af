"""Deleting what an NGO should not keep: the daily retention job.

Each kind of record has its own period (settings ``RETENTION_*_DAYS``). Child rows go with
their parent through ``ON DELETE CASCADE`` (a ticket's relayed messages and links; a case's
people, members, events, hearings and deadlines), which SQLite enforces with foreign keys on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Case, CaseStatus
from bot.desk.models import Ticket, TicketStatus
from bot.models import AuditEvent, OutboxMessage, OutboxStatus


@dataclass(frozen=True, slots=True)
class Retention:
    tickets_days: int = 180
    outbox_days: int = 60
    audit_days: int = 730
    cases_days: int = 365


@dataclass(slots=True)
class Purged:
    tickets: int = 0
    outbox: int = 0
    audit: int = 0
    cases: int = 0


def _count(result: object) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


async def purge(session: AsyncSession, now: dt.datetime, keep: Retention) -> Purged:
    """Delete closed tickets, finished outbox rows, old audit entries and long-closed cases."""
    done = Purged()

    def before(days: int) -> dt.datetime:
        return now - dt.timedelta(days=days)

    done.tickets = _count(
        await session.execute(
            delete(Ticket).where(
                Ticket.status == TicketStatus.CLOSED,
                Ticket.closed_at < before(keep.tickets_days),
            )
        )
    )
    # Only rows whose time has long passed: a payload may name people, and a row that is
    # still due must never lose its dedup key.
    done.outbox = _count(
        await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.status.in_(
                    [OutboxStatus.SENT, OutboxStatus.FAILED, OutboxStatus.CANCELLED]
                ),
                OutboxMessage.due_at < before(keep.outbox_days),
            )
        )
    )
    done.audit = _count(
        await session.execute(
            delete(AuditEvent).where(AuditEvent.created_at < before(keep.audit_days))
        )
    )
    done.cases = _count(
        await session.execute(
            delete(Case).where(
                Case.status == CaseStatus.CLOSED, Case.closed_at < before(keep.cases_days)
            )
        )
    )
    return done
