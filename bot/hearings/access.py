"""Who may see a case's hearings and who is reminded of them.

The family-cases feature owns membership rules (``bot.cases.service.active_members`` and
``can_access``). Until that module exists these read the models directly with the same
meaning: active members, plus the case volunteer while an admin keeps them approved.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from types import ModuleType

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Case, CaseMember, CaseStatus, MemberStatus
from bot.hearings.models import Deadline, Hearing
from bot.models import Volunteer, VolunteerStatus


def _cases_service() -> ModuleType | None:
    try:
        return importlib.import_module("bot.cases.service")
    except ModuleNotFoundError:
        return None


async def _approved(session: AsyncSession, user_id: int) -> bool:
    status = await session.scalar(select(Volunteer.status).where(Volunteer.user_id == user_id))
    return status == VolunteerStatus.APPROVED


async def recipients(session: AsyncSession, case_id: int) -> list[int]:
    """Everyone reminded about this case: active members and the case volunteer."""
    case = await session.get(Case, case_id)
    if case is None or case.status != CaseStatus.OPEN:
        return []
    service = _cases_service()
    if service is not None and hasattr(service, "active_members"):
        members = await service.active_members(session, case_id)
        ids = [int(m.user_id) for m in members]
    else:
        ids = list(
            await session.scalars(
                select(CaseMember.user_id)
                .where(CaseMember.case_id == case_id, CaseMember.status == MemberStatus.ACTIVE)
                .order_by(CaseMember.id)
            )
        )
    if (
        case.volunteer_id is not None
        and case.volunteer_id not in ids
        and await _approved(session, case.volunteer_id)
    ):
        ids.append(case.volunteer_id)
    return ids


async def can_access(session: AsyncSession, case_id: int, user_id: int, is_admin: bool) -> bool:
    service = _cases_service()
    if service is not None and hasattr(service, "can_access"):
        return bool(await service.can_access(session, case_id, user_id, is_admin))
    if is_admin:
        return await session.get(Case, case_id) is not None
    return user_id in await recipients(session, case_id)


async def user_case_ids(session: AsyncSession, user_id: int) -> list[int]:
    """Open cases this person belongs to or volunteers on, oldest first."""
    member = set(
        await session.scalars(
            select(CaseMember.case_id)
            .join(Case, Case.id == CaseMember.case_id)
            .where(
                CaseMember.user_id == user_id,
                CaseMember.status == MemberStatus.ACTIVE,
                Case.status == CaseStatus.OPEN,
            )
        )
    )
    volunteer: set[int] = set()
    if await _approved(session, user_id):
        volunteer = set(
            await session.scalars(
                select(Case.id).where(Case.volunteer_id == user_id, Case.status == CaseStatus.OPEN)
            )
        )
    return sorted(member | volunteer)


async def audiences(
    session: AsyncSession, case_ids: Iterable[int]
) -> dict[int, tuple[set[int], set[int]]]:
    """For many cases at once (the outbox sender's batch): who is reminded, and which members
    muted the case. Same rule as :func:`recipients`, in three queries."""
    ids = set(case_ids)
    out: dict[int, tuple[set[int], set[int]]] = {c: (set(), set()) for c in ids}
    if not ids:
        return out
    cases = list(
        await session.scalars(select(Case).where(Case.id.in_(ids), Case.status == CaseStatus.OPEN))
    )
    rows = await session.execute(
        select(CaseMember.case_id, CaseMember.user_id, CaseMember.muted).where(
            CaseMember.case_id.in_(ids), CaseMember.status == MemberStatus.ACTIVE
        )
    )
    open_ids = {c.id for c in cases}
    for case_id, user_id, muted in rows:
        if case_id in open_ids:
            out[case_id][0].add(user_id)
            if muted:
                out[case_id][1].add(user_id)
    volunteer_ids = {c.volunteer_id for c in cases if c.volunteer_id is not None}
    approved = (
        set(
            await session.scalars(
                select(Volunteer.user_id).where(
                    Volunteer.user_id.in_(volunteer_ids),
                    Volunteer.status == VolunteerStatus.APPROVED,
                )
            )
        )
        if volunteer_ids
        else set()
    )
    for case in cases:
        if case.volunteer_id in approved:
            out[case.id][0].add(case.volunteer_id)
    return out


async def hearing_for(
    session: AsyncSession, hearing_id: int, user_id: int, is_admin: bool
) -> Hearing | None:
    """The hearing, or None when it does not exist or this person may not see it (the two
    are refused alike, so a forged id tells nothing)."""
    hearing = await session.get(Hearing, hearing_id)
    if hearing is None or not await can_access(session, hearing.case_id, user_id, is_admin):
        return None
    return hearing


async def deadline_for(
    session: AsyncSession, deadline_id: int, user_id: int, is_admin: bool
) -> Deadline | None:
    """Like :func:`hearing_for`, for a deadline."""
    deadline = await session.get(Deadline, deadline_id)
    if deadline is None or not await can_access(session, deadline.case_id, user_id, is_admin):
        return None
    return deadline


async def is_case_volunteer(session: AsyncSession, case_id: int, user_id: int) -> bool:
    case = await session.get(Case, case_id)
    return case is not None and case.volunteer_id == user_id
