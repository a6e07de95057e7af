"""Family cases: who may see what, and everything that changes a case (no Telegram here).

Rules kept here, so every handler gets them the same way:

* **Access.** An active member, the case volunteer (while their volunteer status is
  "approved"), or an admin. Closed cases are visible to admins only. Handlers call
  :func:`get_access` on every action: callback data can be forged or stale.
* **Someone is always responsible.** Each open case has exactly one owner. When the owner
  leaves (or is forgotten), ownership passes to the member who joined earliest; when no
  member is left, the case closes (volunteer and pending requests are let go, invitations
  revoked). After ``/forget`` a case whose only member was that person is deleted outright.
* **Joining.** A one-time invitation (token shown once, only its hash stored; it expires and
  can be revoked) lets a person ask to join; the owner or the case volunteer approves.
* **Volunteers.** A family asks for one; approved volunteers see the queue without names or
  places and take a case atomically; admins reassign. Every volunteer or admin view of a case
  is written to the audit log.
* **Matches.** When a person's A-number (or Latin name and date of birth) is already in
  another open case, only that case's owner and volunteer are told; the person adding it
  hears nothing unless that family sends an invitation.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases import notify
from bot.cases.fields import Location, PersonData, name_key
from bot.cases.models import (
    Case,
    CaseEvent,
    CaseMatch,
    CaseMember,
    CaseStatus,
    EventVisibility,
    Invitation,
    LocationKind,
    MatchBasis,
    MemberRole,
    MemberStatus,
    Person,
    PersonStatus,
    VolunteerNeed,
)
from bot.crypto import Vault
from bot.errors import DomainError
from bot.models import AuditEvent, User, Volunteer, VolunteerStatus
from bot.places import Places

INVITE_TTL = dt.timedelta(days=3)
MATCH_INVITE_TTL = dt.timedelta(days=14)
MAX_OPEN_INVITES = 10
MAX_PERSONS = 12
MAX_UPDATE_CHARS = 2000


class CaseError(DomainError):
    """A refused action; ``code`` names the reason (shown as ``cases-error-<code>``)."""

    domain = "cases"


class EventKind:
    CREATED = "created"
    PERSON_ADDED = "person_added"
    PERSON_EDITED = "person_edited"
    UPDATE = "update"
    NOTE = "note"
    STATUS = "status"
    JOINED = "joined"
    LEFT = "left"
    REMOVED = "removed"
    OWNER = "owner_changed"
    VOLUNTEER_REQUESTED = "volunteer_requested"
    VOLUNTEER_ASSIGNED = "volunteer_assigned"
    VOLUNTEER_RELEASED = "volunteer_released"


# Events every other member hears about as they happen (unless they muted the case).
NOTIFIED_EVENTS = frozenset(
    {
        EventKind.UPDATE,
        EventKind.STATUS,
        EventKind.JOINED,
        EventKind.LEFT,
        EventKind.VOLUNTEER_ASSIGNED,
        EventKind.VOLUNTEER_RELEASED,
    }
)


# ---- access ------------------------------------------------------------------------------


@dataclass(slots=True)
class CaseAccess:
    case: Case
    member: CaseMember | None  # the active membership, if any
    volunteer: bool  # the case volunteer, in good standing
    admin: bool

    @property
    def is_owner(self) -> bool:
        return self.member is not None and self.member.role == MemberRole.OWNER

    @property
    def is_staff(self) -> bool:
        return self.volunteer or self.admin

    @property
    def audited(self) -> bool:
        """Views through a volunteer or admin role go to the audit log."""
        return self.volunteer or (self.admin and self.member is None)

    @property
    def can_manage(self) -> bool:
        """Approve join requests, answer matches, manage invitations."""
        return self.is_owner or self.volunteer or self.admin

    @property
    def can_release(self) -> bool:
        """Hand the case back to the queue: its volunteer, or an admin stepping in."""
        return self.volunteer or self.admin

    @property
    def can_remove_members(self) -> bool:
        """Admins may remove members (abuse), but only the owner gives ownership away."""
        return self.is_owner or self.admin

    @property
    def role(self) -> str:
        """The reader's strongest tie to the case: "owner", "member", "volunteer" or "admin"."""
        if self.is_owner:
            return "owner"
        if self.member is not None:
            return "member"
        return "volunteer" if self.volunteer else "admin"


