"""Operators and the Mexico section: the broadcast segment "waiting in Mexico", optionally by
city (domain and the /broadcast flow's buttons), and the /stats row "Mexico programme: people
by steps done and by city", each checked against rows this test created."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from bot.admin import broadcasts as bc
from bot.admin import stats
from bot.admin.broadcasts import BroadcastError, Segment, SegmentKind
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import StepStatus
from bot.mexico.signup import SignupData
from bot.models import OutboxMessage, Role, User
from bot.simulator import Simulator
from tests.case_helpers import onboard
from tests.conftest import ADMIN_ID

# Tijuana: two who hear announcements, one who turned them off; Juárez: one; one more with the
# Mexico role who has not filled in the form; one relative with nothing to do with Mexico.
TJ1, TJ2, TJ_QUIET, JZ, ROLE_ONLY, RELATIVE = 601, 602, 603, 604, 605, 606


async def population(sim: Simulator, app: App, clock: FrozenClock) -> None:
    for uid in (TJ1, TJ2, TJ_QUIET, JZ, ROLE_ONLY, RELATIVE, ADMIN_ID):
        await onboard(sim, uid)
    now = clock.now()
    steps = app.programme.steps
    async with app.sessionmaker() as session, session.begin():
        for uid, city in (
            (TJ1, "tijuana"),
            (TJ2, "tijuana"),
            (TJ_QUIET, "tijuana"),
            (JZ, "juarez"),
        ):
            await service.save_profile(session, app.vault, uid, SignupData(city=city), now)
        for step in steps[:2]:
            await service.mark(session, TJ1, step, StepStatus.DONE, now)
        await service.mark(session, JZ, steps[0], StepStatus.DONE, now)
        await service.mark(session, TJ2, steps[0], StepStatus.LATER, now)  # not done
        quiet = await session.get(User, TJ_QUIET)
        assert quiet is not None
        quiet.announcements = False
        role_only = await session.get(User, ROLE_ONLY)
        assert role_only is not None
        role_only.role = Role.SEEKER_MEXICO
        await service.start_watch(
            session,
            app.vault,
            TJ1,
            crossing_at=now + dt.timedelta(days=1),
            tz="America/Tijuana",
            place=None,
            now=now,
        )


async def test_the_mexico_segment_counts_by_city(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await population(sim, app, clock)
    async with app.sessionmaker() as session:
        assert await bc.count(session, Segment(SegmentKind.MEXICO)) == 4  # not the quiet one
        assert await bc.count(session, Segment(SegmentKind.MEXICO, "tijuana")) == 2
        assert await bc.count(session, Segment(SegmentKind.MEXICO, "juarez")) == 1
        assert await bc.count(session, Segment(SegmentKind.MEXICO, "nogales")) == 0
    with pytest.raises(BroadcastError):
        Segment.parse({"kind": "mexico", "value": "atlantis"})
    assert Segment.parse({"kind": "mexico", "value": "tijuana"}).value == "tijuana"


async def test_a_broadcast_to_one_city_through_the_buttons(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await population(sim, app, clock)
    admin = sim.user(ADMIN_ID)
    await admin.send("/broadcast")
    await admin.send("Пункт приёма в Тихуане переехал.")
    await admin.press("Пропустить")
    await admin.press("Ждущим в Мексике, по городу…")
    assert "Тихуана: 2" in [t for t, _ in admin.inbox[-1].buttons()]
    await admin.press("Тихуана: 2")
    assert any(
        "Получателей: <b>2</b> (ждущим в Мексике, город Тихуана)" in t for t in admin.texts()
    )
    await admin.press("Отправить (2)")
    await sim.deliver(app.delivery)
    async with app.sessionmaker() as session:
        chats = sorted(
            await session.scalars(
                select(OutboxMessage.chat_id).where(OutboxMessage.kind == bc.KIND)
            )
        )
    assert chats == [TJ1, TJ2]
    assert "Пункт приёма в Тихуане переехал." in sim.user(TJ1).texts()[-1]
    assert not any("Пункт приёма" in t for t in sim.user(JZ).texts())


async def test_stats_row_counts_people_by_steps_done_and_by_city(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await population(sim, app, clock)
    async with app.sessionmaker() as session:
        figures = await stats.collect(session, clock.now(), sla_minutes=120)
    data = figures.as_dict()["mexico"]
    assert data == {
        "people": 4,
        "by_steps_done": {"0": 2, "1": 1, "2": 1},
        "by_city": {"juarez": 1, "tijuana": 3},
        "watches_active": 1,
        "alarms_open": 0,
    }
    admin = sim.user(ADMIN_ID)
    await admin.send("/stats")
    text = next(t for t in admin.texts() if "Программа «Жду в Мексике»" in t)
    assert (
        "4 чел.; по числу сделанных шагов: 0 — 2, 1 — 1, 2 — 1; "
        "по городам: Сьюдад-Хуарес 1, Тихуана 3; страховок включено 1, тревог не снято 0"
    ) in text
    # Nobody is named: the row is numbers only.
    assert str(TJ1) not in text
