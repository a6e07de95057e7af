"""Personal data stays where it belongs: not in logs at any level, not in the clear in the
conversation state."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.dispatcher import App
from bot.models import FsmRecord
from bot.simulator import Simulator
from tests.case_helpers import PersonInput, open_case
from tests.case_helpers import onboard as onboard_relative

QUESTION = "Кот Барсик задержан на Луне детеншн Морковкино что делать"
NAME = "SENTINELOV SERGEI"
NOTE = "тайная заметка Огурцова"
SECRETS = ("Барсик", "Морковкино", "SENTINELOV", "Sentinelov", "Огурцова")


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if any(s in text for s in SECRETS):
            found.append(f"{record.name}: {text[:200]}")
    return found


async def test_no_user_text_in_logs_even_at_debug(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna = await onboard_relative(sim, 1001)
    await anna.send(QUESTION)  # an unanswered question: stored as a gap
    await open_case(anna, PersonInput(latin=NAME, place="Adelanto", notes=NOTE))
    await sim.deliver(app.delivery)
    assert any("SENTINELOV" in t or "Sentinelov" in t for t in anna.texts())  # it did happen
    assert len(caplog.records) > 0
    assert _leaks(caplog) == []


async def test_free_text_in_conversation_state_is_encrypted(sim: Simulator, app: App) -> None:
    anna = await onboard_relative(sim, 1001)
    await anna.send("/menu")
    await anna.press("Спросить волонтёра")
    await anna.send(QUESTION)  # the question waits in the state for its category
    async with app.sessionmaker() as session:
        records = (await session.scalars(select(FsmRecord))).all()
    stored = " ".join(str(r.data) for r in records)
    assert records
    assert "Барсик" not in stored
    context = app.dispatcher.fsm.resolve_context(app.bot, 1001, 1001)
    assert context is not None
    assert "Барсик" in str(await context.get_data())  # the flow itself still reads it
