"""The Mexico section's crossing watch: the evening reminder, the check-ins, the alarm to the
emergency circle when one is missed, the all-clear, and the family case that follows an
alarm. Telegram-free; messages go out through the outbox with dedup keys, so a restart or a
second run of a job never sends anything twice. Part of the section's rules;
``bot/mexico/service.py`` re-exports these names."""

from __future__ import annotations

import contextlib
import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.mexico.circle import circle
from bot.mexico.models import CrossingWatch, MexicoProfile, WatchStatus
from bot.mexico.signup import MexicoError, SignupData
from bot.models import OutboxMessage
from bot.outbox import enqueue

EVENING_HOUR = 19

KIND_EVE = "mx_eve"
KIND_ASK = "mx_ask"
KIND_ALARM = "mx_alarm"
KIND_CLEAR = "mx_clear"  # a late check-in or "I'm safe": the alarm is over


# ---- the crossing watch ------------------------------------------------------------------


async def active_watch(session: AsyncSession, user_id: int) -> CrossingWatch | None:
    return await session.scalar(
        select(CrossingWatch)
        .where(
            CrossingWatch.user_id == user_id,
            CrossingWatch.status.in_([WatchStatus.ACTIVE, WatchStatus.ALARM]),
        )
        .order_by(CrossingWatch.id.desc())
    )


async def start_watch(
    session: AsyncSession,
    vault: Vault,
    user_id: int,
    *,
    crossing_at: dt.datetime,
    tz: str,
    place: str | None,
    now: dt.datetime,
    interval_hours: int = 12,
    checks: int = 6,
) -> CrossingWatch:
    """Start (or reschedule) the watch: the evening reminder and the check-in questions are
    queued now; a missed check-in is found by :func:`sweep`."""
    if crossing_at <= now:
        raise MexicoError("crossing-past")
    if crossing_at > now + dt.timedelta(days=365):
        raise MexicoError("crossing-far")
    watch = await active_watch(session, user_id)
    if watch is None:
        watch = CrossingWatch(user_id=user_id, created_at=now, revision=0)
        session.add(watch)
    watch.revision += 1
    watch.status = WatchStatus.ACTIVE
    watch.crossing_at = crossing_at
    watch.tz = tz
    watch.place_enc = vault.encrypt(place) if place else None
    watch.interval_hours = interval_hours
    watch.checks = checks
    watch.next_check_at = crossing_at + dt.timedelta(hours=interval_hours)
    watch.last_checkin_at = None
    watch.alarm_at = None
    watch.updated_at = now
    await session.flush()
    zone = ZoneInfo(tz)
    local = crossing_at.astimezone(zone)
    evening = dt.datetime.combine(
        local.date() - dt.timedelta(days=1), dt.time(EVENING_HOUR), tzinfo=zone
    )
    if evening > now:
        await enqueue(
            session,
            chat_id=user_id,
            kind=KIND_EVE,
            payload={"w": watch.id, "rev": watch.revision},
            due_at=evening.astimezone(dt.UTC),
            dedup_key=f"mx:eve:{watch.id}:{watch.revision}",
            now=now,
        )
    await _queue_ask(session, watch, 1, now)
    return watch


async def _queue_ask(
    session: AsyncSession, watch: CrossingWatch, number: int, now: dt.datetime
) -> None:
    await enqueue(
        session,
        chat_id=watch.user_id,
        kind=KIND_ASK,
        payload={"w": watch.id, "rev": watch.revision, "n": number},
        due_at=max(watch.next_check_at, now),
        dedup_key=f"mx:ask:{watch.id}:{watch.revision}:{number}",
        now=now,
    )


def checks_done(watch: CrossingWatch) -> int:
    """How many check-in times have passed since the crossing."""
    step = dt.timedelta(hours=watch.interval_hours)
    return int((watch.next_check_at - watch.crossing_at) / step) - 1


async def check_in(
    session: AsyncSession, watch: CrossingWatch, user_id: int, now: dt.datetime, *, safe: bool
) -> bool:
    """The person says they are OK (or safe: the watch ends). Returns True when an alarm was
    cancelled, so the caller can tell the circle."""
    if watch.user_id != user_id:
        raise MexicoError("not-yours")
    if watch.status not in (WatchStatus.ACTIVE, WatchStatus.ALARM):
        raise MexicoError("watch-over")
    was_alarm = watch.status == WatchStatus.ALARM
    watch.last_checkin_at = now
    watch.updated_at = now
    if safe or checks_done(watch) + 1 >= watch.checks:
        watch.status = WatchStatus.SAFE
    else:
        watch.status = WatchStatus.ACTIVE
        watch.next_check_at = max(now, watch.crossing_at) + dt.timedelta(
            hours=watch.interval_hours
        )
        watch.revision += 1  # questions queued for the old times are moot
        await _queue_ask(session, watch, checks_done(watch) + 1, now)
    if was_alarm or safe:
        await _tell_circle(
            session, watch, KIND_CLEAR, f"mx:clear:{watch.id}:{watch.revision}", now
        )
    return was_alarm


