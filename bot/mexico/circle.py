"""The Mexico section's emergency circle: the relatives and volunteers a person invites, who
hear the crossing watch's alarms (``bot/mexico/watch.py``). Telegram-free. Part of the
section's rules; ``bot/mexico/service.py`` re-exports these names."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mexico.models import CircleMember, CircleStatus
from bot.mexico.signup import MexicoError
from bot.models import AuditEvent

INVITE_TTL = dt.timedelta(days=7)
MAX_OPEN_INVITES = 5


# ---- the emergency circle ----------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def invite(session: AsyncSession, owner_id: int, role: str, now: dt.datetime) -> str:
    if role not in ("relative", "volunteer"):
        raise MexicoError("bad-role")
    open_invites = await session.scalars(
        select(CircleMember).where(
            CircleMember.owner_id == owner_id,
            CircleMember.status == CircleStatus.INVITED,
            CircleMember.expires_at > now,
        )
    )
    if len(open_invites.all()) >= MAX_OPEN_INVITES:
        raise MexicoError("too-many-invites")
    token = secrets.token_urlsafe(18)
    session.add(
        CircleMember(
            owner_id=owner_id,
            role=role,
            token_hash=hash_token(token),
            status=CircleStatus.INVITED,
            invited_at=now,
            expires_at=now + INVITE_TTL,
        )
    )
    await session.flush()
    return token


async def invitation(
    session: AsyncSession, token: str, user_id: int, now: dt.datetime
) -> CircleMember:
    """The invitation a link's token opens. Used, expired or unknown links get one answer."""
    row = await session.scalar(
        select(CircleMember).where(CircleMember.token_hash == hash_token(token))
    )
    if row is None or row.status == CircleStatus.REVOKED or row.expires_at <= now:
        raise MexicoError("invite-invalid")
    if row.status == CircleStatus.ACTIVE:
        raise MexicoError("invite-used")
    if row.owner_id == user_id:
        raise MexicoError("invite-own")
    return row


async def accept(
    session: AsyncSession, token: str, user_id: int, now: dt.datetime
) -> CircleMember:
    row = await invitation(session, token, user_id, now)
    already = await session.scalar(
        select(CircleMember).where(
            CircleMember.owner_id == row.owner_id,
            CircleMember.member_id == user_id,
            CircleMember.status == CircleStatus.ACTIVE,
        )
    )
    if already is not None:
        raise MexicoError("invite-member")
    row.member_id = user_id
    row.status = CircleStatus.ACTIVE
    row.joined_at = now
    await session.flush()
    return row


async def circle(session: AsyncSession, owner_id: int) -> list[CircleMember]:
    rows = await session.scalars(
        select(CircleMember)
        .where(CircleMember.owner_id == owner_id, CircleMember.status == CircleStatus.ACTIVE)
        .order_by(CircleMember.joined_at, CircleMember.id)
    )
    return list(rows.all())


async def remove_member(session: AsyncSession, owner_id: int, row_id: int) -> None:
    row = await session.get(CircleMember, row_id)
    if row is None or row.owner_id != owner_id:
        raise MexicoError("not-found")
    row.status = CircleStatus.REVOKED
    row.token_hash = None


async def helped_by(session: AsyncSession, volunteer_id: int) -> list[int]:
    """The people whose circle this volunteer belongs to."""
    rows = await session.scalars(
        select(CircleMember.owner_id).where(
            CircleMember.member_id == volunteer_id,
            CircleMember.role == "volunteer",
            CircleMember.status == CircleStatus.ACTIVE,
        )
    )
    return list(rows.all())


def audit_read(session: AsyncSession, volunteer_id: int, owner_id: int, now: dt.datetime) -> None:
    session.add(
        AuditEvent(
            actor_id=volunteer_id,
            action="mexico.view",
            object_type="mexico",
            object_id=str(owner_id),
            created_at=now,
        )
    )
