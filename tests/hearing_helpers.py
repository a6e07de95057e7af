"""Building families, hearings and reminders for the hearings tests (rows made directly:
the case flows are another feature's)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import select

from bot.cases.models import Case, CaseMember, CaseStatus, MemberRole, MemberStatus, Person
from bot.crypto import Vault
from bot.dispatcher import App
from bot.hearings import service
from bot.hearings.models import Hearing, HearingKind, HearingMode
from bot.models import OutboxMessage, OutboxStatus, User, Volunteer, VolunteerStatus
from bot.places import Places


@dataclass
class Family:
    case_id: int
    person_id: int
    owner: int
    members: list[int]
    volunteer: int | None
    everyone: list[int] = field(default_factory=list)


def vault_of(app: App) -> Vault:
    vault = app.dispatcher["vault"]
    assert isinstance(vault, Vault)
    return vault


def places_of(app: App) -> Places:
    places = app.dispatcher["places"]
    assert isinstance(places, Places)
    return places


async def add_user(
    app: App, user_id: int, *, locale: str = "ru", tz: str | None = None, consent: bool = True
) -> None:
    async with app.sessionmaker() as session, session.begin():
        if await session.get(User, user_id) is None:
            session.add(
                User(
                    id=user_id,
                    locale=locale,
                    role="relative",
                    timezone=tz,
                    consent_at=app.clock.now() if consent else None,
                    created_at=app.clock.now(),
                )
            )


async def make_family(
    app: App,
    *,
    owner: int = 1001,
    members: Sequence[int] = (1002,),
    volunteer: int | None = 2001,
    tzs: dict[int, str] | None = None,
    locales: dict[int, str] | None = None,
    latin: str = "IVANOV IVAN",
    cyrillic: str | None = "Иванов Иван",
) -> Family:
    tzs = tzs or {}
    locales = locales or {}
    vault = vault_of(app)
    now = app.clock.now()
    for uid in (owner, *members, *([volunteer] if volunteer else [])):
        await add_user(app, uid, locale=locales.get(uid, "ru"), tz=tzs.get(uid))
    async with app.sessionmaker() as session, session.begin():
        if volunteer is not None and await session.get(Volunteer, volunteer) is None:
            session.add(
                Volunteer(
                    user_id=volunteer,
                    display_name="Vera",
                    status=VolunteerStatus.APPROVED,
                    created_at=now,
                )
            )
        case = Case(status=CaseStatus.OPEN, owner_id=owner, volunteer_id=volunteer, created_at=now)
        session.add(case)
        await session.flush()
        for uid in (owner, *members):
            session.add(
                CaseMember(
                    case_id=case.id,
                    user_id=uid,
                    role=MemberRole.OWNER if uid == owner else MemberRole.MEMBER,
                    status=MemberStatus.ACTIVE,
                    joined_at=now,
                )
            )
        person = Person(
            case_id=case.id,
            latin_name_enc=vault.encrypt(latin),
            cyrillic_name_enc=vault.encrypt_opt(cyrillic),
            created_by=owner,
            created_at=now,
        )
        session.add(person)
        await session.flush()
        everyone = [owner, *members, *([volunteer] if volunteer else [])]
        return Family(case.id, person.id, owner, list(members), volunteer, everyone)


async def add_hearing(
    app: App,
    family: Family,
    local: dt.datetime,
    *,
    place_id: str | None = None,
    tz: str | None = None,
    kind: str = HearingKind.MASTER,
    mode: str = HearingMode.VIDEO,
    actor: int | None = None,
) -> int:
    places = places_of(app)
    if place_id is not None:
        place = places.get(place_id)
        assert place is not None, place_id
        tz = tz or place.tz
    assert tz is not None
    async with app.sessionmaker() as session, session.begin():
        hearing = await service.add_hearing(
            session,
            vault_of(app),
            case_id=family.case_id,
            person_id=family.person_id,
            place=service.PlaceRef(id=place_id, text=None if place_id else "Somewhere"),
            tz=tz,
            local_start=local,
            kind=kind,
            mode=mode,
            notes=None,
            actor_id=actor if actor is not None else family.owner,
            now=app.clock.now(),
        )
        return hearing.id


async def get_hearing(app: App, hearing_id: int) -> Hearing:
    async with app.sessionmaker() as session:
        hearing = await session.get(Hearing, hearing_id)
        assert hearing is not None
        return hearing


async def outbox_rows(app: App, kind: str | None = None) -> list[OutboxMessage]:
    async with app.sessionmaker() as session:
        stmt = select(OutboxMessage).order_by(OutboxMessage.due_at, OutboxMessage.id)
        if kind is not None:
            stmt = stmt.where(OutboxMessage.kind == kind)
        return list(await session.scalars(stmt))


def pending(rows: Sequence[OutboxMessage]) -> list[OutboxMessage]:
    return [r for r in rows if r.status == OutboxStatus.PENDING]


def court(place_name: str) -> str:
    """A shipped court's id by (part of) its name."""
    from bot.places import Places

    places = Places.load()
    for place in places.of_kind("court"):
        if place_name.lower() in place.name.lower():
            return place.id
    raise LookupError(place_name)
