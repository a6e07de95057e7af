"""The case timeline: what happened in a case, and who hears about it as it happens."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.errors import CaseError
from bot.cases.models import (
    Case,
    CaseEvent,
    EventVisibility,
)
from bot.crypto import Vault

MAX_UPDATE_CHARS = 2000


class EventKind:
    CREATED = "created"
    PERSON_ADDED = "person_added"
    PERSON_EDITED = "person_edited"
    UPDATE = "update"
    NOTE = "note"
    STATUS = "status"
    JOINED = "joined"
    LEFT = "left"
    REMOVED = "removed"
    OWNER = "owner_changed"
    VOLUNTEER_REQUESTED = "volunteer_requested"
    VOLUNTEER_ASSIGNED = "volunteer_assigned"
    VOLUNTEER_RELEASED = "volunteer_released"


# Events every other member hears about as they happen (unless they muted the case).
NOTIFIED_EVENTS = frozenset(
    {
        EventKind.UPDATE,
        EventKind.STATUS,
        EventKind.JOINED,
        EventKind.LEFT,
        EventKind.VOLUNTEER_ASSIGNED,
        EventKind.VOLUNTEER_RELEASED,
    }
)


def new_event(
    case: Case, kind: str, now: dt.datetime, *, author_id: int | None, person_id: int | None = None
) -> CaseEvent:
    """An event for the family's timeline (seen by the members unless marked otherwise)."""
    return CaseEvent(
        case_id=case.id,
        person_id=person_id,
        author_id=author_id,
        kind=kind,
        visibility=EventVisibility.MEMBERS,
        created_at=now,
    )


async def record(
    session: AsyncSession, case: Case, event: CaseEvent, now: dt.datetime
) -> CaseEvent:
    """Save an event and, when it is news for the family, tell everyone but its author."""
    session.add(event)
    await session.flush()
    if event.kind in NOTIFIED_EVENTS and event.visibility == EventVisibility.MEMBERS:
        exclude = {event.author_id} if event.author_id is not None else set()
        recipients = await notify.family_recipients(session, case, exclude=exclude)
        key = f"case:{case.id}:event:{event.id}"
        await notify.point(session, recipients, notify.KIND_EVENT, event.id, key, now)
    return event


async def post_update(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    author_id: int,
    text: str,
    now: dt.datetime,
    *,
    private: bool = False,
) -> CaseEvent:
    """An update for the whole family, or (``private``) a note only volunteers see."""
    text = text.strip()
    if not text:
        raise CaseError("empty")
    if len(text) > MAX_UPDATE_CHARS:
        raise CaseError("too_long")
    event = new_event(
        case, EventKind.NOTE if private else EventKind.UPDATE, now, author_id=author_id
    )
    event.text_enc = vault.encrypt(text)
    if private:
        event.visibility = EventVisibility.VOLUNTEERS
    return await record(session, case, event, now)


async def timeline(
    session: AsyncSession, case_id: int, *, staff: bool, limit: int = 15
) -> list[CaseEvent]:
    stmt = select(CaseEvent).where(CaseEvent.case_id == case_id)
    if not staff:
        stmt = stmt.where(CaseEvent.visibility == EventVisibility.MEMBERS)
    rows = await session.scalars(stmt.order_by(CaseEvent.id.desc()).limit(limit))
    return list(reversed(rows.all()))
