"""The alarm's edges through the real dispatcher and outbox: a person who chose to have the
case offered (a relative's button, refused to others), a person who shared no locator details
and travels alone (the plan says what to find; no ORR step), a volunteers' group chat as the
desk, a rescheduled crossing whose old check-in question is dropped, and a cancel during an
alarm that tells the circle."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.cases.models import Case
from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import CrossingWatch, WatchStatus
from bot.mexico.signup import Locator, SignupData
from bot.models import Volunteer
from bot.simulator import Simulator, SimUser
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID, AppFactory

SEEKER, MOM, STRANGER, VOL = 701, 702, 703, 704
CHAT = -100_500


async def start(
    sim: Simulator, app: App, clock: FrozenClock, data: SignupData, *, hours: int = 3
) -> tuple[SimUser, SimUser, int]:
    seeker = await onboard(sim, SEEKER)
    mom = await onboard(sim, MOM)
    await onboard(sim, ADMIN_ID)
    now = clock.now()
    async with app.sessionmaker() as session, session.begin():
        await service.save_profile(session, app.vault, SEEKER, data, now)
        token = await service.invite(session, SEEKER, "relative", now)
        await service.accept(session, token, MOM, now)
        watch = await service.start_watch(
            session,
            app.vault,
            SEEKER,
            crossing_at=now + dt.timedelta(hours=hours),
            tz="America/Tijuana",
            place="Nogales",
            now=now,
        )
        watch_id = watch.id
    return seeker, mom, watch_id


async def miss(sim: Simulator, app: App, clock: FrozenClock, watch_id: int) -> None:
    async with app.sessionmaker() as session:
        watch = await session.get(CrossingWatch, watch_id)
        assert watch is not None
        due = watch.next_check_at + dt.timedelta(minutes=watch.grace_minutes, seconds=1)
    clock.set(due)
    await app.run_mexico()
    await sim.deliver(app.delivery)


async def test_offered_case_is_a_relatives_button_and_refused_to_others(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    locator = Locator("ORLOV OLEG", dt.date(1980, 1, 2), "Russia", "012345678")
    data = SignupData(city="nogales", locator=locator, share=["locator"], case_mode="offer")
    _seeker, mom, watch_id = await start(sim, app, clock, data)
    stranger = await onboard(sim, STRANGER)
    await miss(sim, app, clock, watch_id)
    alarm = mom.inbox[-1]
    assert "Тревога: ORLOV OLEG" in alarm.text
    assert "A-012-345-678" in alarm.text  # the A-number search comes first
    assert "кнопка ниже" in alarm.text
    assert [t for t, _ in alarm.buttons()] == ["📂 Открыть семейное дело"]
    desk = sim.user(ADMIN_ID).inbox[-1]
    assert "Тревога" in desk.text
    assert desk.buttons() == []  # the desk is told, the family decides
    await stranger.press_data(f"mxa:case:{watch_id}", on=alarm)
    assert any("только родственник" in a for a in stranger.alerts())
    await mom.press("Открыть семейное дело")
    assert "Семейное дело №1 открыто" in mom.texts()[-1]
    await mom.press_data(f"mxa:case:{watch_id}", on=alarm)  # twice: still one case
    async with app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Case)) == 1


async def test_nothing_shared_and_nobody_with_them_gives_the_plan_without_details(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    locator = Locator("ORLOV OLEG", dt.date(1980, 1, 2), "Russia")
    data = SignupData(city="nogales", locator=locator, share=[], case_mode="auto")
    _seeker, mom, watch_id = await start(sim, app, clock, data)
    await miss(sim, app, clock, watch_id)
    plan = mom.inbox[-1].text
    assert "человек, в чьём экстренном круге вы состоите" in plan
    assert "ORLOV" not in plan
    assert "Nogales" not in plan  # the place goes with the date, which was not shared
    assert "Ногалес" not in plan
    assert "не поделился данными" in plan
    assert "1-888-351-4024" in plan
    assert "1-800-203-7001" not in plan  # no children travelling
    # The case is still opened (the person chose "auto"); its data stay inside the case.
    assert "Открыто семейное дело №1" in plan
    desk = sim.user(ADMIN_ID).inbox[-1].text
    assert "Тревога: человек из программы «Жду в Мексике»" in desk  # not "in whose circle"


async def test_a_volunteers_chat_is_the_desk_when_there_is_one(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = make_app(settings.model_copy(update={"volunteer_chat_id": CHAT}))
    sim = Simulator(app.dispatcher, app.bot, clock)
    await make_volunteer(app, VOL)
    async with app.sessionmaker() as session, session.begin():
        volunteer = await session.get(Volunteer, VOL)
        assert volunteer is not None
        volunteer.areas = ["mexico"]
    data = SignupData(city="tijuana", share=["city"])
    _seeker, _mom, watch_id = await start(sim, app, clock, data)
    sim.user(VOL)
    await miss(sim, app, clock, watch_id)
    told = sorted(s.chat_id for s in sim.session.sent if "Тревога" in (s.text or ""))
    assert told == sorted([CHAT, MOM, ADMIN_ID])
    assert "Ждал(а) в городе: Тихуана" in next(
        s.text for s in sim.session.sent if s.chat_id == CHAT
    )


async def test_a_rescheduled_crossing_drops_the_old_question_and_cancel_tells_the_circle(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    data = SignupData(city="tijuana", share=["date"])
    seeker, mom, watch_id = await start(sim, app, clock, data)
    async with app.sessionmaker() as session, session.begin():
        watch = await session.get(CrossingWatch, watch_id)
        assert watch is not None
        await service.start_watch(  # a day later than planned
            session,
            app.vault,
            SEEKER,
            crossing_at=watch.crossing_at + dt.timedelta(days=1),
            tz=watch.tz,
            place=None,
            now=clock.now(),
        )
    clock.advance(dt.timedelta(hours=15, minutes=1))  # the old first check-in time
    await app.run_mexico()
    await sim.deliver(app.delivery)
    assert not any("Отметка 1 из 6" in t for t in seeker.texts())
    assert not any("Тревога" in t for t in mom.texts())
    await miss(sim, app, clock, watch_id)
    assert "Тревога" in mom.texts()[-1]
    assert any("Отметка 1 из 6" in t for t in seeker.texts())  # asked during the alarm too
    await seeker.send("/mexico")
    await seeker.press("Отменить страховку")
    assert "Страховка отменена" in seeker.texts()[-1]
    await sim.deliver(app.delivery)
    assert "выключил(а) страховку" in mom.texts()[-1]
    async with app.sessionmaker() as session:
        stored = await session.get(CrossingWatch, watch_id)
        assert stored is not None
        assert stored.status == WatchStatus.CANCELLED
