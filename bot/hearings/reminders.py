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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, and_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

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

_Item = TypeVar("_Item", Hearing, Deadline)


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


class _Message(NamedTuple):
    """One outbox row to queue (see :func:`outbox.enqueue`)."""

    chat_id: int
    kind: str
    payload: dict[str, Any]
    due_at: dt.datetime
    dedup_key: str


async def _queue(
    session: AsyncSession, messages: Iterable[_Message], now: dt.datetime, *, revive: bool = False
) -> int:
    """Queue ``messages``; returns how many were new. With ``revive`` a row this person
    cancelled (by muting, or by dropping an offset) comes back instead of being skipped."""
    queued = 0
    for message in messages:
        queued += await outbox.enqueue(
            session,
            chat_id=message.chat_id,
            kind=message.kind,
            payload=message.payload,
            due_at=message.due_at,
            dedup_key=message.dedup_key,
            now=now,
            revive=revive,
        )
    return queued


def _listening(
    members: Iterable[int], muted_by_case: set[int], prefs: dict[int, Prefs], case_id: int
) -> list[int]:
    """The members who get the case's reminders: neither they nor the case muted them."""
    return [u for u in members if u not in muted_by_case and not prefs[u].muted(case_id)]


async def _audience(
    session: AsyncSession, case_id: int, only_user: int | None
) -> tuple[list[int], list[int], dict[int, Prefs]]:
    """The case's recipients (only ``only_user`` of them when given), those of them who
    get its reminders, and their preferences."""
    users = await access.recipients(session, case_id)
    if only_user is not None:
        users = [u for u in users if u == only_user]
    prefs = await prefs_for(session, users)
    muted = await member_muted(session, case_id)
    return users, _listening(users, muted, prefs, case_id), prefs


def reminder_key(hearing: Hearing, user_id: int, offset: int) -> str:
    return f"hearing:{hearing.id}:r{hearing.revision}:{user_id}:{offset}"


def _hearing_reminders(
    hearing: Hearing, user_id: int, offsets: Iterable[int], now: dt.datetime
) -> Iterator[_Message]:
    """One person's reminders of this hearing revision whose time has not passed."""
    for offset in offsets:
        due = hearing.starts_at - dt.timedelta(minutes=offset)
        if due > now:
            payload = {"h": hearing.id, "r": hearing.revision, "o": offset}
            key = reminder_key(hearing, user_id, offset)
            yield _Message(user_id, KIND_REMINDER, payload, due, key)


def _deadline_reminders(deadline: Deadline, user_id: int, now: dt.datetime) -> Iterator[_Message]:
    """One person's reminders of this deadline revision whose time has not passed."""
    for days, due in deadline_reminder_times(deadline.due_date, deadline.tz):
        if due > now:
            payload = {"d": deadline.id, "r": deadline.revision, "days": days}
            key = f"deadline:{deadline.id}:r{deadline.revision}:{user_id}:d{days}"
            yield _Message(user_id, KIND_DEADLINE_REMINDER, payload, due, key)


