"""The operators' commands through the real dispatcher, for each kind of person: an admin,
a coordinator the admin appointed, an approved volunteer and a plain relative."""

from __future__ import annotations

import datetime as dt

from aiogram.methods import SendPhoto
from sqlalchemy import func, select

from bot.admin import counters
from bot.admin.counters import Event
from bot.admin.models import StaffRole
from bot.dispatcher import App
from bot.models import AuditEvent, SearchGap
from bot.simulator import Simulator, SimUser
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID, START

COORD, VOL, RELATIVE = 501, 502, 503
NOT_ALLOWED = "только для администраторов и координаторов"


async def _people(sim: Simulator, app: App) -> tuple[SimUser, SimUser, SimUser, SimUser]:
    admin = await onboard(sim, ADMIN_ID)
    coord = await onboard(sim, COORD)
    relative = await onboard(sim, RELATIVE)
    await make_volunteer(app, VOL)
    volunteer = sim.user(VOL, first_name="Вера", language_code="ru")
    return admin, coord, relative, volunteer


async def test_admin_appoints_a_coordinator_who_then_sees_stats_but_cannot_appoint(
    sim: Simulator, app: App
) -> None:
    admin, coord, relative, volunteer = await _people(sim, app)

    await relative.send("/coordinators add 501")
    assert NOT_ALLOWED in relative.texts()[-1]
    await admin.send("/coordinators add 777")
    assert "ещё не писал боту" in admin.texts()[-1]
    await admin.send("/coordinators add 501")
    assert "501 теперь координатор" in admin.texts()[-2]
    assert "<code>501</code>" in admin.texts()[-1]

    await coord.send("/coordinators add 503")
    assert NOT_ALLOWED in coord.texts()[-1]
    sent = await coord.send("/stats")
    assert "Статистика" in sent[0].text
    assert isinstance(sent[1].method, SendPhoto)
    assert "🟦 вопросы" in (sent[1].method.caption or "")

    for person in (relative, volunteer):
        await person.send("/stats")
        assert NOT_ALLOWED in person.texts()[-1]
        await person.send("/gaps")
        assert NOT_ALLOWED in person.texts()[-1]

    # The admin takes the role away with the button; the former coordinator is refused.
    await admin.press("Снять роль с 501")
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(StaffRole)) == 0
        actions = list(await session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["staff.grant.coordinator", "staff.revoke.coordinator"]
    await coord.send("/stats")
    assert NOT_ALLOWED in coord.texts()[-1]


async def test_stats_show_the_numbers_of_rows_made_here(sim: Simulator, app: App) -> None:
    admin = await onboard(sim, ADMIN_ID)
    await onboard(sim, RELATIVE, english=True)
    async with app.sessionmaker() as session, session.begin():
        for _ in range(3):
            await counters.bump(session, Event.QUESTION_ASKED, START)
        await counters.bump(session, Event.QUESTION_DECLINED, START)
    sent = await admin.send("/stats")
    text = sent[0].text
    assert "<b>👥 Пользователи:</b> 2" in text
    assert "по языку: en 1, ru 1" in text
    assert "активны за 7 дней: 2, за 30 дней: 2" in text  # both wrote today
    assert "задано 3" in text
    assert "без ответа 1" in text


async def test_gaps_group_what_was_not_answered_without_who_asked(
    sim: Simulator, app: App
) -> None:
    admin = await onboard(sim, ADMIN_ID)
    await onboard(sim, RELATIVE)
    async with app.sessionmaker() as session, session.begin():
        for i, query in enumerate(["пенсия по доверенности", "Пенсию по доверенности?"]):
            session.add(
                SearchGap(
                    user_id=RELATIVE,
                    query=query,
                    locale="ru",
                    reason="no_answer",
                    topic_id=None,
                    created_at=START - dt.timedelta(days=10, minutes=i),
                )
            )
    sent = await admin.send("/gaps")
    assert "Пока ничего" in sent[0].text  # the default window is 7 days
    await admin.press("30 дн.")
    text = admin.texts()[-1]
    assert "<b>2×</b> без ответа" in text
    assert str(RELATIVE) not in text


async def test_audit_shows_volunteers_only_their_own_entries(sim: Simulator, app: App) -> None:
    admin, _coord, relative, volunteer = await _people(sim, app)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            AuditEvent(
                actor_id=VOL,
                action="case.view.card",
                object_type="case",
                object_id="1",
                created_at=START,
            )
        )
        session.add(
            AuditEvent(
                actor_id=999,
                action="case.view.card",
                object_type="case",
                object_id="2",
                created_at=START,
            )
        )
    await volunteer.send("/audit")
    own = volunteer.texts()[-1]
    assert "case 1" in own
    assert "case 2" not in own
    await volunteer.send("/audit vol 999")
    assert NOT_ALLOWED in volunteer.texts()[-1]
    await admin.send("/audit case 2")
    assert "case 2" in admin.texts()[-1]
    assert "case 1" not in admin.texts()[-1]
    await admin.send("/audit day 2026-13-45")
    assert "/audit day 2026-12-01" in admin.texts()[-1]
    await relative.send("/audit")
    assert NOT_ALLOWED in relative.texts()[-1]


async def test_questions_are_counted_without_keeping_who_asked(sim: Simulator, app: App) -> None:
    admin = await onboard(sim, ADMIN_ID)
    relative = await onboard(sim, RELATIVE)
    await relative.send("сколько дней на апелляцию в BIA")
    await relative.send("как получить российскую пенсию по доверенности")
    text = (await admin.send("/stats"))[0].text
    assert "задано 2, отвечено из справочника 1, без ответа 1" in text


async def test_every_operator_command_for_every_kind_of_person(sim: Simulator, app: App) -> None:
    admin, coord, relative, volunteer = await _people(sim, app)
    await admin.send("/coordinators add 501")
    allowed = {
        # command: who may use it (everyone else is told it is not for them)
        "/stats": {"admin", "coord"},
        "/gaps": {"admin", "coord"},
        "/broadcast": {"admin", "coord"},
        "/audit": {"admin", "coord", "volunteer"},
        "/coordinators": {"admin"},
    }
    people = {"admin": admin, "coord": coord, "relative": relative, "volunteer": volunteer}
    for command, who in allowed.items():
        for name, person in people.items():
            await person.send("/cancel")
            await person.send(command)
            refused = NOT_ALLOWED in person.texts()[-1]
            assert refused == (name not in who), (command, name, person.texts()[-1])
