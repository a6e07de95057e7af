"""The Mexico section end to end: the real bot over HTTP, long polling the fake Bot API, on a
real clock plus an offset. A person signs up, does a programme step, invites a relative, starts
a crossing watch; the bot goes down; the check-in falls due and passes while it is down; on
start the alarm goes out once to the relative and the desk with the action plan and a family
case is opened; a late check-in clears it; another restart sends nothing again."""

from __future__ import annotations

import asyncio
import datetime as dt

from sqlalchemy import select

from bot.config import Settings
from bot.db import create_engine, create_sessionmaker
from bot.mexico.models import CrossingWatch, WatchStatus
from bot.sandbox import OffsetClock
from tests.conftest import ADMIN_ID
from tests.fake_bot_api import Call, FakeTelegram, RunningBot

ADMIN, SEEKER, MOM = ADMIN_ID, 1101, 1102


async def said(fake: FakeTelegram, chat_id: int, fragment: str, since: int) -> Call:
    earlier = {id(c) for c in fake.calls[:since]}
    calls = await fake.wait_for(
        lambda c: id(c) not in earlier and c.chat_id == chat_id and fragment in c.text
    )
    return calls[0]


async def step(fake: FakeTelegram, chat: int, action: str, expect: str, *, typed: bool) -> Call:
    mark = len(fake.calls)
    if typed:
        await fake.send(chat, action)
    else:
        await fake.press(chat, action)
    return await said(fake, chat, expect, mark)


async def onboard(fake: FakeTelegram, chat: int, role: str) -> None:
    await step(fake, chat, "/start", "Выберите язык", typed=True)
    await step(fake, chat, "Русский", "кто вы", typed=False)
    await step(fake, chat, role, "о ваших данных", typed=False)
    await step(fake, chat, "Согласен", "Главное меню", typed=False)


async def sign_up(fake: FakeTelegram) -> None:
    await step(fake, SEEKER, "/mexico", "Для тех, кто ждёт в Мексике", typed=True)
    await step(fake, SEEKER, "Заполнить анкету", "В каком городе", typed=False)
    await step(fake, SEEKER, "Тихуана", "Сколько взрослых", typed=False)
    await step(fake, SEEKER, "1", "дети", typed=True)
    await step(fake, SEEKER, "200", "от 0 до 17", typed=True)
    await step(fake, SEEKER, "6", "На каких языках", typed=True)
    await step(fake, SEEKER, "Дальше", "адвокат или организация", typed=False)
    await step(fake, SEEKER, "Пока никто", "планируемая дата", typed=False)
    await step(fake, SEEKER, "Пока не знаю", "латиницей", typed=False)
    await step(fake, SEEKER, "Ivanova Maria", "Дата рождения", typed=True)
    await step(fake, SEEKER, "01.02.1990", "Страна рождения", typed=True)
    await step(fake, SEEKER, "Россия", "A-номер", typed=False)
    await step(fake, SEEKER, "Нет A-номера", "Что увидит ваш экстренный круг", typed=False)
    await fake.press(SEEKER, "Данные для локатора")
    await fake.wait_for(
        lambda c: c.chat_id == SEEKER and any(t.startswith("✅ Данные") for t, _ in c.buttons())
    )
    await fake.press(SEEKER, "Дата перехода")
    await fake.wait_for(
        lambda c: c.chat_id == SEEKER and any(t.startswith("✅ Дата") for t, _ in c.buttons())
    )
    await step(fake, SEEKER, "Дальше", "открыть семейное дело", typed=False)
    summary = await step(fake, SEEKER, "Да, открыть сразу", "IVANOVA MARIA", typed=False)
    assert "Согласен" in " ".join(t for t, _ in summary.buttons())
    await step(fake, SEEKER, "Согласен(на), сохранить", "0/12 готово", typed=False)


async def watch_row(settings: Settings) -> CrossingWatch:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            row: CrossingWatch | None = await session.scalar(select(CrossingWatch))
            assert row is not None
            return row
    finally:
        await engine.dispose()


