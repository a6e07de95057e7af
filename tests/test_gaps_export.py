"""Learning from what people ask: declined questions and "not it" presses become an eval file."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.dispatcher import App
from bot.knowledge.base import load_knowledge
from bot.knowledge.cli import evaluate, main, read_questions
from bot.knowledge.search import SearchIndex
from bot.simulator import Simulator
from tests.conftest import onboard


async def test_declined_and_not_it_questions_are_exported_for_review(
    sim: Simulator, app: App, tmp_path: Path
) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("как получить пенсию в россии по доверенности")
    await anna.send("как  получить пенсию в России по доверенности")  # the same, typed again
    await anna.send("что такое бонд")
    await anna.press("👎 Не то")

    path = tmp_path / "gaps.jsonl"
    status = await asyncio.to_thread(
        main, ["gaps-export", "--json", str(path), "--database", app.settings.database_url]
    )
    assert status == 0
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert lines == [
        {
            "q": "как получить пенсию в россии по доверенности",
            "topics": [],
            "kind": "declined",
            "locale": "ru",
            "not": [],
            "count": 2,
        },
        {
            "q": "что такое бонд",
            "topics": [],
            "kind": "not-it",
            "locale": "ru",
            "not": ["release-bond"],
            "count": 1,
        },
    ]
    # The file is a question file: kb eval reads it as it is.
    questions = read_questions(path)
    kb, _ = load_knowledge(strict=False)
    report = evaluate(SearchIndex.build(kb), questions)
    assert report.n == 2
    assert [q.kind for q in questions] == ["declined", "not-it"]


def test_a_not_it_line_checks_that_the_rejected_topic_is_not_answered_again(
    tmp_path: Path,
) -> None:
    path = tmp_path / "gaps.jsonl"
    path.write_text(
        '{"q": "что такое бонд", "topics": [], "kind": "not-it", "not": ["release-bond"]}\n'
        '{"q": "что такое бонд", "topics": [], "kind": "not-it", "not": ["court-postpone"]}\n'
        '{"q": "рецепт борща", "topics": [], "kind": "declined", "not": []}\n',
        encoding="utf-8",
    )
    questions = read_questions(path)
    assert questions[0].not_topics == ("release-bond",)
    kb, _ = load_knowledge(strict=False)
    report = evaluate(SearchIndex.build(kb), questions)
    # "что такое бонд" is still answered with the bond topic: the first line is a miss, the
    # second (someone rejected another topic) is not; the recipe is declined.
    assert report.n_rejected == 2
    assert report.rejected_avoided == 0.5
    assert report.no_topic_accuracy == 1.0
