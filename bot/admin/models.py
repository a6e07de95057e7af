"""Counters kept per day: numbers only, never who or what was asked."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class DailyCount(Base):
    """How many times ``name`` happened on ``day`` (UTC). One row per (day, name)."""

    __tablename__ = "daily_counts"

    day: Mapped[dt.date] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
