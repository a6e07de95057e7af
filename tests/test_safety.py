"""A message that may mean a life is in danger always gets the emergency answer first."""

from __future__ import annotations

import pytest

from bot.dispatcher import Knowledge
from bot.knowledge.safety import is_crisis
from bot.simulator import Simulator
from tests.conftest import onboard


@pytest.mark.parametrize(
    "text",
    [
        "муж сказал что не хочет жить срочно помогите",
        "брат грозится покончить с собой в детеншне",
        "боюсь что он наложит на себя руки",
        "ne hochet zhit pomogite",
        "my husband said he wants to kill himself",
        "he doesn't want to live anymore",
    ],
)
def test_crisis_messages_put_the_emergency_answer_first(knowledge: Knowledge, text: str) -> None:
    assert is_crisis(text)
    result = knowledge.index.search(text)
    assert result.confident
    assert result.hits[0].topic_id == "bot-emergency"


@pytest.mark.parametrize(
    "text", ["похитители говорят что убьют если не заплатим", "сколько стоит бонд"]
)
def test_ordinary_questions_are_not_crises(text: str) -> None:
    assert not is_crisis(text)


async def test_the_bot_answers_a_crisis_with_911_and_988(sim: Simulator) -> None:
    await onboard(sim)
    replies = await sim.users[1001].send("муж сказал что не хочет жить, что делать")
    assert "911" in replies[-1].text
    assert "988" in replies[-1].text