def volunteer_state(case: Case) -> str:
    """ "assigned", "waiting" (asked for, nobody took it yet) or "none"."""
    if case.volunteer_id is not None:
        return "assigned"
    return "waiting" if case.volunteer_requested_at is not None else "none"


async def volunteer_in_good_standing(session: AsyncSession, user_id: int) -> Volunteer | None:
    """An approved volunteer (away or not): may keep working on cases they already have."""
    return await session.scalar(
        select(Volunteer).where(
            Volunteer.user_id == user_id, Volunteer.status == VolunteerStatus.APPROVED
        )
    )


async def get_access(
    session: AsyncSession, case_id: int, user_id: int, is_admin: bool
) -> CaseAccess | None:
    """How this person may see the case, or None. Checked afresh on every action."""
    case = await session.get(Case, case_id)
    if case is None:
        return None
    if case.status != CaseStatus.OPEN and not is_admin:
        return None
    member = await session.scalar(
        select(CaseMember).where(
            CaseMember.case_id == case_id,
            CaseMember.user_id == user_id,
            CaseMember.status == MemberStatus.ACTIVE,
        )
    )
    volunteer = (
        case.volunteer_id == user_id
        and await volunteer_in_good_standing(session, user_id) is not None
    )
    if member is None and not volunteer and not is_admin:
        return None
    return CaseAccess(case=case, member=member, volunteer=volunteer, admin=is_admin)


async def can_access(session: AsyncSession, case_id: int, user_id: int, is_admin: bool) -> bool:
    """May this person see the case now (member, case volunteer or admin)?"""
    return await get_access(session, case_id, user_id, is_admin) is not None


async def active_members(session: AsyncSession, case_id: int) -> list[CaseMember]:
    """Active members of a case, earliest first (the owner is one of them)."""
    rows = await session.scalars(
        select(CaseMember)
        .where(CaseMember.case_id == case_id, CaseMember.status == MemberStatus.ACTIVE)
        .order_by(CaseMember.joined_at, CaseMember.id)
    )
    return list(rows.all())


async def audit(
    session: AsyncSession, actor_id: int | None, action: str, case_id: int, now: dt.datetime
) -> None:
    session.add(
        AuditEvent(
            actor_id=actor_id,
            action=action,
            object_type="case",
            object_id=str(case_id),
            created_at=now,
        )
    )


async def audit_view(
    session: AsyncSession, access: CaseAccess, user_id: int, what: str, now: dt.datetime
) -> None:
    """Write a volunteer's or admin's look at a case to the audit log."""
    if access.audited:
        await audit(session, user_id, f"case.view.{what}", access.case.id, now)


async def my_cases(session: AsyncSession, user_id: int) -> list[tuple[Case, CaseMember]]:
    rows = await session.execute(
        select(Case, CaseMember)
        .join(CaseMember, CaseMember.case_id == Case.id)
        .where(
            CaseMember.user_id == user_id,
            CaseMember.status == MemberStatus.ACTIVE,
            Case.status == CaseStatus.OPEN,
        )
        .order_by(Case.id)
    )
    return [(row[0], row[1]) for row in rows.all()]


async def volunteer_cases(session: AsyncSession, user_id: int) -> list[Case]:
    rows = await session.scalars(
        select(Case)
        .where(Case.volunteer_id == user_id, Case.status == CaseStatus.OPEN)
        .order_by(Case.id)
    )
    return list(rows.all())


async def recent_cases(session: AsyncSession, limit: int = 20) -> list[Case]:
    rows = await session.scalars(select(Case).order_by(Case.id.desc()).limit(limit))
    return list(rows.all())


# ---- persons -----------------------------------------------------------------------------


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
    person = await session.get(Person, person_id)
    if person is None or person.case_id != case_id:
        raise CaseError("not_found")
    return person


