"""/help and the command menus per role and language: admins, coordinators and volunteers
find their commands; relatives see only theirs; the bot describes itself per language."""

from __future__ import annotations

from aiogram.methods import (
    DeleteMyCommands,
    SetMyCommands,
    SetMyDescription,
    SetMyShortDescription,
)
from aiogram.types import BotCommandScopeAllPrivateChats, BotCommandScopeChat

from bot.dispatcher import App
from bot.recording import RecordingSession
from bot.simulator import Simulator
from tests.case_helpers import make_volunteer
from tests.conftest import ADMIN_ID, onboard

OPERATOR_COMMANDS = ("/stats", "/gaps", "/broadcast", "/audit", "/coordinators")


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def menus(app: App) -> list[SetMyCommands]:
    return [r for r in recorder(app).requests if isinstance(r, SetMyCommands)]


async def test_help_lists_each_roles_commands_in_its_language(app: App, sim: Simulator) -> None:
    await onboard(sim, 1001)
    relative = await sim.users[1001].send("/help")
    assert "Что я умею" in relative[-1].text
    assert not any(c in relative[-1].text for c in OPERATOR_COMMANDS)

    admin = await onboard(sim, ADMIN_ID, "English", "en")
    replies = await admin.send("/help")
    assert "For admins" in replies[-1].text
    for command in OPERATOR_COMMANDS:
        assert command in replies[-1].text
    assert "/stats — Statistics" in replies[-1].text

    await make_volunteer(app, 2001)
    replies = await sim.user(2001).send("/help")
    assert "Для волонтёров" in replies[-1].text
    assert "/queue — Очередь вопросов" in replies[-1].text
    assert "/coordinators" not in replies[-1].text
    # /help also puts the volunteer's own menu in their chat.
    mine = [m for m in menus(app) if m.scope == BotCommandScopeChat(chat_id=2001)]
    assert mine
    assert "queue" in [c.command for c in mine[-1].commands]


async def test_start_up_sets_menus_per_language_and_role_and_the_descriptions(
    app: App, sim: Simulator
) -> None:
    await onboard(sim, ADMIN_ID)
    await make_volunteer(app, 2001, locale="en")
    recorder(app).clear()
    await app.set_commands()
    everyone = {
        m.language_code: m for m in menus(app) if m.scope == BotCommandScopeAllPrivateChats()
    }
    assert set(everyone) == {"ru", "en", None}
    assert "stats" not in [c.command for c in everyone["ru"].commands]
    assert everyone["en"].commands[0].description == "Start"
    admin = [m for m in menus(app) if m.scope == BotCommandScopeChat(chat_id=ADMIN_ID)]
    assert {"stats", "gaps", "broadcast", "audit", "coordinators"} <= {
        c.command for c in admin[-1].commands
    }
    assert admin[-1].commands[0].description == "Начать"  # the admin chose Russian
    volunteer = [m for m in menus(app) if m.scope == BotCommandScopeChat(chat_id=2001)]
    assert "queue" in [c.command for c in volunteer[-1].commands]
    descriptions = [r for r in recorder(app).requests if isinstance(r, SetMyDescription)]
    assert {d.language_code for d in descriptions} == {"ru", "en", None}
    assert any("911" in (d.description or "") for d in descriptions)
    shorts = [r for r in recorder(app).requests if isinstance(r, SetMyShortDescription)]
    assert all(len(s.short_description or "") <= 120 for s in shorts)
    assert not [r for r in recorder(app).requests if isinstance(r, DeleteMyCommands)]


async def test_menus_never_stop_the_start_up(app: App, sim: Simulator) -> None:
    """Telegram busy at start-up (a 5xx on the descriptions): the menus still go out and
    start-up goes on; the next start tries again."""
    from aiogram.exceptions import TelegramServerError

    def busy(method: object) -> object:
        if isinstance(method, SetMyDescription | SetMyShortDescription):
            return TelegramServerError(method=method, message="busy")
        return None

    recorder(app).responder = busy
    await app.set_commands()  # does not raise
    assert {m.language_code for m in menus(app)} >= {"ru", "en", None}
