"""Reminders, change notices and after-hearing questions, queued in the outbox.

Everything here runs inside the caller's transaction, so a reminder exists exactly when the
hearing it belongs to was committed. Dedup keys make every step idempotent:

* ``hearing:<id>:r<revision>:<user>:<offset minutes>``  a hearing reminder
* ``hnotice:<id>:r<revision>:<user>``                   "a hearing was added/changed"
* ``hfollow:<id>:r<revision>:<user>``                   "what happened at the hearing?"
* ``deadline:<id>:r<revision>:<user>:d<days>``          a deadline reminder
* ``dnotice:<id>:r<revision>:<user>``                   "a deadline was added"

A change bumps the revision: pending rows of older revisions are cancelled here, and the
renderers treat any row whose revision is not current as moot, so an old time is never
sent. Messages are rendered at send time (language, time zone, current details).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.cases.models import Case, CaseMember
from bot.hearings import access
from bot.hearings.models import (
    Deadline,
    DeadlineStatus,
    Hearing,
    HearingStatus,
    ReminderPrefs,
)
from bot.hearings.rules import deadline_reminder_times
from bot.models import OutboxMessage, OutboxStatus

KIND_REMINDER = "hearing_reminder"
KIND_NOTICE = "hearing_notice"
KIND_FOLLOWUP = "hearing_followup"
KIND_DEADLINE_REMINDER = "deadline_reminder"
KIND_DEADLINE_NOTICE = "deadline_notice"
KINDS: tuple[str, ...] = (
    KIND_REMINDER,
    KIND_NOTICE,
    KIND_FOLLOWUP,
    KIND_DEADLINE_REMINDER,
    KIND_DEADLINE_NOTICE,
)

DAY = 24 * 60
DEFAULT_OFFSETS: tuple[int, ...] = (7 * DAY, DAY, 180)  # minutes before the hearing
OFFSET_CHOICES: tuple[int, ...] = (14 * DAY, 7 * DAY, 3 * DAY, 2 * DAY, DAY, 720, 180, 60)
FOLLOWUP_DELAY = dt.timedelta(hours=4)
FOLLOWUP_AGAIN = dt.timedelta(hours=24)
# The reconcile job looks this far ahead (the longest offset a person can choose, and a day).
RECONCILE_WINDOW = dt.timedelta(minutes=max(OFFSET_CHOICES)) + dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Prefs:
    offsets: tuple[int, ...]
    muted_cases: frozenset[int]

    def muted(self, case_id: int) -> bool:
        return case_id in self.muted_cases


DEFAULT_PREFS = Prefs(DEFAULT_OFFSETS, frozenset())


async def prefs_for(session: AsyncSession, user_ids: Iterable[int]) -> dict[int, Prefs]:
    ids = list(user_ids)
    out = dict.fromkeys(ids, DEFAULT_PREFS)
    if not ids:
        return out
    for row in await session.scalars(select(ReminderPrefs).where(ReminderPrefs.user_id.in_(ids))):
        offsets = tuple(sorted({int(o) for o in row.offsets if int(o) > 0}, reverse=True))
        out[row.user_id] = Prefs(offsets, frozenset(int(c) for c in row.muted_cases))
    return out


async def member_muted(session: AsyncSession, case_id: int) -> set[int]:
    """Members who muted the whole case in the cases feature (``CaseMember.muted``)."""
    rows = await session.scalars(
        select(CaseMember.user_id).where(CaseMember.case_id == case_id, CaseMember.muted.is_(True))
    )
    return set(rows)


async def save_prefs(
    session: AsyncSession,
    user_id: int,
    now: dt.datetime,
    *,
    offsets: Iterable[int] | None = None,
    mute: int | None = None,
    unmute: int | None = None,
) -> Prefs:
    """Change one person's preferences and re-plan their pending reminders."""
    row = await session.get(ReminderPrefs, user_id)
    if row is None:
        row = ReminderPrefs(
            user_id=user_id, offsets=list(DEFAULT_OFFSETS), muted_cases=[], updated_at=now
        )
        session.add(row)
    if offsets is not None:
        row.offsets = sorted({int(o) for o in offsets if int(o) > 0}, reverse=True)
    muted = set(row.muted_cases)
    if mute is not None:
        muted.add(mute)
    if unmute is not None:
        muted.discard(unmute)
    row.muted_cases = sorted(muted)
    row.updated_at = now
    await session.flush()
    await replan_user(session, user_id, now)
    return (await prefs_for(session, [user_id]))[user_id]


