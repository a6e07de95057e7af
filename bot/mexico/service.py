"""The Mexico section's rules: profiles, programme progress, the emergency circle and the
crossing watch. Telegram-free; messages go out through the outbox with dedup keys, so a
restart or a second run of a job never sends anything twice."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import secrets
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.mexico.models import (
    CircleMember,
    CircleStatus,
    CrossingWatch,
    MexicoProfile,
    StepProgress,
    StepStatus,
    WatchStatus,
)
from bot.mexico.programme import Programme, Step
from bot.mexico.signup import CITY_ZONES, Locator, MexicoError, SignupData
from bot.models import AuditEvent, OutboxMessage, User
from bot.outbox import enqueue

INVITE_TTL = dt.timedelta(days=7)
MAX_OPEN_INVITES = 5
EVENING_HOUR = 19

KIND_STEP = "mx_step"
KIND_CHANGED = "mx_changed"
KIND_EVE = "mx_eve"
KIND_ASK = "mx_ask"
KIND_ALARM = "mx_alarm"
KIND_CLEAR = "mx_clear"  # a late check-in or "I'm safe": the alarm is over


# ---- profile -----------------------------------------------------------------------------


def _seal(vault: Vault, value: object | None) -> str | None:
    return None if value is None else vault.encrypt(json.dumps(value, ensure_ascii=False))


def _open(vault: Vault, value: str | None) -> object | None:
    return None if value is None else json.loads(vault.decrypt(value))


async def save_profile(
    session: AsyncSession, vault: Vault, user_id: int, data: SignupData, now: dt.datetime
) -> MexicoProfile:
    if not data.city:
        raise MexicoError("bad-city")
    profile = await session.get(MexicoProfile, user_id)
    if profile is None:
        profile = MexicoProfile(user_id=user_id, consent_at=now, created_at=now, updated_at=now)
        session.add(profile)
    profile.city = data.city
    profile.city_other_enc = _seal(vault, data.city_other) if data.city_other else None
    profile.party_enc = _seal(vault, {"adults": data.adults, "children": data.children}) or ""
    profile.languages = list(data.languages)
    profile.helper_enc = _seal(vault, data.helper) if data.helper else None
    profile.planned_on_enc = _seal(vault, data.planned_on.isoformat()) if data.planned_on else None
    profile.locator_enc = _seal(vault, data.locator.to_dict()) if data.locator else None
    profile.share = list(data.share)
    profile.case_mode = data.case_mode
    profile.consent_at = now
    profile.updated_at = now
    await session.flush()
    return profile


def open_profile(vault: Vault, profile: MexicoProfile) -> SignupData:
    party = _open(vault, profile.party_enc) or {}
    assert isinstance(party, dict)
    planned = _open(vault, profile.planned_on_enc)
    locator = _open(vault, profile.locator_enc)
    return SignupData(
        city=profile.city,
        city_other=str(_open(vault, profile.city_other_enc) or "") or None,
        adults=int(party.get("adults", 1)),
        children=[int(a) for a in party.get("children", [])],
        languages=list(profile.languages),
        helper=str(_open(vault, profile.helper_enc) or "") or None,
        planned_on=dt.date.fromisoformat(str(planned)) if planned else None,
        locator=Locator.from_dict(locator) if isinstance(locator, dict) else None,
        share=list(profile.share),
        case_mode=profile.case_mode,
    )


async def get_profile(session: AsyncSession, user_id: int) -> MexicoProfile | None:
    return await session.get(MexicoProfile, user_id)


def zone_of(profile: MexicoProfile, user: User | None) -> str:
    if user is not None and user.timezone:
        return user.timezone
    return CITY_ZONES.get(profile.city, "America/Mexico_City")


async def forget(session: AsyncSession, user_id: int) -> None:
    """/forget, or "delete my form": the profile, progress, watches, the circle in both
    directions (as owner or member, invitations included), every outbox message about their
    watches (alarms and all-clears to relatives and the desk name them) and the volunteers'
    audit entries about them. A family case a relative opened from an alarm stays theirs."""
    watch_ids = list(
        await session.scalars(select(CrossingWatch.id).where(CrossingWatch.user_id == user_id))
    )
    rows = list(
        await session.scalars(
            select(CircleMember.id).where(
                (CircleMember.owner_id == user_id) | (CircleMember.member_id == user_id)
            )
        )
    )
    prefixes = [f"mx:{kind}:{w}:" for w in watch_ids for kind in ("eve", "ask", "alarm", "clear")]
    prefixes += [f"mx:joined:{row}" for row in rows]
    for prefix in prefixes:
        await session.execute(
            delete(OutboxMessage).where(
                OutboxMessage.dedup_key.startswith(prefix, autoescape=True)
                if prefix.endswith(":")
                else OutboxMessage.dedup_key == prefix
            )
        )
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.dedup_key.startswith(f"mx:step:{user_id}:"))
    )
    await session.execute(
        delete(OutboxMessage).where(OutboxMessage.dedup_key.startswith(f"mx:chg:{user_id}:"))
    )
    await session.execute(
        update(AuditEvent)
        .where(AuditEvent.object_type == "mexico", AuditEvent.object_id == str(user_id))
        .values(object_id=None)
    )
    await session.execute(delete(StepProgress).where(StepProgress.user_id == user_id))
    await session.execute(delete(CrossingWatch).where(CrossingWatch.user_id == user_id))
    await session.execute(delete(CircleMember).where(CircleMember.id.in_(rows)))
    await session.execute(delete(MexicoProfile).where(MexicoProfile.user_id == user_id))


# ---- the programme -----------------------------------------------------------------------


async def progress(session: AsyncSession, user_id: int) -> dict[str, StepProgress]:
    rows = await session.scalars(select(StepProgress).where(StepProgress.user_id == user_id))
    return {row.step_id: row for row in rows}


def done_count(programme: Programme, states: dict[str, StepProgress]) -> int:
    return sum(
        1 for s in programme.steps if s.id in states and states[s.id].status == StepStatus.DONE
    )


def remaining(programme: Programme, states: dict[str, StepProgress]) -> list[Step]:
    return [
        s for s in programme.steps if s.id not in states or states[s.id].status != StepStatus.DONE
    ]


async def mark(
    session: AsyncSession, user_id: int, step: Step, status: StepStatus, now: dt.datetime
) -> None:
    row = await session.get(StepProgress, (user_id, step.id))
    if row is None:
        row = StepProgress(user_id=user_id, step_id=step.id)
        session.add(row)
    row.status = status
    row.version = step.version
    row.updated_at = now
    await session.flush()


async def _send_step(session: AsyncSession, user_id: int, step: Step, now: dt.datetime) -> bool:
    queued = await enqueue(
        session,
        chat_id=user_id,
        kind=KIND_STEP,
        payload={"step": step.id},
        due_at=now,
        dedup_key=f"mx:step:{user_id}:{step.id}",
        now=now,
    )
    if await session.get(StepProgress, (user_id, step.id)) is None:
        session.add(
            StepProgress(
                user_id=user_id,
                step_id=step.id,
                status=StepStatus.SENT,
                version=step.version,
                updated_at=now,
            )
        )
    return queued


async def send_all(
    session: AsyncSession, programme: Programme, user_id: int, now: dt.datetime
) -> int:
    """Everything not yet sent, at once (the person asked for it)."""
    states = await progress(session, user_id)
    sent = 0
    for step in programme.steps:
        if step.id not in states:
            sent += await _send_step(session, user_id, step, now)
    return sent


async def daily(session: AsyncSession, programme: Programme, now: dt.datetime) -> int:
    """The daily card: for everyone not paused whose local hour has come and who got nothing
    today, the next step never sent; and a note about steps changed since they were done."""
    sent = 0
    profiles = list(await session.scalars(select(MexicoProfile)))
    for profile in profiles:
        user = await session.get(User, profile.user_id)
        if user is None or user.blocked_at is not None:
            continue
        states = await progress(session, profile.user_id)
        sent += await _changed(session, programme, profile.user_id, states, now)
        if profile.paused:
            continue
        local = now.astimezone(ZoneInfo(zone_of(profile, user)))
        if local.hour < profile.step_hour or profile.last_step_on == local.date():
            continue
        step = next((s for s in programme.steps if s.id not in states), None)
        if step is None:
            continue
        sent += await _send_step(session, profile.user_id, step, now)
        profile.last_step_on = local.date()
    return sent


async def _changed(
    session: AsyncSession,
    programme: Programme,
    user_id: int,
    states: dict[str, StepProgress],
    now: dt.datetime,
) -> int:
    told = 0
    for step in programme.steps:
        state = states.get(step.id)
        if state is None or state.status != StepStatus.DONE or state.version == step.version:
            continue
        told += await enqueue(
            session,
            chat_id=user_id,
            kind=KIND_CHANGED,
            payload={"step": step.id},
            due_at=now,
            dedup_key=f"mx:chg:{user_id}:{step.id}:{step.version}",
            now=now,
        )
        state.version = step.version
    return told


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
