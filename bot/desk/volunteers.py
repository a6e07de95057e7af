"""Volunteers: sign-up, the admins' decision, pause / resume / revoke, being away.

Only ``approved`` volunteers reach the desk. A volunteer who is paused or revoked hands their
tickets back to the queue at once, so nobody waits on a person who can no longer answer.
"""

from __future__ import annotations

import datetime as dt
import enum
import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVarTuple

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.desk import notify
from bot.desk.policy import AREAS, LANGUAGES, DeskPolicy
from bot.models import AuditEvent, User, Volunteer, VolunteerStatus

Row = TypeVarTuple("Row")

MAX_NAME = 32


class Decision(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    PAUSE = "pause"
    RESUME = "resume"
    REVOKE = "revoke"
    REINSTATE = "reinstate"  # a revoked volunteer trusted again


# Which status each decision needs before it, and leaves after it.
TRANSITIONS: dict[Decision, tuple[frozenset[str], VolunteerStatus]] = {
    Decision.APPROVE: (frozenset({VolunteerStatus.PENDING}), VolunteerStatus.APPROVED),
    Decision.REJECT: (frozenset({VolunteerStatus.PENDING}), VolunteerStatus.REJECTED),
    Decision.PAUSE: (frozenset({VolunteerStatus.APPROVED}), VolunteerStatus.PAUSED),
    Decision.RESUME: (frozenset({VolunteerStatus.PAUSED}), VolunteerStatus.APPROVED),
    Decision.REVOKE: (
        frozenset({VolunteerStatus.APPROVED, VolunteerStatus.PAUSED, VolunteerStatus.PENDING}),
        VolunteerStatus.REVOKED,
    ),
    Decision.REINSTATE: (frozenset({VolunteerStatus.REVOKED}), VolunteerStatus.APPROVED),
}


# What each button of the sign-up form may carry ("show": show the name to people or not).
FORM_CHOICES: dict[str, frozenset[str]] = {
    "lang": frozenset(LANGUAGES),
    "area": frozenset(AREAS),
    "show": frozenset({"0", "1"}),
}


def valid_choice(kind: str, value: str) -> bool:
    return value in FORM_CHOICES.get(kind, frozenset())


def toggled(chosen: Sequence[str], value: str) -> list[str]:
    """A multiple choice after one more press: a chosen value is dropped, a new one added."""
    return [c for c in chosen if c != value] if value in chosen else [*chosen, value]


def clean_name(raw: str) -> str | None:
    """A display name: one line, printable, at most ``MAX_NAME`` characters."""
    name = " ".join(raw.split())
    if not name or len(name) > MAX_NAME or name.startswith("/"):
        return None
    if not any(ch.isalpha() for ch in name):
        return None
    return name


async def get(session: AsyncSession, user_id: int) -> Volunteer | None:
    return await session.get(Volunteer, user_id)


async def approved(session: AsyncSession, user_id: int) -> Volunteer | None:
    """The volunteer row when this person may use the desk now (away or not)."""
    row = await session.get(Volunteer, user_id, populate_existing=True)
    if row is None or row.status != VolunteerStatus.APPROVED:
        return None
    return row


@dataclass(frozen=True, slots=True)
class SignUp:
    """A filled-in volunteer form."""

    user_id: int
    name: str
    languages: Sequence[str]
    areas: Sequence[str]
    show_name: bool


async def sign_up(
    session: AsyncSession, policy: DeskPolicy, form: SignUp, now: dt.datetime
) -> Volunteer | None:
    """Store the request and ask the admins; None when this person already has a row that
    a new form must not overwrite (approved, paused, revoked)."""
    user_id, name, show_name = form.user_id, form.name, form.show_name
    languages = [code for code in LANGUAGES if code in set(form.languages)]
    areas = [area for area in AREAS if area in set(form.areas)]
    if not languages or not areas or clean_name(name) is None:
        raise ValueError("incomplete volunteer form")
    row = await session.get(Volunteer, user_id)
    if row is not None and row.status not in {VolunteerStatus.PENDING, VolunteerStatus.REJECTED}:
        return None
    if row is None:
        row = Volunteer(user_id=user_id, created_at=now)
        session.add(row)
    row.display_name = name
    row.languages = languages
    row.areas = areas
    row.show_name = show_name
    row.status = VolunteerStatus.PENDING
    row.away = False
    row.decided_by = None
    row.decided_at = None
    await session.flush()
    session.add(
        AuditEvent(
            actor_id=user_id,
            action="volunteer.apply",
            object_type="volunteer",
            object_id=str(user_id),
            created_at=now,
        )
    )
    stamp = int(now.timestamp())
    await notify.admins(
        session,
        policy,
        "vol-admin-request",
        now=now,
        dedup=f"vol-request:{user_id}:{stamp}",
        # The languages and areas go as codes, named in each admin's own language.
        args={"name": html.escape(name)},
        lists={"languages": ["vol-lang", *languages], "areas": ["desk-cat", *areas]},
        kb="signup",
        ref=user_id,
    )
    return row


async def decide(
    session: AsyncSession,
    *,
    target_id: int,
    decision: Decision,
    admin_id: int,
    now: dt.datetime,
    policy: DeskPolicy,
) -> Volunteer | None:
    """Apply an admin's decision; None when it no longer fits the volunteer's status (another
    admin decided first, or a forged button)."""
    from bot.desk import tickets  # tickets imports this module

    row = await session.get(Volunteer, target_id, populate_existing=True)
    before, after = TRANSITIONS[decision]
    if row is None or row.status not in before:
        return None
    row.status = after
    row.decided_by = admin_id
    row.decided_at = now
    session.add(
        AuditEvent(
            actor_id=admin_id,
            action=f"volunteer.{decision.value}",
            object_type="volunteer",
            object_id=str(target_id),
            created_at=now,
        )
    )
    await session.flush()
    if after in {VolunteerStatus.PAUSED, VolunteerStatus.REVOKED}:
        await tickets.release_all(session, target_id, now, policy, reason="volunteer_gone")
    key = {
        Decision.APPROVE: "vol-approved",
        Decision.REJECT: "vol-rejected",
        Decision.PAUSE: "vol-paused",
        Decision.RESUME: "vol-resumed",
        Decision.REVOKE: "vol-revoked",
        Decision.REINSTATE: "vol-resumed",
    }[decision]
    await notify.info(
        session,
        target_id,
        key,
        now=now,
        dedup=f"vol-decision:{target_id}:{decision.value}:{int(now.timestamp())}",
    )
    return row


async def may_see_queue(session: AsyncSession, user_id: int, *, is_admin: bool) -> bool:
    """Admins watch the queue too (taking a ticket still needs an approved volunteer)."""
    return is_admin or await approved(session, user_id) is not None


async def set_away(session: AsyncSession, user_id: int, away: bool) -> Volunteer | None:
    row = await approved(session, user_id)
    if row is not None:
        row.away = away
    return row


async def toggle_away(session: AsyncSession, user_id: int) -> Volunteer | None:
    row = await approved(session, user_id)
    if row is not None:
        row.away = not row.away
    return row


async def set_show_name(session: AsyncSession, user_id: int, show: bool) -> Volunteer | None:
    row = await approved(session, user_id)
    if row is not None:
        row.show_name = show
    return row


async def listing(session: AsyncSession) -> list[Volunteer]:
    order = {
        VolunteerStatus.PENDING: 0,
        VolunteerStatus.APPROVED: 1,
        VolunteerStatus.PAUSED: 2,
        VolunteerStatus.REJECTED: 3,
        VolunteerStatus.REVOKED: 4,
    }
    rows = list(await session.scalars(select(Volunteer)))
    return sorted(rows, key=lambda v: (order.get(VolunteerStatus(v.status), 9), v.created_at))


def on_duty(query: Select[*Row]) -> Select[*Row]:
    """``query`` narrowed to approved volunteers who are not away and have not blocked the
    bot, the longest-serving first."""
    return (
        query.join(User, User.id == Volunteer.user_id)
        .where(
            Volunteer.status == VolunteerStatus.APPROVED,
            Volunteer.away.is_(False),
            User.blocked_at.is_(None),
        )
        .order_by(Volunteer.created_at)
    )


async def available(
    session: AsyncSession,
    *,
    language: str,
    category: str,
    exclude: frozenset[int] = frozenset(),
    widen: bool = False,
) -> list[Volunteer]:
    """Approved, not away, not blocked the bot, reads the language and (unless ``widen``)
    covers the area. Volunteers are few, so JSON lists are filtered here, not in SQL."""
    rows = await session.scalars(on_duty(select(Volunteer)))
    found = []
    for row in rows:
        if row.user_id in exclude or language not in (row.languages or []):
            continue
        if widen or category not in AREAS or category in (row.areas or []):
            found.append(row)
    return found
