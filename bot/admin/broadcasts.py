"""Announcements to a segment of users, delivered through the one outbox.

Each recipient gets one outbox row (kind ``broadcast``, dedup key ``bc:<id>:<user>``): the
sender's atomic claims and "sent" marks make delivery exactly-once across restarts and
kills, and its limiter keeps the whole bot within Telegram's rate. Pausing turns the rows
still waiting into ``held`` (the sender never claims those); resuming makes them due again.
Nobody who blocked the bot, has not given consent or turned announcements off is included.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin.models import Broadcast, BroadcastStatus
from bot.cases.models import Case, CaseMember, CaseStatus, MemberStatus
from bot.errors import DomainError
from bot.mexico.models import CITIES, MexicoProfile
from bot.models import OutboxMessage, OutboxStatus, Role, User, Volunteer, VolunteerStatus
from bot.outbox import enqueue

KIND = "broadcast"
MAX_TEXT = 3500  # room for Telegram's 4,096 after entities; captions are checked separately
MAX_CAPTION = 1024
LOCALES = ("ru", "en")


class BroadcastError(DomainError):
    domain = "bc"


class SegmentKind(enum.StrEnum):
    ALL = "all"
    ROLE = "role"
    LANGUAGE = "lang"
    OPEN_CASE = "case"
    VOLUNTEERS = "vol"
    MEXICO = "mexico"


@dataclass(frozen=True, slots=True)
class Segment:
    kind: SegmentKind
    value: str | None = None

    @classmethod
    def parse(cls, data: dict[str, Any]) -> Segment:
        try:
            kind = SegmentKind(str(data.get("kind")))
        except ValueError:
            raise BroadcastError("bad-segment") from None
        value = data.get("value")
        segment = cls(kind, str(value) if value is not None else None)
        if kind == SegmentKind.ROLE and segment.value not in {str(r) for r in Role}:
            raise BroadcastError("bad-segment")
        if kind == SegmentKind.LANGUAGE and segment.value not in LOCALES:
            raise BroadcastError("bad-segment")
        if kind == SegmentKind.MEXICO and segment.value not in (None, *CITIES):
            raise BroadcastError("bad-segment")
        return segment

    def as_dict(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "value": self.value}


def recipients(segment: Segment) -> Select[Any]:
    query = select(User.id).where(
        User.blocked_at.is_(None), User.consent_at.is_not(None), User.announcements.is_(True)
    )
    if segment.kind == SegmentKind.ROLE:
        query = query.where(User.role == segment.value)
    elif segment.kind == SegmentKind.LANGUAGE:
        query = query.where(User.locale == segment.value)
    elif segment.kind == SegmentKind.OPEN_CASE:
        members = (
            select(CaseMember.user_id)
            .join(Case, Case.id == CaseMember.case_id)
            .where(Case.status == CaseStatus.OPEN, CaseMember.status == MemberStatus.ACTIVE)
        )
        query = query.where(User.id.in_(members))
    elif segment.kind == SegmentKind.VOLUNTEERS:
        approved = select(Volunteer.user_id).where(Volunteer.status == VolunteerStatus.APPROVED)
        query = query.where(User.id.in_(approved))
    elif segment.kind == SegmentKind.MEXICO and segment.value is not None:
        # By city: the people in the Mexico programme who wait there.
        in_city = select(MexicoProfile.user_id).where(MexicoProfile.city == segment.value)
        query = query.where(User.id.in_(in_city))
    elif segment.kind == SegmentKind.MEXICO:
        programme = select(MexicoProfile.user_id)
        query = query.where((User.role == Role.SEEKER_MEXICO) | User.id.in_(programme))
    return query.order_by(User.id)


async def count(session: AsyncSession, segment: Segment) -> int:
    total = await session.scalar(select(func.count()).select_from(recipients(segment).subquery()))
    return int(total or 0)


def check_texts(texts: dict[str, str], media: bool) -> dict[str, str]:
    """The texts to send, per locale: at least one, none too long for a message or caption."""
    cleaned = {loc: text.strip() for loc, text in texts.items() if loc in LOCALES and text.strip()}
    if not cleaned:
        raise BroadcastError("no-text")
    limit = MAX_CAPTION if media else MAX_TEXT
    if any(len(text) > limit for text in cleaned.values()):
        raise BroadcastError("caption-too-long" if media else "too-long")
    return cleaned


def text_for(broadcast: Broadcast, locale: str | None) -> str:
    texts = broadcast.texts or {}
    if locale in texts:
        return texts[locale]
    return next(iter(texts.values()), "")


def dedup_prefix(broadcast_id: int) -> str:
    return f"bc:{broadcast_id}:"


def _rows(broadcast_id: int) -> Any:
    return (
        OutboxMessage.kind == KIND,
        OutboxMessage.dedup_key.like(dedup_prefix(broadcast_id) + "%"),
    )


async def start(
    session: AsyncSession,
    *,
    created_by: int,
    segment: Segment,
    texts: dict[str, str],
    media: tuple[str, str] | None,
    now: dt.datetime,
) -> Broadcast:
    """Create the broadcast and queue one outbox row per recipient, in this transaction."""
    cleaned = check_texts(texts, media is not None)
    broadcast = Broadcast(
        created_by=created_by,
        status=BroadcastStatus.SENDING,
        segment=segment.as_dict(),
        texts=cleaned,
        media_kind=media[0] if media else None,
        media_file_id=media[1] if media else None,
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()
    total = 0
    for user_id in await session.scalars(recipients(segment)):
        total += await enqueue(
            session,
            chat_id=user_id,
            kind=KIND,
            payload={"b": broadcast.id},
            due_at=now,
            dedup_key=f"{dedup_prefix(broadcast.id)}{user_id}",
            now=now,
        )
    broadcast.total = total
    if total == 0:
        broadcast.status = BroadcastStatus.DONE
        broadcast.finished_at = now
    return broadcast


async def get(session: AsyncSession, broadcast_id: int) -> Broadcast:
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None:
        raise BroadcastError("not-found")
    return broadcast


async def _move(
    session: AsyncSession, broadcast: Broadcast, statuses: list[OutboxStatus], **values: Any
) -> int:
    """Write ``values`` to the broadcast's outbox rows in one of ``statuses``; how many."""
    result = await session.execute(
        update(OutboxMessage)
        .where(*_rows(broadcast.id), OutboxMessage.status.in_(statuses))
        .values(**values)
    )
    return int(getattr(result, "rowcount", 0) or 0)


