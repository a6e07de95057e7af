"""What volunteers see in the Mexico section: the people whose circle they are in (progress,
the safety net, and only what each person shared), the desk's open alarms for volunteers who
cover Mexico and for admins (numbers and times, no personal data), each read audited."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import StepStatus
from bot.mexico.signup import Locator, SignupData
from bot.models import AuditEvent, Volunteer
from bot.simulator import Simulator
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID

PRIVATE, OPEN, HELPER, DESK, OTHER_VOL, PLAIN = 501, 502, 503, 504, 505, 506


async def setup(app: App, clock: FrozenClock) -> None:
    now = clock.now()
    locator = Locator("SIDOROV PETR", dt.date(1985, 3, 4), "Russia")
    async with app.sessionmaker() as session, session.begin():
        # One person shares only the city; the other shares everything.
        await service.save_profile(
            session,
            app.vault,
            PRIVATE,
            SignupData(city="juarez", locator=locator, share=["city"]),
            now,
        )
        await service.save_profile(
            session,
            app.vault,
            OPEN,
            SignupData(city="tijuana", locator=locator, share=["city", "date", "locator"]),
            now,
        )
        await service.mark(session, PRIVATE, app.programme.steps[0], StepStatus.DONE, now)
        for owner in (PRIVATE, OPEN):
            token = await service.invite(session, owner, "volunteer", now)
            await service.accept(session, token, HELPER, now)
            await service.start_watch(
                session,
                app.vault,
                owner,
                crossing_at=now + dt.timedelta(days=1),
                tz="America/Tijuana",
                place="El Chaparral",
                now=now,
            )
        desk = await session.get(Volunteer, DESK)
        assert desk is not None
        desk.areas = ["mexico"]


async def test_volunteer_sees_progress_and_only_what_was_shared_and_reads_are_audited(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    for uid in (PRIVATE, OPEN, PLAIN):
        await onboard(sim, uid)
    for uid in (HELPER, DESK, OTHER_VOL):
        await make_volunteer(app, uid)
    await setup(app, clock)
    helper = sim.user(HELPER)
    await helper.send("/mexico")
    view = next(t for t in helper.texts() if "которым вы помогаете" in t)
    first, second = view.split("\n")[1:3], view.split("\n")[3:5]
    assert "Подготовка 1/12" in first[0]
    assert "идёт" in first[0]
    assert "Сьюдад-Хуарес" in first[1] or "Хуарес" in first[1]
    assert "SIDOROV" not in "\n".join(first)  # the locator was not shared
    assert "переход" not in "\n".join(first)  # nor the date
    assert "SIDOROV PETR" in second[1]
    assert "переход" in second[1]
    assert "El Chaparral" not in view  # the place is only in an alarm, and only with the date
    async with app.sessionmaker() as session:
        reads = list(
            await session.scalars(
                select(AuditEvent.object_id).where(
                    AuditEvent.actor_id == HELPER, AuditEvent.action == "mexico.view"
                )
            )
        )
    assert sorted(r or "" for r in reads) == [str(PRIVATE), str(OPEN)]

    # Nothing about these people for a volunteer outside their circles, or for anyone else.
    for uid in (OTHER_VOL, PLAIN):
        user = sim.user(uid)
        await user.send("/mexico")
        assert not any("помогаете" in t or "Тревоги" in t for t in user.texts())


async def test_the_desk_sees_open_alarms_without_personal_data(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    for uid in (PRIVATE, OPEN, PLAIN, ADMIN_ID):
        await onboard(sim, uid)
    for uid in (HELPER, DESK, OTHER_VOL):
        await make_volunteer(app, uid)
    await setup(app, clock)
    desk = sim.user(DESK)
    sim.user(OTHER_VOL)
    clock.advance(dt.timedelta(days=2))
    await app.run_mexico()
    await sim.deliver(app.delivery)
    alarms = [t for t in desk.texts() if "🚨 <b>Тревога" in t]
    assert len(alarms) == 2  # the desk hears both alarms
    assert "SIDOROV PETR" in "\n".join(alarms)  # OPEN shared the locator
    assert sum("SIDOROV" in a for a in alarms) == 1  # PRIVATE did not
    assert not any("Тревога" in t for t in sim.user(OTHER_VOL).texts())
    for uid in (DESK, ADMIN_ID):
        user = sim.user(uid)
        await user.send("/mexico")
        board = next(t for t in user.texts() if "Тревоги, которые ещё не сняты" in t)
        assert "Страховка №1" in board
        assert "Страховка №2" in board
        assert "SIDOROV" not in board
    other = sim.user(OTHER_VOL)
    await other.send("/mexico")
    assert not any("Тревоги, которые" in t for t in other.texts())
    async with app.sessionmaker() as session:
        reads = list(
            await session.scalars(
                select(AuditEvent.object_id).where(
                    AuditEvent.actor_id == DESK, AuditEvent.action == "mexico.view"
                )
            )
        )
    assert sorted(r or "" for r in reads) == [str(PRIVATE), str(OPEN)]
