"""The person form: step by step, Back and Cancel, mistakes explained, nothing typed lost."""

from __future__ import annotations

from sqlalchemy import select

from bot.cases import service
from bot.cases.models import PersonStatus
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.models import FsmRecord
from bot.simulator import Simulator, SimUser
from tests.case_helpers import (
    PersonInput,
    all_text,
    case_ids,
    fill_person,
    onboard,
    open_case,
    person_rows,
    press_and_alert,
    vault_of,
)
from tests.conftest import AppFactory


async def start_form(sim: Simulator, user_id: int = 1001, english: bool = False) -> SimUser:
    user = await onboard(sim, user_id, english=english)
    await user.send("/menu")
    await user.press("Family cases" if english else "Семья и дела")
    await user.press("Open a new case" if english else "Открыть новое дело")
    return user


async def test_mistakes_are_explained_and_asked_again_without_losing_answers(
    sim: Simulator, app: App
) -> None:
    anna = await start_form(sim)
    replies = await anna.send("Иванов Иван")
    assert "Нужны латинские буквы" in replies[0].text
    assert "Шаг 1." in replies[-1].text
    await anna.send("IVANOV IVAN")
    await anna.send("Иванов Иван Петрович")
    replies = await anna.send("31.02.1985")
    assert "Такого дня нет" in replies[0].text
    assert "Шаг 3." in replies[-1].text
    replies = await anna.send("15 марта")
    assert "Не понял дату" in replies[0].text
    replies = await anna.send("15.03.2030")
    assert "ещё не наступила" in replies[0].text
    await anna.send("15.03.1985")
    await anna.press("Казахстан")
    replies = await anna.send("A-12-345")
    assert "9 цифр" in replies[0].text
    assert "A-123-456-789" in replies[0].text
    assert "Шаг 5." in replies[-1].text
    replies = await anna.send("номер не помню")
    assert "не похоже на A-номер" in replies[0].text
    await anna.send("а-987-654-321")
    await anna.press("Не знаю где")
    replies = await anna.send("01.01.1980")
    assert "раньше даты рождения" in replies[0].text
    await anna.send("03.11.2026")
    await anna.press("муж")
    replies = await anna.send("x" * 700)
    assert "Слишком длинно" in replies[0].text
    replies = await anna.send("Астма, нужен ингалятор")
    summary = replies[-1].text
    for kept in (
        "IVANOV IVAN",
        "Иванов Иван Петрович",
        "15 марта 1985",
        "Казахстан",
        "A-987-654-321",
        "место неизвестно",
        "3 ноября 2026",
        "муж",
        "ингалятор",
    ):
        assert kept in summary, kept
    await anna.press("Сохранить")
    assert await case_ids(app) == [1]
    (person,) = await person_rows(app, 1)
    data = service.open_person(vault_of(app), person)
    assert (data.a_number, data.birth_country, data.relation) == ("987654321", "KZ", "husband")
    assert person.status == PersonStatus.UNKNOWN


async def test_back_returns_to_the_previous_step_and_shows_what_was_typed(
    sim: Simulator,
) -> None:
    anna = await start_form(sim)
    await anna.send("IVANOV IVAN")
    await anna.send("Иванов Иван")
    replies = await anna.press("Назад")
    assert "Шаг 2." in replies[-1].text
    assert "Сейчас записано: <b>Иванов Иван</b>" in replies[-1].text
    replies = await anna.press("Назад")
    assert "Шаг 1." in replies[-1].text
    assert "IVANOV IVAN" in replies[-1].text
    # A button from an earlier step does not act on the current one.
    await anna.send("IVANOV IVAN")
    step2_skip = next(d for t, d in anna.inbox[-1].buttons() if "Пропустить" in t)
    await anna.send("Иванов Иван")  # now on step 3
    alert = await press_and_alert(anna, str(step2_skip))
    assert alert == "Эта кнопка устарела. Откройте /menu ещё раз."
    replies = await anna.send("15.03.1985")
    assert "Шаг 4." in replies[-1].text


async def test_changing_one_answer_from_the_summary(sim: Simulator) -> None:
    anna = await start_form(sim)
    await fill_person_until_summary(anna)
    await anna.press("Исправить")
    await anna.press("Где сейчас")
    replies = await anna.send("Jena")
    labels = [t for t, _ in replies[-1].buttons()]
    assert "📍 Central Louisiana ICE Processing Center (Jena, LA)" in labels
    replies = await anna.press("Central Louisiana")
    assert "Проверьте, всё ли верно" in replies[-1].text
    assert "Central Louisiana ICE Processing Center (Jena, LA)" in replies[-1].text
    assert "IVANOV IVAN" in replies[-1].text  # the rest is still there


