"""The people in a case: their encrypted details, status changes, and matches with other
families' cases (the same A-number, or the same Latin name and date of birth)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.access import row_in_case
from bot.cases.errors import CaseError
from bot.cases.events import EventKind, new_event, record
from bot.cases.fields import Location, PersonData, name_key
from bot.cases.invitations import MATCH_INVITE_TTL, create_invitation
from bot.cases.models import (
    Case,
    CaseEvent,
    CaseMatch,
    CaseMember,
    CaseStatus,
    Invitation,
    LocationKind,
    MatchBasis,
    MemberRole,
    MemberStatus,
    Person,
    PersonStatus,
)
from bot.crypto import Vault

MAX_PERSONS = 12


def seal_person(vault: Vault, person: Person, data: PersonData, today: dt.date) -> None:
    """Encrypt a person's details into the row and refresh the blind indexes."""
    person.latin_name_enc = vault.encrypt(data.latin_name)
    person.cyrillic_name_enc = vault.encrypt_opt(data.cyrillic_name)
    person.birth_date_enc = vault.encrypt_opt(
        data.birth_date.isoformat() if data.birth_date else None
    )
    person.birth_country_enc = vault.encrypt_opt(data.birth_country)
    person.a_number_enc = vault.encrypt_opt(data.a_number)
    person.a_number_index = vault.blind_index(data.a_number, "a_number") if data.a_number else None
    person.name_dob_index = (
        vault.blind_index(f"{name_key(data.latin_name)}|{data.birth_date.isoformat()}", "name_dob")
        if data.birth_date and data.latin_name
        else None
    )
    person.location_enc = vault.encrypt(data.location.to_json())
    person.detained_on_enc = vault.encrypt_opt(
        data.detained_on.isoformat() if data.detained_on else None
    )
    person.relation_enc = vault.encrypt_opt(data.relation)
    person.notes_enc = vault.encrypt_opt(data.notes)
    person.is_child = data.is_child(today)


def open_person(vault: Vault, person: Person) -> PersonData:
    birth = vault.decrypt_opt(person.birth_date_enc)
    detained = vault.decrypt_opt(person.detained_on_enc)
    return PersonData(
        latin_name=vault.decrypt(person.latin_name_enc),
        cyrillic_name=vault.decrypt_opt(person.cyrillic_name_enc),
        birth_date=dt.date.fromisoformat(birth) if birth else None,
        birth_country=vault.decrypt_opt(person.birth_country_enc),
        a_number=vault.decrypt_opt(person.a_number_enc),
        location=Location.from_json(vault.decrypt_opt(person.location_enc)),
        detained_on=dt.date.fromisoformat(detained) if detained else None,
        relation=vault.decrypt_opt(person.relation_enc),
        notes=vault.decrypt_opt(person.notes_enc),
    )


def initial_status(data: PersonData) -> str:
    kind = data.location.kind
    if kind == LocationKind.RELEASED:
        return PersonStatus.RELEASED
    if kind in {LocationKind.FACILITY, LocationKind.SHELTER, LocationKind.COURT}:
        return PersonStatus.DETAINED
    return PersonStatus.UNKNOWN


async def persons(session: AsyncSession, case_id: int) -> list[Person]:
    rows = await session.scalars(
        select(Person).where(Person.case_id == case_id).order_by(Person.id)
    )
    return list(rows.all())


async def person_in_case(session: AsyncSession, case_id: int, person_id: int) -> Person:
    return await row_in_case(session, Person, person_id, case_id)


async def open_case(
    session: AsyncSession, vault: Vault, owner_id: int, data: PersonData, now: dt.datetime
) -> tuple[Case, Person]:
    """A new case owned by ``owner_id`` with its first person."""
    case = Case(status=CaseStatus.OPEN, owner_id=owner_id, created_at=now)
    session.add(case)
    await session.flush()
    session.add(
        CaseMember(
            case_id=case.id,
            user_id=owner_id,
            role=MemberRole.OWNER,
            status=MemberStatus.ACTIVE,
            joined_at=now,
        )
    )
    await record(session, case, new_event(case, EventKind.CREATED, now, author_id=owner_id), now)
    person = await add_person(session, vault, case, owner_id, data, now)
    return case, person


async def add_person(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    actor_id: int,
    data: PersonData,
    now: dt.datetime,
) -> Person:
    count = await session.scalar(select(func.count()).where(Person.case_id == case.id))
    if (count or 0) >= MAX_PERSONS:
        raise CaseError("too_many_persons")
    person = Person(
        case_id=case.id,
        latin_name_enc="",
        status=initial_status(data),
        created_by=actor_id,
        created_at=now,
    )
    seal_person(vault, person, data, now.date())
    session.add(person)
    await session.flush()
    await record(
        session,
        case,
        new_event(case, EventKind.PERSON_ADDED, now, author_id=actor_id, person_id=person.id),
        now,
    )
    await match_person(session, person, actor_id, now)
    return person


