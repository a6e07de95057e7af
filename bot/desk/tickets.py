"""Tickets: a person's question for a volunteer, claimed by one, relayed both ways.

State changes that two people can race for (claim, release, close) are single conditional
UPDATEs, so exactly one of them wins on SQLite and on PostgreSQL alike; the loser is told
what happened instead. Every function re-checks who acts: handlers pass the presser's id,
never a role they were told about.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.desk import announce, notify
from bot.desk import volunteers as vols
from bot.desk.models import (
    Author,
    CloseReason,
    Ticket,
    TicketMessage,
    TicketStatus,
)
from bot.desk.policy import CATEGORIES, DeskPolicy
from bot.models import AuditEvent, User

ACTIVE = (TicketStatus.OPEN, TicketStatus.CLAIMED)
MIN_QUESTION = 5
MAX_QUESTION = 4000
STARS = range(1, 6)
# What puts a ticket back in the queue as a new round: nobody holds it and the SLA starts over.
NEW_ROUND: dict[str, Any] = {
    "status": TicketStatus.OPEN,
    "volunteer_id": None,
    "claimed_at": None,
    "round": Ticket.round + 1,
    "sla_pings": 0,
}


class Outcome(enum.StrEnum):
    OK = "ok"
    MISSING = "missing"  # no such ticket, or its owner used /forget
    NOT_VOLUNTEER = "not_volunteer"  # not an approved volunteer (never, paused, revoked)
    NOT_YOURS = "not_yours"  # someone else's ticket
    OWN = "own"  # a volunteer trying to take their own question
    TAKEN = "taken"  # another volunteer claimed it first
    ALREADY_YOURS = "already_yours"
    OPEN = "open"  # still in the queue (nothing to release)
    CLOSED = "closed"
    NOT_CLOSED = "not_closed"
    LIMIT = "limit"  # too many open tickets
    NO_ANSWER = "no_answer"  # nothing to propose yet


class TooManyTickets(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Created:
    ticket: Ticket
    notified: int  # volunteers who can see it now (0: nobody available, admins told)


def audit(
    session: AsyncSession, actor: int | None, action: str, tid: int, now: dt.datetime
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor, action=action, object_type="ticket", object_id=str(tid), created_at=now
        )
    )


async def get(session: AsyncSession, ticket_id: int) -> Ticket | None:
    """The ticket as the database has it now (another update may just have changed it)."""
    ticket = await session.get(Ticket, ticket_id, populate_existing=True)
    if ticket is None or ticket.user_id is None:
        return None
    return ticket


async def change_if(
    session: AsyncSession, ticket_id: int, *conditions: ColumnElement[bool], **values: Any
) -> bool:
    """Write ``values`` to the ticket only while ``conditions`` still hold, in one statement,
    so that of two people racing for it the second changes nothing; True for the first."""
    done = await session.scalar(
        update(Ticket)
        .where(Ticket.id == ticket_id, *conditions)
        .values(values)
        .returning(Ticket.id)
        .execution_options(synchronize_session=False)
    )
    return done is not None


async def close_if(
    session: AsyncSession,
    ticket_id: int,
    status: str,
    reason: CloseReason,
    now: dt.datetime,
    **values: Any,
) -> bool:
    """Close the ticket for ``reason`` unless it left ``status`` first (``change_if``)."""
    return await change_if(
        session,
        ticket_id,
        Ticket.status == status,
        status=TicketStatus.CLOSED,
        closed_at=now,
        close_reason=reason,
        **values,
    )


def question(vault: Vault, ticket: Ticket) -> str:
    return vault.decrypt(ticket.question_enc) if ticket.question_enc else ""


def draft(*parts: str) -> str:
    """The question as typed so far, in one piece: a person often sends it in several
    messages, and the whole of it has to fit the limit."""
    return "\n".join(parts).strip()[:MAX_QUESTION]


def question_problem(text: str) -> Literal["short", "long"] | None:
    """Why a typed question cannot go to a volunteer yet: "ok" or "thanks" gives nobody
    anything to answer, and a volunteer reads the question in a single message."""
    if len(text) < MIN_QUESTION or not any(ch.isalpha() for ch in text):
        return "short"
    if len(text) > MAX_QUESTION:
        return "long"
    return None


def parse_stars(raw: str) -> int | None:
    """A rating from a button; None for anything a real button does not send."""
    return int(raw) if raw.isdigit() and int(raw) in STARS else None


def holds(ticket: Ticket, volunteer_id: int) -> bool:
    """This volunteer is the one working on the ticket now."""
    return ticket.status == TicketStatus.CLAIMED and ticket.volunteer_id == volunteer_id


async def active_of(session: AsyncSession, user_id: int) -> list[Ticket]:
    rows = await session.scalars(
        select(Ticket)
        .where(Ticket.user_id == user_id, Ticket.status.in_(ACTIVE))
        .order_by(Ticket.id)
    )
    return list(rows)


async def open_count(session: AsyncSession, user_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.user_id == user_id, Ticket.status.in_(ACTIVE))
    )
    return int(count or 0)


async def at_limit(session: AsyncSession, user_id: int, policy: DeskPolicy) -> bool:
    """The person already has as many active questions as one may (a new one, or a
    reopened one, would be refused)."""
    return await open_count(session, user_id) >= policy.max_open


@dataclass(frozen=True, slots=True)
class NewQuestion:
    """A question for a volunteer as the person finished it: its area and their language."""

    user_id: int
    text: str
    category: str
    language: str


async def create(
    session: AsyncSession, vault: Vault, policy: DeskPolicy, new: NewQuestion, now: dt.datetime
) -> Created:
    user_id, question_text, category, language = new.user_id, new.text, new.category, new.language
    if category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if await at_limit(session, user_id, policy):
        raise TooManyTickets
    ticket = Ticket(
        user_id=user_id,
        status=TicketStatus.OPEN,
        category=category,
        language=language,
        question_enc=vault.encrypt(question_text),
        round=1,
        sla_pings=0,
        created_at=now,
        last_activity_at=now,
    )
    session.add(ticket)
    await session.flush()
    session.add(
        TicketMessage(
            ticket_id=ticket.id,
            author=Author.USER,
            author_id=user_id,
            kind="text",
            text_enc=vault.encrypt(question_text),
            created_at=now,
        )
    )
    audit(session, user_id, "desk.open", ticket.id, now)
    notified = await announce.broadcast(session, ticket, policy, now)
    return Created(ticket=ticket, notified=notified)


async def claim(
    session: AsyncSession, ticket_id: int, volunteer_id: int, now: dt.datetime
) -> Outcome:
    if await vols.approved(session, volunteer_id) is None:
        return Outcome.NOT_VOLUNTEER
    won = await change_if(
        session,
        ticket_id,
        Ticket.status == TicketStatus.OPEN,
        Ticket.user_id.is_not(None),
        Ticket.user_id != volunteer_id,
        status=TicketStatus.CLAIMED,
        volunteer_id=volunteer_id,
        claimed_at=now,
        last_activity_at=now,
        sla_pings=0,
    )
    ticket = await get(session, ticket_id)
    if not won:
        if ticket is None:
            return Outcome.MISSING
        if ticket.user_id == volunteer_id:
            return Outcome.OWN
        if ticket.status == TicketStatus.CLAIMED:
            return Outcome.ALREADY_YOURS if ticket.volunteer_id == volunteer_id else Outcome.TAKEN
        return Outcome.CLOSED
    assert ticket is not None
    assert ticket.user_id is not None
    await announce.close_notices(session, ticket, "desk-notice-taken", now, taker=volunteer_id)
    audit(session, volunteer_id, "desk.claim", ticket.id, now)
    await notify.info(
        session,
        ticket.user_id,
        "desk-user-claimed",
        now=now,
        dedup=f"claimed:{ticket.id}:{ticket.round}",
        **notify.about(ticket.id),
    )
    return Outcome.OK


async def _requeue(
    session: AsyncSession,
    ticket: Ticket,
    now: dt.datetime,
    policy: DeskPolicy,
    *,
    user_key: str,
) -> bool:
    """Put a claimed ticket back in the queue as a new round and announce it again."""
    previous = ticket.volunteer_id
    moved = await change_if(
        session,
        ticket.id,
        Ticket.status == TicketStatus.CLAIMED,
        Ticket.volunteer_id == previous,
        **NEW_ROUND,
        last_activity_at=now,
    )
    if not moved:
        return False
    fresh = await get(session, ticket.id)
    if fresh is None or fresh.user_id is None:
        return False
    await notify.info(
        session,
        fresh.user_id,
        user_key,
        now=now,
        dedup=f"requeued:{fresh.id}:{fresh.round}",
        **notify.about(fresh.id),
    )
    await announce.broadcast(
        session,
        fresh,
        policy,
        now,
        exclude=frozenset({previous}) if previous is not None else frozenset(),
    )
    return True


async def release(
    session: AsyncSession,
    ticket_id: int,
    actor_id: int,
    now: dt.datetime,
    policy: DeskPolicy,
    *,
    is_admin: bool = False,
) -> Outcome:
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING
    if not is_admin and await vols.approved(session, actor_id) is None:
        return Outcome.NOT_VOLUNTEER
    if ticket.status == TicketStatus.CLOSED:
        return Outcome.CLOSED
    if ticket.status == TicketStatus.OPEN:
        return Outcome.OPEN
    if ticket.volunteer_id != actor_id and not is_admin:
        return Outcome.NOT_YOURS
    previous = ticket.volunteer_id
    if not await _requeue(session, ticket, now, policy, user_key="desk-user-requeued"):
        return Outcome.TAKEN
    audit(session, actor_id, "desk.release", ticket_id, now)
    if previous is not None and previous != actor_id:
        await notify.info(
            session,
            previous,
            "desk-vol-released-by-admin",
            now=now,
            dedup=f"released-by-admin:{ticket_id}:{int(now.timestamp())}",
            **notify.about(ticket_id),
        )
    return Outcome.OK


async def release_all(
    session: AsyncSession, volunteer_id: int, now: dt.datetime, policy: DeskPolicy, *, reason: str
) -> int:
    """Every ticket this volunteer holds goes back to the queue (paused, revoked, blocked)."""
    held = list(
        await session.scalars(
            select(Ticket).where(
                Ticket.volunteer_id == volunteer_id, Ticket.status == TicketStatus.CLAIMED
            )
        )
    )
    moved = 0
    for ticket in held:
        if await _requeue(session, ticket, now, policy, user_key="desk-user-volunteer-gone"):
            audit(session, None, f"desk.requeue.{reason}", ticket.id, now)
            moved += 1
    return moved


class Closer(enum.StrEnum):
    USER = "user"
    VOLUNTEER = "volunteer"
    ADMIN = "admin"


async def close(
    session: AsyncSession,
    ticket_id: int,
    actor_id: int,
    *,
    by: Closer,
    reason: CloseReason,
    now: dt.datetime,
    is_admin: bool = False,
) -> Outcome:
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING
    if by == Closer.USER and ticket.user_id != actor_id:
        return Outcome.NOT_YOURS
    if by == Closer.VOLUNTEER:
        if await vols.approved(session, actor_id) is None:
            return Outcome.NOT_VOLUNTEER
        if ticket.volunteer_id != actor_id:
            return Outcome.NOT_YOURS
    if by == Closer.ADMIN and not is_admin:
        return Outcome.NOT_YOURS
    if ticket.status == TicketStatus.CLOSED:
        return Outcome.CLOSED
    if by == Closer.VOLUNTEER and ticket.status != TicketStatus.CLAIMED:
        return Outcome.NOT_YOURS
    before = ticket.status
    if not await close_if(session, ticket_id, before, reason, now, last_activity_at=now):
        return Outcome.CLOSED
    ticket = await get(session, ticket_id)
    assert ticket is not None
    assert ticket.user_id is not None
    audit(session, actor_id, f"desk.close.{reason.value}", ticket_id, now)
    if before == TicketStatus.OPEN:
        await announce.close_notices(session, ticket, "desk-notice-closed", now)
    stamp = int(now.timestamp())
    if by == Closer.USER:
        if ticket.volunteer_id is not None:
            await notify.info(
                session,
                ticket.volunteer_id,
                "desk-vol-user-closed",
                now=now,
                dedup=f"user-closed:{ticket_id}:{stamp}",
                **notify.about(ticket_id, reason=reason.value),
            )
        return Outcome.OK
    await notify.info(
        session,
        ticket.user_id,
        "desk-user-closed",
        now=now,
        dedup=f"closed:{ticket_id}:{stamp}",
        **notify.about(
            ticket_id, kb="user_closed" if ticket.first_response_at is not None else "user_reopen"
        ),
    )
    if by == Closer.ADMIN and ticket.volunteer_id is not None and ticket.volunteer_id != actor_id:
        await notify.info(
            session,
            ticket.volunteer_id,
            "desk-vol-admin-closed",
            now=now,
            dedup=f"admin-closed:{ticket_id}:{stamp}",
            **notify.about(ticket_id),
        )
    return Outcome.OK


async def _own_closed(session: AsyncSession, ticket_id: int, user_id: int) -> Ticket | Outcome:
    """The person's own closed ticket (to reopen or rate), or why it is not one."""
    ticket = await get(session, ticket_id)
    if ticket is None:
        return Outcome.MISSING
    if ticket.user_id != user_id:
        return Outcome.NOT_YOURS
    if ticket.status != TicketStatus.CLOSED:
        return Outcome.NOT_CLOSED
    return ticket


