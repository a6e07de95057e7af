"""Core tables shared by every feature: users, FSM state, the outbox, search gaps, audit."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class Role(enum.StrEnum):
    RELATIVE = "relative"
    SEEKER_MEXICO = "seeker_mexico"
    SEEKER_US = "seeker_us"
    VOLUNTEER = "volunteer"


class User(Base):
    """A person who talked to the bot; the primary key is their Telegram user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    locale: Mapped[str | None] = mapped_column(String(8))
    tg_language: Mapped[str | None] = mapped_column(String(16))
    role: Mapped[str | None] = mapped_column(String(24))
    timezone: Mapped[str | None] = mapped_column(String(64))
    consent_at: Mapped[dt.datetime | None]
    blocked_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    # The last UTC day the person wrote to the bot (written at most once a day): for the
    # "active in the last 7/30 days" statistics, nothing finer.
    last_seen_on: Mapped[dt.date | None]
    # Announcements (broadcasts) are welcome unless the person turned them off in settings.
    announcements: Mapped[bool] = mapped_column(default=True, server_default=true())


class VolunteerStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    PAUSED = "paused"
    REVOKED = "revoked"
    REJECTED = "rejected"


class Volunteer(Base):
    """A person who offered to help; only ``approved`` volunteers see tickets or cases."""

    __tablename__ = "volunteers"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    display_name: Mapped[str] = mapped_column(String(64))
    show_name: Mapped[bool] = mapped_column(default=False)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(16), default=VolunteerStatus.PENDING)
    away: Mapped[bool] = mapped_column(default=False)
    decided_by: Mapped[int | None]
    created_at: Mapped[dt.datetime]
    decided_at: Mapped[dt.datetime | None]


class FsmRecord(Base):
    """aiogram FSM state and data, so a person halfway through a flow survives a restart."""

    __tablename__ = "fsm_state"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    user_id: Mapped[int | None] = mapped_column(index=True)
    chat_id: Mapped[int | None]
    state: Mapped[str | None] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # Waiting but not to be sent for now (a paused broadcast); never claimed by the sender.
    HELD = "held"


class OutboxMessage(Base):
    """Every message the bot sends on its own goes through this table (see bot/outbox.py)."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedup_key"),
        Index("ix_outbox_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(200))
    chat_id: Mapped[int] = mapped_column(index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    due_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default=OutboxStatus.PENDING)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[dt.datetime | None]
    # Which sender process holds the claim (a lease renewed while it works on the row).
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    sent_at: Mapped[dt.datetime | None]
    sent_message_id: Mapped[int | None]
    # A short error class ("blocked", "bad_request", "network"), never message text.
    last_error: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[dt.datetime]


class SenderLease(Base):
    """Who may run the outbox sender when the limits are not shared through Redis.

    One row per name (``outbox``): the owner renews ``expires_at`` while it runs; another
    process takes over only once it has expired. ``paused_until`` keeps a 429 pause from
    Telegram across a restart.
    """

    __tablename__ = "sender_leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    owner: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[dt.datetime]
    paused_until: Mapped[dt.datetime | None]


class SearchGap(Base):
    """A question the knowledge base could not answer, or a "not it" press.

    Kept for a limited time (``GAP_RETENTION_DAYS``) and deleted by /forget.
    """

    __tablename__ = "search_gaps"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    query: Mapped[str] = mapped_column(Text)
    locale: Mapped[str] = mapped_column(String(8))
    reason: Mapped[str] = mapped_column(String(16))  # "no_answer" | "not_it"
    topic_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(index=True)


class AuditEvent(Base):
    """Who did what to which object; never holds personal content."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(80))
    created_at: Mapped[dt.datetime]
