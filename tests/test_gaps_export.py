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
