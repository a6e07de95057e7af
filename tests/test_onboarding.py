"""First contact through the real dispatcher: /start, language, role, consent, menu."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlalchemy import select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.models import FsmRecord, User
from bot.simulator import Simulator
from tests.conftest import AppFactory, onboard


async def test_start_greets_in_russian_with_language_buttons(sim: Simulator) -> None:
    anna = sim.user(1001, language_code="ru")
    replies = await anna.send("/start")
    assert "Здравствуйте" in replies[0].text
    assert [t for t, _ in replies[-1].buttons()] == ["🇷🇺 Русский", "🇬🇧 English"]


async def test_full_onboarding_in_russian(sim: Simulator, app: App) -> None:
    anna = sim.user(1001, language_code="en-US")
    await anna.send("/start")
    role_question = await anna.press("Русский")
    assert "кто вы" in role_question[-1].text
    privacy = await anna.press("Родственник задержанного")
    assert "не защищены сквозным шифрованием" in privacy[-1].text
    assert "не юридическая консультация" in privacy[-1].text
    menu = await anna.press("Согласен(на)")
    assert "Главное меню" in menu[-1].text
    labels = [t for t, _ in menu[-1].buttons()]
    assert "📚 Справочник" in labels
    assert "🙋 Спросить волонтёра" in labels
    async with app.sessionmaker() as session:
        row = await session.get(User, 1001)
        assert row is not None
        assert (row.locale, row.role) == ("ru", "relative")
        assert row.consent_at is not None
        assert row.consent_at.tzinfo is not None


async def test_full_onboarding_in_english(sim: Simulator) -> None:
    bob = sim.user(1002, language_code="en")
    await bob.send("/start")
    role = await bob.press("English")
    assert "Tell me who you are" in role[-1].text
    privacy = await bob.press("Waiting in Mexico to cross")
    assert "not end-to-end encrypted" in privacy[-1].text
    menu = await bob.press("I agree")
    assert "Main menu" in menu[-1].text


async def test_declining_consent_is_explained_and_menu_still_reachable(sim: Simulator) -> None:
    anna = sim.user(1001)
    await anna.send("/start")
    await anna.press("Русский")
    await anna.press(1)
    replies = await anna.press("Нет")
    assert "Без согласия" in replies[-1].text


async def test_typing_during_onboarding_points_at_buttons(sim: Simulator) -> None:
    anna = sim.user(1001)
    await anna.send("/start")
    await anna.press("Русский")
    replies = await anna.send("а где кнопки?")
    assert "выберите вариант кнопкой" in replies[0].text
    assert "кто вы" in replies[-1].text


async def test_locale_follows_telegram_language_before_choice(sim: Simulator) -> None:
    bob = sim.user(1002, language_code="en")
    replies = await bob.send("/help")
    assert "What I can do" in replies[0].text
    olena = sim.user(1003, language_code="uk")
    replies = await olena.send("/help")
    assert "Что я умею" in replies[0].text


async def test_language_switch(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("/language")
    replies = await anna.press("English")
    assert any("Main menu" in r.text for r in replies)
    replies = await anna.send("/help")
    assert "What I can do" in replies[0].text


async def test_cancel_leaves_any_flow(sim: Simulator, app: App) -> None:
    anna = sim.user(1001)
    await anna.send("/start")
    replies = await anna.send("/cancel")
    assert "отменил" in replies[0].text
    async with app.sessionmaker() as session:
        record = await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 1001))
        assert record is None or record.state is None
    replies = await anna.send("/cancel")
    assert "Отменять нечего" in replies[0].text


async def test_menu_opens_the_mexico_section(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    replies = await anna.press("Жду в Мексике")
    assert "Для тех, кто ждёт в Мексике" in replies[-1].text
    assert any("Заполнить анкету" in text for text, _ in replies[-1].buttons())


async def test_join_deep_link_is_routed_and_unknown_payload_is_answered(sim: Simulator) -> None:
    anna = sim.user(1001)
    replies = await anna.send("/start join_AbCdEf123456")
    assert "Приглашение не найдено" in replies[0].text
    assert "Выберите язык" in replies[-1].text  # onboarding still starts
    replies = await anna.send("/start ../../etc")
    assert "Ссылка не распознана" in replies[0].text


async def test_forged_callback_is_refused(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.press_data("role:president")
    await anna.press_data("menu:launch_missiles")
    await anna.press_data("totally-unknown")
    alerts = anna.alerts()
    assert alerts.count("Эта кнопка устарела. Откройте /menu ещё раз.") == 3


async def test_flood_gets_one_polite_message(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = make_app(settings.model_copy(update={"flood_max_messages": 8}))
    sim = Simulator(app.dispatcher, app.bot, clock)
    await onboard(sim)
    anna = sim.users[1001]
    clock.advance(dt.timedelta(seconds=30))
    start = len(anna.inbox)
    for _ in range(15):  # ten forwarded messages and then some: each one is answered
        await anna.send("привет")
    texts = [s.text for s in anna.inbox[start:]]
    assert len(texts) == 15
    assert not any("пишете очень быстро" in t for t in texts)
    start = len(anna.inbox)
    for _ in range(60):  # far beyond any person: one polite message, the rest dropped
        await anna.send("привет")
    texts = [s.text for s in anna.inbox[start:]]
    assert sum("пишете очень быстро" in t for t in texts) == 1
    assert len(texts) < 60
    clock.advance(dt.timedelta(seconds=30))
    replies = await anna.send("/help")
    assert "Что я умею" in replies[0].text


async def test_error_is_apologised_for_and_logged_without_text(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    await onboard(sim)
    anna = sim.users[1001]

    def broken(query: str, limit: int = 5) -> None:
        raise ValueError(f"cannot handle {query}")

    monkeypatch.setattr(app.knowledge.index, "search", broken)
    with caplog.at_level(logging.ERROR):
        replies = await anna.send("мужа задержали секретное слово")
    assert "что-то сломалось" in replies[-1].text
    assert "ValueError" in caplog.text
    assert "секретное" not in caplog.text


async def test_existing_user_is_not_rewritten_on_every_update(
    sim: Simulator, app: App, make_app: AppFactory
) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    writes: list[str] = []
    from sqlalchemy import event

    @event.listens_for(app.engine.sync_engine, "before_cursor_execute")
    def spy(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith(("UPDATE USERS", "INSERT INTO USERS")):
            writes.append(statement)

    await anna.send("/help")
    await anna.send("/help")
    assert writes == []


async def test_commands_are_set_per_language(app: App) -> None:
    from aiogram.methods import SetMyCommands

    await app.set_commands()
    calls = [
        r
        for r in app.bot.session.requests  # type: ignore[attr-defined]
        if isinstance(r, SetMyCommands)
    ]
    by_lang = {c.language_code: c.commands for c in calls}
    assert set(by_lang) == {"ru", "en", None}
    assert by_lang["ru"][0].description == "Начать"
    assert by_lang["en"][0].description == "Start"
