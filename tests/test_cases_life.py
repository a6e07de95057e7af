"""Life of a case: statuses, updates, muting, leaving, ownership, matches, next steps."""

from __future__ import annotations

import datetime as dt
import html

from sqlalchemy import func, select

from bot.cases import service
from bot.cases.fields import Location, PersonData
from bot.cases.models import (
    Case,
    CaseMatch,
    Invitation,
    LocationKind,
    MemberRole,
    MemberStatus,
    PersonStatus,
)
from bot.cases.next_steps import plan_for, topics_for
from bot.dispatcher import App
from bot.places import Places
from bot.simulator import Simulator
from tests.case_helpers import (
    add_member,
    add_user,
    invite_token,
    make_volunteer,
    member_rows,
    person,
    person_rows,
    press_and_alert,
    seed_case,
)
from tests.conftest import START


async def test_status_change_reaches_members_but_not_muted_ones(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002, relation="мать")
    await add_member(app, case_id, 1003, relation="брат")
    (row,) = await person_rows(app, case_id)
    anna, mother, brother = sim.user(1001), sim.user(1002), sim.user(1003)
    await brother.press_data(f"cs:mute:{case_id}:0")
    await anna.press_data(f"cp:status:{case_id}:{row.id}:")
    await anna.press("переведён")
    replies = await anna.send("Jena")
    assert "Central Louisiana" in replies[-1].buttons()[0][0]
    await anna.press("Central Louisiana")
    sent = await sim.deliver(app.delivery)
    assert set(sent) == {1002}
    notice = mother.inbox[-1].text
    assert "IVANOV IVAN: <b>переведён(а) в другое место</b>" in notice
    assert "Central Louisiana ICE Processing Center (Jena, LA)" in notice
    (row,) = await person_rows(app, case_id)
    assert row.status == PersonStatus.TRANSFERRED
    await anna.press_data(f"cs:tl:{case_id}:0")
    assert "переведён(а)" in anna.inbox[-1].text
    # Unmuting brings the brother back.
    await brother.press_data(f"cs:mute:{case_id}:0")
    await mother.press_data(f"cs:upd:{case_id}:0")
    await mother.send("Я звонила в Jena")
    sent = await sim.deliver(app.delivery)
    assert set(sent) == {1001, 1003}
    assert "<b>мать:</b> Я звонила в Jena" in brother.inbox[-1].text


async def test_update_queued_for_someone_who_left_is_not_sent(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002)
    anna, boris = sim.user(1001), sim.user(1002)
    await anna.press_data(f"cs:upd:{case_id}:0")
    await anna.send("Новость")
    await boris.press_data(f"cs:leave:{case_id}:0")
    await boris.press("Да, выйти")
    sent = await sim.deliver(app.delivery)
    assert 1002 not in sent  # checked again at send time


async def test_owner_leaving_passes_ownership_and_the_last_one_closes_the_case(
    sim: Simulator, app: App
) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002)
    await make_volunteer(app, 2001)
    async with app.sessionmaker() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await service.reassign(session, case, 9000, 2001, START)
    anna, boris = sim.user(1001), sim.user(1002)
    sim.user(2001)
    await sim.deliver(app.delivery)

    await anna.press_data(f"cs:leave:{case_id}:0")
    assert "владельцем станет брат" in anna.inbox[-1].text
    await anna.press("Да, выйти")
    await sim.deliver(app.delivery)
    assert any("Теперь вы владелец семейного дела №1" in s.text for s in boris.inbox)
    assert any("Из дела вышел(а): тот, кто открыл дело" in s.text for s in boris.inbox)
    members = await member_rows(app, case_id)
    assert [(m.user_id, m.role, m.status) for m in members] == [
        (1001, MemberRole.MEMBER, MemberStatus.LEFT),
        (1002, MemberRole.OWNER, MemberStatus.ACTIVE),
    ]

    # A pending request and an open link, then the last member leaves.
    await boris.press_data(f"cs:inv:{case_id}:0")
    token = invite_token(boris.inbox[-1].text)
    await boris.press_data(f"cs:inv:{case_id}:0")
    await add_user(app, 1005)
    await sim.user(1005).send(f"/start join_{token}")
    await sim.user(1005).send("дядя")
    await boris.press_data(f"cs:leave:{case_id}:0")
    assert "дело закроется" in boris.inbox[-1].text
    await boris.press("Да, выйти")
    assert "оно закрыто" in boris.inbox[-1].text
    sent = await sim.deliver(app.delivery)
    assert "закрыто" in sent[2001][-1].text
    async with app.sessionmaker() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        assert (case.status, case.owner_id, case.volunteer_id) == ("closed", None, None)
        open_links = await session.scalar(
            select(func.count()).where(
                Invitation.revoked_at.is_(None), Invitation.used_at.is_(None)
            )
        )
        assert open_links == 0
    statuses = {m.user_id: m.status for m in await member_rows(app, case_id)}
    assert statuses[1005] == MemberStatus.REJECTED


