"""Counters kept per day: numbers only, never who or what was asked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, String
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
