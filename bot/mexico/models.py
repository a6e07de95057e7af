"""Tables of the Mexico section. Everything personal is encrypted with the vault (the
``*_enc`` columns); the city code stays readable because broadcasts and statistics count by
city (one of ten large cities, or "other" with the name typed kept encrypted)."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base

CITIES: tuple[str, ...] = (
    "tijuana",
    "mexicali",
    "juarez",
    "reynosa",
    "matamoros",
    "nogales",
    "piedras_negras",
    "nuevo_laredo",
    "cdmx",
    "other",
)


class MexicoProfile(Base):
    __tablename__ = "mexico_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    city: Mapped[str] = mapped_column(String(24))
    city_other_enc: Mapped[str | None] = mapped_column(Text)
    # JSON {"adults": int, "children": [ages]}: who is travelling with them.
    party_enc: Mapped[str] = mapped_column(Text)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    helper_enc: Mapped[str | None] = mapped_column(Text)  # a lawyer or organisation, as typed
    planned_on_enc: Mapped[str | None] = mapped_column(Text)  # ISO date, or nothing ("not yet")
    # JSON {"latin_name", "birth_date", "birth_country"}: what the ICE locator needs.
    locator_enc: Mapped[str | None] = mapped_column(Text)
    # What the emergency circle may see: any of "locator", "date", "city".
    share: Mapped[list[str]] = mapped_column(JSON, default=list)
    # On an alarm: open a family case at once ("auto") or offer it to the circle ("offer").
    case_mode: Mapped[str] = mapped_column(String(8), default="auto")
    consent_at: Mapped[dt.datetime]
    # The programme: a new step a day at this local hour, unless paused.
    step_hour: Mapped[int] = mapped_column(default=10)
    paused: Mapped[bool] = mapped_column(default=False)
    # The local day the last step went out (one a day at most).
    last_step_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class StepStatus(enum.StrEnum):
    SENT = "sent"
    DONE = "done"
    LATER = "later"


class StepProgress(Base):
    __tablename__ = "mexico_steps"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    step_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    status: Mapped[str] = mapped_column(String(8))
    # The content version the person saw when they marked it done (see programme.version).
    version: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[dt.datetime]


class CircleStatus(enum.StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    REVOKED = "revoked"


class CircleMember(Base):
    """Someone in a person's emergency circle, or an invitation not yet used."""

    __tablename__ = "mexico_circle"
    __table_args__ = (Index("ix_mexico_circle_owner", "owner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))  # "relative" | "volunteer"
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    status: Mapped[str] = mapped_column(String(12), default=CircleStatus.INVITED)
    invited_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    joined_at: Mapped[dt.datetime | None]


class WatchStatus(enum.StrEnum):
    ACTIVE = "active"  # waiting for the crossing or for the next check-in
    ALARM = "alarm"  # a check-in was missed: the circle and the desk were told
    SAFE = "safe"  # the person said they are safe: the watch is over
    CANCELLED = "cancelled"


class CrossingWatch(Base):
    """One crossing day and the check-ins after it. ``revision`` grows with every change, so
    queued messages of an older schedule render to nothing."""

    __tablename__ = "mexico_watches"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default=WatchStatus.ACTIVE)
    revision: Mapped[int] = mapped_column(default=1)
    crossing_at: Mapped[dt.datetime]
    tz: Mapped[str] = mapped_column(String(64))
    place_enc: Mapped[str | None] = mapped_column(Text)
    interval_hours: Mapped[int] = mapped_column(default=12)
    checks: Mapped[int] = mapped_column(default=6)  # every 12 hours for 3 days
    grace_minutes: Mapped[int] = mapped_column(default=120)
    last_checkin_at: Mapped[dt.datetime | None]
    next_check_at: Mapped[dt.datetime]
    alarm_at: Mapped[dt.datetime | None]
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
