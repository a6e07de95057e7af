"""Who hears about what happens in a case, queued through the outbox (no Telegram here).

Payloads never carry names, places or update text: they point at a row (an event, a member,
a match) and the renderer in ``bot/handlers/case_notices.py`` decrypts it at send time, in the
recipient's language, after checking the recipient may still see the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.cases.models import Case, CaseMember, MemberStatus

KIND_EVENT = "case_event"  # {"event_id"}: an update, a status change, someone joined ...
KIND_JOIN_REQUEST = "case_join_request"  # {"member_id"}: approve or reject
KIND_MATCH = "case_match"  # {"match_id"}: to the family that was there first
KIND_MATCH_INVITE = "case_match_invite"  # {"match_id"}: to the person who is looking
KIND_NOTICE = "case_notice"  # a plain localised message (default renderer)
# The kinds whose payload names one row, and the key that names it.
ROW_KEYS = {
    KIND_EVENT: "event_id",
    KIND_JOIN_REQUEST: "member_id",
    KIND_MATCH: "match_id",
    KIND_MATCH_INVITE: "match_id",
}


async def family_recipients(
    session: AsyncSession,
    case: Case,
    *,
    exclude: set[int] | frozenset[int] = frozenset(),
    skip_muted: bool = True,
    with_volunteer: bool = True,
) -> list[int]:
    """Active members (minus muted ones) and the case volunteer, without ``exclude``."""
    stmt = select(CaseMember.user_id).where(
        CaseMember.case_id == case.id, CaseMember.status == MemberStatus.ACTIVE
    )
    if skip_muted:
        stmt = stmt.where(CaseMember.muted.is_(False))
    ids = list((await session.scalars(stmt.order_by(CaseMember.joined_at))).all())
    if with_volunteer and case.volunteer_id is not None and case.volunteer_id not in ids:
        ids.append(case.volunteer_id)
    return [i for i in ids if i not in exclude]


def managers(case: Case) -> list[int]:
    """Who decides on join requests and matches: the owner and the case volunteer."""
    return [i for i in (case.owner_id, case.volunteer_id) if i is not None]


async def send(
    session: AsyncSession,
    *,
    recipients: list[int],
    kind: str,
    payload: dict[str, Any],
    key: str,
    now: dt.datetime,
) -> None:
    for user_id in dict.fromkeys(recipients):
        await outbox.enqueue(
            session,
            chat_id=user_id,
            kind=kind,
            payload=payload,
            due_at=now,
            dedup_key=f"{key}:{user_id}",
            now=now,
        )


async def point(
    session: AsyncSession,
    recipients: list[int],
    kind: str,
    row_id: int,
    key: str,
    now: dt.datetime,
) -> None:
    """A notification of one of the ``ROW_KEYS`` kinds, pointing at row ``row_id``."""
    payload = {ROW_KEYS[kind]: row_id}
    await send(session, recipients=recipients, kind=kind, payload=payload, key=key, now=now)


async def tell(
    session: AsyncSession,
    user_id: int,
    l10n: str,
    case_id: int,
    key: str,
    now: dt.datetime,
    *,
    open_button: bool = True,
) -> None:
    """A plain notice (:func:`notice`) to one person, deduplicated by ``key``."""
    payload = notice(l10n, case_id, open_button=open_button)
    await send(session, recipients=[user_id], kind=KIND_NOTICE, payload=payload, key=key, now=now)


def notice(key: str, case_id: int, *, open_button: bool = True, **args: Any) -> dict[str, Any]:
    """A ``case_notice`` payload: a Fluent key with harmless arguments and an Open button."""
    payload: dict[str, Any] = {"l10n": key, "args": {"case": case_id, **args}}
    if open_button:
        payload["buttons"] = [
            [{"t": "cases-btn-open", "args": {"case": case_id}, "cb": f"cs:open:{case_id}:0"}]
        ]
    return payload
