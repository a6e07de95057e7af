"""The preparation programme: reviewed steps in ``programme.toml``, one card a day.

Each step carries sources and a reviewed date and is checked like a knowledge-base topic
(:func:`load`, strict at start-up and in ``python -m bot kb lint``). A step's ``version`` is a
hash of its texts: when a reviewer changes a step, people who already marked it done are told
what changed, once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.base import CAVEAT_MARK, LOCALES, html_problems, visible_text

PROGRAMME_PATH = Path(__file__).resolve().parent / "programme.toml"
MAX_STEP_CHARS = 1000


@dataclass(frozen=True, slots=True)
class StepText:
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    reviewed: dt.date
    uncertain: bool
    sources: tuple[str, ...]
    texts: Mapping[str, StepText]

    def text(self, locale: str) -> StepText:
        return self.texts.get(locale) or self.texts[LOCALES[0]]

    @property
    def version(self) -> str:
        raw = "\x00".join(f"{t.title}\x01{t.body}" for _loc, t in sorted(self.texts.items()))
        return hashlib.sha256(raw.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Programme:
    steps: tuple[Step, ...]

    def get(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.steps)


class ProgrammeError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("programme problems:\n" + "\n".join(problems))
        self.problems = problems


def _sources(raw: object, reviewed: dt.date, where: str, problems: list[str]) -> tuple[str, ...]:
    urls: list[str] = []
    for entry in raw if isinstance(raw, list) else []:
        url, date = (
            (entry.get("url"), entry.get("date")) if isinstance(entry, dict) else (entry, None)
        )
        if not isinstance(url, str) or not url.startswith("https://"):
            problems.append(f"{where}: source is not https: {url!r}")
            continue
        if isinstance(date, dt.date) and date > reviewed:
            problems.append(f"{where}: source dated {date} is newer than reviewed {reviewed}")
        urls.append(url)
    if not urls:
        problems.append(f"{where}: no sources")
    return tuple(urls)


def load(path: Path = PROGRAMME_PATH, *, strict: bool = True) -> tuple[Programme, list[str]]:
    problems: list[str] = []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    steps: list[Step] = []
    for index, raw in enumerate(data.get("step", [])):
        step_id = raw.get("id")
        where = f"programme step {step_id or index + 1}"
        if not isinstance(step_id, str) or not step_id:
            problems.append(f"{where}: missing id")
            continue
        if any(s.id == step_id for s in steps):
            problems.append(f"{where}: duplicate id")
        reviewed = raw.get("reviewed")
        if not isinstance(reviewed, dt.date):
            problems.append(f"{where}: `reviewed` must be a date")
            reviewed = dt.date.min
        uncertain = bool(raw.get("uncertain", False))
        texts: dict[str, StepText] = {}
        for locale in LOCALES:
            loc = raw.get(locale)
            if not isinstance(loc, dict) or not loc.get("title") or not loc.get("body"):
                problems.append(f"{where} [{locale}]: missing title or body")
                continue
            body = str(loc["body"]).strip()
            problems.extend(f"{where} [{locale}]: {p}" for p in html_problems(body))
            if len(visible_text(body)) > MAX_STEP_CHARS:
                problems.append(f"{where} [{locale}]: longer than {MAX_STEP_CHARS} characters")
            if uncertain and CAVEAT_MARK not in body:
                problems.append(f"{where} [{locale}]: uncertain but has no '{CAVEAT_MARK}'")
            texts[locale] = StepText(title=str(loc["title"]).strip(), body=body)
        sources = _sources(raw.get("sources"), reviewed, where, problems)
        steps.append(Step(step_id, reviewed, uncertain, sources, texts))
    if not steps:
        problems.append("programme: no steps")
    if strict and problems:
        raise ProgrammeError(problems)
    return Programme(tuple(steps)), problems