async def toggle_offset(
    session: AsyncSession, user_id: int, minutes: int, now: dt.datetime
) -> bool:
    """Turn one reminder offset on or off; False, and nothing saved, when that would leave
    no reminder at all."""
    offsets = set((await prefs_for(session, [user_id]))[user_id].offsets) ^ {minutes}
    if not offsets:
        return False
    await save_prefs(session, user_id, now, offsets=offsets)
    return True


async def toggle_mute(
    session: AsyncSession, user_id: int, case_id: int, now: dt.datetime, *, mute_only: bool
) -> str:
    """Mute or unmute a case's reminders for one person: ``muted``, ``unmuted``, or
    ``already-muted`` when ``mute_only`` (the button under a reminder) finds it muted; a
    second press there must not unmute."""
    if (await prefs_for(session, [user_id]))[user_id].muted(case_id):
        if mute_only:
            return "already-muted"
        await save_prefs(session, user_id, now, unmute=case_id)
        return "unmuted"
    await save_prefs(session, user_id, now, mute=case_id)
    return "muted"


def superseded(
    starts_at: dt.datetime, offset: int, offsets: Iterable[int], now: dt.datetime
) -> bool:
    """After downtime several reminders of one hearing may be due at once: only the closest
    to the hearing goes out (it says how long is really left)."""
    return any(
        later < offset and starts_at - dt.timedelta(minutes=later) <= now for later in offsets
    )


async def _enqueue(
    session: AsyncSession,
    *,
    chat_id: int,
    kind: str,
    payload: dict[str, Any],
    due_at: dt.datetime,
    dedup_key: str,
    now: dt.datetime,
    revive: bool = False,
) -> bool:
    """``outbox.enqueue``; with ``revive`` a row this person cancelled (by muting, or by
    dropping an offset) comes back instead of being skipped. Sent rows never do."""
    if not revive:
        return await outbox.enqueue(
            session,
            chat_id=chat_id,
            kind=kind,
            payload=payload,
            due_at=due_at,
            dedup_key=dedup_key,
            now=now,
        )
    stmt = outbox.upsert_insert(session, OutboxMessage).values(
        dedup_key=dedup_key,
        chat_id=chat_id,
        kind=kind,
        payload=payload,
        due_at=due_at,
        status=OutboxStatus.PENDING,
        attempts=0,
        created_at=now,
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=["dedup_key"],
        set_={
            "status": OutboxStatus.PENDING,
            "due_at": due_at,
            "attempts": 0,
            "claimed_at": None,
            "last_error": None,
        },
        where=OutboxMessage.status == OutboxStatus.CANCELLED,
    )
    result = await session.execute(stmt)
    return bool(getattr(result, "rowcount", 0))


def reminder_key(hearing: Hearing, user_id: int, offset: int) -> str:
    return f"hearing:{hearing.id}:r{hearing.revision}:{user_id}:{offset}"


