"""Adding, changing, cancelling hearings; outcomes; deadlines. Telegram-free.

Every function runs in the caller's transaction and keeps the outbox in step: a change
bumps the revision, cancels what was queued for the old one, queues the new reminders and
tells the other members. Authorisation is the caller's job (``access.can_access``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.crypto import Vault
from bot.errors import DomainError
from bot.hearings import access, reminders
from bot.hearings.dates import to_instant
from bot.hearings.models import (
    Deadline,
    DeadlineStatus,
    Hearing,
    HearingStatus,
    Outcome,
)
from bot.hearings.rules import DeadlineSpec
from bot.models import AuditEvent
from bot.places import Place, Places

MAX_NOTES = 1000
MAX_PLACE_TEXT = 200


class HearingError(DomainError):
    """A change that cannot be made; ``code`` names the explanation to show
    (``hearings-error-<code>``, rendered by the kit's error handler)."""

    domain = "hearings"


class NoAccess(HearingError):
    """A hearing, deadline or case this person may not see, or that does not exist: the two
    are refused alike, so forged callback data learns nothing."""

    def __init__(self, *, end_flow: bool = False) -> None:
        super().__init__("no-access", end_flow=end_flow)

    @property
    def key(self) -> str:
        return "hearings-no-access"


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A shipped court or facility (``id``), or another place typed by hand (``text``)."""

    id: str | None = None
    text: str | None = None

    def encode(self, vault: Vault) -> str:
        data = {"id": self.id} if self.id else {"text": (self.text or "")[:MAX_PLACE_TEXT]}
        return vault.encrypt(json.dumps(data, ensure_ascii=False))

    @classmethod
    def decode(cls, vault: Vault, token: str) -> PlaceRef:
        data: dict[str, Any] = json.loads(vault.decrypt(token))
        return cls(id=data.get("id"), text=data.get("text"))

    def resolve(self, places: Places) -> Place | None:
        return places.get(self.id) if self.id else None


def local_iso(local: dt.datetime) -> str:
    return local.strftime("%Y-%m-%dT%H:%M")


def parse_local(value: str) -> dt.datetime:
    """The court's wall-clock time (naive on purpose: the zone is the hearing's ``tz``)."""
    return dt.datetime.fromisoformat(value)


def _instant(local: dt.datetime, tz: str) -> dt.datetime:
    instant = to_instant(local, tz)
    if instant is None:
        raise HearingError("nonexistent")
    return instant


async def audit(
    session: AsyncSession, actor_id: int | None, action: str, kind: str, obj: int, now: dt.datetime
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor_id, action=action, object_type=kind, object_id=str(obj), created_at=now
        )
    )


async def audit_read(
    session: AsyncSession, user_id: int, case_id: int, what: str, obj: int, now: dt.datetime
) -> None:
    """Volunteers' (and admins') reads of a family's data are audited; members' are not."""
    if user_id not in await access.recipients(session, case_id) or await access.is_case_volunteer(
        session, case_id, user_id
    ):
        await audit(session, user_id, f"{what}.view", what, obj, now)


def outcome_problem(hearing: Hearing, now: dt.datetime) -> str | None:
    """Why an outcome cannot be recorded yet (``already``, ``too-early``), or None.
    An outcome only follows a hearing that was still scheduled and has begun."""
    if hearing.status != HearingStatus.SCHEDULED:
        return "already"
    if hearing.starts_at > now:
        return "too-early"
    return None


async def add_hearing(
    session: AsyncSession,
    vault: Vault,
    *,
    case_id: int,
    person_id: int | None,
    place: PlaceRef,
    tz: str,
    local_start: dt.datetime,
    kind: str,
    mode: str,
    notes: str | None,
    actor_id: int | None,
    now: dt.datetime,
) -> Hearing:
    starts_at = _instant(local_start, tz)
    if starts_at <= now:
        raise HearingError("past")
    hearing = Hearing(
        case_id=case_id,
        person_id=person_id,
        place_enc=place.encode(vault),
        tz=tz,
        local_start=local_iso(local_start),
        starts_at=starts_at,
        kind=kind,
        mode=mode,
        notes_enc=vault.encrypt(notes[:MAX_NOTES]) if notes else None,
        status=HearingStatus.SCHEDULED,
        revision=1,
        created_by=actor_id,
        created_at=now,
        updated_by=actor_id,
        updated_at=now,
    )
    session.add(hearing)
    await session.flush()
    await reminders.schedule_hearing(session, hearing, now)
    await reminders.notify_hearing(session, hearing, "added", actor_id, now)
    await audit(session, actor_id, "hearing.add", "hearing", hearing.id, now)
    return hearing


async def _new_revision(
    session: AsyncSession,
    hearing: Hearing,
    event: str,
    action: str,
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> Hearing:
    """Save a changed hearing as a new revision: what was queued for the old one is
    cancelled, reminders are queued while it is still scheduled, the others are told
    ``event``, and ``hearing.<action>`` is audited."""
    hearing.revision += 1
    await session.flush()
    await reminders.cancel_hearing_messages(session, hearing.id)
    await reminders.schedule_hearing(session, hearing, now)  # nothing once it is not scheduled
    await reminders.notify_hearing(session, hearing, event, actor_id, now)
    await audit(session, actor_id, f"hearing.{action}", "hearing", hearing.id, now)
    return hearing


_UNSET: Any = object()


async def change_hearing(
    session: AsyncSession,
    vault: Vault,
    hearing: Hearing,
    *,
    actor_id: int | None,
    now: dt.datetime,
    local_start: dt.datetime | None = None,
    place: PlaceRef | None = None,
    tz: str | None = None,
    kind: str | None = None,
    mode: str | None = None,
    notes: str | None = _UNSET,
) -> Hearing:
    """Edit or reschedule: a new revision, new reminders, everyone told."""
    if hearing.status != HearingStatus.SCHEDULED and local_start is None:
        raise HearingError("not-scheduled")
    event = "changed"
    new_tz = tz or hearing.tz
    new_local = local_start or parse_local(hearing.local_start)
    if local_start is not None or tz is not None:
        starts_at = _instant(new_local, new_tz)
        if starts_at <= now:
            raise HearingError("past")
        if local_start is not None and starts_at != hearing.starts_at:
            event = "postponed"
        hearing.starts_at = starts_at
        hearing.local_start = local_iso(new_local)
        hearing.tz = new_tz
    if place is not None:
        hearing.place_enc = place.encode(vault)
    if kind is not None:
        hearing.kind = kind
    if mode is not None:
        hearing.mode = mode
    if notes is not _UNSET:
        hearing.notes_enc = vault.encrypt(notes[:MAX_NOTES]) if notes else None
    hearing.status = HearingStatus.SCHEDULED
    hearing.outcome = None
    hearing.updated_by = actor_id
    hearing.updated_at = now
    return await _new_revision(session, hearing, event, event, actor_id=actor_id, now=now)


async def cancel_hearing(
    session: AsyncSession, hearing: Hearing, *, actor_id: int | None, now: dt.datetime
) -> Hearing:
    if hearing.status == HearingStatus.CANCELLED:
        raise HearingError("already-cancelled")
    hearing.status = HearingStatus.CANCELLED
    hearing.updated_by = actor_id
    hearing.updated_at = now
    return await _new_revision(session, hearing, "cancelled", "cancel", actor_id=actor_id, now=now)


async def record_outcome(
    session: AsyncSession,
    hearing: Hearing,
    outcome: Outcome,
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> Hearing:
    """What happened at a hearing that took place (a postponement goes through
    :func:`change_hearing` with the new date instead)."""
    if outcome == Outcome.UNKNOWN:
        if actor_id is not None:
            await reminders.ask_again(session, hearing, actor_id, now)
        return hearing
    hearing.status = HearingStatus.HELD
    hearing.outcome = outcome
    hearing.outcome_by = actor_id
    hearing.outcome_at = now
    return await _new_revision(
        session, hearing, f"outcome-{outcome}", f"outcome.{outcome}", actor_id=actor_id, now=now
    )


async def add_deadline(
    session: AsyncSession,
    spec: DeadlineSpec,
    *,
    case_id: int,
    person_id: int | None,
    hearing_id: int | None,
    actor_id: int | None,
    now: dt.datetime,
) -> Deadline:
    """Record a computed deadline (once: the same one reported twice is the same row)."""
    existing = await session.scalar(
        select(Deadline).where(
            Deadline.case_id == case_id,
            Deadline.person_id == person_id
            if person_id is not None
            else Deadline.person_id.is_(None),
            Deadline.kind == spec.kind,
            Deadline.due_date == spec.due_date,
            Deadline.status == DeadlineStatus.ACTIVE,
        )
    )
    if existing is not None:
        return existing
    deadline = Deadline(
        case_id=case_id,
        person_id=person_id,
        hearing_id=hearing_id,
        kind=spec.kind,
        due_date=spec.due_date,
        due_at=spec.due_at,
        tz=spec.tz,
        alt_due_date=spec.alt_due_date,
        rule_key=spec.rule_key,
        source=spec.source,
        inputs=spec.inputs,
        status=DeadlineStatus.ACTIVE,
        revision=1,
        remind=spec.remind,
        created_by=actor_id,
        created_at=now,
    )
    session.add(deadline)
    await session.flush()
    await reminders.schedule_deadline(session, deadline, now)
    await reminders.notify_deadline(session, deadline, actor_id, now)
    await audit(session, actor_id, f"deadline.add.{spec.kind}", "deadline", deadline.id, now)
    return deadline


async def close_deadline(
    session: AsyncSession,
    deadline: Deadline,
    status: DeadlineStatus,
    *,
    actor_id: int | None,
    now: dt.datetime,
) -> Deadline:
    deadline.status = status
    deadline.revision += 1
    await session.flush()
    await reminders.cancel_deadline_messages(session, deadline.id)
    await audit(session, actor_id, f"deadline.{status}", "deadline", deadline.id, now)
    return deadline


async def forget(session: AsyncSession, user_id: int) -> None:
    """/forget: preferences go; hearings stay with the family's case (created_by is
    cleared by the foreign key), and pending reminders go with the outbox rows."""
    from bot.hearings.models import ReminderPrefs

    prefs = await session.get(ReminderPrefs, user_id)
    if prefs is not None:
        await session.delete(prefs)
        await session.flush()


__all__ = [
    "HearingError",
    "NoAccess",
    "PlaceRef",
    "add_deadline",
    "add_hearing",
    "audit_read",
    "cancel_hearing",
    "change_hearing",
    "close_deadline",
    "forget",
    "outbox",
    "outcome_problem",
    "record_outcome",
]
