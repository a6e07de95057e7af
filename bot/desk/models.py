"""The volunteer desk: tickets, their conversation, Telegram message links, KB proposals.

Columns ending in ``_enc`` hold Fernet tokens (``bot/crypto.py``): a ticket's question and
every relayed message are free text about someone's family and are never stored readable.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class TicketStatus(enum.StrEnum):
    OPEN = "open"  # waiting in the queue
    CLAIMED = "claimed"  # one volunteer is on it
    CLOSED = "closed"


class CloseReason(enum.StrEnum):
    SOLVED = "solved"  # the person pressed "solved"
    VOLUNTEER = "volunteer"  # the volunteer closed it
    ADMIN = "admin"
    CANCELLED = "cancelled"  # the person withdrew the question
    INACTIVE = "inactive"  # answered, then nobody wrote for TICKET_AUTOCLOSE_DAYS
    BLOCKED = "blocked"  # the person blocked the bot
    FORGOTTEN = "forgotten"  # the person used /forget


class Author(enum.StrEnum):
    USER = "user"
    VOLUNTEER = "volunteer"
    NOTE = "note"  # a volunteer's internal note: never relayed to the person


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (Index("ix_tickets_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the person used /forget: the row stays only as an anonymous figure.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default=TicketStatus.OPEN)
    category: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    question_enc: Mapped[str | None] = mapped_column(Text)
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # Bumped by every claim/release, so notifications of an older round are recognisably old.
    round: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime]
    claimed_at: Mapped[dt.datetime | None]
    first_response_at: Mapped[dt.datetime | None]
    last_activity_at: Mapped[dt.datetime]
    # When volunteers were last (re)notified, and how many SLA re-notifications went out.
    notified_at: Mapped[dt.datetime | None]
    sla_pings: Mapped[int] = mapped_column(default=0)
    closed_at: Mapped[dt.datetime | None]
    close_reason: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None]
    # Set by /forget: the next sweep blanks what volunteers' chats still show of the person.
    scrub_pending: Mapped[bool] = mapped_column(default=False)


class TicketMessage(Base):
    """One message of a ticket's conversation (or an internal note)."""

    __tablename__ = "ticket_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    author: Mapped[str] = mapped_column(String(16))
    author_id: Mapped[int | None]
    # "text", or the kind of media ("photo", "document", ...) relayed with copy_message.
    kind: Mapped[str] = mapped_column(String(16), default="text")
    text_enc: Mapped[str | None] = mapped_column(Text)
    src_chat_id: Mapped[int | None]
    src_message_id: Mapped[int | None]
    created_at: Mapped[dt.datetime]


class TicketLink(Base):
    """A Telegram message the bot sent about a ticket: volunteer notifications (edited to
    "taken" later) and relayed messages (a reply to one goes to the same ticket)."""

    __tablename__ = "ticket_links"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("tickets.id", ondelete="CASCADE"), index=True
    )
    chat_id: Mapped[int]
    message_id: Mapped[int]
    purpose: Mapped[str] = mapped_column(String(16))  # "notify" | "relay"
    round: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime]


class ProposalStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class KbProposal(Base):
    """A volunteer's answer offered as a knowledge-base entry, for admins to review."""

    __tablename__ = "kb_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    proposed_by: Mapped[int | None]
    category: Mapped[str] = mapped_column(String(16))
    language: Mapped[str] = mapped_column(String(8))
    question_enc: Mapped[str] = mapped_column(Text)
    answer_enc: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=ProposalStatus.PENDING)
    created_at: Mapped[dt.datetime]
    reviewed_by: Mapped[int | None]
    reviewed_at: Mapped[dt.datetime | None]
