"""A question takes the search a moment: the person sees "typing…" until the answer comes."""

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
