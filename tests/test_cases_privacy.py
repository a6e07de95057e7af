"""Encryption at rest, keyed A-number matching, clean logs, /forget and key rotation."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from bot.cases import service
from bot.cases.models import Case, CaseMatch, CaseMember, MemberRole, Person
from bot.config import Settings
from bot.crypto import Vault, VaultError
from bot.dispatcher import App
from bot.keyrotation import rotate_all
from bot.models import User
from bot.simulator import Simulator
from tests.case_helpers import (
    PersonInput,
    add_member,
    fill_person,
    invite_token,
    make_volunteer,
    member_rows,
    onboard,
    open_case,
    person,
    seed_case,
    vault_of,
)
from tests.conftest import AppFactory

SECRETS: tuple[str, ...] = (
    "123456789",
    "123-456-789",
    "987654321",
    "IVANOV",
    "Иванов",
    "PETROVA",
    "Петрова",
    "инсулин",
    "brother of Ivan",
    "DRAFTOV",
    "Черновиков",
    "бонд назначен",
    "перепроверить",
    "adelanto",
    "1985-03-15",
)


async def family_story(sim: Simulator, app: App) -> None:
    """Every kind of personal data the feature stores, entered through the bot."""
    anna = await onboard(sim, 1001)
    await open_case(
        anna,
        PersonInput(
            latin="IVANOV IVAN",
            cyrillic="Иванов Иван",
            birth="15.03.1985",
            a_number="A-123-456-789",
            place="Adelanto",
            detained="02.11.2026",
            relation="муж",
            notes="Нужен инсулин",
        ),
    )
    await anna.press("Добавить ещё человека")
    await fill_person(
        anna,
        PersonInput(
            latin="PETROVA ANNA",
            cyrillic="Петрова Анна",
            a_number="987654321",
            special="В детском приюте",
        ),
    )
    await anna.press("Открыть дело №1")
    await anna.press("Участники")
    await anna.press("Пригласить родственника")
    token = invite_token(anna.inbox[-1].text)
    boris = await onboard(sim, 1002)
    await boris.send(f"/start join_{token}")
    await boris.send("brother of Ivan")
    await sim.deliver(app.delivery)
    await anna.press("Принять")
    await make_volunteer(app, 2001)
    vera = sim.user(2001)
    await anna.press("Открыть дело №1")
    await anna.press("Попросить волонтёра")
    await anna.press("Найти, где человек")
    await vera.press_data("cs:take:1:0")
    await vera.press("Написать новость")
    await vera.send("Иванову бонд назначен на понедельник")
    await vera.press("Открыть дело №1")
    await vera.press("Заметка для волонтёров")
    await vera.send("перепроверить даты")
    clara = await onboard(sim, 1003)
    await open_case(
        clara, PersonInput(latin="IVANOV IVAN", a_number="123456789", special="Не знаю где")
    )
    await sim.deliver(app.delivery)
    # Someone is halfway through the form: the draft is in the database too.
    dima = await onboard(sim, 1004)
    await dima.send("/menu")
    await dima.press("Семья и дела")
    await dima.press("Открыть новое дело")
    await dima.send("DRAFTOV DMITRY")
    await dima.send("Черновиков Дмитрий")


def database_bytes(app: App) -> bytes:
    path = Path(app.settings.database_url.removeprefix("sqlite+aiosqlite:///"))
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


async def test_database_file_holds_no_names_a_numbers_or_places(sim: Simulator, app: App) -> None:
    await family_story(sim, app)
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CaseMatch)) == 1
    raw_open = database_bytes(app)
    await app.engine.dispose()  # checkpoint the WAL into the main file as well
    for raw in (raw_open, database_bytes(app)):
        assert b"case_persons" in raw  # the reader does see the file's contents
        lowered = raw.lower()
        for secret in SECRETS:
            assert secret.lower().encode() not in lowered, secret


async def test_logs_hold_no_personal_data(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        await family_story(sim, app)
    assert caplog.records  # something was logged, so the check below means something
    text = caplog.text.lower()
    for secret in SECRETS:
        assert secret.lower() not in text, secret


async def test_a_number_matching_uses_a_keyed_hash(app: App) -> None:
    case_id = await seed_case(app, 1001)
    vault = vault_of(app)
    async with app.sessionmaker() as session:
        row = await session.scalar(select(Person).where(Person.case_id == case_id))
    assert row is not None
    assert row.a_number_index is not None
    assert row.a_number_index == vault.blind_index("123456789", "a_number")
    assert row.a_number_index != hashlib.sha256(b"123456789").hexdigest()
    other = Vault.generate()
    assert other.blind_index("123456789", "a_number") != row.a_number_index
    assert "123456789" not in (row.a_number_enc or "")
    assert service.open_person(vault, row).a_number == "123456789"
    with pytest.raises(VaultError):
        service.open_person(other, row)


async def test_keys_can_be_rotated(settings: Settings, make_app: AppFactory) -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    index_key = "i" * 40
    old = Vault.from_keys([old_key], index_key)
    app = make_app(settings, vault=old)
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002, relation="сестра")
    # ENCRYPTION_KEYS="new,old": new data uses the new key, the old one still decrypts.
    both = Vault.from_keys([new_key, old_key], index_key)
    async with app.sessionmaker() as session, session.begin():
        changed = await rotate_all(session, both)
    assert changed["case_persons"] >= 5
    assert changed["case_members"] == 1
    only_new = Vault.from_keys([new_key], index_key)
    async with app.sessionmaker() as session:
        row = await session.scalar(select(Person).where(Person.case_id == case_id))
        member = await session.scalar(select(CaseMember).where(CaseMember.user_id == 1002))
    assert row is not None
    assert member is not None
    assert service.open_person(only_new, row).latin_name == "IVANOV IVAN"
    assert only_new.decrypt(member.relation_enc or "") == "сестра"
    with pytest.raises(VaultError):
        service.open_person(old, row)  # the old key alone no longer opens anything
    # The blind index key did not change, so matching still works after rotation.
    assert row.a_number_index == only_new.blind_index("123456789", "a_number")


async def forget_through_the_bot(sim: Simulator, user_id: int) -> None:
    user = sim.user(user_id)
    await user.send("/forget")
    await user.press("Да, удалить всё")


async def test_forget_passes_ownership_to_the_earliest_member(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1003)
    await add_member(app, case_id, 1002)  # joined earlier (see add_member's joined_at)
    await forget_through_the_bot(sim, 1001)
    members = await member_rows(app, case_id)
    assert [(m.user_id, m.role) for m in members] == [
        (1003, MemberRole.MEMBER),
        (1002, MemberRole.OWNER),
    ]
    async with app.sessionmaker() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        assert case.owner_id == 1002
        assert case.status == "open"
        assert await session.scalar(select(func.count()).select_from(Person)) == 1
        assert await session.get(User, 1001) is None


async def test_forget_deletes_a_case_only_they_belonged_to(sim: Simulator, app: App) -> None:
    mine = await seed_case(app, 1001)
    theirs = await seed_case(app, 1002, person("IVANOV IVAN"))  # a match with case `mine`
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CaseMatch)) == 1
    await forget_through_the_bot(sim, 1002)
    async with app.sessionmaker() as session:
        assert await session.get(Case, theirs) is None
        assert await session.get(Case, mine) is not None
        persons = (await session.scalars(select(Person.case_id))).all()
        assert persons == [mine]
        assert await session.scalar(select(func.count()).select_from(CaseMatch)) == 0


async def test_forget_by_a_volunteer_returns_the_case_to_the_queue(
    sim: Simulator, app: App
) -> None:
    case_id = await seed_case(app, 1001)
    await make_volunteer(app, 2001)
    async with app.sessionmaker() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await service.request_volunteer(session, case, 1001, "court", case.created_at)
        await service.take_case(session, case_id, 2001, case.created_at)
    await forget_through_the_bot(sim, 2001)
    async with app.sessionmaker() as session:
        queued = await service.queue(session)
    assert [c.id for c in queued] == [case_id]