async def update_person(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    person: Person,
    actor_id: int,
    data: PersonData,
    now: dt.datetime,
) -> None:
    """Save edited details; a new A-number or name may now match another family's case."""
    before = (person.a_number_index, person.name_dob_index)
    seal_person(vault, person, data, now.date())
    await record(
        session,
        case,
        new_event(case, EventKind.PERSON_EDITED, now, author_id=actor_id, person_id=person.id),
        now,
    )
    if (person.a_number_index, person.name_dob_index) != before:
        await match_person(session, person, actor_id, now)


@dataclass(frozen=True, slots=True)
class StatusChange:
    """A person's new status, and for a transfer (or a release) where they are now."""

    status: str
    location: Location | None = None


async def set_status(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    person: Person,
    actor_id: int,
    change: StatusChange,
    now: dt.datetime,
) -> CaseEvent:
    """A person's new status (transferred, released ...) on the timeline, told to everyone."""
    status, location = change.status, change.location
    if status not in set(PersonStatus):
        raise CaseError("bad_status")
    person.status = status
    text_enc = None
    if location is not None:
        data = open_person(vault, person)
        data.location = location
        seal_person(vault, person, data, now.date())
        text_enc = vault.encrypt(location.to_json())
    event = new_event(case, EventKind.STATUS, now, author_id=actor_id, person_id=person.id)
    event.status = status
    event.text_enc = text_enc
    return await record(session, case, event, now)


# ---- matches -----------------------------------------------------------------------------


async def match_person(
    session: AsyncSession, person: Person, seeker_id: int, now: dt.datetime
) -> list[CaseMatch]:
    """Look for the same person in other open cases; tell only those cases.

    Nothing is returned to the caller's user interface: the person adding a match must not
    learn that another family exists until that family decides to invite them.
    """
    found: list[CaseMatch] = []
    checks = [
        (Person.a_number_index, person.a_number_index, MatchBasis.A_NUMBER),
        (Person.name_dob_index, person.name_dob_index, MatchBasis.NAME_DOB),
    ]
    seen: set[int] = set()
    for column, value, basis in checks:
        if value is None:
            continue
        others = await session.scalars(
            select(Person)
            .join(Case, Case.id == Person.case_id)
            .where(
                column == value,
                Person.case_id != person.case_id,
                Case.status == CaseStatus.OPEN,
            )
        )
        for other in others.all():
            if other.id in seen:
                continue
            seen.add(other.id)
            match = await _new_match(session, other, person, seeker_id, basis, now)
            if match is not None:
                found.append(match)
    return found


async def _new_match(
    session: AsyncSession,
    existing: Person,
    person: Person,
    seeker_id: int,
    basis: str,
    now: dt.datetime,
) -> CaseMatch | None:
    already = await session.scalar(
        select(CaseMember.id).where(
            CaseMember.case_id == existing.case_id,
            CaseMember.user_id == seeker_id,
            CaseMember.status.in_([MemberStatus.ACTIVE, MemberStatus.PENDING]),
        )
    )
    case = await session.get(Case, existing.case_id)
    if already is not None or case is None or case.volunteer_id == seeker_id:
        return None
    duplicate = await session.scalar(
        select(CaseMatch.id).where(
            CaseMatch.person_id == existing.id, CaseMatch.seeker_person_id == person.id
        )
    )
    if duplicate is not None:
        return None
    match = CaseMatch(
        case_id=existing.case_id,
        person_id=existing.id,
        seeker_id=seeker_id,
        seeker_case_id=person.case_id,
        seeker_person_id=person.id,
        basis=basis,
        created_at=now,
    )
    session.add(match)
    await session.flush()
    key = f"case:{case.id}:match:{match.id}"
    await notify.point(session, notify.managers(case), notify.KIND_MATCH, match.id, key, now)
    return match


async def match_for(session: AsyncSession, case_id: int, match_id: int) -> CaseMatch:
    return await row_in_case(session, CaseMatch, match_id, case_id)


async def invite_match(
    session: AsyncSession, case: Case, match_id: int, actor_id: int, now: dt.datetime
) -> Invitation:
    """The existing family agrees to invite the person who is looking for theirs."""
    match = await match_for(session, case.id, match_id)
    if match.invitation_id is not None:
        raise CaseError("already_invited")
    if match.dismissed_at is not None:
        raise CaseError("dismissed")
    invitation, _token = await create_invitation(
        session, case, actor_id, now, ttl=MATCH_INVITE_TTL, for_user_id=match.seeker_id
    )
    match.invitation_id = invitation.id
    key = f"case:{case.id}:matchinvite:{match.id}"
    await notify.point(session, [match.seeker_id], notify.KIND_MATCH_INVITE, match.id, key, now)
    return invitation


async def dismiss_match(
    session: AsyncSession, case: Case, match_id: int, now: dt.datetime
) -> None:
    match = await match_for(session, case.id, match_id)
    if match.invitation_id is not None:
        raise CaseError("already_invited")
    match.dismissed_at = now
