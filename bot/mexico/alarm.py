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
from bot.desk.volunteers import on_duty
from bot.mexico.models import CircleMember, CircleStatus, CrossingWatch, MexicoProfile
from bot.mexico.signup import Locator
from bot.models import Volunteer, VolunteerStatus

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
    rows = await session.execute(on_duty(select(Volunteer.user_id, Volunteer.areas)))
    return [user_id for user_id, areas in rows if DESK_AREA in (areas or [])]


async def desk(
    session: AsyncSession, admin_ids: frozenset[int], volunteer_chat_id: int | None = None
) -> frozenset[int]:
    """Who on the desk hears an alarm: the admins, and the volunteers' group chat when there is
    one (as for the desk's questions), else each volunteer covering Mexico."""
    if volunteer_chat_id is not None:
        return admin_ids | {volunteer_chat_id}
    return frozenset(await desk_volunteers(session)) | admin_ids


async def may_hear(
    session: AsyncSession,
    watch: CrossingWatch,
    user_id: int,
    admin_ids: frozenset[int],
    volunteer_chat_id: int | None = None,
) -> bool:
    """At send time: the recipient is still in the circle, an admin, the volunteers' chat, or
    an approved volunteer."""
    if await in_circle(session, watch.user_id, user_id) is not None:
        return True
    if user_id in admin_ids or user_id == volunteer_chat_id:
        return True
    volunteer = await session.get(Volunteer, user_id)
    return volunteer is not None and volunteer.status == VolunteerStatus.APPROVED


@dataclass(frozen=True, slots=True)
class Helped:
    """One person a volunteer helps, as the volunteer may see them: progress, the watch, and
    only what the person chose to share with the circle."""

    owner_id: int
    done: int
    watch_status: str | None
    crossing_at: dt.datetime | None  # shared "date" only
    next_check_at: dt.datetime | None
    watch_tz: str | None
    city: str | None  # shared "city" only
    city_other: str | None
    latin_name: str | None  # shared "locator" only
    case_id: int | None


async def helped(
    session: AsyncSession, vault: Vault, volunteer_id: int, programme_ids: tuple[str, ...]
) -> list[Helped]:
    from bot.mexico import service

    out: list[Helped] = []
    for owner in await service.helped_by(session, volunteer_id):
        profile = await session.get(MexicoProfile, owner)
        if profile is None:
            continue
        data = service.open_profile(vault, profile)
        share = set(data.share)
        states = await service.progress(session, owner)
        done = sum(1 for s in programme_ids if s in states and states[s].status == "done")
        watch = await service.active_watch(session, owner)
        out.append(
            Helped(
                owner_id=owner,
                done=done,
                watch_status=str(watch.status) if watch else None,
                crossing_at=watch.crossing_at if watch and "date" in share else None,
                next_check_at=watch.next_check_at if watch else None,
                watch_tz=watch.tz if watch else None,
                city=data.city if "city" in share else None,
                city_other=data.city_other if "city" in share else None,
                latin_name=data.locator.latin_name
                if data.locator and "locator" in share
                else None,
                case_id=watch.case_id if watch else None,
            )
        )
    return out


async def open_alarms(session: AsyncSession) -> list[CrossingWatch]:
    """Alarms not yet cleared: what the desk sees (numbers and times, no personal data)."""
    from bot.mexico.models import WatchStatus

    rows = await session.scalars(
        select(CrossingWatch)
        .where(CrossingWatch.status == WatchStatus.ALARM)
        .order_by(CrossingWatch.alarm_at)
    )
    return list(rows.all())


async def on_desk(session: AsyncSession, user_id: int, *, is_admin: bool) -> bool:
    if is_admin:
        return True
    volunteer = await session.get(Volunteer, user_id)
    return (
        volunteer is not None
        and volunteer.status == VolunteerStatus.APPROVED
        and DESK_AREA in (volunteer.areas or [])
    )
