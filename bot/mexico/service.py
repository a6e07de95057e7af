"""The Mexico section's rules: profiles, programme progress, the emergency circle and the
crossing watch. Telegram-free; messages go out through the outbox with dedup keys, so a
restart or a second run of a job never sends anything twice.

Here: profiles and programme progress. The emergency circle: ``bot/mexico/circle.py``; the
crossing watch and the family case after an alarm: ``bot/mexico/watch.py``. Their names are
re-exported here, so ``service.invite`` or ``service.sweep`` work as before."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.crypto import Vault
from bot.mexico.circle import (
    INVITE_TTL,
    MAX_OPEN_INVITES,
    accept,
    audit_read,
    circle,
    hash_token,
    helped_by,
    invitation,
    invite,
    remove_member,
)
from bot.mexico.models import (
    CircleMember,
    CrossingWatch,
    MexicoProfile,
    StepProgress,
    StepStatus,
)
from bot.mexico.programme import Programme, Step
from bot.mexico.signup import CITY_ZONES, Locator, MexicoError, SignupData
from bot.mexico.watch import (
    EVENING_HOUR,
    KIND_ALARM,
    KIND_ASK,
    KIND_CLEAR,
    KIND_EVE,
    active_watch,
    cancel_watch,
    check_in,
    checks_done,
    first_relative,
    open_family_case,
    start_watch,
    sweep,
)
from bot.models import AuditEvent, OutboxMessage, User
from bot.outbox import enqueue

# What bot/mexico/circle.py and bot/mexico/watch.py define (before the split, here) stays
# importable from here, next to this module's own names.
__all__ = [
    "EVENING_HOUR",
    "INVITE_TTL",
    "KIND_ALARM",
    "KIND_ASK",
    "KIND_CHANGED",
    "KIND_CLEAR",
    "KIND_EVE",
    "KIND_STEP",
    "MAX_OPEN_INVITES",
    "accept",
    "active_watch",
    "audit_read",
    "cancel_watch",
    "check_in",
    "checks_done",
    "circle",
    "daily",
    "done_count",
    "first_relative",
    "forget",
    "get_profile",
    "hash_token",
    "helped_by",
    "invitation",
    "invite",
    "mark",
    "open_family_case",
    "open_profile",
    "progress",
    "remaining",
    "remove_member",
    "save_profile",
    "send_all",
    "start_watch",
    "sweep",
    "zone_of",
]

KIND_STEP = "mx_step"
KIND_CHANGED = "mx_changed"


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