async def schedule_hearing(
    session: AsyncSession,
    hearing: Hearing,
    now: dt.datetime,
    *,
    only_users: Iterable[int] | None = None,
    revive: bool = False,
) -> int:
    """Queue this revision's reminders and the after-hearing question; returns how many
    reminders were queued. Reminders whose time has passed are skipped, not sent late."""
    if hearing.status != HearingStatus.SCHEDULED:
        return 0
    users = await access.recipients(session, hearing.case_id)
    if only_users is not None:
        wanted = set(only_users)
        users = [u for u in users if u in wanted]
    prefs = await prefs_for(session, users)
    muted = await member_muted(session, hearing.case_id)
    queued = 0
    for user_id in users:
        pref = prefs[user_id]
        if pref.muted(hearing.case_id) or user_id in muted:
            continue
        for offset in pref.offsets:
            due = hearing.starts_at - dt.timedelta(minutes=offset)
            if due <= now:
                continue
            queued += await _enqueue(
                session,
                chat_id=user_id,
                kind=KIND_REMINDER,
                payload={"h": hearing.id, "r": hearing.revision, "o": offset},
                due_at=due,
                dedup_key=reminder_key(hearing, user_id, offset),
                now=now,
                revive=revive,
            )
    await _schedule_followup(session, hearing, users, now)
    return queued


async def _schedule_followup(
    session: AsyncSession, hearing: Hearing, users: list[int], now: dt.datetime
) -> None:
    """Ask the person who added the hearing and the volunteer what happened."""
    case = await session.get(Case, hearing.case_id)
    askers = [u for u in (hearing.created_by, case.volunteer_id if case else None) if u in users]
    if not askers and users:
        owner = case.owner_id if case else None
        askers = [owner] if owner in users else users[:1]
    due = hearing.starts_at + FOLLOWUP_DELAY
    for user_id in dict.fromkeys(askers):
        assert user_id is not None
        await outbox.enqueue(
            session,
            chat_id=user_id,
            kind=KIND_FOLLOWUP,
            payload={"h": hearing.id, "r": hearing.revision},
            due_at=max(due, now),
            dedup_key=f"hfollow:{hearing.id}:r{hearing.revision}:{user_id}",
            now=now,
        )


async def ask_again(
    session: AsyncSession, hearing: Hearing, user_id: int, now: dt.datetime
) -> None:
    """ "Don't know yet": ask once more a day later."""
    await outbox.enqueue(
        session,
        chat_id=user_id,
        kind=KIND_FOLLOWUP,
        payload={"h": hearing.id, "r": hearing.revision, "again": True},
        due_at=now + FOLLOWUP_AGAIN,
        dedup_key=f"hfollow:{hearing.id}:r{hearing.revision}:{user_id}:again",
        now=now,
    )


async def cancel_hearing_messages(session: AsyncSession, hearing_id: int) -> int:
    """Cancel pending reminders and questions of every revision of this hearing."""
    count = await outbox.cancel(session, f"hearing:{hearing_id}:")
    return count + await outbox.cancel(session, f"hfollow:{hearing_id}:")


async def notify_hearing(
    session: AsyncSession,
    hearing: Hearing,
    event: str,
    actor_id: int | None,
    now: dt.datetime,
) -> int:
    """Tell every member and the volunteer (except whoever did it) what changed."""
    users = await access.recipients(session, hearing.case_id)
    sent = 0
    for user_id in users:
        if user_id == actor_id:
            continue
        sent += await outbox.enqueue(
            session,
            chat_id=user_id,
            kind=KIND_NOTICE,
            payload={"h": hearing.id, "r": hearing.revision, "e": event, "by": actor_id},
            due_at=now,
            dedup_key=f"hnotice:{hearing.id}:r{hearing.revision}:{user_id}",
            now=now,
        )
    return sent


