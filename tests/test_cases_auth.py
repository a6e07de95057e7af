"""Every action re-checks who is asking, on SQLite and PostgreSQL (the ``db_url`` fixture).

Forged or stale callback data, someone else's case id, an expired, used or revoked
invitation, a pending, removed or departed member, a revoked volunteer: all refused clearly.
"""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import func, select

from bot.cases import service
from bot.cases.models import Case, CaseEvent, Invitation, MemberStatus, Person
from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.models import AuditEvent, VolunteerStatus
from bot.simulator import Simulator
from tests.case_helpers import (
    add_member,
    add_user,
    invite_token,
    make_volunteer,
    member_rows,
    person,
    press_and_alert,
    seed_case,
    set_volunteer_status,
)
from tests.conftest import ADMIN_ID, AppFactory

NO_ACCESS = "Это дело вам недоступно. Откройте «Семья и дела» в /menu."
STALE = "Эта кнопка устарела. Откройте /menu ещё раз."

# Every case action a stranger could forge, with the case id of someone else's case.
CASE_ACTIONS = [
    "cs:open:{c}:0",
    "cs:person:{c}:{p}",
    "cs:addp:{c}:0",
    "cs:upd:{c}:0",
    "cs:note:{c}:0",
    "cs:tl:{c}:0",
    "cs:mem:{c}:0",
    "cs:inv:{c}:0",
    "cs:next:{c}:0",
    "cs:vol:{c}:0",
    "cs:need:{c}:0",
    "cs:mute:{c}:0",
    "cs:leave:{c}:0",
    "cs:leave2:{c}:0",
    "cs:appr:{c}:1",
    "cs:rej:{c}:1",
    "cs:rmv2:{c}:1",
    "cs:own:{c}:1",
    "cs:revk:{c}:1",
    "cs:minv:{c}:1",
    "cs:rel:{c}:0",
    "cs:rea2:{c}:2001",
    "cp:status:{c}:{p}:",
    "cp:setst:{c}:{p}:released",
    "cp:field:{c}:{p}:a_number",
]


