"""End to end: the real bot over HTTP with long polling against a local fake Bot API."""

from __future__ import annotations

import datetime as dt

from bot import outbox
from bot.config import Settings
from tests.fake_bot_api import FakeTelegram, RunningBot


async def test_onboarding_over_http_survives_a_restart(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    running = RunningBot(e2e_settings)
    await running.start()
    try:
        await fake.wait_for(lambda c: c.method == "setMyCommands", count=3)
        await fake.send(777, "/start")
        await fake.wait_text(777, "Выберите язык")
        await fake.press(777, "Русский")
        await fake.wait_text(777, "кто вы")
    finally:
        await running.stop()  # the process dies between two steps of onboarding

    await running.start()
    try:
        await fake.press(777, "Родственник")
        privacy = await fake.wait_text(777, "о ваших данных")
        assert ("✅ Согласен(на)", "consent:1") in privacy.buttons()
        await fake.press(777, "Согласен")
        menu = await fake.wait_text(777, "Главное меню")
        assert any("Справочник" in text for text, _ in menu.buttons())
        await fake.send(777, "skolko dnej na apellyaciyu")
        answer = await fake.wait_text(777, "Источники")
        assert "BIA" in answer.text
    finally:
        await running.stop()


async def test_english_onboarding_over_http(fake: FakeTelegram, e2e_settings: Settings) -> None:
    running = RunningBot(e2e_settings)
    await running.start()
    try:
        await fake.send(555, "/start", language_code="en")
        await fake.wait_text(555, "Choose your language")
        await fake.press(555, "English", language_code="en")
        await fake.wait_text(555, "Tell me who you are")
        await fake.press(555, "volunteer", language_code="en")
        await fake.wait_text(555, "Before we start")
    finally:
        await running.stop()


async def test_outbox_message_due_during_downtime_goes_out_once(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    running = RunningBot(e2e_settings)
    app = await running.start()
    await fake.send(888, "/start")
    await fake.wait_text(888, "Выберите язык")
    await running.stop()

    # While the bot is down, a reminder falls due.
    from bot.db import create_engine, create_sessionmaker

    engine = create_engine(e2e_settings.database_url)
    maker = create_sessionmaker(engine)
    now = dt.datetime.now(dt.UTC)
    async with maker() as session, session.begin():
        await outbox.enqueue(
            session,
            chat_id=888,
            kind="test",
            payload={"text": "due-ping"},
            due_at=now - dt.timedelta(minutes=5),
            dedup_key="e2e-ping",
            now=now,
        )
    await engine.dispose()
    assert app is not None

    await running.start()
    try:
        await fake.wait_text(888, "due-ping")
        await running.stop()
        await running.start()  # and once more: nothing is sent again
        await fake.send(888, "/help")
        await fake.wait_text(888, "Что я умею")
    finally:
        await running.stop()
    assert sum(c.text == "due-ping" for c in fake.calls) == 1
