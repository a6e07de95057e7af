"""Whether a queued hearing or deadline message still applies when it is sent, and to whom.
Telegram-free: the outbox renderers (``bot/handlers/hearings/outbox.py``) ask these and only
build the text.

A message is moot (not sent) when its hearing or deadline changed since it was queued (the
revision moved on), when the recipient left the case, muted it or was muted by the case,
when a shorter reminder they chose is about to come anyway, or when the hearing already
started. Look-ups are memoised in the claimed batch's ``cache`` (a reminder usually goes to
every member of a case at the same minute); :func:`prefetch` fills it for a whole batch in
a handful of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Person
from bot.hearings import access, reminders
from bot.hearings.models import Deadline, DeadlineStatus, Hearing, HearingStatus
from bot.models import OutboxMessage

_Row = TypeVar("_Row")
_Item = TypeVar("_Item", Hearing, Deadline)


class Batch:
    """The decisions for one claimed batch, over its shared ``cache``."""

    def __init__(self, session: AsyncSession, cache: dict[Any, Any], now: dt.datetime) -> None:
        self.session = session
        self.cache = cache
        self.now = now

    async def audience(self, case_id: int) -> tuple[set[int], set[int]]:
        """Who receives the case's hearing messages, and who of them the case muted."""
        key = ("hearings:audience", case_id)
        if key not in self.cache:
            self.cache[key] = (
                set(await access.recipients(self.session, case_id)),
                await reminders.member_muted(self.session, case_id),
            )
        found: tuple[set[int], set[int]] = self.cache[key]
        return found

    async def prefs(self, chat_id: int) -> reminders.Prefs:
        key = ("hearings:prefs", chat_id)
        if key not in self.cache:
            self.cache[key] = (await reminders.prefs_for(self.session, [chat_id]))[chat_id]
        pref: reminders.Prefs = self.cache[key]
        return pref

    async def _get(self, name: str, model: type[_Row], row_id: int) -> _Row | None:
        """``session.get``, memoised as ``("hearings:<name>", id)`` (what :func:`prefetch`
        fills)."""
        key = ("hearings:" + name, row_id)
        if key not in self.cache:
            self.cache[key] = await self.session.get(model, row_id)
        found: _Row | None = self.cache[key]
        return found

    async def person(self, person_id: int | None) -> Person | None:
        if person_id is None:
            return None
        return await self._get("person", Person, person_id)

    async def receives(self, case_id: int, chat_id: int) -> bool:
        return chat_id in (await self.audience(case_id))[0]

    async def not_muted(self, case_id: int, chat_id: int) -> bool:
        muted_by_case = (await self.audience(case_id))[1]
        return not (await self.prefs(chat_id)).muted(case_id) and chat_id not in muted_by_case

    async def _current(
        self, row: OutboxMessage, model: type[_Item], name: str, id_key: str
    ) -> _Item | None:
        """The row's hearing or deadline (its id is ``id_key`` in the payload) as it is now,
        if the row is about this revision."""
        item = await self._get(name, model, int(row.payload.get(id_key, 0)))
        if item is None or item.revision != int(row.payload.get("r", -1)):
            return None
        return item

    async def hearing(self, row: OutboxMessage) -> Hearing | None:
        """The row's hearing as it is now, if the row is about this revision and its
        recipient still receives the case's messages."""
        hearing = await self._current(row, Hearing, "hearing", "h")
        if hearing is None or not await self.receives(hearing.case_id, row.chat_id):
            return None
        return hearing

    async def deadline(self, row: OutboxMessage) -> Deadline | None:
        """Like :meth:`hearing`, for a still active deadline."""
        deadline = await self._current(row, Deadline, "deadline", "d")
        if deadline is None or deadline.status != DeadlineStatus.ACTIVE:
            return None
        if not await self.receives(deadline.case_id, row.chat_id):
            return None
        return deadline

    async def reminder_hearing(self, row: OutboxMessage) -> Hearing | None:
        """The hearing a reminder is about, or None when the reminder is moot: the hearing
        is not scheduled any more or has started, the case is muted, or a reminder the
        person chose closer to the hearing supersedes this one."""
        hearing = await self.hearing(row)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        if hearing.starts_at <= self.now or not await self.not_muted(hearing.case_id, row.chat_id):
            return None
        offsets = (await self.prefs(row.chat_id)).offsets
        offset = int(row.payload.get("o", 0))
        if reminders.superseded(hearing.starts_at, offset, offsets, self.now):
            return None
        return hearing

    async def followup_hearing(self, row: OutboxMessage) -> Hearing | None:
        """ "What happened at the hearing?": only once it started and nobody answered."""
        hearing = await self.hearing(row)
        if hearing is None or hearing.status != HearingStatus.SCHEDULED:
            return None
        return hearing if hearing.starts_at <= self.now else None

    async def reminder_deadline(self, row: OutboxMessage) -> Deadline | None:
        """The deadline a reminder is about, or None once it passed or the case is muted."""
        deadline = await self.deadline(row)
        if deadline is None or deadline.due_at <= self.now:
            return None
        if not await self.not_muted(deadline.case_id, row.chat_id):
            return None
        return deadline


async def _by_id(session: AsyncSession, model: Any, ids: set[int]) -> Mapping[int, Any]:
    if not ids:
        return {}
    return {row.id: row for row in await session.scalars(select(model).where(model.id.in_(ids)))}


async def prefetch(
    session: AsyncSession, rows: Sequence[OutboxMessage], cache: dict[Any, Any]
) -> None:
    """Load a whole claimed batch's hearings, deadlines, people, audiences and preferences
    into ``cache`` in a handful of queries (:class:`Batch` reads them from there)."""
    hearing_ids = {int(r.payload.get("h", 0)) for r in rows if "h" in r.payload}
    deadline_ids = {int(r.payload.get("d", 0)) for r in rows if "d" in r.payload}
    hearings: Mapping[int, Hearing] = await _by_id(session, Hearing, hearing_ids)
    deadlines: Mapping[int, Deadline] = await _by_id(session, Deadline, deadline_ids)
    for hearing_id in hearing_ids:
        cache[("hearings:hearing", hearing_id)] = hearings.get(hearing_id)
    for deadline_id in deadline_ids:
        cache[("hearings:deadline", deadline_id)] = deadlines.get(deadline_id)
    case_ids = {h.case_id for h in hearings.values()} | {d.case_id for d in deadlines.values()}
    for case_id, audience in (await access.audiences(session, case_ids)).items():
        cache[("hearings:audience", case_id)] = audience
    person_ids = {h.person_id for h in hearings.values() if h.person_id is not None}
    for person_id, person in (await _by_id(session, Person, person_ids)).items():
        cache[("hearings:person", person_id)] = person
    chat_ids = {r.chat_id for r in rows}
    for chat_id, pref in (await reminders.prefs_for(session, chat_ids)).items():
        cache[("hearings:prefs", chat_id)] = pref