async def test_owner_can_hand_over_and_remove(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002, relation="сестра")
    await add_member(app, case_id, 1003, relation="сосед")
    anna = sim.user(1001)
    neighbour = sim.user(1003)
    await anna.press_data(f"cs:mem:{case_id}:0")
    await anna.press("Удалить: сосед")
    await anna.press("Да, удалить")
    await anna.press("Сделать владельцем")  # the only other member now: сестра
    await sim.deliver(app.delivery)
    assert "Вас удалили из семейного дела №1" in neighbour.inbox[-1].text
    members = {m.user_id: (m.role, m.status) for m in await member_rows(app, case_id)}
    assert members == {
        1001: (MemberRole.MEMBER, MemberStatus.ACTIVE),
        1002: (MemberRole.OWNER, MemberStatus.ACTIVE),
        1003: (MemberRole.MEMBER, MemberStatus.REMOVED),
    }
    # The former owner is now an ordinary member and cannot remove anyone.
    await anna.press_data(f"cs:mem:{case_id}:0")
    assert not any("Удалить" in t for t, _ in anna.inbox[-1].buttons())


async def test_a_name_and_birth_date_match_without_an_a_number(app: App) -> None:
    first = await seed_case(app, 1001, person("IVANOV IVAN", a_number=None))
    await seed_case(app, 1002, person("IVAN, IVANOV", a_number=None))  # order differs
    await seed_case(app, 1003, person("IVANOV IVAN", a_number=None, birth=dt.date(1990, 1, 1)))
    async with app.sessionmaker() as session:
        matches = (await session.scalars(select(CaseMatch))).all()
    assert [(m.case_id, m.seeker_id, m.basis) for m in matches] == [(first, 1002, "name_dob")]


async def close(app: App, case_id: int) -> None:
    async with app.sessionmaker() as session, session.begin():
        case = await session.get(Case, case_id)
        assert case is not None
        await service.close_case(session, case, START)


async def test_no_match_notice_for_a_member_or_a_closed_case_and_none_twice(
    sim: Simulator, app: App
) -> None:
    vault = app.dispatcher["vault"]
    first = await seed_case(app, 1001)
    # A member of the first case adds the same person to a case of her own: she knows.
    await add_member(app, first, 1004)
    own = await seed_case(app, 1004, person())
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(CaseMatch)) == 0
    await close(app, own)
    # A stranger: one notice; editing her person again does not repeat it.
    second = await seed_case(app, 1002, person())
    async with app.sessionmaker() as session, session.begin():
        case = await session.get(Case, second)
        rows = await service.persons(session, second)
        assert case is not None
        data = service.open_person(vault, rows[0])
        data.notes = "обновила"
        await service.update_person(session, vault, case, rows[0], 1002, data, START)
    sim.user(1001)
    sent = await sim.deliver(app.delivery)
    assert [s.text.count("ищет") for s in sent[1001]] == [1]
    # Closed cases are not searched.
    await close(app, first)
    await seed_case(app, 1003, person())
    async with app.sessionmaker() as session:
        pairs = (await session.execute(select(CaseMatch.case_id, CaseMatch.seeker_id))).all()
    assert sorted(tuple(p) for p in pairs) == [(first, 1002), (second, 1003)]


async def test_match_invitation_is_personal(sim: Simulator, app: App) -> None:
    await seed_case(app, 1001)
    await seed_case(app, 1002, person())
    anna = sim.user(1001)
    sim.user(1002)
    await sim.deliver(app.delivery)
    await anna.press("Отправить приглашение")
    await sim.deliver(app.delivery)
    async with app.sessionmaker() as session:
        invitation = await session.scalar(select(Invitation))
    assert invitation is not None
    assert invitation.for_user_id == 1002
    await add_user(app, 1666)
    mallory = sim.user(1666)
    alert = await press_and_alert(mallory, f"cj:go:{invitation.id}")
    assert alert is not None
    assert "Приглашение не найдено" in alert
    # Pressing "send an invitation" twice does not send two.
    async with app.sessionmaker() as session:
        match = await session.scalar(select(CaseMatch))
    assert match is not None
    assert match.invitation_id == invitation.id
    alert = await press_and_alert(anna, f"cs:minv:{match.case_id}:{match.id}")
    assert alert is not None
    assert "уже отправлено" in alert


