"""The desk's clockwork, and what happens when someone leaves.

``sweep`` runs every minute from the scheduler (tests call it with any ``now``): it announces
tickets that lost their volunteer, re-announces tickets nobody took within the SLA and tells
the admins, reminds a volunteer who took a ticket and never answered, and closes answered
tickets after days of silence. Every step is idempotent (counters in the row, dedup keys in
the outbox), so a sweep that runs twice, or after a restart, sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import announce, notify
from bot.desk import tickets as desk
from bot.desk.models import (
    CloseReason,
    KbProposal,
    Ticket,
    TicketLink,
    TicketMessage,
    TicketStatus,
)
from bot.desk.policy import DeskPolicy
from bot.models import Volunteer


@dataclass(slots=True)
class SweepReport:
    announced: int = 0
    pinged: int = 0
    reminded: int = 0
    closed: int = 0
    forgotten: int = 0


def _hours(delta: dt.timedelta) -> int:
    return max(1, int(delta.total_seconds() // 3600))


async def sweep(session: AsyncSession, now: dt.datetime, policy: DeskPolicy) -> SweepReport:
    report = SweepReport()
    report.forgotten = await _finish_forgotten(session, now)

    # Tickets put back in the queue without a clock (a volunteer used /forget).
    for ticket in await session.scalars(
        select(Ticket).where(
            Ticket.status == TicketStatus.OPEN,
            Ticket.notified_at.is_(None),
            Ticket.user_id.is_not(None),
        )
    ):
        assert ticket.user_id is not None
        if ticket.round > 1:
            await notify.info(
                session,
                ticket.user_id,
                "desk-user-volunteer-gone",
                now=now,
                dedup=f"requeued:{ticket.id}:{ticket.round}",
                **notify.about(ticket.id),
            )
        await announce.broadcast(session, ticket, policy, now)
        report.announced += 1

    # Nobody took it within the SLA: tell every volunteer who reads the language, and admins.
    for ticket in await session.scalars(
        select(Ticket).where(
            Ticket.status == TicketStatus.OPEN,
            Ticket.user_id.is_not(None),
            Ticket.notified_at <= now - policy.sla,
            Ticket.sla_pings < policy.max_sla_pings,
        )
    ):
        ticket.sla_pings += 1
        await announce.broadcast(session, ticket, policy, now, widen=True)
        await notify.admins(
            session,
            policy,
            "desk-admin-sla",
            now=now,
            dedup=f"sla:{ticket.id}:{ticket.round}:{ticket.sla_pings}",
            **notify.about(ticket.id, kb="admin_ticket", hours=_hours(now - ticket.created_at)),
        )
        report.pinged += 1

    # Taken but never answered: one reminder to the volunteer, and the admins know.
    for ticket in await session.scalars(
        select(Ticket).where(
            Ticket.status == TicketStatus.CLAIMED,
            Ticket.first_response_at.is_(None),
            Ticket.claimed_at <= now - policy.sla,
            Ticket.sla_pings == 0,
        )
    ):
        assert ticket.volunteer_id is not None
        assert ticket.claimed_at is not None
        ticket.sla_pings = 1
        hours = _hours(now - ticket.claimed_at)
        await notify.info(
            session,
            ticket.volunteer_id,
            "desk-vol-reminder",
            now=now,
            dedup=f"reminder:{ticket.id}:{ticket.round}",
            **notify.about(ticket.id, kb="vol_open", hours=hours),
        )
        await notify.admins(
            session,
            policy,
            "desk-admin-stalled",
            now=now,
            dedup=f"stalled:{ticket.id}:{ticket.round}",
            **notify.about(ticket.id, kb="admin_ticket", hours=hours),
        )
        report.reminded += 1

    # Answered, then silence: close, and let the person rate or reopen.
    for ticket in await session.scalars(
        select(Ticket).where(
            Ticket.status == TicketStatus.CLAIMED,
            Ticket.first_response_at.is_not(None),
            Ticket.last_activity_at <= now - policy.autoclose,
        )
    ):
        closed = await desk.close_if(
            session, ticket.id, TicketStatus.CLAIMED, CloseReason.INACTIVE, now
        )
        if not closed or ticket.user_id is None:
            continue
        days = policy.autoclose.days
        await notify.info(
            session,
            ticket.user_id,
            "desk-user-autoclosed",
            now=now,
            dedup=f"autoclosed:{ticket.id}:{int(now.timestamp())}",
            **notify.about(ticket.id, kb="user_closed", days=days),
        )
        if ticket.volunteer_id is not None:
            await notify.info(
                session,
                ticket.volunteer_id,
                "desk-vol-autoclosed",
                now=now,
                dedup=f"vol-autoclosed:{ticket.id}:{int(now.timestamp())}",
                **notify.about(ticket.id, days=days),
            )
        report.closed += 1
    return report


async def _finish_forgotten(session: AsyncSession, now: dt.datetime) -> int:
    """Tickets whose owner used /forget: blank the notifications and relayed messages still
    showing the person's words in volunteers' chats, and tell a volunteer who was on it."""
    count = 0
    for ticket in await session.scalars(select(Ticket).where(Ticket.scrub_pending.is_(True))):
        links = await session.scalars(select(TicketLink).where(TicketLink.ticket_id == ticket.id))
        for link in links:
            if link.purpose == "notify" and link.round != ticket.round:
                continue  # already edited to "taken" when that round ended
            await notify.edit(
                session,
                link.chat_id,
                link.message_id,
                "desk-notice-closed" if link.purpose == "notify" else "desk-relay-forgotten",
                args={"ticket": ticket.id},
                now=now,
                dedup=f"forgotten:{link.id}",
            )
        if ticket.close_reason == CloseReason.FORGOTTEN and ticket.closed_at is None:
            if ticket.volunteer_id is not None:
                await notify.info(
                    session,
                    ticket.volunteer_id,
                    "desk-vol-user-forgot",
                    now=now,
                    dedup=f"forgot:{ticket.id}",
                    **notify.about(ticket.id),
                )
            ticket.closed_at = now
        await session.execute(delete(TicketLink).where(TicketLink.ticket_id == ticket.id))
        ticket.scrub_pending = False
        count += 1
    return count


async def on_blocked(
    session: AsyncSession, chat_id: int, now: dt.datetime, policy: DeskPolicy
) -> None:
    """Someone blocked the bot. A volunteer's tickets go back to the queue (their people are
    told); a person's open tickets close and their volunteer is told."""
    moved = await desk.release_all(session, chat_id, now, policy, reason="blocked")
    if moved:
        volunteer = await session.get(Volunteer, chat_id)
        await notify.admins(
            session,
            policy,
            "desk-admin-vol-blocked",
            now=now,
            dedup=f"vol-blocked:{chat_id}:{int(now.timestamp())}",
            args={"name": volunteer.display_name if volunteer else "?", "count": moved},
        )
    for ticket in await desk.active_of(session, chat_id):
        before = ticket.status
        if not await desk.close_if(session, ticket.id, before, CloseReason.BLOCKED, now):
            continue
        if ticket.volunteer_id is not None and before == TicketStatus.CLAIMED:
            await notify.info(
                session,
                ticket.volunteer_id,
                "desk-vol-user-blocked",
                now=now,
                dedup=f"user-blocked:{ticket.id}:{int(now.timestamp())}",
                **notify.about(ticket.id),
            )