async def pause(session: AsyncSession, broadcast: Broadcast) -> int:
    if broadcast.status != BroadcastStatus.SENDING:
        raise BroadcastError("not-sending")
    broadcast.status = BroadcastStatus.PAUSED
    return await _move(session, broadcast, [OutboxStatus.PENDING], status=OutboxStatus.HELD)


async def resume(session: AsyncSession, broadcast: Broadcast, now: dt.datetime) -> int:
    if broadcast.status != BroadcastStatus.PAUSED:
        raise BroadcastError("not-paused")
    broadcast.status = BroadcastStatus.SENDING
    return await _move(
        session, broadcast, [OutboxStatus.HELD], status=OutboxStatus.PENDING, due_at=now
    )


async def cancel(session: AsyncSession, broadcast: Broadcast, now: dt.datetime) -> int:
    if broadcast.status not in (BroadcastStatus.SENDING, BroadcastStatus.PAUSED):
        raise BroadcastError("finished")
    broadcast.status = BroadcastStatus.CANCELLED
    broadcast.finished_at = now
    waiting = [OutboxStatus.PENDING, OutboxStatus.HELD]
    return await _move(session, broadcast, waiting, status=OutboxStatus.CANCELLED)


@dataclass(frozen=True, slots=True)
class Progress:
    total: int
    delivered: int
    blocked: int
    failed: int
    waiting: int  # pending, held or being sent
    cancelled: int

    @property
    def done(self) -> int:
        return self.delivered + self.blocked + self.failed

    def eta_seconds(self, rate_per_second: float) -> int:
        return int(self.waiting / rate_per_second) + (1 if self.waiting else 0)


async def progress(session: AsyncSession, broadcast: Broadcast) -> Progress:
    rows = await session.execute(
        select(OutboxMessage.status, OutboxMessage.last_error, func.count())
        .where(*_rows(broadcast.id))
        .group_by(OutboxMessage.status, OutboxMessage.last_error)
    )
    counts = {"delivered": 0, "blocked": 0, "failed": 0, "waiting": 0, "cancelled": 0}
    for status, error, number in rows:
        if status == OutboxStatus.SENT:
            counts["delivered"] += number
        elif status == OutboxStatus.FAILED:
            counts["blocked" if error == "blocked" else "failed"] += number
        elif status == OutboxStatus.CANCELLED:
            counts["cancelled"] += number
        else:
            counts["waiting"] += number
    return Progress(total=broadcast.total, **counts)


async def finish_if_done(session: AsyncSession, broadcast: Broadcast, now: dt.datetime) -> bool:
    """Mark a sending broadcast done once nothing is waiting; True the first time only."""
    if broadcast.status != BroadcastStatus.SENDING:
        return False
    if (await progress(session, broadcast)).waiting:
        return False
    result = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id, Broadcast.status == BroadcastStatus.SENDING)
        .values(status=BroadcastStatus.DONE, finished_at=now)
    )
    broadcast.status = BroadcastStatus.DONE
    return bool(getattr(result, "rowcount", 0))


async def active(session: AsyncSession) -> list[Broadcast]:
    rows = await session.scalars(
        select(Broadcast)
        .where(Broadcast.status.in_([BroadcastStatus.SENDING, BroadcastStatus.PAUSED]))
        .order_by(Broadcast.id)
    )
    return list(rows.all())
