"""Hearings, the deadlines that follow them, and each person's reminder preferences.

A hearing keeps the court's wall-clock time (``local_start``, what the notice says) and the
UTC instant it was resolved to with the court's IANA zone (``starts_at``, what reminders are
computed from). Every change bumps ``revision``; reminders and notices carry the revision in
their dedup keys and in their payload, so anything queued for an older revision is moot.

``place_enc`` is a Fernet token of JSON ``{"id": "court:<slug>"}`` (a shipped place) or
``{"text": "..."}`` (another place; then ``tz`` was chosen explicitly). Notes are encrypted.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class HearingKind(enum.StrEnum):
    MASTER = "master"  # master calendar hearing
    INDIVIDUAL = "individual"  # individual (merits) hearing
    BOND = "bond"
    CFR = "cfr"  # immigration judge review of a negative credible fear finding
    OTHER = "other"


class HearingMode(enum.StrEnum):
    IN_PERSON = "in_person"
    VIDEO = "video"
    UNKNOWN = "unknown"


class HearingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"
    HELD = "held"  # it took place and someone said what happened


class Outcome(enum.StrEnum):
    POSTPONED = "postponed"
    DECISION = "decision"
    DHS_APPEALED = "dhs_appealed"
    UNKNOWN = "unknown"


class _OfCase:
    """The first columns of a hearing and a deadline: its case, and whom in it it concerns
    (``sort_order`` keeps them first, as in the migrations)."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-1)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), index=True, sort_order=-1
    )
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_persons.id", ondelete="CASCADE"), index=True, sort_order=-1
    )


class Hearing(_OfCase, Base):
    __tablename__ = "hearings"
    __table_args__ = (Index("ix_hearings_status_starts_at", "status", "starts_at"),)

    place_enc: Mapped[str] = mapped_column(Text)
    tz: Mapped[str] = mapped_column(String(64))
    # The court's wall-clock time as ISO "YYYY-MM-DDTHH:MM" (no zone: it is the court's).
    local_start: Mapped[str] = mapped_column(String(16))
    starts_at: Mapped[dt.datetime]
    kind: Mapped[str] = mapped_column(String(16), default=HearingKind.MASTER)
    mode: Mapped[str] = mapped_column(String(16), default=HearingMode.UNKNOWN)
    notes_enc: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=HearingStatus.SCHEDULED)
    revision: Mapped[int] = mapped_column(default=1)
    outcome: Mapped[str | None] = mapped_column(String(16))
    outcome_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    outcome_at: Mapped[dt.datetime | None]
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime]


class DeadlineKind(enum.StrEnum):
    BIA_APPEAL = "bia_appeal"  # the person's appeal to the BIA (EOIR-26)
    DHS_APPEAL = "dhs_appeal"  # the window in which DHS may appeal a grant
    EOIR33 = "eoir33"  # change of address with the court after a move or release
    ONE_YEAR = "one_year"  # I-589 within one year of the last arrival


class DeadlineStatus(enum.StrEnum):
    ACTIVE = "active"
    DONE = "done"  # filed, or no longer needed
    DISMISSED = "dismissed"


class Deadline(_OfCase, Base):
    """A date something must be filed by, with the rule and inputs it was computed from."""

    __tablename__ = "deadlines"
    __table_args__ = (Index("ix_deadlines_status_due_at", "status", "due_at"),)

    hearing_id: Mapped[int | None] = mapped_column(
        ForeignKey("hearings.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    # The last day, and the end of that day in ``tz`` (what reminders count back from).
    due_date: Mapped[dt.date]
    due_at: Mapped[dt.datetime]
    tz: Mapped[str] = mapped_column(String(64))
    # The later date when the rule is in dispute ("30 days if the 10-day rule is blocked").
    alt_due_date: Mapped[dt.date | None]
    rule_key: Mapped[str] = mapped_column(String(60))
    source: Mapped[str] = mapped_column(Text)
    # What the computation used: {"start": "2027-03-15", "days": 10, "appeal_rule": "both"...}
    inputs: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default=DeadlineStatus.ACTIVE)
    revision: Mapped[int] = mapped_column(default=1)
    remind: Mapped[bool] = mapped_column(default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]


class ReminderPrefs(Base):
    """How early one person wants hearing reminders, and which cases they muted."""

    __tablename__ = "reminder_prefs"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    # Minutes before the hearing.
    offsets: Mapped[list[int]] = mapped_column(JSON, default=list)
    muted_cases: Mapped[list[int]] = mapped_column(JSON, default=list)
    updated_at: Mapped[dt.datetime]
