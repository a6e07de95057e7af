"""Family cases: the relatives, the people detained, a case volunteer and the timeline.

Every column ending in ``_enc`` holds a Fernet token (see ``bot/crypto.py``); ``*_index``
columns hold keyed HMACs for equality look-ups. Neither is readable without the keys.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import TypeVar

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


class VolunteerNeed(enum.StrEnum):
    FIND = "find"  # find where someone is held
    RELEASE = "release"  # bond, parole, release
    COURT = "court"  # hearings, deadlines, papers for court
    LAWYER = "lawyer"  # finding a lawyer
    CHILD = "child"  # a child in a shelter
    OTHER = "other"


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
    # What the family asked a volunteer for (a VolunteerNeed code); shown in the queue.
    volunteer_need: Mapped[str | None] = mapped_column(String(24))
    volunteer_taken_at: Mapped[dt.datetime | None]
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
    # The Telegram name of someone asking to join, so the owner can tell who it is.
    tg_name_enc: Mapped[str | None] = mapped_column(Text)
    muted: Mapped[bool] = mapped_column(default=False)
    # When the row was created (a request) and, once approved, when they joined.
    joined_at: Mapped[dt.datetime]
    left_at: Mapped[dt.datetime | None]


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
    # Set for an invitation sent to one person (after a match): nobody else can use it.
    for_user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[dt.datetime]
    expires_at: Mapped[dt.datetime]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]


class MatchBasis(enum.StrEnum):
    A_NUMBER = "a_number"
    NAME_DOB = "name_dob"


class CaseMatch(Base):
    """Someone added a person who is already in another family's case.

    Only the existing case (its owner and volunteer) is told; the person who added the match
    learns of it only if that family sends them an invitation.
    """

    __tablename__ = "case_matches"
    __table_args__ = (UniqueConstraint("person_id", "seeker_person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The case that was there first, and its person.
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("case_persons.id", ondelete="CASCADE"))
    # Who is looking, from which case and person.
    seeker_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    seeker_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    seeker_person_id: Mapped[int] = mapped_column(
        ForeignKey("case_persons.id", ondelete="CASCADE")
    )
    basis: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime]
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_invitations.id", ondelete="SET NULL")
    )
    dismissed_at: Mapped[dt.datetime | None]


# The rows that belong to one case and are named by their id in buttons (see
# ``access.row_in_case``).
CaseRow = TypeVar("CaseRow", CaseMember, Person, CaseMatch, Invitation)
