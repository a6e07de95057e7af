"""The topic file format: an optional details part and dated sources checked by the lint."""

from __future__ import annotations

import json
from pathlib import Path

from bot.knowledge.base import CATALOGUE_PATH, load_knowledge

TOPIC = """
category = "{cat}"

[[topic]]
id = "{tid}"
reviewed = 2026-12-03
sources = [
  "https://www.justice.gov/eoir",
  {{ url = "https://www.ice.gov/news", date = {date} }},
]

[topic.ru]
title = "Заголовок"
body = "Что сделать сейчас."
details = "Подробности."

[topic.en]
title = "Title"
body = "What to do now."
"""


def _load(tmp_path: Path, date: str) -> tuple[object, list[str]]:

    catalogue = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    entry = catalogue["topics"][0]
    (tmp_path / "one.toml").write_text(
        TOPIC.format(cat=entry["category"], tid=entry["id"], date=date), encoding="utf-8"
    )
    small = tmp_path / "catalogue.json"
    small.write_text(json.dumps({"version": 2, "topics": [entry]}), encoding="utf-8")
    return load_knowledge(tmp_path, small, strict=False)


def test_details_and_source_dates_are_read(tmp_path: Path) -> None:
    kb, problems = _load(tmp_path, "2026-03-08")
    assert problems == []
    topic = next(iter(kb.topics.values()))  # type: ignore[attr-defined]
    assert topic.text("ru").details == "Подробности."
    assert topic.text("en").details == ""
    assert topic.sources == ("https://www.justice.gov/eoir", "https://www.ice.gov/news")
    assert topic.source_dates[1].isoformat() == "2026-03-08"


def test_a_source_newer_than_the_review_fails_the_lint(tmp_path: Path) -> None:
    _, problems = _load(tmp_path, "2026-12-04")
    assert any("newer than reviewed" in p for p in problems), problems
