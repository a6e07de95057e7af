"""A case's members: join requests decided, leaving, removing, ownership, muting, /forget."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.access import CaseAccess, active_members, audit, members_in, row_in_case
from bot.cases.errors import CaseError
from bot.cases.events import EventKind, new_event, record
from bot.cases.invitations import UNUSED, membership
from bot.cases.models import (
    Case,
    CaseMatch,
    CaseMember,
    CaseStatus,
    Invitation,
    MemberRole,
    MemberStatus,
)


async def member_in_case(session: AsyncSession, case_id: int, member_id: int) -> CaseMember:
    return await row_in_case(session, CaseMember, member_id, case_id)


async def removable_member(session: AsyncSession, case_id: int, member_id: int) -> CaseMember:
    """The member to ask about before removing: someone still in (or asking to join)."""
    member = await member_in_case(session, case_id, member_id)
    if member.status not in {MemberStatus.ACTIVE, MemberStatus.PENDING}:
        raise CaseError("not_found")
    return member


async def decide_join(
    session: AsyncSession,
    case: Case,
    member_id: int,
    actor_id: int,
    approve: bool,
    now: dt.datetime,
) -> CaseMember:
    member = await member_in_case(session, case.id, member_id)
    if member.status != MemberStatus.PENDING:
        raise CaseError("not_pending")
    if approve:
        member.status = MemberStatus.ACTIVE
        member.joined_at = now
        key = f"case:{case.id}:approved:{member.id}:{now.timestamp()}"
        await notify.tell(session, member.user_id, "cases-notice-approved", case.id, key, now)
        await record(
            session, case, new_event(case, EventKind.JOINED, now, author_id=member.user_id), now
        )
    else:
        member.status = MemberStatus.REJECTED
        key = f"case:{case.id}:rejected:{member.id}:{now.timestamp()}"
        await notify.tell(
            session, member.user_id, "cases-notice-rejected", case.id, key, now, open_button=False
        )
    await audit(
        session, actor_id, "case.join." + ("approve" if approve else "reject"), case.id, now
    )
    return member


async def pending_members(session: AsyncSession, case_id: int) -> list[CaseMember]:
    """Join requests waiting for a decision, earliest first."""
    return await members_in(session, case_id, MemberStatus.PENDING)


# ---- leaving, removing, ownership --------------------------------------------------------


@dataclass(slots=True)
class LeaveOutcome:
    new_owner_id: int | None = None
    closed: bool = False


@dataclass(slots=True)
class LeavePreview:
    """What leaving would do, told before the member confirms."""

    kind: str  # "member" | "owner" (someone takes over) | "last" (the case closes)
    successor: CaseMember | None = None


async def preview_leave(session: AsyncSession, access: CaseAccess, user_id: int) -> LeavePreview:
    if not access.is_owner:
        return LeavePreview("member")
    others = [m for m in await active_members(session, access.case.id) if m.user_id != user_id]
    # The same member _hand_over picks: the earliest one still in the case.
    return LeavePreview("owner", others[0]) if others else LeavePreview("last")


async def leave(session: AsyncSession, case: Case, user_id: int, now: dt.datetime) -> LeaveOutcome:
    member = await membership(session, case.id, user_id)
    if member is None or member.status != MemberStatus.ACTIVE:
        raise CaseError("no_access")
    was_owner = member.role == MemberRole.OWNER
    member.status = MemberStatus.LEFT
    member.role = MemberRole.MEMBER
    member.left_at = now
    await session.flush()
    await record(session, case, new_event(case, EventKind.LEFT, now, author_id=user_id), now)
    if not was_owner:
        return LeaveOutcome()
    return await _hand_over(session, case, now)


async def _hand_over(session: AsyncSession, case: Case, now: dt.datetime) -> LeaveOutcome:
    """The owner is gone: the earliest remaining member takes over, or the case closes."""
    remaining = await active_members(session, case.id)
    if not remaining:
        await close_case(session, case, now)
        return LeaveOutcome(closed=True)
    successor = remaining[0]
    await _make_owner(session, case, successor, now)
    return LeaveOutcome(new_owner_id=successor.user_id)


async def _make_owner(
    session: AsyncSession, case: Case, member: CaseMember, now: dt.datetime
) -> None:
    """This member owns the case now: on the timeline, and told."""
    member.role = MemberRole.OWNER
    case.owner_id = member.user_id
    await record(
        session, case, new_event(case, EventKind.OWNER, now, author_id=member.user_id), now
    )
    key = f"case:{case.id}:owner:{member.user_id}:{now.timestamp()}"
    await notify.tell(session, member.user_id, "cases-notice-now-owner", case.id, key, now)


async def close_case(session: AsyncSession, case: Case, now: dt.datetime) -> None:
    """Nobody is left to look after the case: let everyone connected to it go."""
    volunteer_id = case.volunteer_id
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.owner_id = None
    case.volunteer_id = None
    case.volunteer_requested_at = None
    await session.execute(
        update(Invitation).where(Invitation.case_id == case.id, *UNUSED).values(revoked_at=now)
    )
    await session.execute(
        update(CaseMember)
        .where(CaseMember.case_id == case.id, CaseMember.status == MemberStatus.PENDING)
        .values(status=MemberStatus.REJECTED)
    )
    if volunteer_id is not None:
        key = f"case:{case.id}:closed"
        await notify.tell(
            session, volunteer_id, "cases-notice-closed", case.id, key, now, open_button=False
        )


async def remove_member(
    session: AsyncSession, case: Case, member_id: int, actor_id: int, now: dt.datetime
) -> CaseMember:
    member = await member_in_case(session, case.id, member_id)
    if member.user_id == actor_id or member.role == MemberRole.OWNER:
        raise CaseError("cannot_remove")
    if member.status not in {MemberStatus.ACTIVE, MemberStatus.PENDING}:
        raise CaseError("not_found")
    member.status = MemberStatus.REMOVED
    member.left_at = now
    await record(
        session, case, new_event(case, EventKind.REMOVED, now, author_id=member.user_id), now
    )
    key = f"case:{case.id}:removed:{member.id}:{now.timestamp()}"
    await notify.tell(
        session, member.user_id, "cases-notice-removed", case.id, key, now, open_button=False
    )
    await audit(session, actor_id, "case.member.remove", case.id, now)
    return member


async def transfer_ownership(
    session: AsyncSession, case: Case, member_id: int, actor_id: int, now: dt.datetime
) -> None:
    target = await member_in_case(session, case.id, member_id)
    if target.status != MemberStatus.ACTIVE or target.user_id == actor_id:
        raise CaseError("cannot_transfer")
    current = await membership(session, case.id, actor_id)
    if current is None or current.role != MemberRole.OWNER:
        raise CaseError("not_owner")
    current.role = MemberRole.MEMBER
    await _make_owner(session, case, target, now)


async def set_muted(member: CaseMember, muted: bool) -> None:
    member.muted = muted


# ---- privacy -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Handover:
    """What /forget does to a case the person owns: it passes to ``successor`` (the member
    who joined earliest), or, with nobody else in it, it is deleted."""

    case: Case
    successor: CaseMember | None


async def forget_plan(session: AsyncSession, user_id: int) -> list[Handover]:
    """The cases this person owns and what /forget would do to each, told before they
    confirm."""
    memberships = (
        await session.scalars(select(CaseMember).where(CaseMember.user_id == user_id))
    ).all()
    owned = set((await session.scalars(select(Case.id).where(Case.owner_id == user_id))).all())
    for member in memberships:
        if member.status == MemberStatus.ACTIVE and member.role == MemberRole.OWNER:
            owned.add(member.case_id)
    plan: list[Handover] = []
    for case_id in sorted(owned):
        case = await session.get(Case, case_id)
        if case is None:
            continue
        others = [m for m in await active_members(session, case_id) if m.user_id != user_id]
        plan.append(Handover(case, others[0] if others else None))
    return plan


async def tell_handovers(session: AsyncSession, user_id: int, now: dt.datetime) -> None:
    """Before /forget: the new owner of each shared case and its volunteer are told (the
    notices name the case, never the person who left)."""
    stamp = now.timestamp()
    for handover in await forget_plan(session, user_id):
        case, successor = handover.case, handover.successor
        if successor is None:
            continue
        key = f"case:{case.id}:owner:{successor.user_id}:{stamp}"
        await notify.tell(
            session, successor.user_id, "cases-notice-owner-forgot-you", case.id, key, now
        )
        if case.volunteer_id is not None and case.volunteer_id != user_id:
            key = f"case:{case.id}:owner-forgot:{stamp}"
            await notify.tell(
                session,
                case.volunteer_id,
                "cases-notice-owner-forgot-volunteer",
                case.id,
                key,
                now,
            )


async def forget(session: AsyncSession, user_id: int) -> None:
    """/forget: drop this person's memberships and every case only they belonged to.

    A case they owned with other members passes to the earliest of them (told beforehand by
    :func:`tell_handovers`). Their updates in a case that goes on stay on that family's
    timeline, without an author. Cases they were the volunteer for lose the volunteer (the
    foreign key) and return to the queue.
    """
    for handover in await forget_plan(session, user_id):
        case, successor = handover.case, handover.successor
        if successor is not None:
            successor.role = MemberRole.OWNER
            await session.execute(
                update(Case).where(Case.id == case.id).values(owner_id=successor.user_id)
            )
        else:
            await session.execute(delete(Case).where(Case.id == case.id))
    await session.execute(delete(CaseMember).where(CaseMember.user_id == user_id))
    await session.execute(delete(CaseMatch).where(CaseMatch.seeker_id == user_id))
    await session.execute(delete(Invitation).where(Invitation.for_user_id == user_id))
    await session.flush()
