"""Who may see a case and how (member, case volunteer, admin), checked afresh on every action;
the lists of one's cases; the audit log of volunteers' and admins' views."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.errors import CaseError
from bot.cases.models import (
    Case,
    CaseMember,
    CaseRow,
    CaseStatus,
    MemberRole,
    MemberStatus,
)
from bot.models import AuditEvent, Volunteer, VolunteerStatus


async def row_in_case(
    session: AsyncSession, model: type[CaseRow], row_id: int, case_id: int
) -> CaseRow:
    """The row with this id, if it belongs to this case; ``not_found`` otherwise (an id from
    a stale or forged button)."""
    row = await session.get(model, row_id)
    if row is None or row.case_id != case_id:
        raise CaseError("not_found")
    return row


@dataclass(slots=True)
class CaseAccess:
    case: Case
    member: CaseMember | None  # the active membership, if any
    volunteer: bool  # the case volunteer, in good standing
    admin: bool

    @property
    def is_owner(self) -> bool:
        return self.member is not None and self.member.role == MemberRole.OWNER

    @property
    def is_staff(self) -> bool:
        return self.volunteer or self.admin

    @property
    def audited(self) -> bool:
        """Views through a volunteer or admin role go to the audit log."""
        return self.volunteer or (self.admin and self.member is None)

    @property
    def can_manage(self) -> bool:
        """Approve join requests, answer matches, manage invitations."""
        return self.is_owner or self.volunteer or self.admin

    @property
    def can_release(self) -> bool:
        """Hand the case back to the queue: its volunteer, or an admin stepping in."""
        return self.volunteer or self.admin

    @property
    def can_remove_members(self) -> bool:
        """Admins may remove members (abuse), but only the owner gives ownership away."""
        return self.is_owner or self.admin

    @property
    def role(self) -> str:
        """The reader's strongest tie to the case: "owner", "member", "volunteer" or "admin"."""
        if self.is_owner:
            return "owner"
        if self.member is not None:
            return "member"
        return "volunteer" if self.volunteer else "admin"


def volunteer_state(case: Case) -> str:
    """ "assigned", "waiting" (asked for, nobody took it yet) or "none"."""
    if case.volunteer_id is not None:
        return "assigned"
    return "waiting" if case.volunteer_requested_at is not None else "none"


async def volunteer_in_good_standing(session: AsyncSession, user_id: int) -> Volunteer | None:
    """An approved volunteer (away or not): may keep working on cases they already have."""
    return await session.scalar(
        select(Volunteer).where(
            Volunteer.user_id == user_id, Volunteer.status == VolunteerStatus.APPROVED
        )
    )


async def get_access(
    session: AsyncSession, case_id: int, user_id: int, is_admin: bool
) -> CaseAccess | None:
    """How this person may see the case, or None. Checked afresh on every action."""
    case = await session.get(Case, case_id)
    if case is None:
        return None
    if case.status != CaseStatus.OPEN and not is_admin:
        return None
    member = await session.scalar(
        select(CaseMember).where(
            CaseMember.case_id == case_id,
            CaseMember.user_id == user_id,
            CaseMember.status == MemberStatus.ACTIVE,
        )
    )
    volunteer = (
        case.volunteer_id == user_id
        and await volunteer_in_good_standing(session, user_id) is not None
    )
    if member is None and not volunteer and not is_admin:
        return None
    return CaseAccess(case=case, member=member, volunteer=volunteer, admin=is_admin)


async def can_access(session: AsyncSession, case_id: int, user_id: int, is_admin: bool) -> bool:
    """May this person see the case now (member, case volunteer or admin)?"""
    return await get_access(session, case_id, user_id, is_admin) is not None


async def members_in(
    session: AsyncSession, case_id: int, status: MemberStatus
) -> list[CaseMember]:
    """The case's members with this status, earliest first."""
    rows = await session.scalars(
        select(CaseMember)
        .where(CaseMember.case_id == case_id, CaseMember.status == status)
        .order_by(CaseMember.joined_at, CaseMember.id)
    )
    return list(rows.all())


async def active_members(session: AsyncSession, case_id: int) -> list[CaseMember]:
    """Active members of a case, earliest first (the owner is one of them)."""
    return await members_in(session, case_id, MemberStatus.ACTIVE)


async def audit(
    session: AsyncSession, actor_id: int | None, action: str, case_id: int, now: dt.datetime
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type="case",
            object_id=str(case_id),
            created_at=now,
        )
    )


async def audit_view(
    session: AsyncSession, access: CaseAccess, user_id: int, what: str, now: dt.datetime
) -> None:
    """Write a volunteer's or admin's look at a case to the audit log."""
    if access.audited:
        await audit(session, user_id, f"case.view.{what}", access.case.id, now)


async def my_cases(session: AsyncSession, user_id: int) -> list[tuple[Case, CaseMember]]:
    rows = await session.execute(
        select(Case, CaseMember)
        .join(CaseMember, CaseMember.case_id == Case.id)
        .where(
            CaseMember.user_id == user_id,
            CaseMember.status == MemberStatus.ACTIVE,
            Case.status == CaseStatus.OPEN,
        )
        .order_by(Case.id)
    )
    return [(row[0], row[1]) for row in rows.all()]


async def volunteer_cases(session: AsyncSession, user_id: int) -> list[Case]:
    rows = await session.scalars(
        select(Case)
        .where(Case.volunteer_id == user_id, Case.status == CaseStatus.OPEN)
        .order_by(Case.id)
    )
    return list(rows.all())


async def recent_cases(session: AsyncSession, limit: int = 20) -> list[Case]:
    rows = await session.scalars(select(Case).order_by(Case.id.desc()).limit(limit))
    return list(rows.all())
