"""Family cases: the relatives, the people detained, a case volunteer and the timeline.

Every column ending in ``_enc`` holds a Fernet token (see ``bot/crypto.py``); ``*_index``
columns hold keyed HMACs for equality look-ups. Neither is readable without the keys.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class CaseStatus(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class MemberRole(enum.StrEnum):
    OWNER = "owner"
    MEMBER = "member"


class MemberStatus(enum.StrEnum):
    PENDING = "pending"  # asked to join, waiting for the owner or volunteer
    ACTIVE = "active"
    LEFT = "left"
    REMOVED = "removed"
    REJECTED = "rejected"


class PersonStatus(enum.StrEnum):
    DETAINED = "detained"
    TRANSFERRED = "transferred"
    RELEASED = "released"
    REMOVED = "removed"  # deported
    UNKNOWN = "unknown"


class LocationKind(enum.StrEnum):
    FACILITY = "facility"  # an ICE facility from bot/data/detention_facilities.csv
    COURT = "court"  # an immigration court from bot/data/immigration_courts.csv
    UNKNOWN = "unknown"
    RELEASED = "released"
    SHELTER = "shelter"  # a children's shelter (ORR)
    MEXICO = "mexico"
    OTHER = "other"  # free text


class Case(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(String(16), default=CaseStatus.OPEN)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    volunteer_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    volunteer_requested_at: Mapped[dt.datetime | None]
    created_at: Mapped[dt.datetime]
    closed_at: Mapped[dt.datetime | None]


class CaseMember(Base):
    __tablename__ = "case_members"
    __table_args__ = (UniqueConstraint("case_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16), default=MemberRole.MEMBER)
    status: Mapped[str] = mapped_column(String(16), default=MemberStatus.ACTIVE)
    # Who this relative is to the family, in their own words ("жена", "мать Ивана").
    relation_enc: Mapped[str | None] = mapped_column(Text)
    muted: Mapped[bool] = mapped_column(default=False)
    joined_at: Mapped[dt.datetime]


class Person(Base):
    """Someone the family is looking after: detained, released, a child in a shelter ..."""

    __tablename__ = "case_persons"
    __table_args__ = (
        Index("ix_case_persons_a_number_index", "a_number_index"),
        Index("ix_case_persons_name_dob_index", "name_dob_index"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    latin_name_enc: Mapped[str] = mapped_column(Text)
    cyrillic_name_enc: Mapped[str | None] = mapped_column(Text)
    birth_date_enc: Mapped[str | None] = mapped_column(Text)
    birth_country_enc: Mapped[str | None] = mapped_column(Text)
    a_number_enc: Mapped[str | None] = mapped_column(Text)
    a_number_index: Mapped[str | None] = mapped_column(String(64))
    name_dob_index: Mapped[str | None] = mapped_column(String(64))
    # JSON {"kind": LocationKind, "ref": "<facility or court id>", "text": "..."}, encrypted.
    location_enc: Mapped[str | None] = mapped_column(Text)
    detained_on_enc: Mapped[str | None] = mapped_column(Text)
    relation_enc: Mapped[str | None] = mapped_column(Text)
    notes_enc: Mapped[str | None] = mapped_column(Text)
    is_child: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(16), default=PersonStatus.UNKNOWN)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]


class EventVisibility(enum.StrEnum):
    MEMBERS = "members"  # every member and the volunteer
    VOLUNTEERS = "volunteers"  # the case volunteer and admins only


class CaseEvent(Base):
    """The case timeline: status changes, updates from members, volunteer notes."""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_persons.id", ondelete="CASCADE")
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(24))
    visibility: Mapped[str] = mapped_column(String(16), default=EventVisibility.MEMBERS)
    status: Mapped[str | None] = mapped_column(String(16))
    text_enc: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]


class Invitation(Base):
    """A one-time link ``t.me/<bot>?start=join_<token>``; only the token's hash is stored."""

    __tablename__ = "case_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]