async def cancel_watch(
    session: AsyncSession, watch: CrossingWatch, user_id: int, now: dt.datetime
) -> None:
    if watch.user_id != user_id:
        raise MexicoError("not-yours")
    was_alarm = watch.status == WatchStatus.ALARM
    watch.status = WatchStatus.CANCELLED
    watch.revision += 1
    watch.updated_at = now
    if was_alarm:
        await _tell_circle(
            session, watch, KIND_CLEAR, f"mx:clear:{watch.id}:{watch.revision}", now
        )


async def _tell_circle(
    session: AsyncSession,
    watch: CrossingWatch,
    kind: str,
    key: str,
    now: dt.datetime,
    *,
    desk: frozenset[int] = frozenset(),
) -> int:
    recipients = [m.member_id for m in await circle(session, watch.user_id) if m.member_id]
    if kind == KIND_CLEAR:
        # Everyone who heard an alarm of this watch hears it is over: the desk too.
        alarmed = await session.scalars(
            select(OutboxMessage.chat_id).where(
                OutboxMessage.kind == KIND_ALARM,
                OutboxMessage.dedup_key.startswith(f"mx:alarm:{watch.id}:", autoescape=True),
            )
        )
        recipients += list(alarmed)
    sent = 0
    for chat_id in dict.fromkeys([*recipients, *desk]):
        sent += await enqueue(
            session,
            chat_id=chat_id,
            kind=kind,
            payload={"w": watch.id, "rev": watch.revision},
            due_at=now,
            dedup_key=f"{key}:{chat_id}",
            now=now,
        )
    return sent


async def sweep(
    session: AsyncSession, vault: Vault, now: dt.datetime, *, desk: frozenset[int]
) -> list[CrossingWatch]:
    """Raise the alarm for every watch whose check-in is overdue past its grace period; end
    the watches whose last check-in time passed with everything fine. Idempotent."""
    raised: list[CrossingWatch] = []
    watches = await session.scalars(
        select(CrossingWatch).where(CrossingWatch.status == WatchStatus.ACTIVE)
    )
    for watch in watches.all():
        overdue = now > watch.next_check_at + dt.timedelta(minutes=watch.grace_minutes)
        if not overdue:
            continue
        watch.status = WatchStatus.ALARM
        watch.alarm_at = now
        watch.updated_at = now
        profile = await session.get(MexicoProfile, watch.user_id)
        owner = await first_relative(session, watch.user_id)
        if profile is not None and profile.case_mode == "auto" and owner is not None:
            # Without saved locator data there is no case to open: the plan says what to find.
            with contextlib.suppress(MexicoError):
                await open_family_case(session, vault, watch, owner, now)
        await _tell_circle(
            session, watch, KIND_ALARM, f"mx:alarm:{watch.id}:{watch.revision}", now, desk=desk
        )
        raised.append(watch)
    return raised


# ---- the family case that follows an alarm -----------------------------------------------


async def open_family_case(
    session: AsyncSession,
    vault: Vault,
    watch: CrossingWatch,
    owner_id: int,
    now: dt.datetime,
) -> int:
    """A family case for the person who went silent, with their locator data copied and the
    circle's relatives as members, waiting for a case volunteer. Opened once per watch."""
    from bot.cases import service as cases
    from bot.cases.fields import Location, PersonData
    from bot.cases.models import CaseMember, LocationKind, MemberRole, MemberStatus, VolunteerNeed
    from bot.mexico.service import open_profile  # service re-exports this module: not at the top

    if watch.case_id is not None:
        return watch.case_id
    profile = await session.get(MexicoProfile, watch.user_id)
    data = open_profile(vault, profile) if profile is not None else SignupData()
    locator = data.locator
    if locator is None or not locator.latin_name:
        raise MexicoError("no-locator")
    person = PersonData(
        latin_name=locator.latin_name,
        birth_date=locator.birth_date,
        birth_country=locator.birth_country,
        a_number=locator.a_number,
        location=Location(kind=LocationKind.UNKNOWN),
        detained_on=now.astimezone(ZoneInfo(watch.tz)).date(),
    )
    case, _person = await cases.open_case(session, vault, owner_id, person, now)
    for member in await circle(session, watch.user_id):
        if member.member_id in (None, owner_id) or member.role != "relative":
            continue
        session.add(
            CaseMember(
                case_id=case.id,
                user_id=member.member_id,
                role=MemberRole.MEMBER,
                status=MemberStatus.ACTIVE,
                joined_at=now,
            )
        )
    await cases.request_volunteer(session, case, owner_id, VolunteerNeed.FIND, now)
    watch.case_id = case.id
    await session.flush()
    return case.id


async def first_relative(session: AsyncSession, owner_id: int) -> int | None:
    for member in await circle(session, owner_id):
        if member.role == "relative" and member.member_id is not None:
            return member.member_id
    return None
