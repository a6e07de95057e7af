"""What a timeline entry says, decided without Telegram: who wrote it as the family knows
them (never a Telegram id), which person it is about, its text and the new place."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.events import EventKind
from bot.cases.fields import Location, PersonData
from bot.cases.models import Case, CaseEvent, CaseMember, EventVisibility, MemberRole, Person
from bot.cases.persons import open_person
from bot.crypto import Vault
from bot.models import Volunteer


@dataclass(frozen=True, slots=True)
class Author:
    """``kind``: "gone" (used /forget), "volunteer", "staff" (an admin), "relation" (the
    member said who they are: ``name``), "owner", "opener" or "member". A volunteer who
    shows their name has it in ``name``."""

    kind: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class EventView:
    kind: str
    at: dt.datetime
    author: Author
    person: PersonData | None
    text: str
    status: str | None
    place: Location | None
    private: bool


async def author_of(
    session: AsyncSession, vault: Vault, case: Case, user_id: int | None
) -> Author:
    """Who someone is to this case, as the family knows them."""
    if user_id is None:
        return Author("gone")
    if user_id == case.volunteer_id:
        volunteer = await session.get(Volunteer, user_id)
        shown = volunteer is not None and volunteer.show_name
        return Author("volunteer", volunteer.display_name if shown and volunteer else None)
    member = await session.scalar(
        select(CaseMember).where(CaseMember.case_id == case.id, CaseMember.user_id == user_id)
    )
    if member is None:
        return Author("staff")
    if member.relation_enc:
        return Author("relation", vault.decrypt(member.relation_enc))
    if member.role == MemberRole.OWNER or user_id == case.owner_id:
        return Author("owner")
    opener = await session.scalar(
        select(CaseEvent.author_id).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == EventKind.CREATED
        )
    )
    # The relative who opened the case never said who they are.
    return Author("opener" if opener == user_id else "member")


async def describe(session: AsyncSession, vault: Vault, case: Case, event: CaseEvent) -> EventView:
    person = None
    if event.person_id is not None:
        row = await session.get(Person, event.person_id)
        if row is not None:
            person = open_person(vault, row)
    raw = vault.decrypt(event.text_enc) if event.text_enc else ""
    place = None
    if event.kind == EventKind.STATUS and raw:
        place, raw = Location.from_json(raw), ""
    return EventView(
        kind=event.kind,
        at=event.created_at,
        author=await author_of(session, vault, case, event.author_id),
        person=person,
        text=raw,
        status=event.status,
        place=place,
        private=event.visibility == EventVisibility.VOLUNTEERS,
    )
