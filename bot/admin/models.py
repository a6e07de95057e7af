"""Counters kept per day: numbers only, never who or what was asked."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class DailyCount(Base):
    """How many times ``name`` happened on ``day`` (UTC). One row per (day, name)."""

    __tablename__ = "daily_counts"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)


class StaffRole(Base):
    """An operator role an admin granted from the bot: today only "coordinator".

    Admins themselves come from ADMIN_IDS (settings), never from this table.
    """

    __tablename__ = "staff_roles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    role: Mapped[str] = mapped_column(String(24))
    granted_by: Mapped[int | None]
    granted_at: Mapped[dt.datetime]


class BroadcastStatus(enum.StrEnum):
    SENDING = "sending"
    PAUSED = "paused"
    CANCELLED = "cancelled"
    DONE = "done"


class Broadcast(Base):
    """One announcement to a segment of users. Each recipient is one outbox row (kind
    ``broadcast``, dedup key ``bc:<id>:<user>``), so a restart or a kill never sends it twice;
    pausing holds the rows that are still waiting."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16), default=BroadcastStatus.SENDING)
    segment: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Telegram HTML per locale; a recipient gets their language, else the first one given.
    texts: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    media_kind: Mapped[str | None] = mapped_column(String(16))  # "photo" | "document"
    media_file_id: Mapped[str | None] = mapped_column(String(255))
    total: Mapped[int] = mapped_column(default=0)
    # Where the sender's progress card is, to edit it in place.
    progress_chat_id: Mapped[int | None]
    progress_message_id: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
