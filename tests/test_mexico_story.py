"""The Mexico section through the real dispatcher: sign-up with Back and bad answers, the
programme's cards, a relative invited by link, a crossing with bad times, a check-in pressed by
someone else, and a missed check-in that opens a family case; then /forget."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import CircleMember, CrossingWatch, MexicoProfile, WatchStatus
from bot.simulator import Simulator, SimUser
from tests.case_helpers import onboard
from tests.conftest import AppFactory

SEEKER, MOM, STRANGER = 301, 302, 303


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
    await seeker.press("Данные для локатора")
    await seeker.press("Дальше")
    await seeker.press("Да, открыть сразу")
    assert "IVANOV IVAN" in seeker.texts()[-1]
    await seeker.press("Согласен(на), сохранить")


async def test_sign_up_programme_circle_crossing_and_alarm(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    seeker = await onboard(sim, SEEKER)
    mom = await onboard(sim, MOM)
    stranger = await onboard(sim, STRANGER)
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

    await seeker.send("/mexico")
    await seeker.press("Следующий шаг")
    assert "Документы и копии в облаке" in seeker.texts()[-1]
    await seeker.press("Сделано")
    assert "1/12 готово" in seeker.texts()[-1]

    await seeker.send("/mexico")
    await seeker.press("Экстренный круг")
    await seeker.press("Пригласить родственника")
    token = link_token(seeker.texts()[-1])
    await mom.send(f"/start circle_{token}")
    await mom.press("Да, я в круге")
    assert "Вы в экстренном круге" in mom.texts()[-1]
    await stranger.send(f"/start circle_{token}")
    assert "уже использована" in stranger.texts()[-1]

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
        watch_id = watch.id
    await stranger.press_data(f"mxc:ok:{watch_id}")
    assert any("не ваша" in a for a in stranger.alerts())

    # Nobody checks in: past the grace period the alarm goes up and the case is opened.
    clock.advance(dt.timedelta(days=2))
    async with app.sessionmaker() as session, session.begin():
        raised = await service.sweep(
            session, app.dispatcher["vault"], clock.now(), desk=frozenset({9000})
        )
        assert [w.id for w in raised] == [watch_id]
    async with app.sessionmaker() as session:
        watch = await session.get(CrossingWatch, watch_id)
        assert watch is not None
        assert watch.status == WatchStatus.ALARM
        assert watch.case_id is not None
    await mom.send("/cases")
    assert "У вас 1 дело" in mom.texts()[-1]
    assert any("IVANOV IVAN" in text for text, _ in mom.inbox[-1].buttons())

    # The late check-in cancels the alarm.
    await seeker.press_data(f"mxc:ok:{watch_id}")
    assert "Отмечено" in seeker.texts()[-1]

    # /forget by the person leaves no Mexico row that refers to them.
    await seeker.send("/forget")
    await seeker.press(1)
    async with app.sessionmaker() as session:
        assert await session.get(MexicoProfile, SEEKER) is None
        left = await session.scalar(
            select(func.count()).select_from(CircleMember).where(CircleMember.owner_id == SEEKER)
        )
        assert left == 0