async def schedule_deadline(
    session: AsyncSession,
    deadline: Deadline,
    now: dt.datetime,
    *,
    only_users: Iterable[int] | None = None,
    revive: bool = False,
) -> int:
    if deadline.status != DeadlineStatus.ACTIVE or not deadline.remind:
        return 0
    users = await access.recipients(session, deadline.case_id)
    if only_users is not None:
        wanted = set(only_users)
        users = [u for u in users if u in wanted]
    prefs = await prefs_for(session, users)
    muted = await member_muted(session, deadline.case_id)
    queued = 0
    for user_id in users:
        if prefs[user_id].muted(deadline.case_id) or user_id in muted:
            continue
        for days, due in deadline_reminder_times(deadline.due_date, deadline.tz):
            if due <= now:
                continue
            queued += await _enqueue(
                session,
                chat_id=user_id,
                kind=KIND_DEADLINE_REMINDER,
                payload={"d": deadline.id, "r": deadline.revision, "days": days},
                due_at=due,
                dedup_key=f"deadline:{deadline.id}:r{deadline.revision}:{user_id}:d{days}",
                now=now,
                revive=revive,
            )
    return queued


async def notify_deadline(
    session: AsyncSession, deadline: Deadline, actor_id: int | None, now: dt.datetime
) -> int:
    sent = 0
    for user_id in await access.recipients(session, deadline.case_id):
        if user_id == actor_id:
            continue
        sent += await outbox.enqueue(
            session,
            chat_id=user_id,
            kind=KIND_DEADLINE_NOTICE,
            payload={"d": deadline.id, "r": deadline.revision, "by": actor_id},
            due_at=now,
            dedup_key=f"dnotice:{deadline.id}:r{deadline.revision}:{user_id}",
            now=now,
        )
    return sent


async def cancel_deadline_messages(session: AsyncSession, deadline_id: int) -> int:
    return await outbox.cancel(session, f"deadline:{deadline_id}:")


async def upcoming_hearings(
    session: AsyncSession, case_ids: Iterable[int], now: dt.datetime
) -> list[Hearing]:
    ids = list(case_ids)
    if not ids:
        return []
    rows = await session.scalars(
        select(Hearing)
        .where(
            Hearing.case_id.in_(ids),
            Hearing.status == HearingStatus.SCHEDULED,
            Hearing.starts_at > now,
        )
        .order_by(Hearing.starts_at)
    )
    return list(rows)


async def active_deadlines(
    session: AsyncSession, case_ids: Iterable[int], now: dt.datetime
) -> list[Deadline]:
    ids = list(case_ids)
    if not ids:
        return []
    rows = await session.scalars(
        select(Deadline)
        .where(
            Deadline.case_id.in_(ids),
            Deadline.status == DeadlineStatus.ACTIVE,
            Deadline.due_at > now,
        )
        .order_by(Deadline.due_date)
    )
    return list(rows)


async def replan_user(session: AsyncSession, user_id: int, now: dt.datetime) -> None:
    """After a preference change: cancel this person's reminders that no longer fit and
    queue (or bring back) the ones that do."""
    case_ids = await access.user_case_ids(session, user_id)
    pref = (await prefs_for(session, [user_id]))[user_id]
    muted = {c for c in case_ids if pref.muted(c)}
    wanted: set[str] = set()
    hearings = await upcoming_hearings(session, case_ids, now)
    for hearing in hearings:
        if hearing.case_id in muted:
            continue
        wanted.update(reminder_key(hearing, user_id, o) for o in pref.offsets)
    deadlines = await active_deadlines(session, case_ids, now)
    pending = await session.execute(
        select(OutboxMessage.id, OutboxMessage.dedup_key, OutboxMessage.kind).where(
            OutboxMessage.chat_id == user_id,
            OutboxMessage.status == OutboxStatus.PENDING,
            OutboxMessage.kind.in_((KIND_REMINDER, KIND_DEADLINE_REMINDER)),
        )
    )
    muted_deadlines = {f"deadline:{d.id}:" for d in deadlines if d.case_id in muted}
    stale = [
        row_id
        for row_id, key, kind in pending
        if (kind == KIND_REMINDER and key not in wanted)
        or (kind == KIND_DEADLINE_REMINDER and any(key.startswith(p) for p in muted_deadlines))
    ]
    if stale:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(stale))
            .values(status=OutboxStatus.CANCELLED)
        )
    for hearing in hearings:
        await schedule_hearing(session, hearing, now, only_users=[user_id], revive=True)
    for deadline in deadlines:
        await schedule_deadline(session, deadline, now, only_users=[user_id], revive=True)