async def test_mexico_over_http_with_a_restart_between_crossing_and_missed_check_in(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    clock = OffsetClock()
    running = RunningBot(e2e_settings, clock=clock)
    await running.start()
    try:
        await onboard(fake, SEEKER, "Жду в Мексике")
        await onboard(fake, MOM, "Родственник")
        await sign_up(fake)

        # The programme: the next step's card, marked done.
        await step(fake, SEEKER, "Следующий шаг", "Документы и копии в облаке", typed=False)
        await step(fake, SEEKER, "Сделано", "1/12 готово", typed=False)

        # The emergency circle: a one-time link for a relative.
        await step(fake, SEEKER, "/mexico", "Подготовка: 1/12", typed=True)
        await step(fake, SEEKER, "Экстренный круг", "Экстренный круг", typed=False)
        link = await step(fake, SEEKER, "Пригласить родственника", "start=circle_", typed=False)
        token = link.text.split("start=circle_")[1].split()[0]
        await step(fake, MOM, f"/start circle_{token}", "Вас приглашают", typed=True)
        await step(fake, MOM, "Да, я в круге", "Вы в экстренном круге", typed=False)
        await said(fake, SEEKER, "Родственник принял", 0)
        await step(fake, MOM, f"/start circle_{token}", "уже", typed=True)

        # Crossing day: a time that does not exist, then tomorrow at 9:00 in Tijuana.
        await step(fake, SEEKER, "/mexico", "Подготовка", typed=True)
        await step(fake, SEEKER, "Я перехожу", "Когда вы переходите", typed=False)
        await step(fake, SEEKER, "завтра в 25:00", "Такого времени нет (25:00)", typed=True)
        await step(fake, SEEKER, "завтра в 9:00", "Где", typed=True)
        await step(fake, SEEKER, "Сан-Исидро", "Как часто", typed=True)
        await step(fake, SEEKER, "Каждые 12 часов", "Страховка включена", typed=False)
    finally:
        await running.stop()  # the process dies after the crossing was set

    watch = await watch_row(e2e_settings)
    assert watch.status == WatchStatus.ACTIVE
    # The first check-in time and its two hours' grace pass while the bot is down.
    overdue = watch.next_check_at + dt.timedelta(minutes=watch.grace_minutes + 1)
    clock.offset = overdue - dt.datetime.now(dt.UTC)
    mark = len(fake.calls)
    await running.start()
    try:
        alarm = await said(fake, MOM, "Тревога", mark)
        for needle in (
            "IVANOVA MARIA",
            "Russia",
            "1 февраля 1990",
            "locator.ice.gov",
            "примерно через 8 часов",
            "1-888-351-4024",
            "1-800-203-7001",  # a child of six was travelling
            "Сан-Исидро",
            "Открыто семейное дело №1",
        ):
            assert needle in alarm.text, needle
        desk = await said(fake, ADMIN, "Тревога", mark)
        assert "IVANOVA MARIA" in desk.text
        ask = await said(fake, SEEKER, "Отметка 1 из 6", mark)
        assert ask.buttons()[0][0] == "✅ Я в порядке"
        await asyncio.sleep(1.0)  # more polls and sweeps: still one alarm each

        # The case the alarm opened is the relative's, with the person's details.
        await step(fake, MOM, "/cases", "У вас 1 дело", typed=True)

        # The late check-in clears the alarm for everyone.
        await step(fake, SEEKER, "Я в порядке", "Отмечено", typed=False)
        await said(fake, MOM, "тревога страховки №1 снята", mark)
        await said(fake, ADMIN, "тревога страховки №1 снята", mark)
    finally:
        await running.stop()

    await running.start()  # once more: nothing goes out again
    try:
        await asyncio.sleep(1.5)
    finally:
        await running.stop()
    alarms = [c for c in fake.calls[mark:] if "Тревога" in c.text]
    assert sorted(c.chat_id for c in alarms if c.chat_id is not None) == [MOM, ADMIN]
    stored = await watch_row(e2e_settings)
    assert stored.status == WatchStatus.ACTIVE
    assert stored.case_id == 1
