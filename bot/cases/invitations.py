"""Family-case invitations and joining (no Telegram here).

A one-time invitation: the token is shown once (in a ``t.me/<bot>?start=join_<token>`` link)
and only its hash is stored; it expires and can be revoked. Whoever asks to join must have
proved the token, or be the one person a "this may be your family" invitation was made for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.access import row_in_case
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
from bot.models import AuditEvent

# An invitation nobody has used or revoked (it may still have expired).
UNUSED = (Invitation.used_at.is_(None), Invitation.revoked_at.is_(None))

INVITE_TTL = dt.timedelta(days=3)
MATCH_INVITE_TTL = dt.timedelta(days=14)
MAX_OPEN_INVITES = 10

# Wrong tokens are counted (as audit rows without content) and slowed down: a person may try
# a few wrong links an hour, and everyone together a bounded number in ten minutes. A token
# has 192 random bits, so this is about noise and probing, not about guessing succeeding.
BAD_TOKEN_ACTION = "invite.bad_token"  # noqa: S105
MAX_BAD_TOKENS_PER_PERSON = 5
BAD_TOKEN_WINDOW_PERSON = dt.timedelta(hours=1)
MAX_BAD_TOKENS_OVERALL = 100
BAD_TOKEN_WINDOW_OVERALL = dt.timedelta(minutes=10)

# What the person's (server-side, encrypted) conversation state keeps once they have proved
# they may use an invitation: "t:<token hash>" for a link, "p:<id>" for an invitation made
# for them personally. Nothing a client sends stands in for either.
_TOKEN_PROOF = "t:"  # noqa: S105
_PERSONAL_PROOF = "p:"


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
            *UNUSED,
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


async def _bad_tokens_since(
    session: AsyncSession, since: dt.datetime, user_id: int | None = None
) -> int:
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == BAD_TOKEN_ACTION, AuditEvent.created_at > since)
    )
    if user_id is not None:
        query = query.where(AuditEvent.actor_id == user_id)
    return int(await session.scalar(query) or 0)


async def _refuse_when_throttled(session: AsyncSession, user_id: int, now: dt.datetime) -> None:
    mine = await _bad_tokens_since(session, now - BAD_TOKEN_WINDOW_PERSON, user_id)
    if mine >= MAX_BAD_TOKENS_PER_PERSON:
        raise CaseError("invite_slow_down")
    if await _bad_tokens_since(session, now - BAD_TOKEN_WINDOW_OVERALL) >= MAX_BAD_TOKENS_OVERALL:
        raise CaseError("invite_slow_down")


async def prove_token(
    session: AsyncSession, token: str, user_id: int, now: dt.datetime
) -> tuple[Invitation, str]:
    """The invitation a link's token opens for this person, and the proof to keep in their
    conversation state. A wrong token (or another person's personal invitation) is counted
    and answered "not found"; too many wrong ones answer "slow down" whatever the token."""
    await _refuse_when_throttled(session, user_id, now)
    invitation = await invitation_by_token(session, token)
    if invitation is None or invitation.for_user_id not in (None, user_id):
        session.add(AuditEvent(actor_id=user_id, action=BAD_TOKEN_ACTION, created_at=now))
        await session.flush()
        raise CaseError("invite_unknown")
    await check_invitation(session, invitation, user_id, now)
    return invitation, _TOKEN_PROOF + invitation.token_hash


async def prove_personal(
    session: AsyncSession, invitation_id: int, user_id: int, now: dt.datetime
) -> tuple[Invitation, str]:
    """An invitation made for this very person (a family answering a match): who they are is
    the proof. Any other id gets the same answer as a wrong token."""
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None or invitation.for_user_id != user_id:
        raise CaseError("invite_unknown")
    await check_invitation(session, invitation, user_id, now)
    return invitation, _PERSONAL_PROOF + str(invitation.id)


async def proven_invitation(session: AsyncSession, proof: str, user_id: int) -> Invitation:
    """The invitation behind a proof kept in the person's state, re-checked."""
    invitation: Invitation | None = None
    if proof.startswith(_TOKEN_PROOF):
        invitation = await session.scalar(
            select(Invitation).where(Invitation.token_hash == proof.removeprefix(_TOKEN_PROOF))
        )
        if invitation is not None and invitation.for_user_id not in (None, user_id):
            invitation = None
    elif proof.startswith(_PERSONAL_PROOF) and re.fullmatch(r"[0-9]{1,15}", proof[2:]):
        invitation = await session.get(Invitation, int(proof[2:]))
        if invitation is not None and invitation.for_user_id != user_id:
            invitation = None
    if invitation is None:
        raise CaseError("invite_unknown")
    return invitation


async def revoke_invitation(
    session: AsyncSession, case: Case, invitation_id: int, now: dt.datetime
) -> None:
    invitation = await row_in_case(session, Invitation, invitation_id, case.id)
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
    proof: str,
    user_id: int,
    relation: str,
    tg_name: str,
    now: dt.datetime,
) -> CaseMember:
    """Use the invitation the person proved (once, atomically) and ask the owner and
    volunteer to approve. ``proof`` comes from :func:`prove_token` or :func:`prove_personal`."""
    invitation = await check_invitation(
        session, await proven_invitation(session, proof, user_id), user_id, now
    )
    claimed = await session.execute(
        update(Invitation)
        .where(Invitation.id == invitation.id, *UNUSED)
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
    key = f"case:{case.id}:join:{member.id}:{invitation.id}"
    await notify.point(
        session, notify.managers(case), notify.KIND_JOIN_REQUEST, member.id, key, now
    )
    return member