async def sync_case(session: AsyncSession, case_id: int, now: dt.datetime) -> int:
    """Queue whatever is missing for the case's current members (a relative who just
    joined, a volunteer who just took the case). Safe to call any time: dedup keys keep
    it from sending anything twice."""
    queued = 0
    for hearing in await upcoming_hearings(session, [case_id], now):
        queued += await schedule_hearing(session, hearing, now)
    for deadline in await active_deadlines(session, [case_id], now):
        queued += await schedule_deadline(session, deadline, now)
    return queued


async def reconcile(session: AsyncSession, now: dt.datetime) -> int:
    """The periodic safety net for membership changes: queue the reminders that should
    exist for everyone now in a case with a hearing or deadline in the reminder window.

    Done in bulk (a few queries whatever the number of cases) and inserting only what is
    missing, so it never holds SQLite's write lock long enough to delay the sender.
    Rows cancelled on purpose (mute, a dropped offset) exist, so they are not brought back.
    """
    horizon = now + RECONCILE_WINDOW
    hearings = list(
        await session.scalars(
            select(Hearing).where(
                Hearing.status == HearingStatus.SCHEDULED,
                Hearing.starts_at > now,
                Hearing.starts_at <= horizon,
            )
        )
    )
    deadlines = list(
        await session.scalars(
            select(Deadline).where(
                Deadline.status == DeadlineStatus.ACTIVE,
                Deadline.remind.is_(True),
                Deadline.due_at > now,
                Deadline.due_at <= horizon,
            )
        )
    )
    if not hearings and not deadlines:
        return 0
    audiences = await access.audiences(
        session, {h.case_id for h in hearings} | {d.case_id for d in deadlines}
    )
    users = {u for members, _muted in audiences.values() for u in members}
    prefs = await prefs_for(session, users)
    wanted: dict[str, tuple[int, str, dict[str, Any], dt.datetime]] = {}
    for hearing in hearings:
        members, muted = audiences[hearing.case_id]
        for user_id in members:
            if user_id in muted or prefs[user_id].muted(hearing.case_id):
                continue
            for offset in prefs[user_id].offsets:
                due = hearing.starts_at - dt.timedelta(minutes=offset)
                if due > now:
                    payload = {"h": hearing.id, "r": hearing.revision, "o": offset}
                    key = reminder_key(hearing, user_id, offset)
                    wanted[key] = (user_id, KIND_REMINDER, payload, due)
    for deadline in deadlines:
        members, muted = audiences[deadline.case_id]
        for user_id in members:
            if user_id in muted or prefs[user_id].muted(deadline.case_id):
                continue
            for days, due in deadline_reminder_times(deadline.due_date, deadline.tz):
                if due > now:
                    payload = {"d": deadline.id, "r": deadline.revision, "days": days}
                    key = f"deadline:{deadline.id}:r{deadline.revision}:{user_id}:d{days}"
                    wanted[key] = (user_id, KIND_DEADLINE_REMINDER, payload, due)
    existing = set(
        await session.scalars(
            select(OutboxMessage.dedup_key).where(
                OutboxMessage.kind.in_((KIND_REMINDER, KIND_DEADLINE_REMINDER)),
                OutboxMessage.due_at > now,
                OutboxMessage.due_at <= horizon,
            )
        )
    )
    queued = 0
    for key, (user_id, kind, payload, due) in wanted.items():
        if key in existing:
            continue
        queued += await outbox.enqueue(
            session,
            chat_id=user_id,
            kind=kind,
            payload=payload,
            due_at=due,
            dedup_key=key,
            now=now,
        )
    return queued