async def fill_person_until_summary(anna: SimUser) -> None:
    await anna.send("IVANOV IVAN")
    await anna.press("Пропустить")
    await anna.send("15.03.1985")
    await anna.press("Россия")
    await anna.send("123456789")
    await anna.send("nowhere-like-this")
    await anna.press("Оставить как написал")
    await anna.press("пропустить")
    await anna.press("муж")
    await anna.press("Без заметок")


async def test_place_not_in_the_list_is_kept_as_typed(sim: Simulator, app: App) -> None:
    anna = await start_form(sim)
    await anna.send("IVANOV IVAN")
    await anna.press("Пропустить")
    await anna.press("пропустить")
    await anna.press("Россия")
    await anna.press("Не знаю A-номер")
    replies = await anna.send("Ферма у дороги 5")
    assert "Не нашёл «Ферма у дороги 5»" in replies[-1].text
    await anna.press("Оставить как написал")
    await anna.press("пропустить")
    await anna.press("Пропустить")
    replies = await anna.press("Без заметок")
    assert "Где сейчас: Ферма у дороги 5" in replies[-1].text


async def test_cancel_saves_nothing(sim: Simulator, app: App) -> None:
    anna = await start_form(sim)
    await anna.send("IVANOV IVAN")
    await anna.send("Иванов Иван")
    replies = await anna.press("Отмена")
    assert "ничего не сохранено" in replies[0].text
    assert await case_ids(app) == []
    async with app.sessionmaker() as session:
        record = await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 1001))
        assert record is None or (record.state is None and not record.data)
    # /cancel works the same in the middle of the form.
    await anna.send("/menu")
    await anna.press("Семья и дела")
    await anna.press("Открыть новое дело")
    await anna.send("PETROV PETR")
    replies = await anna.send("/cancel")
    assert "отменил" in replies[0].text
    assert await case_ids(app) == []


async def test_photo_in_the_form_is_refused_politely(sim: Simulator) -> None:
    anna = await start_form(sim)
    replies = await anna.send_photo()
    assert "жду текст" in replies[0].text


async def test_the_form_survives_a_restart_and_its_draft_is_encrypted(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    anna = await start_form(sim)
    await anna.send("SECRETOV SERGEI")
    await anna.send("Секретов Сергей")
    await anna.send("15.03.1985")
    async with app.sessionmaker() as session:
        record = await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 1001))
        assert record is not None
        assert record.state == "CaseFlow:person"
        stored = str(record.data)
    assert "SECRETOV" not in stored
    assert "Секретов" not in stored
    assert "1985" not in stored

    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    again = sim2.user(1001)
    await again.send("Россия")  # typed instead of pressed: the same as the button
    await again.press("Не знаю A-номер")
    await again.press("Не знаю где")
    await again.press("пропустить")
    await again.press("Пропустить")
    replies = await again.press("Без заметок")
    summary = replies[-1].text
    assert "SECRETOV SERGEI" in summary
    assert "Секретов Сергей" in summary
    assert "15 марта 1985" in summary
    assert "Россия" in summary
    await again.press("Сохранить")
    assert await case_ids(restarted) == [1]


async def test_the_form_in_english(sim: Simulator) -> None:
    bob = await start_form(sim, 1002, english=True)
    replies = await bob.send("ivanov ivan")
    assert "Step 2." in replies[-1].text
    await bob.press("Skip")
    replies = await bob.send("1985/03/15")
    assert "I didn't understand the date" in replies[0].text
    assert "Step 3." in replies[-1].text
    replies = await bob.send("15/03/1985")
    assert "Step 4." in replies[-1].text


async def test_adding_a_person_to_an_existing_case(sim: Simulator, app: App) -> None:
    anna = await onboard(sim, 1001)
    await open_case(anna, PersonInput(latin="IVANOV IVAN", special="Не знаю где"))
    await anna.press("Добавить ещё человека")
    await fill_person(anna, PersonInput(latin="IVANOVA OLGA", special="Уже на свободе"))
    assert "Добавил в дело №1" in anna.inbox[-1].text
    people = await person_rows(app, 1)
    assert [p.status for p in people] == [PersonStatus.UNKNOWN, PersonStatus.RELEASED]
    start = len(anna.inbox)
    await anna.press("Готово")
    text = all_text(anna, start)
    assert "1-888-351-4024" in text  # whereabouts unknown: ICE's information line
    assert "EOIR-33" in text  # released: tell the court the new address


async def test_a_form_whose_data_was_lost_is_reset_not_crashed(sim: Simulator, app: App) -> None:
    """Two updates racing (or storage cleared) can leave the state without its data."""
    anna = await start_form(sim)
    async with app.sessionmaker() as session, session.begin():
        record = await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 1001))
        assert record is not None
        record.data = {}
    replies = await anna.send("IVANOV IVAN")
    assert "Анкета сбилась" in replies[-1].text
    replies = await anna.send("/menu")
    assert "Главное меню" in replies[-1].text
