"""The volunteer desk end to end: the real bot over HTTP, long polling a local fake Bot API.

Two volunteers sign up and are approved, a relative asks, both volunteers press "take" at
once, one answers, the relative replies, closes and rates. The bot is restarted twice while
messages are waiting in the outbox; each arrives once.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.config import Settings
from bot.db import create_engine, create_sessionmaker
from bot.desk.models import Ticket, TicketStatus
from tests.fake_bot_api import Call, FakeTelegram, RunningBot

ADMIN, ANNA, VERA, PETR = 9000, 1001, 2001, 2002
QUESTION = "Мужа задержали на границе в Техасе, потом перевели. Как узнать, где он сейчас?"


async def step(fake: FakeTelegram, chat: int, label: str, expect: str) -> Call:
    await fake.press(chat, label)
    return await fake.wait_text(chat, expect)


async def sign_up(fake: FakeTelegram, chat: int, name: str) -> None:
    await fake.send(chat, "/start")
    await fake.wait_text(chat, "Выберите язык")
    await step(fake, chat, "Русский", "кто вы")
    await step(fake, chat, "Я волонтёр", "о ваших данных")
    await step(fake, chat, "Согласен", "Заполните короткую анкету")
    await step(fake, chat, "Заполнить анкету", "Анкета волонтёра")
    await fake.send(chat, name)
    await fake.wait_text(chat, "На каких языках")
    await step(fake, chat, "Дальше", "В каких темах")
    await fake.press(chat, "Задержание")
    await fake.wait_for(
        lambda c: c.chat_id == chat and any(t.startswith("✅ 🏢") for t, _ in c.buttons())
    )
    await step(fake, chat, "Дальше", "Показывать имя")
    await step(fake, chat, "Остаться анонимным", "Анкета ушла координаторам")


def texts_to(fake: FakeTelegram, chat: int) -> list[str]:
    return [c.text for c in fake.sent_to(chat)]


async def ticket_row(settings: Settings) -> Ticket:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            row: Ticket | None = await session.scalar(select(Ticket))
            assert row is not None
            return row
    finally:
        await engine.dispose()


async def test_desk_over_http_with_a_race_and_two_restarts(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    # An outbox that only looks at startup: what gets queued waits for the next process.
    stalled = e2e_settings.model_copy(update={"outbox_poll_seconds": 3600})

    running = RunningBot(e2e_settings)
    await running.start()
    try:
        for chat, name in ((VERA, "Вера"), (PETR, "Пётр")):
            await sign_up(fake, chat, name)
            await fake.wait_text(ADMIN, f"Новый волонтёр</b>: {name}")
            await fake.press(ADMIN, "Одобрить")
            await fake.wait_text(chat, "одобрили вас как волонтёра")
        await fake.send(ANNA, "/start")
        await fake.wait_text(ANNA, "Выберите язык")
        await step(fake, ANNA, "Русский", "кто вы")
        await step(fake, ANNA, "Родственник", "о ваших данных")
        await step(fake, ANNA, "Согласен", "Главное меню")
    finally:
        await running.stop()

    # The relative asks while the sender is stalled; then the process dies.
    running = RunningBot(stalled)
    await running.start()
    try:
        await step(fake, ANNA, "Спросить волонтёра", "Опишите ситуацию")
        await fake.send(ANNA, QUESTION)
        await fake.wait_text(ANNA, "О чём вопрос?")
        await step(fake, ANNA, "Задержание", "Ваш вопрос — номер")
        await asyncio.sleep(0.5)
        assert not any("🆕" in t for t in texts_to(fake, VERA) + texts_to(fake, PETR))
    finally:
        await running.stop()

    running = RunningBot(e2e_settings)
    await running.start()
    try:
        for chat in (VERA, PETR):
            notice = await fake.wait_text(chat, "🆕")
            assert QUESTION in notice.text
            assert "U1001" not in notice.text  # the person's Telegram name never travels
            assert str(ANNA) not in notice.text

        # Both press "take" at the same moment; polling hands both updates to the bot.
        await fake.press(VERA, "Взять")
        await fake.press(PETR, "Взять")
        answers = await fake.wait_for(
            lambda c: (
                c.method == "answerCallbackQuery" and ("ваш." in c.text or "уже взял" in c.text)
            ),
            count=2,
        )
        assert sorted(a.text for a in answers) == [
            "Вопрос #1 ваш.",
            "Этот вопрос уже взял другой волонтёр.",
        ]
        row = await ticket_row(e2e_settings)
        assert row.status == TicketStatus.CLAIMED
        winner = row.volunteer_id
        assert winner in {VERA, PETR}
        loser = PETR if winner == VERA else VERA
        taken = await fake.wait_for(lambda c: c.method == "editMessageText" and c.chat_id == loser)
        assert "взял волонтёр" in taken[0].text
        assert taken[0].buttons() == []
        await fake.wait_text(winner, "уйдёт человеку")
        await fake.wait_text(ANNA, "Волонтёр взял ваш вопрос")
    finally:
        await running.stop()

    # The volunteer answers while the sender is stalled; the answer waits out a restart.
    running = RunningBot(stalled)
    await running.start()
    try:
        await fake.send(winner, "Проверьте locator.ice.gov по A-номеру.")
        await fake.wait_text(winner, "Передал человеку")
        await asyncio.sleep(0.5)
        assert not any("locator.ice.gov" in t for t in texts_to(fake, ANNA))
    finally:
        await running.stop()

    running = RunningBot(e2e_settings)
    await running.start()
    try:
        answer = await fake.wait_text(ANNA, "locator.ice.gov")
        assert "Ответ от волонтёра" in answer.text
        for secret in ("Вера", "Пётр", str(VERA), str(PETR), "U2001", "U2002"):
            assert secret not in answer.text
        await fake.send(ANNA, "Спасибо! А если A-номера нет?")
        relayed = await fake.wait_text(winner, "А если A-номера нет?")
        assert "человек пишет" in relayed.text
        assert not any("А если A-номера нет?" in t for t in texts_to(fake, loser))

        await step(fake, ANNA, "Вопрос решён", "Насколько помог ответ?")
        await fake.press(ANNA, "5⭐")
        await fake.wait_text(winner, "⭐⭐⭐⭐⭐")
    finally:
        await running.stop()

    row = await ticket_row(e2e_settings)
    assert (row.status, row.close_reason, row.rating) == (TicketStatus.CLOSED, "solved", 5)
    # Every message arrived exactly once, across the restarts.
    assert sum("locator.ice.gov" in t for t in texts_to(fake, ANNA)) == 1
    assert sum("А если A-номера нет?" in t for t in texts_to(fake, winner)) == 1
    for chat in (VERA, PETR):
        assert sum(t.startswith("🆕") for t in texts_to(fake, chat)) == 1
    assert not [c for c in fake.calls if c.method == "forwardMessage"]