async def schedule_hearing(
    session: AsyncSession, hearing: Hearing, now: dt.datetime, *, replan_for: int | None = None
) -> int:
    """Queue this revision's reminders and the after-hearing question; returns how many
    reminders were queued. Reminders whose time has passed are skipped, not sent late.
    ``replan_for``: only that person's, after they changed their preferences; reminders
    they had cancelled come back."""
    if hearing.status != HearingStatus.SCHEDULED:
        return 0
    users, listening, prefs = await _audience(session, hearing.case_id, replan_for)
    queued = await _queue(
        session,
        (
            message
            for user_id in listening
            for message in _hearing_reminders(hearing, user_id, prefs[user_id].offsets, now)
        ),
        now,
        revive=replan_for is not None,
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
    due = max(hearing.starts_at + FOLLOWUP_DELAY, now)
    for user_id in dict.fromkeys(askers):
        assert user_id is not None
        await _ask(session, hearing, user_id, due, now)


async def _ask(
    session: AsyncSession,
    hearing: Hearing,
    user_id: int,
    due_at: dt.datetime,
    now: dt.datetime,
    *,
    again: bool = False,
) -> None:
    """Queue the after-hearing question (``again``: the second time of asking)."""
    payload: dict[str, Any] = {"h": hearing.id, "r": hearing.revision}
    key = f"hfollow:{hearing.id}:r{hearing.revision}:{user_id}"
    if again:
        payload["again"] = True
        key += ":again"
    await _queue(session, [_Message(user_id, KIND_FOLLOWUP, payload, due_at, key)], now)


async def ask_again(
    session: AsyncSession, hearing: Hearing, user_id: int, now: dt.datetime
) -> None:
    """ "Don't know yet": ask once more a day later."""
    await _ask(session, hearing, user_id, now + FOLLOWUP_AGAIN, now, again=True)


async def cancel_hearing_messages(session: AsyncSession, hearing_id: int) -> int:
    """Cancel pending reminders and questions of every revision of this hearing."""
    count = await outbox.cancel(session, f"hearing:{hearing_id}:")
    return count + await outbox.cancel(session, f"hfollow:{hearing_id}:")


async def _tell_others(
    session: AsyncSession,
    case_id: int,
    actor_id: int | None,
    kind: str,
    payload: dict[str, Any],
    dedup_prefix: str,
    now: dt.datetime,
) -> int:
    """Queue a notice, due now, to every member and the volunteer of the case except whoever
    did it; each one's dedup key is ``dedup_prefix:<user>``."""
    users = await access.recipients(session, case_id)
    return await _queue(
        session,
        (
            _Message(user_id, kind, payload, now, f"{dedup_prefix}:{user_id}")
            for user_id in users
            if user_id != actor_id
        ),
        now,
    )


async def notify_hearing(
    session: AsyncSession,
    hearing: Hearing,
    event: str,
    actor_id: int | None,
    now: dt.datetime,
) -> int:
    """Tell every member and the volunteer (except whoever did it) what changed."""
    payload = {"h": hearing.id, "r": hearing.revision, "e": event, "by": actor_id}
    prefix = f"hnotice:{hearing.id}:r{hearing.revision}"
    return await _tell_others(
        session, hearing.case_id, actor_id, KIND_NOTICE, payload, prefix, now
    )


async def schedule_deadline(
    session: AsyncSession, deadline: Deadline, now: dt.datetime, *, replan_for: int | None = None
) -> int:
    if deadline.status != DeadlineStatus.ACTIVE or not deadline.remind:
        return 0
    _users, listening, _prefs = await _audience(session, deadline.case_id, replan_for)
    return await _queue(
        session,
        (m for user_id in listening for m in _deadline_reminders(deadline, user_id, now)),
        now,
        revive=replan_for is not None,
    )


async def notify_deadline(
    session: AsyncSession, deadline: Deadline, actor_id: int | None, now: dt.datetime
) -> int:
    payload = {"d": deadline.id, "r": deadline.revision, "by": actor_id}
    prefix = f"dnotice:{deadline.id}:r{deadline.revision}"
    return await _tell_others(
        session, deadline.case_id, actor_id, KIND_DEADLINE_NOTICE, payload, prefix, now
    )


async def cancel_deadline_messages(session: AsyncSession, deadline_id: int) -> int:
    return await outbox.cancel(session, f"deadline:{deadline_id}:")


def _hearing_ahead(now: dt.datetime) -> ColumnElement[bool]:
    """A scheduled hearing that has not started."""
    return and_(Hearing.status == HearingStatus.SCHEDULED, Hearing.starts_at > now)


def _deadline_ahead(now: dt.datetime) -> ColumnElement[bool]:
    """An active deadline whose last day has not ended."""
    return and_(Deadline.status == DeadlineStatus.ACTIVE, Deadline.due_at > now)


async def _of_cases(
    session: AsyncSession,
    entity: type[_Item],
    case_ids: Iterable[int],
    condition: ColumnElement[bool],
    order: InstrumentedAttribute[Any],
) -> list[_Item]:
    """The cases' hearings or deadlines that meet ``condition``, in ``order``."""
    ids = list(case_ids)
    if not ids:
        return []
    query = select(entity).where(entity.case_id.in_(ids), condition).order_by(order)
    return list(await session.scalars(query))


async def upcoming_hearings(
    session: AsyncSession, case_ids: Iterable[int], now: dt.datetime
) -> list[Hearing]:
    return await _of_cases(session, Hearing, case_ids, _hearing_ahead(now), Hearing.starts_at)


async def active_deadlines(
    session: AsyncSession, case_ids: Iterable[int], now: dt.datetime
) -> list[Deadline]:
    return await _of_cases(session, Deadline, case_ids, _deadline_ahead(now), Deadline.due_date)


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
        await schedule_hearing(session, hearing, now, replan_for=user_id)
    for deadline in deadlines:
        await schedule_deadline(session, deadline, now, replan_for=user_id)


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
            select(Hearing).where(_hearing_ahead(now), Hearing.starts_at <= horizon)
        )
    )
    deadlines = list(
        await session.scalars(
            select(Deadline).where(
                _deadline_ahead(now), Deadline.remind.is_(True), Deadline.due_at <= horizon
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
    wanted: dict[str, _Message] = {}
    for hearing in hearings:
        members, muted = audiences[hearing.case_id]
        for user_id in _listening(members, muted, prefs, hearing.case_id):
            offsets = prefs[user_id].offsets
            for message in _hearing_reminders(hearing, user_id, offsets, now):
                wanted[message.dedup_key] = message
    for deadline in deadlines:
        members, muted = audiences[deadline.case_id]
        for user_id in _listening(members, muted, prefs, deadline.case_id):
            for message in _deadline_reminders(deadline, user_id, now):
                wanted[message.dedup_key] = message
    existing = set(
        await session.scalars(
            select(OutboxMessage.dedup_key).where(
                OutboxMessage.kind.in_((KIND_REMINDER, KIND_DEADLINE_REMINDER)),
                OutboxMessage.due_at > now,
                OutboxMessage.due_at <= horizon,
            )
        )
    )
    return await _queue(session, (m for key, m in wanted.items() if key not in existing), now)
