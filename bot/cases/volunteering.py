"""A case and its volunteer: the request, the queue (no names or places), taking, releasing
and reassigning."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.access import audit
from bot.cases.errors import CaseError
from bot.cases.events import EventKind, new_event, record
from bot.cases.fields import Location
from bot.cases.models import (
    Case,
    CaseStatus,
    VolunteerNeed,
)
from bot.cases.persons import persons
from bot.crypto import Vault
from bot.models import User, Volunteer, VolunteerStatus
from bot.places import Places


async def request_volunteer(
    session: AsyncSession, case: Case, actor_id: int, need: str, now: dt.datetime
) -> None:
    if need not in set(VolunteerNeed):
        raise CaseError("bad_need")
    if case.volunteer_id is not None:
        raise CaseError("has_volunteer")
    first = case.volunteer_requested_at is None
    case.volunteer_need = need
    if first:
        case.volunteer_requested_at = now
    await record(
        session, case, new_event(case, EventKind.VOLUNTEER_REQUESTED, now, author_id=actor_id), now
    )
    if first:
        active = await session.scalars(
            select(Volunteer.user_id).where(
                Volunteer.status == VolunteerStatus.APPROVED,
                Volunteer.away.is_(False),
                Volunteer.user_id != actor_id,
            )
        )
        await notify.send(
            session,
            recipients=list(active.all()),
            kind=notify.KIND_NOTICE,
            payload={
                "l10n": "cases-notice-queue-new",
                "args": {"case": case.id},
                "buttons": [[{"t": "cases-btn-queue", "cb": "cs:queue:0:0"}]],
            },
            key=f"case:{case.id}:queued:{now.timestamp()}",
            now=now,
        )


NEEDS: tuple[str, ...] = tuple(VolunteerNeed)
# An open case waiting in the volunteers' queue.
WAITING = (
    Case.status == CaseStatus.OPEN,
    Case.volunteer_id.is_(None),
    Case.volunteer_requested_at.is_not(None),
)


def need_at(index: int) -> str | None:
    """Needs travel in callback data by position (forgeable, so checked)."""
    return NEEDS[index] if 0 <= index < len(NEEDS) else None


async def queue(session: AsyncSession) -> list[Case]:
    rows = await session.scalars(
        select(Case).where(*WAITING).order_by(Case.volunteer_requested_at, Case.id)
    )
    return list(rows.all())


@dataclass(slots=True)
class QueueEntry:
    """What a volunteer sees before taking a case: no names, no places."""

    case_id: int
    need: str
    states: list[str]
    statuses: Counter[str] = field(default_factory=Counter)
    children: int = 0
    family_locale: str | None = None
    waiting: dt.timedelta = dt.timedelta()


async def queue_entry(
    session: AsyncSession, vault: Vault, places: Places, case: Case, now: dt.datetime
) -> QueueEntry:
    states: list[str] = []
    statuses: Counter[str] = Counter()
    children = 0
    for person in await persons(session, case.id):
        statuses[person.status] += 1
        children += int(person.is_child)
        location = Location.from_json(vault.decrypt_opt(person.location_enc))
        place = places.get(location.ref) if location.ref else None
        if place is not None and place.state not in states:
            states.append(place.state)
    owner = await session.get(User, case.owner_id) if case.owner_id else None
    return QueueEntry(
        case_id=case.id,
        need=case.volunteer_need or VolunteerNeed.OTHER,
        states=sorted(states),
        statuses=statuses,
        children=children,
        family_locale=owner.locale if owner else None,
        waiting=now - (case.volunteer_requested_at or now),
    )


async def take_case(
    session: AsyncSession, case_id: int, volunteer_id: int, now: dt.datetime
) -> Case:
    """Atomically assign the case to this volunteer; a second taker gets "taken"."""
    result = await session.execute(
        update(Case)
        .where(Case.id == case_id, *WAITING)
        .values(volunteer_id=volunteer_id, volunteer_taken_at=now)
        .execution_options(synchronize_session=False)
    )
    case = await session.get(Case, case_id)
    if case is None:
        raise CaseError("not_found")
    await session.refresh(case)
    if getattr(result, "rowcount", 0) != 1:
        raise CaseError("taken" if case.volunteer_id is not None else "not_in_queue")
    await record(
        session,
        case,
        new_event(case, EventKind.VOLUNTEER_ASSIGNED, now, author_id=volunteer_id),
        now,
    )
    await audit(session, volunteer_id, "case.take", case.id, now)
    return case


async def release_case(session: AsyncSession, case: Case, actor_id: int, now: dt.datetime) -> None:
    """The volunteer hands the case back (or an admin unassigns): it returns to the queue."""
    if case.volunteer_id is None:
        raise CaseError("no_volunteer")
    old = case.volunteer_id
    case.volunteer_id = None
    case.volunteer_taken_at = None
    case.volunteer_requested_at = now
    await record(
        session, case, new_event(case, EventKind.VOLUNTEER_RELEASED, now, author_id=actor_id), now
    )
    if old != actor_id:
        key = f"case:{case.id}:unassigned:{old}:{now.timestamp()}"
        await notify.tell(
            session, old, "cases-notice-unassigned", case.id, key, now, open_button=False
        )
    await audit(session, actor_id, "case.release", case.id, now)


async def reassign(
    session: AsyncSession, case: Case, admin_id: int, volunteer_id: int, now: dt.datetime
) -> None:
    from bot.volunteers import approved_volunteer

    if await approved_volunteer(session, volunteer_id) is None:
        raise CaseError("not_volunteer")
    if case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    old = case.volunteer_id
    if old == volunteer_id:
        return
    case.volunteer_id = volunteer_id
    case.volunteer_taken_at = now
    if case.volunteer_requested_at is None:
        case.volunteer_requested_at = now
    await record(
        session,
        case,
        new_event(case, EventKind.VOLUNTEER_ASSIGNED, now, author_id=volunteer_id),
        now,
    )
    stamp = now.timestamp()
    if old is not None:
        key = f"case:{case.id}:unassigned:{old}:{stamp}"
        await notify.tell(
            session, old, "cases-notice-unassigned", case.id, key, now, open_button=False
        )
    key = f"case:{case.id}:assigned:{volunteer_id}:{stamp}"
    await notify.tell(session, volunteer_id, "cases-notice-assigned", case.id, key, now)
    await audit(session, admin_id, "case.reassign", case.id, now)


async def active_volunteers(session: AsyncSession) -> list[Volunteer]:
    rows = await session.scalars(
        select(Volunteer)
        .where(Volunteer.status == VolunteerStatus.APPROVED, Volunteer.away.is_(False))
        .order_by(Volunteer.user_id)
    )
    return list(rows.all())