@pytest.fixture
async def app_db(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    return make_app(settings.model_copy(update={"database_url": db_url}))


@pytest.fixture
def sim_db(app_db: App, clock: FrozenClock) -> Simulator:
    return Simulator(app_db.dispatcher, app_db.bot, clock)


async def first_person_id(app: App, case_id: int) -> int:
    async with app.sessionmaker() as session:
        pid = await session.scalar(select(func.min(Person.id)).where(Person.case_id == case_id))
        assert pid is not None
        return int(pid)


async def test_someone_elses_case_id_is_refused_for_every_action(
    app_db: App, sim_db: Simulator
) -> None:
    case_id = await seed_case(app_db, 1001)
    pid = await first_person_id(app_db, case_id)
    await add_user(app_db, 1666)
    mallory = sim_db.user(1666)
    for template in CASE_ACTIONS:
        alert = await press_and_alert(mallory, template.format(c=case_id, p=pid))
        assert alert == NO_ACCESS, template
    assert mallory.inbox == []  # nothing about the case was ever shown
    async with app_db.sessionmaker() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        assert case.status == "open"
        assert case.owner_id == 1001
        events = await session.scalar(select(func.count()).select_from(CaseEvent))
        assert events == 2  # created + person added: nothing the stranger pressed changed it


async def test_forged_and_malformed_callback_data_is_refused(
    app_db: App, sim_db: Simulator
) -> None:
    case_id = await seed_case(app_db, 1001)
    owner = sim_db.user(1001)
    for forged in (
        f"cs:open:{case_id}",  # too few parts
        "cs:open:abc:0",  # not a number
        f"cs:open:{case_id}:0:extra",
        "cs:take:999999:0",  # a case that does not exist (and not a volunteer)
        "cw:save:confirm:",  # a form button with no form running
        f"cs:person:{case_id}:999999",  # a person from no case of hers
    ):
        alert = await press_and_alert(owner, forged)
        assert alert is not None, forged
    assert await press_and_alert(owner, "cs:open:abc:0") == STALE
    person_alert = await press_and_alert(owner, f"cs:person:{case_id}:999999")
    assert person_alert is not None
    assert "Не нашёл" in person_alert


async def test_a_person_of_another_case_cannot_be_reached_through_my_case(
    app_db: App, sim_db: Simulator
) -> None:
    mine = await seed_case(app_db, 1001)
    theirs = await seed_case(app_db, 1002, person("PETROV PETR", a_number="987654321"))
    their_person = await first_person_id(app_db, theirs)
    me = sim_db.user(1001)
    for template in ("cs:person:{c}:{p}", "cp:status:{c}:{p}:", "cp:field:{c}:{p}:notes"):
        alert = await press_and_alert(me, template.format(c=mine, p=their_person))
        assert alert is not None
        assert "Не нашёл" in alert
    assert all("PETROV" not in s.text for s in me.inbox)


async def test_invitations_expire_are_single_use_and_revocable(
    app_db: App, sim_db: Simulator, clock: FrozenClock
) -> None:
    case_id = await seed_case(app_db, 1001)
    owner = sim_db.user(1001)
    await owner.press_data(f"cs:inv:{case_id}:0")
    expiring = invite_token(owner.inbox[-1].text)
    await owner.press_data(f"cs:inv:{case_id}:0")
    revoked = invite_token(owner.inbox[-1].text)
    await owner.press_data(f"cs:inv:{case_id}:0")
    single = invite_token(owner.inbox[-1].text)

    async with app_db.sessionmaker() as session:
        stored = (await session.scalars(select(Invitation.token_hash))).all()
    assert revoked not in stored
    assert service.hash_token(revoked) in stored

    async with app_db.sessionmaker() as session:
        row = await session.scalar(
            select(Invitation).where(Invitation.token_hash == service.hash_token(revoked))
        )
        assert row is not None
        revoked_id = row.id
    await owner.press_data(f"cs:revk:{case_id}:{revoked_id}")

    for uid in (1002, 1003, 1004):
        await add_user(app_db, uid)
    first, second, late = sim_db.user(1002), sim_db.user(1003), sim_db.user(1004)
    replies = await first.send(f"/start join_{revoked}")
    assert "отозвано" in replies[0].text
    replies = await first.send(f"/start join_{single}")
    assert "Кем вы приходитесь семье" in replies[-1].text
    await first.send("сестра")
    replies = await second.send(f"/start join_{single}")
    assert "одноразовая" in replies[0].text
    replies = await second.send("/start join_NotARealToken123")
    assert "не найдено" in replies[0].text

    clock.advance(service.INVITE_TTL + dt.timedelta(minutes=1))
    replies = await late.send(f"/start join_{expiring}")
    assert "истёк" in replies[0].text
    statuses = {m.user_id: m.status for m in await member_rows(app_db, case_id)}
    assert statuses == {1001: MemberStatus.ACTIVE, 1002: MemberStatus.PENDING}


async def test_an_invitation_checked_at_start_is_checked_again_when_used(
    app_db: App, sim_db: Simulator
) -> None:
    """Revoked between opening the link and answering: the answer is refused."""
    case_id = await seed_case(app_db, 1001)
    owner = sim_db.user(1001)
    await owner.press_data(f"cs:inv:{case_id}:0")
    token = invite_token(owner.inbox[-1].text)
    await add_user(app_db, 1002)
    joiner = sim_db.user(1002)
    await joiner.send(f"/start join_{token}")
    async with app_db.sessionmaker() as session:
        invitation_id = await session.scalar(select(Invitation.id))
    await owner.press_data(f"cs:revk:{case_id}:{invitation_id}")
    replies = await joiner.send("брат")
    assert "отозвано" in replies[-1].text
    assert [m.user_id for m in await member_rows(app_db, case_id)] == [1001]


async def test_pending_removed_and_departed_members_are_refused(
    app_db: App, sim_db: Simulator
) -> None:
    case_id = await seed_case(app_db, 1001)
    await add_member(app_db, case_id, 1002)
    await add_member(app_db, case_id, 1003)
    owner, removed, leaver = sim_db.user(1001), sim_db.user(1002), sim_db.user(1003)

    # Stale buttons: both members opened the case while they still belonged to it.
    await removed.press_data(f"cs:open:{case_id}:0")
    await leaver.press_data(f"cs:open:{case_id}:0")
    members = {m.user_id: m.id for m in await member_rows(app_db, case_id)}
    await owner.press_data(f"cs:rmv:{case_id}:{members[1002]}")
    await owner.press("Да, удалить")
    await leaver.press_data(f"cs:leave:{case_id}:0")
    await leaver.press("Да, выйти")

    for user in (removed, leaver):
        for action in ("cs:open:{c}:0", "cs:upd:{c}:0", "cs:tl:{c}:0", "cs:inv:{c}:0"):
            assert await press_and_alert(user, action.format(c=case_id)) == NO_ACCESS

    # Someone who asked to join but is not approved yet sees nothing either.
    await owner.press_data(f"cs:inv:{case_id}:0")
    token = invite_token(owner.inbox[-1].text)
    await add_user(app_db, 1004)
    pending = sim_db.user(1004)
    await pending.send(f"/start join_{token}")
    await pending.send("тётя")
    assert await press_and_alert(pending, f"cs:open:{case_id}:0") == NO_ACCESS
    # And a member cannot approve requests: only the owner or the volunteer can.
    await add_member(app_db, case_id, 1005)
    plain = sim_db.user(1005)
    pending_id = {m.user_id: m.id for m in await member_rows(app_db, case_id)}[1004]
    alert = await press_and_alert(plain, f"cs:appr:{case_id}:{pending_id}")
    assert alert is not None
    assert "владелец дела" in alert
    alert = await press_and_alert(plain, f"cs:rmv2:{case_id}:{members[1001]}")
    assert alert is not None
    assert "владелец дела" in alert


async def test_volunteer_access_follows_the_volunteer_status(
    app_db: App, sim_db: Simulator
) -> None:
    case_id = await seed_case(app_db, 1001)
    owner = sim_db.user(1001)
    await owner.press_data(f"cs:vol:{case_id}:0")
    await owner.press("Найти, где человек")

    await add_user(app_db, 1500)
    stranger = sim_db.user(1500)
    alert = await press_and_alert(stranger, "cs:queue:0:0")
    assert alert == "Это доступно только одобренным волонтёрам."
    assert await press_and_alert(stranger, f"cs:take:{case_id}:0") == alert

    await make_volunteer(app_db, 2001, status=VolunteerStatus.PENDING)
    vera = sim_db.user(2001)
    assert await press_and_alert(vera, f"cs:take:{case_id}:0") == alert  # not approved yet
    await set_volunteer_status(app_db, 2001, VolunteerStatus.APPROVED)
    await vera.press_data(f"cs:take:{case_id}:0")
    assert "IVANOV IVAN" in vera.inbox[-1].text

    await set_volunteer_status(app_db, 2001, VolunteerStatus.REVOKED)
    for action in ("cs:open:{c}:0", "cs:person:{c}:1", "cs:tl:{c}:0", "cs:note:{c}:0"):
        assert await press_and_alert(vera, action.format(c=case_id)) == NO_ACCESS
    assert await press_and_alert(vera, "cs:queue:0:0") == alert
    async with app_db.sessionmaker() as session:
        assert not await service.can_access(session, case_id, 2001, False)
        assert await service.can_access(session, case_id, 1001, False)
        assert await service.can_access(session, case_id, ADMIN_ID, True)


async def test_taking_a_case_is_atomic(app_db: App, sim_db: Simulator) -> None:
    case_id = await seed_case(app_db, 1001)
    async with app_db.sessionmaker() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await service.request_volunteer(session, case, 1001, "find", case.created_at)
    await make_volunteer(app_db, 2001)
    await make_volunteer(app_db, 2002, name="Олег")

    async def take(volunteer_id: int) -> str:
        try:
            async with app_db.sessionmaker() as session, session.begin():
                await service.take_case(session, case_id, volunteer_id, case.created_at)
        except service.CaseError as exc:
            return exc.code
        return "ok"

    results = await asyncio.gather(take(2001), take(2002))
    assert sorted(results) == ["ok", "taken"]
    async with app_db.sessionmaker() as session:
        taken = await session.get(Case, case_id)
        assert taken is not None
        assert taken.volunteer_id in {2001, 2002}
        takes = await session.scalar(select(func.count()).where(AuditEvent.action == "case.take"))
        assert takes == 1

    # Through the bot, the loser is told clearly.
    loser = 2002 if taken.volunteer_id == 2001 else 2001
    alert = await press_and_alert(sim_db.user(loser), f"cs:take:{case_id}:0")
    assert alert == "Это дело уже взял другой волонтёр."


async def test_reassigning_is_for_admins_and_views_by_staff_are_audited(
    app_db: App, sim_db: Simulator
) -> None:
    case_id = await seed_case(app_db, 1001)
    await make_volunteer(app_db, 2001)
    await make_volunteer(app_db, 2002, name="Олег")
    await add_user(app_db, ADMIN_ID)
    admin, vera = sim_db.user(ADMIN_ID), sim_db.user(2001)

    await admin.press_data(f"cs:open:{case_id}:0")
    assert "IVANOV IVAN" in admin.inbox[-1].text
    await admin.press_data(f"cs:rea2:{case_id}:2001")
    assert "Дело передано" in admin.inbox[-1].text
    await vera.press_data(f"cs:open:{case_id}:0")
    assert "IVANOV IVAN" in vera.inbox[-1].text
    # A volunteer cannot reassign, and an admin cannot hand a case to a non-volunteer.
    alert = await press_and_alert(vera, f"cs:rea2:{case_id}:2002")
    assert alert == "Это доступно только администраторам."
    alert = await press_and_alert(admin, f"cs:rea2:{case_id}:1001")
    assert alert == "Это доступно только одобренным волонтёрам."
    # The owner's own views are not audited; staff views are.
    await sim_db.user(1001).press_data(f"cs:open:{case_id}:0")
    async with app_db.sessionmaker() as session:
        rows = (
            await session.execute(
                select(AuditEvent.actor_id, AuditEvent.action, AuditEvent.object_id).order_by(
                    AuditEvent.id
                )
            )
        ).all()
    assert [tuple(r) for r in rows] == [
        (ADMIN_ID, "case.view.card", str(case_id)),
        (ADMIN_ID, "case.reassign", str(case_id)),
        (2001, "case.view.card", str(case_id)),
    ]


async def test_volunteer_notes_stay_private(app_db: App, sim_db: Simulator) -> None:
    case_id = await seed_case(app_db, 1001)
    await add_member(app_db, case_id, 1002)
    await make_volunteer(app_db, 2001)
    async with app_db.sessionmaker() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await service.reassign(session, case, ADMIN_ID, 2001, case.created_at)
    owner, vera = sim_db.user(1001), sim_db.user(2001)
    await sim_db.deliver(app_db.delivery)  # "a volunteer took the case" goes to the family
    await vera.press_data(f"cs:note:{case_id}:0")
    await vera.send("Семья путает даты, перепроверить у адвоката")
    sent = await sim_db.deliver(app_db.delivery)
    assert 1001 not in sent
    assert 1002 not in sent
    assert await press_and_alert(owner, f"cs:note:{case_id}:0") == (
        "Это доступно только одобренным волонтёрам."
    )
    await owner.press_data(f"cs:tl:{case_id}:0")
    assert "перепроверить" not in owner.inbox[-1].text
    await vera.press_data(f"cs:tl:{case_id}:0")
    assert "перепроверить" in vera.inbox[-1].text
    assert "🔒" in vera.inbox[-1].text