async def reopen(
    session: AsyncSession, ticket_id: int, user_id: int, now: dt.datetime, policy: DeskPolicy
) -> Outcome:
    ticket = await _own_closed(session, ticket_id, user_id)
    if isinstance(ticket, Outcome):
        return ticket
    if await at_limit(session, user_id, policy):
        return Outcome.LIMIT
    previous = ticket.volunteer_id
    keeper = await vols.approved(session, previous) if previous is not None else None
    if keeper is not None:
        blocked = await session.scalar(select(User.blocked_at).where(User.id == previous))
        if keeper.away or blocked is not None:
            keeper = None
    values: dict[str, Any] = {"closed_at": None, "close_reason": None, "last_activity_at": now}
    values |= {"status": TicketStatus.CLAIMED} if keeper is not None else NEW_ROUND
    if not await change_if(session, ticket_id, Ticket.status == TicketStatus.CLOSED, **values):
        return Outcome.NOT_CLOSED
    fresh = await get(session, ticket_id)
    assert fresh is not None
    audit(session, user_id, "desk.reopen", ticket_id, now)
    if keeper is not None:
        await notify.info(
            session,
            keeper.user_id,
            "desk-vol-reopened",
            now=now,
            dedup=f"reopened:{ticket_id}:{int(now.timestamp())}",
            **notify.about(ticket_id, kb="vol_open"),
        )
    else:
        await announce.broadcast(session, fresh, policy, now)
    return Outcome.OK


async def rate(
    session: AsyncSession, ticket_id: int, user_id: int, stars: int, now: dt.datetime
) -> Outcome:
    if stars not in STARS:
        raise ValueError("stars must be 1..5")
    ticket = await _own_closed(session, ticket_id, user_id)
    if isinstance(ticket, Outcome):
        return ticket
    first = ticket.rating is None
    ticket.rating = stars
    if first and ticket.volunteer_id is not None:
        await notify.info(
            session,
            ticket.volunteer_id,
            "desk-vol-rated",
            now=now,
            dedup=f"rated:{ticket_id}:{int(now.timestamp())}",
            **notify.about(ticket_id, stars="⭐" * stars),
        )
    return Outcome.OK
