"""The Mexico section through the real dispatcher and the real outbox sender: sign-up with Back
and bad answers, the programme's daily cards (one a day, at the local hour), a relative invited
by link, a crossing with bad times, the evening-before reminder, a check-in question, a restart,
a missed check-in that alarms the circle (each in their own language and time zone) and the desk
with the action plan and opens a family case, and a late check-in that clears the alarm."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico.models import CrossingWatch, WatchStatus
from bot.models import User, Volunteer
from bot.simulator import Simulator, SimUser
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID, START, AppFactory

SEEKER, MOM, BROTHER, STRANGER, VOL = 301, 302, 303, 304, 305
# START is 04:00 in Tijuana; the daily card goes out from 10:00 local (18:00 UTC).
TEN_AM = START.replace(hour=18)


def link_token(text: str) -> str:
    return text.split("start=circle_")[1].split()[0]


async def sign_up(seeker: SimUser) -> None:
    await seeker.send("/mexico")
    await seeker.press("Заполнить анкету")
    await seeker.press("Тихуана")
    await seeker.press("⬅️ Назад")  # back to the city
    assert "В каком городе" in seeker.texts()[-1]
    await seeker.press("Тихуана")
    await seeker.send("2")
    await seeker.send("4, 200")
    assert "от 0 до 17" in seeker.texts()[-2]  # asked again, nothing lost
    await seeker.send("4")
    await seeker.press("Дальше")  # languages: Russian ticked already
    await seeker.press("Пока никто")
    await seeker.press("Пока не знаю")
    await seeker.send("Иванов Иван")
    assert "латинские буквы" in seeker.texts()[-2]
    await seeker.send("ivanov ivan")
    await seeker.send("01.02.1990")
    await seeker.press("Россия")
    await seeker.send("A-12")
    assert "9 цифр" in seeker.texts()[-2]
    await seeker.send("A-123-456-789")
    await seeker.press("Данные для локатора")
    await seeker.press("Дата перехода")
    await seeker.press("Дальше")
    await seeker.press("Да, открыть сразу")
    assert "IVANOV IVAN" in seeker.texts()[-1]
    assert "A-123-456-789" in seeker.texts()[-1]
    await seeker.press("Согласен(на), сохранить")


async def deliver(sim: Simulator, app: App) -> None:
    await app.run_mexico()
    await sim.deliver(app.delivery)


def count(user: SimUser, needle: str) -> int:
    return sum(needle in t for t in user.texts())


async def test_sign_up_programme_circle_crossing_restart_alarm_and_late_check_in(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    seeker = await onboard(sim, SEEKER)
    mom = await onboard(sim, MOM)
    brother = await onboard(sim, BROTHER, english=True)
    stranger = await onboard(sim, STRANGER)
    admin = await onboard(sim, ADMIN_ID)
    await make_volunteer(app, VOL)
    async with app.sessionmaker() as session, session.begin():
        volunteer = await session.get(Volunteer, VOL)
        assert volunteer is not None
        volunteer.areas = ["mexico"]
        user = await session.get(User, BROTHER)
        assert user is not None
        user.timezone = "Europe/Berlin"
    vol = sim.user(VOL)
    await sign_up(seeker)
    assert "Анкета сохранена" in seeker.texts()[-2]
    assert "Подготовка: 0/12 готово" in seeker.texts()[-1]

    # A restart in the middle of editing the form resumes where it stopped.
    await seeker.press("Анкета")
    await seeker.press("Изменить")
    await seeker.press("Мехико")
    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    seeker2 = sim2.user(SEEKER, first_name="U", language_code="ru")
    await seeker2.send("/mexico")
    assert "Сколько взрослых" in seeker2.texts()[-1]
    await seeker2.press("Отменить")
    assert "прежняя анкета осталась" in seeker2.texts()[-1]

    # The programme: nothing before 10:00 local, then one card, once.
    await deliver(sim, app)
    assert count(seeker, "📋 <b>Документы и копии в облаке") == 0
    clock.set(TEN_AM)
    await deliver(sim, app)
    await deliver(sim, app)
    assert count(seeker, "📋 <b>Документы и копии в облаке") == 1
    card = seeker.inbox[-1]
    assert [t for t, _ in card.buttons()] == ["✅ Сделано", "⏳ Позже", "🙋 Спросить волонтёра"]
    await seeker.press("Сделано")
    assert "1/12 готово" in seeker.texts()[-1]
    clock.set(TEN_AM + dt.timedelta(days=1))
    await deliver(sim, app)
    assert "(1/12 готово)" in seeker.texts()[-1]  # the second card, with progress

    # The emergency circle: two relatives accept; a used link is refused.
    for relative in (mom, brother):
        await seeker.send("/mexico")
        await seeker.press("Экстренный круг")
        await seeker.press("Пригласить родственника")
        token = link_token(seeker.texts()[-1])
        await relative.send(f"/start circle_{token}")
        await relative.press(1)  # yes
    assert "Вы в экстренном круге" in mom.texts()[-1]
    await stranger.send(f"/start circle_{token}")
    assert "уже использована" in stranger.texts()[-1]
    await sim.deliver(app.delivery)
    assert count(seeker, "Родственник принял") == 2

    # Crossing day: bad times are explained, then the watch starts.
    await seeker.send("/mexico")
    await seeker.press("Я перехожу")
    await seeker.send("вчера в 9:00")
    assert "уже прошло" in seeker.texts()[-1] or "прошла" in seeker.texts()[-1]
    await seeker.send("завтра в 25:00")
    assert "Такого времени нет" in seeker.texts()[-1]
    await seeker.send("завтра в 9:00")
    await seeker.send("Сан-Исидро")
    await seeker.press("Каждые 12 часов")
    assert "Страховка включена" in seeker.texts()[-1]
    async with app.sessionmaker() as session:
        watch = await session.scalar(select(CrossingWatch))
        assert watch is not None
        watch_id, crossing = watch.id, watch.crossing_at
    assert crossing == dt.datetime(2026, 11, 24, 17, 0, tzinfo=dt.UTC)  # 9:00 in Tijuana
    await stranger.press_data(f"mxc:ok:{watch_id}")
    assert any("не ваша" in a for a in stranger.alerts())

    # The evening before (19:00 local) the last checklist arrives.
    clock.set(dt.datetime(2026, 11, 24, 3, 1, tzinfo=dt.UTC))
    await deliver(sim, app)
    assert "Завтра переход" in seeker.texts()[-1]

    # The bot goes down after the crossing; the first check-in falls due while it is down.
    await app.close()
    clock.set(crossing + dt.timedelta(hours=12, minutes=1))
    second = make_app(app.settings)
    sim3 = Simulator(second.dispatcher, second.bot, clock)
    users = {
        uid: sim3.user(uid, language_code="en" if uid == BROTHER else "ru")
        for uid in (SEEKER, MOM, BROTHER, ADMIN_ID, VOL)
    }
    await deliver(sim3, second)
    assert count(users[SEEKER], "Отметка 1 из 6") == 1
    assert not any("Тревога" in t for u in users.values() for t in u.texts())

    # Nobody checks in: two hours later the alarm goes up once, to the circle and the desk.
    clock.set(crossing + dt.timedelta(hours=14, minutes=2))
    await deliver(sim3, second)
    await deliver(sim3, second)  # a second run (or a second process) sends nothing twice
    third = make_app(app.settings)
    await third.run_mexico()
    await sim3.deliver(third.delivery)
    for uid in (MOM, ADMIN_ID, VOL):
        alarms = [t for t in users[uid].texts() if "Тревога" in t]
        assert len(alarms) == 1, uid
        plan = alarms[0]
        for needle in (
            "IVANOV IVAN",
            "A-123-456-789",
            "1 февраля 1990",
            "Russia",
            "locator.ice.gov",
            "8 часов",
            "1-888-351-4024",
            "1-800-203-7001",  # a child was travelling
            "justice.gov/eoir",
            "Сан-Исидро",
            "America/Tijuana",
            "Открыто семейное дело №1",
        ):
            assert needle in plan, (uid, needle)
    english = [t for t in users[BROTHER].texts() if "Alarm" in t]
    assert len(english) == 1
    assert "Europe/Berlin" in english[0]
    assert "ORR National Call Center" in english[0]
    async with second.sessionmaker() as session:
        stored = await session.get(CrossingWatch, watch_id)
        assert stored is not None
        assert stored.status == WatchStatus.ALARM
        assert stored.case_id is not None
    await users[MOM].send("/cases")
    assert "У вас 1 дело" in users[MOM].texts()[-1]

    # The late check-in cancels the alarm and tells everyone.
    await users[SEEKER].press("Я в порядке")
    assert "Отмечено" in users[SEEKER].texts()[-1]
    await deliver(sim3, second)
    assert "отметился(ась)" in users[MOM].texts()[-1]
    assert "checked in" in users[BROTHER].texts()[-1]
    assert "Europe/Berlin" in users[BROTHER].texts()[-1]
    assert admin.id == ADMIN_ID
    assert vol.id == VOL
