"""Bad input in the Mexico section gets a clear answer, and nothing is lost or saved wrongly:
a crossing time in the past, "tomorrow" at 25:00, an invitation used twice, a check-in button
pressed by someone else, a child's age of 200."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import CircleMember, CrossingWatch, WatchStatus
from bot.mexico.signup import SignupData
from bot.simulator import Simulator, SimUser
from tests.case_helpers import onboard

SEEKER, MOM, AUNT = 401, 402, 403


async def seeker_with_form(sim: Simulator, app: App, *, english: bool = False) -> SimUser:
    seeker = await onboard(sim, SEEKER, english=english)
    async with app.sessionmaker() as session, session.begin():
        await service.save_profile(
            session, app.vault, SEEKER, SignupData(city="tijuana"), sim.clock.now()
        )
    return seeker


async def watches(app: App) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(CrossingWatch)) or 0)


async def test_a_crossing_time_in_the_past_is_refused(sim: Simulator, app: App) -> None:
    seeker = await seeker_with_form(sim, app)
    await seeker.send("/mexico")
    await seeker.press("Я перехожу")
    await seeker.send("вчера в 9:00")
    assert "прош" in seeker.texts()[-1]
    await seeker.send("1 марта 2026 10:00")
    assert "прош" in seeker.texts()[-1]
    assert await watches(app) == 0
    await seeker.send("завтра в 9:00")  # still asked: the right answer goes on
    assert "Где" in seeker.texts()[-1]


async def test_tomorrow_at_25_00_is_refused_in_both_languages(sim: Simulator, app: App) -> None:
    seeker = await seeker_with_form(sim, app, english=True)
    await seeker.send("/mexico")
    await seeker.press("I am crossing")
    await seeker.send("tomorrow 25:00")
    assert "There is no such time (25:00)" in seeker.texts()[-1]
    await seeker.send("/language")
    await seeker.press("Русский")
    await seeker.send("/mexico")
    await seeker.press("Я перехожу")
    await seeker.send("завтра в 25:00")
    assert "Такого времени нет" in seeker.texts()[-1]
    assert await watches(app) == 0


async def test_an_invitation_used_twice_is_refused(sim: Simulator, app: App) -> None:
    seeker = await seeker_with_form(sim, app)
    mom = await onboard(sim, MOM)
    aunt = await onboard(sim, AUNT)
    await seeker.send("/mexico")
    await seeker.press("Экстренный круг")
    await seeker.press("Пригласить родственника")
    token = seeker.texts()[-1].split("start=circle_")[1].split()[0]
    await mom.send(f"/start circle_{token}")
    await mom.press("Да, я в круге")
    await mom.send(f"/start circle_{token}")  # the same person again
    assert "уже в этом круге" in mom.texts()[-1] or "уже использована" in mom.texts()[-1]
    await aunt.send(f"/start circle_{token}")
    assert "уже использована" in aunt.texts()[-1]
    async with app.sessionmaker() as session:
        members = await session.scalars(
            select(CircleMember.member_id).where(CircleMember.owner_id == SEEKER)
        )
        assert list(members) == [MOM]


async def test_a_check_in_pressed_by_someone_else_is_refused(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await seeker_with_form(sim, app)
    mom = await onboard(sim, MOM)
    async with app.sessionmaker() as session, session.begin():
        watch = await service.start_watch(
            session,
            app.vault,
            SEEKER,
            crossing_at=clock.now() + dt.timedelta(hours=3),
            tz="America/Tijuana",
            place=None,
            now=clock.now(),
        )
        watch_id = watch.id
    clock.advance(dt.timedelta(hours=15, minutes=1))  # the first check-in is due
    await sim.deliver(app.delivery)
    ask = sim.user(SEEKER).inbox[-1]
    assert "Отметка 1 из 6" in ask.text
    await mom.press_data(f"mxc:ok:{watch_id}", on=ask)
    await mom.press_data(f"mxh:ok:{watch_id}")
    assert sum("не ваша" in a for a in mom.alerts()) == 2
    async with app.sessionmaker() as session:
        stored = await session.get(CrossingWatch, watch_id)
        assert stored is not None
        assert stored.last_checkin_at is None
        assert stored.status == WatchStatus.ACTIVE


async def test_a_childs_age_of_200_is_refused(sim: Simulator, app: App) -> None:
    seeker = await onboard(sim, SEEKER)
    await seeker.send("/mexico")
    await seeker.press("Заполнить анкету")
    await seeker.press("Тихуана")
    await seeker.send("1")
    await seeker.send("200")
    assert "от 0 до 17" in seeker.texts()[-2]
    assert "дети" in seeker.texts()[-1].casefold()  # the same question again
    await seeker.send("3")
    assert "языках" in seeker.texts()[-1]
