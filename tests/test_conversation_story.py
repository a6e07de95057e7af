"""The conversation as a person on a phone sees it: "typing…" while a question is worked
on, menu steps that replace the menu instead of piling up messages."""

from __future__ import annotations

from bot.dispatcher import App
from bot.simulator import Simulator


async def test_typing_shows_while_a_question_is_worked_on(app: App, sim: Simulator) -> None:
    from aiogram.methods import SendChatAction, SendMessage

    from bot.recording import RecordingSession
    from tests.conftest import onboard

    anna = await onboard(sim, 1001)
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    start = len(session.requests)
    await anna.send("что такое бонд")
    after = session.requests[start:]
    kinds = [type(r) for r in after]
    assert SendChatAction in kinds
    assert kinds.index(SendChatAction) < kinds.index(SendMessage)
    assert next(r for r in after if isinstance(r, SendChatAction)).action == "typing"
    # Not while a form waits for typed answers, nor for commands.
    start = len(session.requests)
    await anna.send("/help")
    assert not [r for r in session.requests[start:] if isinstance(r, SendChatAction)]


async def test_menu_steps_edit_the_menu_in_place(app: App, sim: Simulator) -> None:
    from aiogram.methods import EditMessageText

    from tests.conftest import onboard

    anna = await onboard(sim, 1001)
    menu = (await anna.send("/menu"))[-1]
    settings = await anna.press("Настройки")
    assert isinstance(settings[-1].method, EditMessageText)
    assert settings[-1].message_id == menu.message_id
    reminders = await anna.press("Напоминания")
    toggled = await anna.press(1)  # an offset ticked or unticked: the same screen changes
    assert isinstance(toggled[-1].method, EditMessageText)
    assert toggled[-1].message_id == reminders[-1].message_id
    assert "Напоминания" in reminders[-1].text or "напомина" in reminders[-1].text
    assert reminders[-1].message_id == menu.message_id  # still the same message
    await anna.send("/menu")
    await anna.press("Настройки")
    home = await anna.press("В меню")
    assert isinstance(home[-1].method, EditMessageText)
    assert "Главное меню" in home[-1].text


async def test_a_slash_date_of_birth_asks_which_is_the_month(app: App, sim: Simulator) -> None:
    """01/02/1990 is 1 February in Russia and January 2 in the US: the form asks, in the
    person's language, instead of reading it day-first."""
    from tests.conftest import onboard

    anna = await onboard(sim, 1001)
    await anna.send("/menu")
    await anna.press("Семья и дела")
    await anna.press("Открыть новое дело")
    await anna.send("IVANOV IVAN")
    await anna.press("Пропустить")
    replies = await anna.send("01/02/1990")
    assert "Какой из них месяц" in "\n".join(r.text for r in replies)
    replies = await anna.send("13/02/1990")  # unambiguous: the 13th cannot be a month
    assert "Какой из них месяц" not in "\n".join(r.text for r in replies)
    assert "Такого дня нет" not in "\n".join(r.text for r in replies)

    john = await onboard(sim, 1002, "English", "en")
    await john.send("/menu")
    await john.press("Family cases")
    await john.press("Open a new case")
    await john.send("SMITH JOHN")
    await john.press("Skip")
    replies = await john.send("01/02/1990")
    assert "Which is the month?" in "\n".join(r.text for r in replies)