def _event(
    case_id: int,
    kind: str,
    now: dt.datetime,
    *,
    author_id: int | None = None,
    person_id: int | None = None,
    status: str | None = None,
    text_enc: str | None = None,
    visibility: str = EventVisibility.MEMBERS,
) -> CaseEvent:
    return CaseEvent(
        case_id=case_id,
        person_id=person_id,
        author_id=author_id,
        kind=kind,
        visibility=visibility,
        status=status,
        text_enc=text_enc,
        created_at=now,
    )


async def _record(
    session: AsyncSession, case: Case, event: CaseEvent, now: dt.datetime
) -> CaseEvent:
    """Save an event and, when it is news for the family, tell everyone but its author."""
    session.add(event)
    await session.flush()
    if event.kind in NOTIFIED_EVENTS and event.visibility == EventVisibility.MEMBERS:
        exclude = {event.author_id} if event.author_id is not None else set()
        recipients = await notify.family_recipients(session, case, exclude=exclude)
        await notify.send(
            session,
            recipients=recipients,
            kind=notify.KIND_EVENT,
            payload={"event_id": event.id},
            key=f"case:{case.id}:event:{event.id}",
            now=now,
        )
    return event


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
    await _record(session, case, _event(case.id, EventKind.CREATED, now, author_id=owner_id), now)
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
    await _record(
        session,
        case,
        _event(case.id, EventKind.PERSON_ADDED, now, author_id=actor_id, person_id=person.id),
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
    await _record(
        session,
        case,
        _event(case.id, EventKind.PERSON_EDITED, now, author_id=actor_id, person_id=person.id),
        now,
    )
    if (person.a_number_index, person.name_dob_index) != before:
        await match_person(session, person, actor_id, now)


async def set_status(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    person: Person,
    actor_id: int,
    status: str,
    now: dt.datetime,
    location: Location | None = None,
) -> CaseEvent:
    """A person's new status (transferred, released ...) on the timeline, told to everyone."""
    if status not in set(PersonStatus):
        raise CaseError("bad_status")
    person.status = status
    text_enc = None
    if location is not None:
        data = open_person(vault, person)
        data.location = location
        seal_person(vault, person, data, now.date())
        text_enc = vault.encrypt(location.to_json())
    event = _event(
        case.id,
        EventKind.STATUS,
        now,
        author_id=actor_id,
        person_id=person.id,
        status=status,
        text_enc=text_enc,
    )
    return await _record(session, case, event, now)


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
    await notify.send(
        session,
        recipients=notify.managers(case),
        kind=notify.KIND_MATCH,
        payload={"match_id": match.id},
        key=f"case:{case.id}:match:{match.id}",
        now=now,
    )
    return match


async def match_for(session: AsyncSession, case_id: int, match_id: int) -> CaseMatch:
    match = await session.get(CaseMatch, match_id)
    if match is None or match.case_id != case_id:
        raise CaseError("not_found")
    return match


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
    await notify.send(
        session,
        recipients=[match.seeker_id],
        kind=notify.KIND_MATCH_INVITE,
        payload={"match_id": match.id},
        key=f"case:{case.id}:matchinvite:{match.id}",
        now=now,
    )
    return invitation


async def dismiss_match(
    session: AsyncSession, case: Case, match_id: int, now: dt.datetime
) -> None:
    match = await match_for(session, case.id, match_id)
    if match.invitation_id is not None:
        raise CaseError("already_invited")
    match.dismissed_at = now


# ---- invitations and joining -------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_invitation(
    session: AsyncSession,
    case: Case,
    actor_id: int,
    now: dt.datetime,
    *,
    ttl: dt.timedelta = INVITE_TTL,
    for_user_id: int | None = None,
) -> tuple[Invitation, str]:
    """A one-time invitation; the token is returned once and only its hash is kept."""
    if case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    if len(await open_invitations(session, case.id, now)) >= MAX_OPEN_INVITES:
        raise CaseError("too_many_invites")
    token = secrets.token_urlsafe(24)  # 192 random bits, 32 characters of [A-Za-z0-9_-]
    invitation = Invitation(
        case_id=case.id,
        token_hash=hash_token(token),
        created_by=actor_id,
        for_user_id=for_user_id,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invitation)
    await session.flush()
    return invitation, token


