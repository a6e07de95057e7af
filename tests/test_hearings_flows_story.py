"""Hearing and deadline flows as a frightened relative on a phone goes through them: every
screen has a way back, no dead ends, dates typed in two answers, clear refusals.
(Issue 11, the flow findings of the hearings feature.)"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.dispatcher import App
from bot.hearings.models import Deadline
from bot.recording import Sent
from bot.simulator import Simulator, SimUser
from tests.conftest import AppFactory
from tests.hearing_helpers import make_family

CANCEL = "Отменить"


@pytest.fixture
def app(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    return make_app(settings.model_copy(update={"database_url": db_url}))


def labels(sent: Sent) -> list[str]:
    return [text for text, _ in sent.buttons()]


def has_way_back(sent: Sent) -> bool:
    return any(CANCEL in t or "Назад" in t or "Все заседания" in t for t in labels(sent))


async def start_adding(sim: Simulator, app: App) -> SimUser:
    await make_family(app, owner=1001, members=(), volunteer=None)
    anna = sim.user(1001)
    await anna.send("/hearings")
    await anna.press("➕ Заседание")
    return anna


async def test_every_step_of_adding_a_hearing_has_cancel_and_cancel_drops_the_form(
    app: App, sim: Simulator
) -> None:
    anna = await start_adding(sim, app)
    assert has_way_back(anna.inbox[-1])  # where is the hearing?
    replies = await anna.send("LaSalle")
    assert has_way_back(replies[-1])
    replies = await anna.press("LaSalle")
    assert "по часам суда" in replies[-1].text
    assert has_way_back(replies[-1])  # when? (typed, but Cancel is there)
    replies = await anna.send("15 марта 2027 в 9")
    assert has_way_back(replies[-1])  # is this right?
    replies = await anna.press("Да, верно")
    assert has_way_back(replies[-1])  # which kind?
    replies = await anna.press("Предварительное")
    assert has_way_back(replies[-1])  # video or in person?
    replies = await anna.press("По видео")
    assert has_way_back(replies[-1])  # notes
    replies = await anna.press(CANCEL)
    assert "Заседания и сроки" in replies[-1].text
    # The form is gone: the next words are not saved as the hearing's notes.
    await anna.send("Адвокат Smith")
    assert not any("Заседание сохранено" in t for t in anna.texts())


async def test_the_other_place_steps_and_an_unknown_zone_are_not_dead_ends(
    app: App, sim: Simulator
) -> None:
    anna = await start_adding(sim, app)
    await anna.press("Другое место")
    assert has_way_back(anna.inbox[-1])
    replies = await anna.send("Суд в маленьком городке")
    assert has_way_back(replies[-1])
    replies = await anna.send("Нигдеград")
    assert "Не нашёл такого города" in replies[-1].text
    # The usual zones are still one press away, and Cancel.
    assert any("Нью-Йорк" in t or "New York" in t for t in labels(replies[-1]))
    assert has_way_back(replies[-1])


async def test_tomorrow_then_nine_oclock_is_one_answer(app: App, sim: Simulator) -> None:
    anna = await start_adding(sim, app)
    await anna.send("LaSalle")
    await anna.press("LaSalle")
    replies = await anna.send("завтра")
    assert "Дату понял" in replies[-1].text
    assert "Теперь напишите время" in replies[-1].text
    replies = await anna.send("9:00")
    # The clock starts on 22 November 2026 (tests/conftest.py START).
    assert "23 ноября 2026" in replies[-1].text.replace("\u202f", " ")
    assert "09:00" in replies[-1].text
    assert "Да, верно" in labels(replies[-1])[0]


async def test_25_oclock_is_refused_as_written(app: App, sim: Simulator) -> None:
    anna = await start_adding(sim, app)
    await anna.send("LaSalle")
    await anna.press("LaSalle")
    replies = await anna.send("15 марта 2027 25:00")
    assert "Такого времени нет: 25:00" in replies[-1].text
    assert "25:0." not in replies[-1].text
    assert "от 0 до 23" in replies[-1].text


async def test_the_deadline_menu_and_its_steps_have_a_way_back(app: App, sim: Simulator) -> None:
    await make_family(app, owner=1001, members=(), volunteer=None)
    anna = sim.user(1001)
    await anna.send("/hearings")
    replies = await anna.press("➕ Срок")
    assert "Какой срок" in replies[-1].text
    assert has_way_back(replies[-1])
    replies = await anna.press("Смена адреса")
    assert has_way_back(replies[-1])
    replies = await anna.press(CANCEL)
    assert "Заседания и сроки" in replies[-1].text


async def test_a_hand_added_bia_deadline_does_not_point_at_a_missing_today_button(
    app: App, sim: Simulator
) -> None:
    await make_family(app, owner=1001, members=(), volunteer=None)
    anna = sim.user(1001)
    await anna.send("/hearings")
    await anna.press("➕ Срок")
    await anna.press("Апелляция в BIA")
    replies = await anna.press(1)  # decided on the merits
    question = replies[-1]
    assert "Когда вынесено решение" in question.text
    assert "нажмите «Сегодня»" not in question.text
    assert not any("Сегодня" in t for t in labels(question))
    replies = await anna.send("сегодня")
    async with app.sessionmaker() as session:
        assert (await session.scalars(select(Deadline))).all()
    assert "BIA" in replies[-1].text or "апелляц" in replies[-1].text.lower()


async def test_time_zone_not_found_offers_zones_and_a_way_back(app: App, sim: Simulator) -> None:
    await make_family(app, owner=1001, members=(), volunteer=None)
    anna = sim.user(1001)
    await anna.send("/hearings")
    await anna.press("Мой часовой пояс")
    replies = await anna.press("Написать город")
    assert has_way_back(replies[-1])
    replies = await anna.send("Нигдеград")
    assert "Не нашёл такого города" in replies[-1].text
    assert len(labels(replies[-1])) > 1
    assert has_way_back(replies[-1])


async def test_hearings_list_shows_my_own_time_and_zones_by_city_name(
    app: App, sim: Simulator
) -> None:
    import datetime as dt

    from tests.hearing_helpers import add_hearing, court

    fam = await make_family(
        app, owner=1001, members=(), volunteer=None, tzs={1001: "Asia/Vladivostok"}
    )
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=court("LaSalle"))
    anna = sim.user(1001)
    replies = await anna.send("/hearings")
    text = replies[-1].text.replace("\u202f", " ")
    assert "09:00" in text  # the court's clock (Louisiana, CDT)
    assert "по вашим часам" in text
    assert "00:00" in text  # 16 March, midnight in Vladivostok (UTC+10)
    assert "Владивосток" in text
    assert "Asia/Vladivostok" not in text
    # Setting the zone by typing a city answers with the city's name, not the code.
    await anna.press("Мой часовой пояс")
    await anna.press("Написать город")
    replies = await anna.send("Владивосток")
    assert "Владивосток" in replies[-1].text
    assert "Asia/" not in replies[-1].text
