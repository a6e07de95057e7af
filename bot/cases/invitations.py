"""Family-case invitations and joining (no Telegram here).

A one-time invitation: the token is shown once (in a ``t.me/<bot>?start=join_<token>`` link)
and only its hash is stored; it expires and can be revoked. Whoever asks to join must have
proved the token, or be the one person a "this may be your family" invitation was made for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.errors import CaseError
from bot.cases.models import (
    Case,
    CaseMember,
    CaseStatus,
    Invitation,
    MemberRole,
    MemberStatus,
)
from bot.crypto import Vault

INVITE_TTL = dt.timedelta(days=3)
MATCH_INVITE_TTL = dt.timedelta(days=14)
MAX_OPEN_INVITES = 10


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_invitation(
    session: AsyncSession,
    case: Case,
    actor_id: int,
    now: dt.datetime,
    *,
    ttl: dt.timedelta = INVITE_TTL,
    for_user_id: int | None = None,
) -> tuple[Invitation, str]:
    """A one-time invitation; the token is returned once and only its hash is kept."""
    if case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    if len(await open_invitations(session, case.id, now)) >= MAX_OPEN_INVITES:
        raise CaseError("too_many_invites")
    token = secrets.token_urlsafe(24)  # 192 random bits, 32 characters of [A-Za-z0-9_-]
    invitation = Invitation(
        case_id=case.id,
        token_hash=hash_token(token),
        created_by=actor_id,
        for_user_id=for_user_id,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invitation)
    await session.flush()
    return invitation, token


async def open_invitations(
    session: AsyncSession, case_id: int, now: dt.datetime
) -> list[Invitation]:
    rows = await session.scalars(
        select(Invitation)
        .where(
            Invitation.case_id == case_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.id)
    )
    return list(rows.all())


async def invitation_by_token(session: AsyncSession, token: str) -> Invitation | None:
    return await session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


async def check_invitation(
    session: AsyncSession, invitation: Invitation | None, user_id: int, now: dt.datetime
) -> Invitation:
    """The invitation if this person may use it now, else a CaseError saying why not."""
    if invitation is None:
        raise CaseError("invite_unknown")
    if invitation.for_user_id is not None and invitation.for_user_id != user_id:
        raise CaseError("invite_unknown")
    if invitation.revoked_at is not None:
        raise CaseError("invite_revoked")
    if invitation.used_at is not None:
        raise CaseError("invite_used")
    if invitation.expires_at <= now:
        raise CaseError("invite_expired")
    case = await session.get(Case, invitation.case_id)
    if case is None or case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    member = await membership(session, case.id, user_id)
    if member is not None and member.status == MemberStatus.ACTIVE:
        raise CaseError("already_member")
    if member is not None and member.status == MemberStatus.PENDING:
        raise CaseError("already_pending")
    return invitation


async def revoke_invitation(
    session: AsyncSession, case: Case, invitation_id: int, now: dt.datetime
) -> None:
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None or invitation.case_id != case.id:
        raise CaseError("not_found")
    if invitation.used_at is not None:
        raise CaseError("invite_used")
    if invitation.revoked_at is None:
        invitation.revoked_at = now


async def membership(session: AsyncSession, case_id: int, user_id: int) -> CaseMember | None:
    return await session.scalar(
        select(CaseMember).where(CaseMember.case_id == case_id, CaseMember.user_id == user_id)
    )


async def request_join(
    session: AsyncSession,
    vault: Vault,
    invitation_id: int,
    user_id: int,
    relation: str,
    tg_name: str,
    now: dt.datetime,
) -> CaseMember:
    """Use the invitation (once, atomically) and ask the owner and volunteer to approve."""
    invitation = await check_invitation(
        session, await session.get(Invitation, invitation_id), user_id, now
    )
    claimed = await session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(used_by=user_id, used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise CaseError("invite_used")
    await session.refresh(invitation)
    case = await session.get(Case, invitation.case_id)
    assert case is not None
    member = await membership(session, case.id, user_id)
    if member is None:
        member = CaseMember(case_id=case.id, user_id=user_id, joined_at=now)
        session.add(member)
    member.role = MemberRole.MEMBER
    member.status = MemberStatus.PENDING
    member.relation_enc = vault.encrypt(relation)
    member.tg_name_enc = vault.encrypt(tg_name) if tg_name else None
    member.joined_at = now
    member.left_at = None
    member.muted = False
    await session.flush()
    await notify.send(
        session,
        recipients=notify.managers(case),
        kind=notify.KIND_JOIN_REQUEST,
        payload={"member_id": member.id},
        key=f"case:{case.id}:join:{member.id}:{invitation.id}",
        now=now,
    )
    return member
