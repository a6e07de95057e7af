"""Operator roles granted from the bot. A coordinator sees statistics, the gap list and the
audit view, and can broadcast; only admins (ADMIN_IDS) grant or take away the role."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.models import StaffRole
from bot.errors import DomainError
from bot.models import AuditEvent, User


class StaffError(DomainError):
    domain = "ops"


class Operator(enum.StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"


async def operator_role(session: AsyncSession, user_id: int, is_admin: bool) -> Operator | None:
    if is_admin:
        return Operator.ADMIN
    role = await session.scalar(select(StaffRole.role).where(StaffRole.user_id == user_id))
    return Operator.COORDINATOR if role == Operator.COORDINATOR else None


async def coordinators(session: AsyncSession) -> list[StaffRole]:
    rows = await session.scalars(
        select(StaffRole)
        .where(StaffRole.role == Operator.COORDINATOR)
        .order_by(StaffRole.granted_at, StaffRole.user_id)
    )
    return list(rows.all())


def _audit(actor: int, action: str, user_id: int, now: dt.datetime) -> AuditEvent:
    return AuditEvent(
        actor_id=actor, action=action, object_type="user", object_id=str(user_id), created_at=now
    )


async def grant(session: AsyncSession, admin_id: int, user_id: int, now: dt.datetime) -> None:
    """Make ``user_id`` a coordinator. They must have talked to the bot (a user row)."""
    if await session.get(User, user_id) is None:
        raise StaffError("unknown-user")
    if await session.get(StaffRole, user_id) is not None:
        raise StaffError("already-coordinator")
    session.add(
        StaffRole(user_id=user_id, role=Operator.COORDINATOR, granted_by=admin_id, granted_at=now)
    )
    session.add(_audit(admin_id, "staff.grant.coordinator", user_id, now))
    await session.flush()


async def revoke(session: AsyncSession, admin_id: int, user_id: int, now: dt.datetime) -> None:
    result = await session.execute(delete(StaffRole).where(StaffRole.user_id == user_id))
    if not getattr(result, "rowcount", 0):
        raise StaffError("not-coordinator")
    session.add(_audit(admin_id, "staff.revoke.coordinator", user_id, now))
    await session.flush()