async def open_invitations(
    session: AsyncSession, case_id: int, now: dt.datetime
) -> list[Invitation]:
    rows = await session.scalars(
        select(Invitation)
        .where(
            Invitation.case_id == case_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .order_by(Invitation.id)
    )
    return list(rows.all())


async def invitation_by_token(session: AsyncSession, token: str) -> Invitation | None:
    return await session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )


async def check_invitation(
    session: AsyncSession, invitation: Invitation | None, user_id: int, now: dt.datetime
) -> Invitation:
    """The invitation if this person may use it now, else a CaseError saying why not."""
    if invitation is None:
        raise CaseError("invite_unknown")
    if invitation.for_user_id is not None and invitation.for_user_id != user_id:
        raise CaseError("invite_unknown")
    if invitation.revoked_at is not None:
        raise CaseError("invite_revoked")
    if invitation.used_at is not None:
        raise CaseError("invite_used")
    if invitation.expires_at <= now:
        raise CaseError("invite_expired")
    case = await session.get(Case, invitation.case_id)
    if case is None or case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    member = await _membership(session, case.id, user_id)
    if member is not None and member.status == MemberStatus.ACTIVE:
        raise CaseError("already_member")
    if member is not None and member.status == MemberStatus.PENDING:
        raise CaseError("already_pending")
    return invitation


async def revoke_invitation(
    session: AsyncSession, case: Case, invitation_id: int, now: dt.datetime
) -> None:
    invitation = await session.get(Invitation, invitation_id)
    if invitation is None or invitation.case_id != case.id:
        raise CaseError("not_found")
    if invitation.used_at is not None:
        raise CaseError("invite_used")
    if invitation.revoked_at is None:
        invitation.revoked_at = now


async def _membership(session: AsyncSession, case_id: int, user_id: int) -> CaseMember | None:
    return await session.scalar(
        select(CaseMember).where(CaseMember.case_id == case_id, CaseMember.user_id == user_id)
    )