async def forget(session: AsyncSession, user_id: int) -> None:
    """/forget: the person's tickets lose everything they wrote; tickets this person held as
    a volunteer go back to the queue. The next sweep tells the people on the other side."""
    own = list(await session.scalars(select(Ticket.id).where(Ticket.user_id == user_id)))
    if own:
        await session.execute(delete(TicketMessage).where(TicketMessage.ticket_id.in_(own)))
        await session.execute(delete(KbProposal).where(KbProposal.ticket_id.in_(own)))
        await session.execute(
            delete(TicketLink).where(TicketLink.ticket_id.in_(own), TicketLink.chat_id == user_id)
        )
        await session.execute(
            update(Ticket)
            .where(Ticket.id.in_(own), Ticket.status != TicketStatus.CLOSED)
            .values(
                status=TicketStatus.CLOSED,
                close_reason=CloseReason.FORGOTTEN,
                closed_at=None,  # the sweep sets it when it has told the volunteer
            )
        )
        await session.execute(
            update(Ticket)
            .where(Ticket.id.in_(own))
            .values(user_id=None, question_enc=None, scrub_pending=True)
            .execution_options(synchronize_session=False)
        )
    # As a volunteer: what they held goes back to the queue; what they wrote stays with the
    # person who asked, no longer linked to them.
    await session.execute(
        update(Ticket)
        .where(Ticket.volunteer_id == user_id, Ticket.status == TicketStatus.CLAIMED)
        .values(**desk.NEW_ROUND, notified_at=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(TicketMessage).where(TicketMessage.author_id == user_id).values(author_id=None)
    )
    # Files they sent from their own chat can no longer be copied once they are gone.
    await session.execute(
        update(TicketMessage)
        .where(TicketMessage.src_chat_id == user_id)
        .values(src_chat_id=None, src_message_id=None)
    )
    await session.execute(
        update(KbProposal).where(KbProposal.proposed_by == user_id).values(proposed_by=None)
    )
    await session.execute(
        update(KbProposal).where(KbProposal.reviewed_by == user_id).values(reviewed_by=None)
    )
    await session.execute(delete(TicketLink).where(TicketLink.chat_id == user_id))
