"""Helpers for family-case stories: onboarding, volunteers, filling in the person form."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import select

from bot.cases import service
from bot.cases.fields import Location, PersonData
from bot.cases.models import Case, CaseMember, LocationKind, MemberRole, MemberStatus, Person
from bot.crypto import Vault
from bot.dispatcher import App
from bot.models import User, Volunteer, VolunteerStatus
from bot.recording import RecordingSession
from bot.simulator import Simulator, SimUser
from tests import conftest
from tests.conftest import START


async def onboard(sim: Simulator, user_id: int, *, english: bool = False) -> SimUser:
    """A relative through onboarding, in Russian or English (see ``tests.conftest.onboard``)."""
    if english:
        return await conftest.onboard(sim, user_id, "English", "en")
    return await conftest.onboard(sim, user_id)


async def make_volunteer(
    app: App,
    user_id: int,
    *,
    name: str = "Вера",
    status: str = VolunteerStatus.APPROVED,
    locale: str = "ru",
) -> None:
    """Volunteer sign-up belongs to the volunteer desk; stories create them directly."""
    async with app.sessionmaker() as session, session.begin():
        if await session.get(User, user_id) is None:
            session.add(
                User(
                    id=user_id, locale=locale, role="volunteer", consent_at=START, created_at=START
                )
            )
            await session.flush()
        session.add(
            Volunteer(
                user_id=user_id,
                display_name=name,
                show_name=True,
                languages=["ru"],
                areas=[],
                status=status,
                away=False,
                created_at=START,
            )
        )


async def set_volunteer_status(app: App, user_id: int, status: str) -> None:
    async with app.sessionmaker() as session, session.begin():
        volunteer = await session.get(Volunteer, user_id)
        assert volunteer is not None
        volunteer.status = status


@dataclass
class PersonInput:
    latin: str
    cyrillic: str | None = None
    birth: str | None = None
    country: str | None = "Россия"  # a button label, or None to skip
    a_number: str | None = None
    place: str | None = None  # typed place search; the first match is chosen
    special: str | None = None  # a special-place button label instead of a search
    detained: str | None = None
    relation: str | None = None  # a button label, or typed text
    notes: str | None = None


async def fill_person(
    user: SimUser, p: PersonInput, *, skip: str = "Пропустить", save: bool = True
) -> None:
    """Answer the nine steps of the person form and save it (Russian labels); with
    ``save=False`` the form stays at its summary."""
    await user.send(p.latin)
    if p.cyrillic:
        await user.send(p.cyrillic)
    else:
        await user.press(skip)
    if p.birth:
        await user.send(p.birth)
    else:
        await user.press("пропустить")
    if p.country:
        await user.press(p.country)
    else:
        await user.press(skip)
    if p.a_number:
        await user.send(p.a_number)
    else:
        await user.press("Не знаю A-номер")
    if p.special:
        await user.press(p.special)
    else:
        assert p.place is not None
        await user.send(p.place)
        await user.press("📍")
    if p.detained:
        await user.send(p.detained)
    else:
        await user.press("пропустить")
    if p.relation:
        try:
            await user.press(p.relation)
        except LookupError:
            await user.send(p.relation)
    else:
        await user.press(skip)
    if p.notes:
        await user.send(p.notes)
    else:
        await user.press("Без заметок")
    if save:
        await user.press("Сохранить")


async def open_case(user: SimUser, first: PersonInput) -> None:
    await user.send("/menu")
    await user.press("Семья и дела")
    await user.press("Открыть новое дело")
    await fill_person(user, first)


def last_text(user: SimUser) -> str:
    return user.inbox[-1].text if user.inbox else ""


def all_text(user: SimUser, start: int = 0) -> str:
    return "\n".join(s.text for s in user.inbox[start:])


async def press_and_alert(user: SimUser, data: str) -> str | None:
    """Press raw callback data; return the alert text this press produced, if any."""
    session = user.sim.session
    before = len(session.requests)
    await user.press_data(data)
    answers = [
        r for r in session.requests[before:] if isinstance(r, AnswerCallbackQuery) and r.text
    ]
    return answers[-1].text if answers else None


def invite_token(text: str) -> str:
    match = re.search(r"start=join_([A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


async def case_ids(app: App) -> list[int]:
    async with app.sessionmaker() as session:
        return list((await session.scalars(select(Case.id).order_by(Case.id))).all())


async def member_rows(app: App, case_id: int) -> list[CaseMember]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(CaseMember).where(CaseMember.case_id == case_id).order_by(CaseMember.id)
        )
        return list(rows.all())


async def person_rows(app: App, case_id: int) -> list[Person]:
    async with app.sessionmaker() as session:
        rows = await session.scalars(
            select(Person).where(Person.case_id == case_id).order_by(Person.id)
        )
        return list(rows.all())


def recording(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def vault_of(app: App) -> Vault:
    vault = app.dispatcher["vault"]
    assert isinstance(vault, Vault)
    return vault


async def add_user(app: App, user_id: int, *, locale: str = "ru") -> None:
    async with app.sessionmaker() as session, session.begin():
        if await session.get(User, user_id) is None:
            session.add(
                User(
                    id=user_id, locale=locale, role="relative", consent_at=START, created_at=START
                )
            )


def person(
    latin: str = "IVANOV IVAN",
    *,
    a_number: str | None = "123456789",
    birth: dt.date | None = dt.date(1985, 3, 15),
    place: str | None = "facility:adelanto-ice-processing-center",
    kind: str = LocationKind.FACILITY,
) -> PersonData:
    return PersonData(
        latin_name=latin,
        cyrillic_name=None,
        birth_date=birth,
        birth_country="RU",
        a_number=a_number,
        location=Location(kind=kind, ref=place),
    )


async def seed_case(app: App, owner_id: int, *people: PersonData) -> int:
    """A case made through the domain layer (what the form would save), for short tests."""
    await add_user(app, owner_id)
    vault = vault_of(app)
    async with app.sessionmaker() as session, session.begin():
        first, *rest = people or (person(),)
        case, _ = await service.open_case(session, vault, owner_id, first, START)
        for extra in rest:
            await service.add_person(session, vault, case, owner_id, extra, START)
        return case.id


async def add_member(app: App, case_id: int, user_id: int, relation: str = "брат") -> None:
    await add_user(app, user_id)
    vault = vault_of(app)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            CaseMember(
                case_id=case_id,
                user_id=user_id,
                role=MemberRole.MEMBER,
                status=MemberStatus.ACTIVE,
                relation_enc=vault.encrypt(relation),
                joined_at=START + dt.timedelta(minutes=user_id % 1000),
            )
        )