async def request_join(
    session: AsyncSession,
    vault: Vault,
    invitation_id: int,
    user_id: int,
    relation: str,
    tg_name: str,
    now: dt.datetime,
) -> CaseMember:
    """Use the invitation (once, atomically) and ask the owner and volunteer to approve."""
    invitation = await check_invitation(
        session, await session.get(Invitation, invitation_id), user_id, now
    )
    claimed = await session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(used_by=user_id, used_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(claimed, "rowcount", 0) != 1:
        raise CaseError("invite_used")
    await session.refresh(invitation)
    case = await session.get(Case, invitation.case_id)
    assert case is not None
    member = await _membership(session, case.id, user_id)
    if member is None:
        member = CaseMember(case_id=case.id, user_id=user_id, joined_at=now)
        session.add(member)
    member.role = MemberRole.MEMBER
    member.status = MemberStatus.PENDING
    member.relation_enc = vault.encrypt(relation)
    member.tg_name_enc = vault.encrypt(tg_name) if tg_name else None
    member.joined_at = now
    member.left_at = None
    member.muted = False
    await session.flush()
    await notify.send(
        session,
        recipients=notify.managers(case),
        kind=notify.KIND_JOIN_REQUEST,
        payload={"member_id": member.id},
        key=f"case:{case.id}:join:{member.id}:{invitation.id}",
        now=now,
    )
    return member


async def member_in_case(session: AsyncSession, case_id: int, member_id: int) -> CaseMember:
    member = await session.get(CaseMember, member_id)
    if member is None or member.case_id != case_id:
        raise CaseError("not_found")
    return member


async def removable_member(session: AsyncSession, case_id: int, member_id: int) -> CaseMember:
    """The member to ask about before removing: someone still in (or asking to join)."""
    member = await member_in_case(session, case_id, member_id)
    if member.status not in {MemberStatus.ACTIVE, MemberStatus.PENDING}:
        raise CaseError("not_found")
    return member


async def decide_join(
    session: AsyncSession,
    case: Case,
    member_id: int,
    actor_id: int,
    approve: bool,
    now: dt.datetime,
) -> CaseMember:
    member = await member_in_case(session, case.id, member_id)
    if member.status != MemberStatus.PENDING:
        raise CaseError("not_pending")
    if approve:
        member.status = MemberStatus.ACTIVE
        member.joined_at = now
        await notify.send(
            session,
            recipients=[member.user_id],
            kind=notify.KIND_NOTICE,
            payload=notify.notice("cases-notice-approved", case.id),
            key=f"case:{case.id}:approved:{member.id}:{now.timestamp()}",
            now=now,
        )
        await _record(
            session, case, _event(case.id, EventKind.JOINED, now, author_id=member.user_id), now
        )
    else:
        member.status = MemberStatus.REJECTED
        await notify.send(
            session,
            recipients=[member.user_id],
            kind=notify.KIND_NOTICE,
            payload=notify.notice("cases-notice-rejected", case.id, open_button=False),
            key=f"case:{case.id}:rejected:{member.id}:{now.timestamp()}",
            now=now,
        )
    await audit(
        session, actor_id, "case.join." + ("approve" if approve else "reject"), case.id, now
    )
    return member


async def pending_members(session: AsyncSession, case_id: int) -> list[CaseMember]:
    rows = await session.scalars(
        select(CaseMember)
        .where(CaseMember.case_id == case_id, CaseMember.status == MemberStatus.PENDING)
        .order_by(CaseMember.joined_at)
    )
    return list(rows.all())


# ---- leaving, removing, ownership --------------------------------------------------------


@dataclass(slots=True)
class LeaveOutcome:
    new_owner_id: int | None = None
    closed: bool = False


@dataclass(slots=True)
class LeavePreview:
    """What leaving would do, told before the member confirms."""

    kind: str  # "member" | "owner" (someone takes over) | "last" (the case closes)
    successor: CaseMember | None = None


async def preview_leave(session: AsyncSession, access: CaseAccess, user_id: int) -> LeavePreview:
    if not access.is_owner:
        return LeavePreview("member")
    others = [m for m in await active_members(session, access.case.id) if m.user_id != user_id]
    # The same member _hand_over picks: the earliest one still in the case.
    return LeavePreview("owner", others[0]) if others else LeavePreview("last")


async def leave(session: AsyncSession, case: Case, user_id: int, now: dt.datetime) -> LeaveOutcome:
    member = await _membership(session, case.id, user_id)
    if member is None or member.status != MemberStatus.ACTIVE:
        raise CaseError("no_access")
    was_owner = member.role == MemberRole.OWNER
    member.status = MemberStatus.LEFT
    member.role = MemberRole.MEMBER
    member.left_at = now
    await session.flush()
    await _record(session, case, _event(case.id, EventKind.LEFT, now, author_id=user_id), now)
    if not was_owner:
        return LeaveOutcome()
    return await _hand_over(session, case, now)


async def _hand_over(session: AsyncSession, case: Case, now: dt.datetime) -> LeaveOutcome:
    """The owner is gone: the earliest remaining member takes over, or the case closes."""
    remaining = await active_members(session, case.id)
    if not remaining:
        await close_case(session, case, now)
        return LeaveOutcome(closed=True)
    successor = remaining[0]
    successor.role = MemberRole.OWNER
    case.owner_id = successor.user_id
    await _record(
        session, case, _event(case.id, EventKind.OWNER, now, author_id=successor.user_id), now
    )
    await notify.send(
        session,
        recipients=[successor.user_id],
        kind=notify.KIND_NOTICE,
        payload=notify.notice("cases-notice-now-owner", case.id),
        key=f"case:{case.id}:owner:{successor.user_id}:{now.timestamp()}",
        now=now,
    )
    return LeaveOutcome(new_owner_id=successor.user_id)


async def close_case(session: AsyncSession, case: Case, now: dt.datetime) -> None:
    """Nobody is left to look after the case: let everyone connected to it go."""
    volunteer_id = case.volunteer_id
    case.status = CaseStatus.CLOSED
    case.closed_at = now
    case.owner_id = None
    case.volunteer_id = None
    case.volunteer_requested_at = None
    await session.execute(
        update(Invitation)
        .where(
            Invitation.case_id == case.id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    await session.execute(
        update(CaseMember)
        .where(CaseMember.case_id == case.id, CaseMember.status == MemberStatus.PENDING)
        .values(status=MemberStatus.REJECTED)
    )
    if volunteer_id is not None:
        await notify.send(
            session,
            recipients=[volunteer_id],
            kind=notify.KIND_NOTICE,
            payload=notify.notice("cases-notice-closed", case.id, open_button=False),
            key=f"case:{case.id}:closed",
            now=now,
        )


async def remove_member(
    session: AsyncSession, case: Case, member_id: int, actor_id: int, now: dt.datetime
) -> CaseMember:
    member = await member_in_case(session, case.id, member_id)
    if member.user_id == actor_id or member.role == MemberRole.OWNER:
        raise CaseError("cannot_remove")
    if member.status not in {MemberStatus.ACTIVE, MemberStatus.PENDING}:
        raise CaseError("not_found")
    member.status = MemberStatus.REMOVED
    member.left_at = now
    await _record(
        session, case, _event(case.id, EventKind.REMOVED, now, author_id=member.user_id), now
    )
    await notify.send(
        session,
        recipients=[member.user_id],
        kind=notify.KIND_NOTICE,
        payload=notify.notice("cases-notice-removed", case.id, open_button=False),
        key=f"case:{case.id}:removed:{member.id}:{now.timestamp()}",
        now=now,
    )
    await audit(session, actor_id, "case.member.remove", case.id, now)
    return member


async def transfer_ownership(
    session: AsyncSession, case: Case, member_id: int, actor_id: int, now: dt.datetime
) -> None:
    target = await member_in_case(session, case.id, member_id)
    if target.status != MemberStatus.ACTIVE or target.user_id == actor_id:
        raise CaseError("cannot_transfer")
    current = await _membership(session, case.id, actor_id)
    if current is None or current.role != MemberRole.OWNER:
        raise CaseError("not_owner")
    current.role = MemberRole.MEMBER
    target.role = MemberRole.OWNER
    case.owner_id = target.user_id
    await _record(
        session, case, _event(case.id, EventKind.OWNER, now, author_id=target.user_id), now
    )
    await notify.send(
        session,
        recipients=[target.user_id],
        kind=notify.KIND_NOTICE,
        payload=notify.notice("cases-notice-now-owner", case.id),
        key=f"case:{case.id}:owner:{target.user_id}:{now.timestamp()}",
        now=now,
    )


async def set_muted(member: CaseMember, muted: bool) -> None:
    member.muted = muted


# ---- volunteers --------------------------------------------------------------------------


async def request_volunteer(
    session: AsyncSession, case: Case, actor_id: int, need: str, now: dt.datetime
) -> None:
    if need not in set(VolunteerNeed):
        raise CaseError("bad_need")
    if case.volunteer_id is not None:
        raise CaseError("has_volunteer")
    first = case.volunteer_requested_at is None
    case.volunteer_need = need
    if first:
        case.volunteer_requested_at = now
    await _record(
        session, case, _event(case.id, EventKind.VOLUNTEER_REQUESTED, now, author_id=actor_id), now
    )
    if first:
        active = await session.scalars(
            select(Volunteer.user_id).where(
                Volunteer.status == VolunteerStatus.APPROVED,
                Volunteer.away.is_(False),
                Volunteer.user_id != actor_id,
            )
        )
        await notify.send(
            session,
            recipients=list(active.all()),
            kind=notify.KIND_NOTICE,
            payload={
                "l10n": "cases-notice-queue-new",
                "args": {"case": case.id},
                "buttons": [[{"t": "cases-btn-queue", "cb": "cs:queue:0:0"}]],
            },
            key=f"case:{case.id}:queued:{now.timestamp()}",
            now=now,
        )


NEEDS: tuple[str, ...] = tuple(VolunteerNeed)


def need_at(index: int) -> str | None:
    """Needs travel in callback data by position (forgeable, so checked)."""
    return NEEDS[index] if 0 <= index < len(NEEDS) else None


async def queue(session: AsyncSession) -> list[Case]:
    rows = await session.scalars(
        select(Case)
        .where(
            Case.status == CaseStatus.OPEN,
            Case.volunteer_id.is_(None),
            Case.volunteer_requested_at.is_not(None),
        )
        .order_by(Case.volunteer_requested_at, Case.id)
    )
    return list(rows.all())


@dataclass(slots=True)
class QueueEntry:
    """What a volunteer sees before taking a case: no names, no places."""

    case_id: int
    need: str
    states: list[str]
    statuses: Counter[str] = field(default_factory=Counter)
    children: int = 0
    family_locale: str | None = None
    waiting: dt.timedelta = dt.timedelta()


async def queue_entry(
    session: AsyncSession, vault: Vault, places: Places, case: Case, now: dt.datetime
) -> QueueEntry:
    states: list[str] = []
    statuses: Counter[str] = Counter()
    children = 0
    for person in await persons(session, case.id):
        statuses[person.status] += 1
        children += int(person.is_child)
        location = Location.from_json(vault.decrypt_opt(person.location_enc))
        place = places.get(location.ref) if location.ref else None
        if place is not None and place.state not in states:
            states.append(place.state)
    owner = await session.get(User, case.owner_id) if case.owner_id else None
    return QueueEntry(
        case_id=case.id,
        need=case.volunteer_need or VolunteerNeed.OTHER,
        states=sorted(states),
        statuses=statuses,
        children=children,
        family_locale=owner.locale if owner else None,
        waiting=now - (case.volunteer_requested_at or now),
    )


async def take_case(
    session: AsyncSession, case_id: int, volunteer_id: int, now: dt.datetime
) -> Case:
    """Atomically assign the case to this volunteer; a second taker gets "taken"."""
    result = await session.execute(
        update(Case)
        .where(
            Case.id == case_id,
            Case.status == CaseStatus.OPEN,
            Case.volunteer_id.is_(None),
            Case.volunteer_requested_at.is_not(None),
        )
        .values(volunteer_id=volunteer_id, volunteer_taken_at=now)
        .execution_options(synchronize_session=False)
    )
    case = await session.get(Case, case_id)
    if case is None:
        raise CaseError("not_found")
    await session.refresh(case)
    if getattr(result, "rowcount", 0) != 1:
        raise CaseError("taken" if case.volunteer_id is not None else "not_in_queue")
    await _record(
        session,
        case,
        _event(case.id, EventKind.VOLUNTEER_ASSIGNED, now, author_id=volunteer_id),
        now,
    )
    await audit(session, volunteer_id, "case.take", case.id, now)
    return case


async def release_case(session: AsyncSession, case: Case, actor_id: int, now: dt.datetime) -> None:
    """The volunteer hands the case back (or an admin unassigns): it returns to the queue."""
    if case.volunteer_id is None:
        raise CaseError("no_volunteer")
    old = case.volunteer_id
    case.volunteer_id = None
    case.volunteer_taken_at = None
    case.volunteer_requested_at = now
    await _record(
        session, case, _event(case.id, EventKind.VOLUNTEER_RELEASED, now, author_id=actor_id), now
    )
    if old != actor_id:
        await notify.send(
            session,
            recipients=[old],
            kind=notify.KIND_NOTICE,
            payload=notify.notice("cases-notice-unassigned", case.id, open_button=False),
            key=f"case:{case.id}:unassigned:{old}:{now.timestamp()}",
            now=now,
        )
    await audit(session, actor_id, "case.release", case.id, now)


async def reassign(
    session: AsyncSession, case: Case, admin_id: int, volunteer_id: int, now: dt.datetime
) -> None:
    from bot.volunteers import approved_volunteer

    if await approved_volunteer(session, volunteer_id) is None:
        raise CaseError("not_volunteer")
    if case.status != CaseStatus.OPEN:
        raise CaseError("closed")
    old = case.volunteer_id
    if old == volunteer_id:
        return
    case.volunteer_id = volunteer_id
    case.volunteer_taken_at = now
    if case.volunteer_requested_at is None:
        case.volunteer_requested_at = now
    await _record(
        session,
        case,
        _event(case.id, EventKind.VOLUNTEER_ASSIGNED, now, author_id=volunteer_id),
        now,
    )
    stamp = now.timestamp()
    if old is not None:
        await notify.send(
            session,
            recipients=[old],
            kind=notify.KIND_NOTICE,
            payload=notify.notice("cases-notice-unassigned", case.id, open_button=False),
            key=f"case:{case.id}:unassigned:{old}:{stamp}",
            now=now,
        )
    await notify.send(
        session,
        recipients=[volunteer_id],
        kind=notify.KIND_NOTICE,
        payload=notify.notice("cases-notice-assigned", case.id),
        key=f"case:{case.id}:assigned:{volunteer_id}:{stamp}",
        now=now,
    )
    await audit(session, admin_id, "case.reassign", case.id, now)


async def active_volunteers(session: AsyncSession) -> list[Volunteer]:
    rows = await session.scalars(
        select(Volunteer)
        .where(Volunteer.status == VolunteerStatus.APPROVED, Volunteer.away.is_(False))
        .order_by(Volunteer.user_id)
    )
    return list(rows.all())


# ---- updates and the timeline ------------------------------------------------------------


async def post_update(
    session: AsyncSession,
    vault: Vault,
    case: Case,
    author_id: int,
    text: str,
    now: dt.datetime,
    *,
    private: bool = False,
) -> CaseEvent:
    """An update for the whole family, or (``private``) a note only volunteers see."""
    text = text.strip()
    if not text:
        raise CaseError("empty")
    if len(text) > MAX_UPDATE_CHARS:
        raise CaseError("too_long")
    event = _event(
        case.id,
        EventKind.NOTE if private else EventKind.UPDATE,
        now,
        author_id=author_id,
        text_enc=vault.encrypt(text),
        visibility=EventVisibility.VOLUNTEERS if private else EventVisibility.MEMBERS,
    )
    return await _record(session, case, event, now)


async def timeline(
    session: AsyncSession, case_id: int, *, staff: bool, limit: int = 15
) -> list[CaseEvent]:
    stmt = select(CaseEvent).where(CaseEvent.case_id == case_id)
    if not staff:
        stmt = stmt.where(CaseEvent.visibility == EventVisibility.MEMBERS)
    rows = await session.scalars(stmt.order_by(CaseEvent.id.desc()).limit(limit))
    return list(reversed(rows.all()))


# ---- privacy -----------------------------------------------------------------------------


async def forget(session: AsyncSession, user_id: int) -> None:
    """/forget: drop this person's memberships and every case only they belonged to.

    A case they owned with other members passes to the earliest of them. Their updates in
    a case that goes on stay on that family's timeline, without an author. Cases they were
    the volunteer for lose the volunteer (the foreign key) and return to the queue.
    """
    memberships = (
        await session.scalars(select(CaseMember).where(CaseMember.user_id == user_id))
    ).all()
    owned = set((await session.scalars(select(Case.id).where(Case.owner_id == user_id))).all())
    for member in memberships:
        if member.status == MemberStatus.ACTIVE and member.role == MemberRole.OWNER:
            owned.add(member.case_id)
    for case_id in sorted(owned):
        others = [m for m in await active_members(session, case_id) if m.user_id != user_id]
        if others:
            others[0].role = MemberRole.OWNER
            await session.execute(
                update(Case).where(Case.id == case_id).values(owner_id=others[0].user_id)
            )
        else:
            await session.execute(delete(Case).where(Case.id == case_id))
    await session.execute(delete(CaseMember).where(CaseMember.user_id == user_id))
    await session.execute(delete(CaseMatch).where(CaseMatch.seeker_id == user_id))
    await session.execute(delete(Invitation).where(Invitation.for_user_id == user_id))
    await session.flush()
