"""The topic file format: an optional details part and dated sources checked by the lint."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


# ---- one vocabulary in Russian (issue 12) ---------------------------------------------


def _vocabulary(tmp_path: Path, ru_body: str, keywords: str = "[]") -> list[str]:
    from bot.knowledge.base import vocabulary_problems

    catalogue = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    entry = catalogue["topics"][0]
    text = TOPIC.format(cat=entry["category"], tid=entry["id"], date="2026-03-08")
    text = text.replace('body = "Что сделать сейчас."', f"body = {json.dumps(ru_body)}")
    text = text.replace('details = "Подробности."', f"keywords = {keywords}")
    (tmp_path / "one.toml").write_text(text, encoding="utf-8")
    small = tmp_path / "catalogue.json"
    small.write_text(json.dumps({"version": 2, "topics": [entry]}), encoding="utf-8")
    kb, problems = load_knowledge(tmp_path, small, strict=False)
    assert [p for p in problems if ": vocabulary:" not in p] == []
    return vocabulary_problems(kb)


def test_vocabulary_lint_names_the_topic_locale_and_term(tmp_path: Path) -> None:
    bad = (
        "Найдите номер A (A-number), позвоните в полевой офис ICE и попросите пароль "
        "или ответ по паролю."
    )
    problems = _vocabulary(tmp_path, bad)
    assert len(problems) == 4, problems
    assert all("[ru]: vocabulary:" in p for p in problems)
    assert any("'A-number'" in p for p in problems)
    assert any("'номер A'" in p for p in problems)
    assert any("'полевой офис'" in p and "региональное отделение ICE" in p for p in problems)
    assert any("'пароль'" in p and "'паролю'" in p and "пэрол" in p for p in problems)


def test_the_right_words_and_keywords_pass_the_vocabulary_lint(tmp_path: Path) -> None:
    good = (
        "Найдите A-номер, позвоните в региональное отделение ICE и попросите пэрол "
        "(условное освобождение)."
    )
    assert _vocabulary(tmp_path, good, keywords='["пароль", "a-number", "полевой офис"]') == []


def test_every_topic_uses_the_one_vocabulary() -> None:
    from bot.knowledge.base import vocabulary_problems

    kb, _ = load_knowledge(strict=False)
    assert vocabulary_problems(kb) == []


def test_kb_lint_fails_on_the_old_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.knowledge import base
    from bot.knowledge.cli import main

    catalogue = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    entry = catalogue["topics"][0]
    text = TOPIC.format(cat=entry["category"], tid=entry["id"], date="2026-03-08")
    (tmp_path / "one.toml").write_text(
        text.replace("Что сделать сейчас.", "Позвоните в полевой офис."), encoding="utf-8"
    )
    small = tmp_path / "catalogue.json"
    small.write_text(json.dumps({"version": 2, "topics": [entry]}), encoding="utf-8")
    # `kb lint` takes the content directory; the small catalogue goes in as the default.
    monkeypatch.setattr(base.load_knowledge, "__defaults__", (tmp_path, small))
    assert main(["lint", "--content-dir", str(tmp_path)]) == 1
    assert f"{entry['id']} [ru]: vocabulary" in capsys.readouterr().out
