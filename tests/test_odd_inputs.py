"""Inputs no handler expects: ids beyond BIGINT in buttons and commands, a private message
without a sender. Each gets a clear answer or is ignored; nothing fails."""

from __future__ import annotations

import logging

import pytest
from aiogram.types import Chat, Message, Update

from bot.dispatcher import App
from bot.middlewares import has_huge_number
from bot.simulator import Simulator
from tests.conftest import ADMIN_ID, START
from tests.desk_helpers import answers_since, onboard

BIG = 2**63


def test_huge_numbers_are_recognised() -> None:
    assert has_huge_number(f"cs:mem:{BIG}:0")
    assert has_huge_number(f"/ticket #{BIG}")
    assert has_huge_number(f"x:-{BIG + 1}")
    assert not has_huge_number(f"cs:mem:{BIG - 1}:0")
    assert not has_huge_number("/ticket 12 9223372036854775807")


@pytest.mark.parametrize("who", [ADMIN_ID, 1001])
async def test_ids_beyond_bigint_get_a_clear_answer(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture, who: int
) -> None:
    person = await onboard(sim, who)
    caplog.set_level(logging.ERROR, logger="bot.errors")
    for data in (f"cs:mem:{BIG}:0", f"vol:approve:{BIG}", f"cj:go:{BIG}", f"cs:mem:-{BIG + 1}:0"):
        start = len(sim.session.requests)
        await person.press_data(data)
        assert answers_since(sim, start) == ["Эта кнопка устарела. Откройте /menu ещё раз."]
    for command in (f"/ticket {BIG}", f"/ticket #{BIG * 10}", f"/note {BIG} текст"):
        replies = await person.send(command)
        assert "число слишком большое" in replies[-1].text
    assert [r for r in caplog.records if r.name == "bot.errors"] == []


async def test_a_private_message_without_a_sender_is_ignored(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.ERROR, logger="bot.errors")
    start = len(sim.session.requests)
    message = Message(message_id=5, date=START, chat=Chat(id=1001, type="private"), text="hi")
    await app.dispatcher.feed_update(app.bot, Update(update_id=999, message=message))
    assert sim.session.requests[start:] == []
    assert [r for r in caplog.records if r.name == "bot.errors"] == []
