"""Announcing a ticket to the volunteers who fit it, and keeping those notifications true:
once it is taken or closed, nobody else should press "take" on them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import notify
from bot.desk import volunteers as vols
from bot.desk.models import Ticket, TicketLink, TicketStatus
from bot.desk.policy import DeskPolicy


async def broadcast(
    session: AsyncSession,
    ticket: Ticket,
    policy: DeskPolicy,
    now: dt.datetime,
    *,
    exclude: frozenset[int] = frozenset(),
    widen: bool = False,
) -> int:
    """Announce an open ticket to the volunteers who fit it (or to the volunteer chat).

    Nobody covering the area: everyone who reads the language. Nobody at all: the admins.
    """
    if ticket.user_id is not None:
        exclude = exclude | {ticket.user_id}
    found = await vols.available(
        session, language=ticket.language, category=ticket.category, exclude=exclude, widen=widen
    )
    if not found and not widen:
        found = await vols.available(
            session,
            language=ticket.language,
            category=ticket.category,
            exclude=exclude,
            widen=True,
        )
    if policy.volunteer_chat_id is not None:
        await notify.announce(
            session, policy.volunteer_chat_id, ticket.id, ticket.round, ticket.sla_pings, now
        )
    else:
        for volunteer in found:
            await notify.announce(
                session, volunteer.user_id, ticket.id, ticket.round, ticket.sla_pings, now
            )
    ticket.notified_at = now
    if not found:
        await notify.admins(
            session,
            policy,
            "desk-admin-nobody",
            now=now,
            dedup=f"nobody:{ticket.id}:{ticket.round}:{ticket.sla_pings}",
            **notify.about(ticket.id, kb="admin_ticket", language=ticket.language),
        )
    return len(found)


async def close_notices(
    session: AsyncSession,
    ticket: Ticket,
    key: str,
    now: dt.datetime,
    *,
    taker: int | None = None,
) -> None:
    """Edit this round's notifications: nobody else should press "take" on them."""
    links = await session.scalars(
        select(TicketLink).where(
            TicketLink.ticket_id == ticket.id,
            TicketLink.purpose == "notify",
            TicketLink.round == ticket.round,
        )
    )
    for link in links:
        await notify.edit(
            session,
            link.chat_id,
            link.message_id,
            "desk-notice-yours" if link.chat_id == taker else key,
            args={"ticket": ticket.id},
            now=now,
            dedup=f"{link.id}",
        )


async def notice_sent(
    session: AsyncSession,
    *,
    ticket_id: int,
    round_: int,
    chat_id: int,
    message_id: int,
    now: dt.datetime,
) -> None:
    """A notification went out; remember it, and if the ticket was taken meanwhile, edit it
    straight away (the claim could not know this message yet)."""
    ticket = await session.get(Ticket, ticket_id, populate_existing=True)
    if ticket is None:
        return
    link = TicketLink(
        ticket_id=ticket_id,
        chat_id=chat_id,
        message_id=message_id,
        purpose="notify",
        round=round_,
        created_at=now,
    )
    session.add(link)
    await session.flush()
    if ticket.status != TicketStatus.OPEN or ticket.round != round_:
        key = "desk-notice-closed" if ticket.status == TicketStatus.CLOSED else "desk-notice-taken"
        if ticket.status == TicketStatus.CLAIMED and ticket.volunteer_id == chat_id:
            key = "desk-notice-yours"
        await notify.edit(
            session,
            chat_id,
            message_id,
            key,
            args={"ticket": ticket_id},
            now=now,
            dedup=f"{link.id}",
        )
