"""What an alarm says: the action plan built from the data the person shared, Telegram-free.

The renderer (bot/handlers/mexico/outbox.py) turns an :class:`AlarmPlan` into text in each
recipient's language and time zone; this module decides what may be shown to whom. Only what
the person ticked at sign-up ("locator", "date", "city") is ever included; whether children
were travelling is always included, because the plan's ORR step depends on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.mexico.models import CircleMember, CircleStatus, CrossingWatch, MexicoProfile
from bot.mexico.signup import Locator
from bot.models import User, Volunteer, VolunteerStatus

DESK_AREA = "mexico"


@dataclass(frozen=True, slots=True)
class AlarmPlan:
    watch_id: int
    locator: Locator | None  # shared only
    city: str | None  # a CITIES code, shared only
    city_other: str | None
    crossing_at: dt.datetime | None  # shared only (with the place)
    place: str | None
    watch_tz: str
    due_at: dt.datetime  # the check-in that was missed
    last_checkin_at: dt.datetime | None
    children: int  # how many children were travelling
    case_id: int | None
    offer_case: bool  # the person chose "offer": relatives get a button to open the case


def plan(vault: Vault, watch: CrossingWatch, profile: MexicoProfile | None) -> AlarmPlan:
    from bot.mexico.service import open_profile

    data = open_profile(vault, profile) if profile is not None else None
    share = set(data.share) if data is not None else set()
    shows_date = "date" in share
    return AlarmPlan(
        watch_id=watch.id,
        locator=data.locator if data is not None and "locator" in share else None,
        city=data.city if data is not None and "city" in share else None,
        city_other=data.city_other if data is not None and "city" in share else None,
        crossing_at=watch.crossing_at if shows_date else None,
        place=vault.decrypt_opt(watch.place_enc) if shows_date else None,
        watch_tz=watch.tz,
        due_at=watch.next_check_at,
        last_checkin_at=watch.last_checkin_at,
        children=len(data.children) if data is not None else 0,
        case_id=watch.case_id,
        offer_case=profile is not None and profile.case_mode == "offer" and watch.case_id is None,
    )


async def in_circle(session: AsyncSession, owner_id: int, user_id: int) -> CircleMember | None:
    row: CircleMember | None = await session.scalar(
        select(CircleMember).where(
            CircleMember.owner_id == owner_id,
            CircleMember.member_id == user_id,
            CircleMember.status == CircleStatus.ACTIVE,
        )
    )
    return row


async def desk_volunteers(session: AsyncSession) -> list[int]:
    """Approved volunteers who cover Mexico, not away and not blocked the bot."""
    rows = await session.execute(
        select(Volunteer.user_id, Volunteer.areas)
        .join(User, User.id == Volunteer.user_id)
        .where(
            Volunteer.status == VolunteerStatus.APPROVED,
            Volunteer.away.is_(False),
            User.blocked_at.is_(None),
        )
        .order_by(Volunteer.created_at)
    )
    return [user_id for user_id, areas in rows if DESK_AREA in (areas or [])]


async def desk(session: AsyncSession, admin_ids: frozenset[int]) -> frozenset[int]:
    """Who on the desk hears an alarm: the volunteers covering Mexico and the admins."""
    return frozenset(await desk_volunteers(session)) | admin_ids


async def may_hear(
    session: AsyncSession, watch: CrossingWatch, user_id: int, admin_ids: frozenset[int]
) -> bool:
    """At send time: the recipient is still in the circle, an admin, or an approved volunteer."""
    if await in_circle(session, watch.user_id, user_id) is not None:
        return True
    if user_id in admin_ids:
        return True
    volunteer = await session.get(Volunteer, user_id)
    return volunteer is not None and volunteer.status == VolunteerStatus.APPROVED