async def test_asking_for_a_volunteer_tells_only_active_volunteers(
    sim: Simulator, app: App
) -> None:
    case_id = await seed_case(app, 1001)
    await make_volunteer(app, 2001)
    await make_volunteer(app, 2002, status="pending")
    await make_volunteer(app, 2003, status="revoked")
    for uid in (2001, 2002, 2003):
        sim.user(uid)
    anna = sim.user(1001)
    await anna.press_data(f"cs:vol:{case_id}:0")
    await anna.press("Ребёнок в приюте")
    sent = await sim.deliver(app.delivery)
    assert set(sent) == {2001}
    async with app.sessionmaker() as session:
        case = await session.get(Case, case_id)
        assert case is not None
        assert case.volunteer_need == "child"


async def test_hearings_can_rely_on_active_members_and_can_access(app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002)
    async with app.sessionmaker() as session:
        members = await service.active_members(session, case_id)
        assert [m.user_id for m in members] == [1001, 1002]
        assert await service.can_access(session, case_id, 1002, False)
        assert not await service.can_access(session, case_id, 1003, False)
        assert await service.can_access(session, case_id, 1003, True)  # an admin
        assert not await service.can_access(session, 999, 1001, False)


def test_next_steps_follow_what_was_entered() -> None:
    places = Places.load()
    today = dt.date(2026, 11, 22)
    child = PersonData(
        latin_name="IVANOVA MARIA",
        birth_date=dt.date(2019, 5, 10),
        location=Location(kind=LocationKind.SHELTER),
    )
    keys = [s.key for s in plan_for(child, PersonStatus.DETAINED, places, today).steps]
    assert "cases-next-orr" in keys
    assert "cases-next-locator-name" not in keys  # the locator does not list children
    adult = PersonData(
        latin_name="IVANOV IVAN",
        birth_date=dt.date(1980, 1, 1),
        birth_country="RU",
        a_number="123456789",
        location=Location(kind=LocationKind.FACILITY, ref="facility:stewart-detention-center"),
    )
    plan = plan_for(adult, PersonStatus.DETAINED, places, today)
    keys = [s.key for s in plan.steps]
    assert keys[:3] == [
        "cases-next-facility",
        "cases-next-locator-anumber",
        "cases-next-locator-name",
    ]
    assert "cases-next-locator-ussr" in keys  # born before 1992
    assert "cases-next-eoir" in keys
    assert "cases-next-orr" not in keys
    assert plan.place is not None
    assert plan.place.tz == "America/New_York"
    released = PersonData(latin_name="A B", location=Location(kind=LocationKind.RELEASED))
    keys = [s.key for s in plan_for(released, PersonStatus.RELEASED, places, today).steps]
    assert "cases-next-released" in keys
    assert "cases-next-locator-name" not in keys
    topics = topics_for([(child, "detained"), (adult, "detained")], today)
    assert topics[0] == "family-children"
    assert "release-bond" in topics


async def test_a_long_timeline_fits_in_one_telegram_message(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001, person("O'NEIL ANNA"))
    anna = sim.user(1001)
    for i in range(15):
        await anna.press_data(f"cs:upd:{case_id}:0")
        await anna.send(f"{i} " + "новости " * 240)
    await anna.press_data(f"cs:tl:{case_id}:0")
    timeline = anna.inbox[-1].text
    assert len(timeline) < 4096
    assert "14 новости" in timeline  # the newest entries are kept
    await anna.press_data(f"cs:open:{case_id}:0")
    labels = [t for t, _ in anna.inbox[-1].buttons()]
    assert "👤 O'NEIL ANNA" in labels  # button labels are plain text, not HTML


def test_notice_buttons_match_the_callback_data_format() -> None:
    """bot/cases/notify.py writes callback strings without aiogram; keep them in step."""
    from bot.cases import notify
    from bot.handlers.cases.ui import CaseCb

    payload = notify.notice("cases-notice-approved", 12)
    assert payload["buttons"][0][0]["cb"] == CaseCb(action="open", case_id=12).pack()
    assert CaseCb(action="queue", case_id=0).pack() == "cs:queue:0:0"


async def test_a_long_update_is_relayed_whole(sim: Simulator, app: App) -> None:
    case_id = await seed_case(app, 1001)
    await add_member(app, case_id, 1002)
    anna, boris = sim.user(1001), sim.user(1002)
    text = ("<Адвокат> & 'суд' " * 200)[:2000]
    await anna.press_data(f"cs:upd:{case_id}:0")
    await anna.send(text)
    await sim.deliver(app.delivery)
    relayed = boris.inbox[-1].text
    assert html.escape(text) in relayed
    assert "{???}" not in relayed
    replies = await anna.press_data(f"cs:upd:{case_id}:0")
    replies = await anna.send("x" * 2001)
    assert "до 2000 знаков" in replies[-1].text
