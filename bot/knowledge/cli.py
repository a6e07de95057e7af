"""``python -m bot kb ...``: check, export, query and evaluate the knowledge base.

kb lint                          list every problem; exit 1 if there is any
kb export --json                 every topic in every locale as JSON
kb search "вопрос" [--locale ru] [--json] [--limit N]
kb eval FILE.jsonl [--json]      top-1/top-3 accuracy, declines, latency, misses
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TextIO

from bot.knowledge import base
from bot.knowledge.base import (
    CONTENT_DIR,
    LOCALES,
    KnowledgeBase,
    load_knowledge,
    vocabulary_problems,
)
from bot.knowledge.search import SearchIndex, SearchResult


def _out(text: str = "", stream: TextIO | None = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot kb",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    lint = sub.add_parser("lint", help="check every content file")
    lint.add_argument("--content-dir", type=Path, default=CONTENT_DIR, help=argparse.SUPPRESS)
    export = sub.add_parser("export", help="print every topic in every locale")
    export.add_argument("--json", action="store_true", help="JSON (the only format)")
    search = sub.add_parser("search", help="run one query")
    search.add_argument("query")
    search.add_argument(
        "--locale",
        choices=LOCALES,
        default=None,
        help="locale for the titles shown (default: the detected one)",
    )
    search.add_argument("--json", action="store_true")
    search.add_argument("--limit", type=int, default=5)
    search.add_argument("--explain", action="store_true", help="show how the query was read")
    evaluate = sub.add_parser("eval", help="measure the search on a question file")
    evaluate.add_argument("file", type=Path)
    evaluate.add_argument("--json", action="store_true")
    return parser


def main(argv: list[str]) -> int:
    """Entry point; ``argv`` excludes the leading ``kb``. Returns the exit status."""
    if argv and argv[0] == "kb":
        argv = argv[1:]
    args = _parser().parse_args(argv)
    command: str = args.command
    if command == "lint":
        return _lint(args.content_dir)
    if command == "export":
        return _export()
    if command == "search":
        return _search(
            args.query, args.locale, bool(args.json), int(args.limit), bool(args.explain)
        )
    return _eval(args.file, bool(args.json))


# --------------------------------------------------------------------------------------------


def _lint(content_dir: Path = CONTENT_DIR) -> int:
    kb, problems = load_knowledge(content_dir, strict=False)
    if not base.VOCABULARY_LINT:  # listed, not yet failing (see VOCABULARY_LINT)
        for warning in vocabulary_problems(kb):
            _out(f"warning: {warning}")
    for problem in problems:
        _out(problem)
    if problems:
        _out(f"{len(problems)} problem(s)", sys.stderr)
        return 1
    _out(
        f"OK: {len(kb.topics)} topics × {len(LOCALES)} locales ({', '.join(LOCALES)}), "
        f"{len(kb.categories)} categories"
    )
    return 0


def export_records(kb: KnowledgeBase) -> list[dict[str, object]]:
    records: list[dict[str, object]] = []
    for topic in kb.topics.values():
        for locale in LOCALES:
            text = topic.texts.get(locale)
            if text is None:
                continue
            records.append(
                {
                    "id": topic.id,
                    "locale": locale,
                    "category": topic.category,
                    "title": text.title,
                    "body": text.body,
                    "sources": list(topic.sources),
                    "reviewed": topic.reviewed.isoformat(),
                    "uncertain": topic.uncertain,
                    "related": list(topic.related),
                    "keywords": list(text.keywords),
                }
            )
    return records


def _export() -> int:
    kb, _ = load_knowledge(strict=False)
    _out(json.dumps(export_records(kb), ensure_ascii=False, indent=2))
    return 0


def _search(query: str, locale: str | None, as_json: bool, limit: int, explain: bool) -> int:
    kb, _ = load_knowledge(strict=False)
    index = SearchIndex.build(kb)
    result = index.search(query, limit=limit)
    shown = locale or result.locale
    hits = [
        {
            "topic_id": h.topic_id,
            "score": h.score,
            "title": kb.topics[h.topic_id].text(shown).title,
        }
        for h in result.hits
    ]
    if as_json:
        payload: dict[str, object] = {
            "query": query,
            "locale": result.locale,
            "confident": result.confident,
            "hits": hits,
        }
        if explain:
            payload["explain"] = index.explain(query)
        _out(json.dumps(payload, ensure_ascii=False, indent=2))
        return 0
    _out(f"locale: {result.locale}   confident: {'yes' if result.confident else 'no'}")
    for n, hit in enumerate(hits, 1):
        _out(f"{n}. {hit['score']:>7.3f}  {hit['topic_id']:<28} {hit['title']}")
    if not hits:
        _out("(no hits)")
    if explain:
        _out(json.dumps(index.explain(query), ensure_ascii=False, indent=1))
    return 0


# --------------------------------------------------------------------------------------------


class Searcher(Protocol):
    def search(self, query: str, limit: int = 5) -> SearchResult: ...


@dataclass(frozen=True, slots=True)
class Question:
    q: str
    topics: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Miss:
    q: str
    expected: tuple[str, ...]
    got: tuple[str, ...]  # the first three hits
    confident: bool

    def as_dict(self) -> dict[str, object]:
        return {
            "q": self.q,
            "expected": list(self.expected),
            "got": list(self.got),
            "confident": self.confident,
        }


@dataclass(slots=True)
class EvalReport:
    n: int = 0
    top1: float = 0.0
    top3: float = 0.0
    no_topic_accuracy: float = 0.0
    false_abstain: float = 0.0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    index_ms: float = 0.0
    misses: list[Miss] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "top1": self.top1,
            "top3": self.top3,
            "no_topic_accuracy": self.no_topic_accuracy,
            "false_abstain": self.false_abstain,
            "p50_ms": self.p50_ms,
            "p99_ms": self.p99_ms,
            "index_ms": self.index_ms,
            "misses": [miss.as_dict() for miss in self.misses],
        }


def read_questions(path: Path) -> list[Question]:
    questions: list[Question] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            questions.append(Question(str(raw["q"]), tuple(str(t) for t in raw["topics"])))
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{number}: not a question line: {exc}") from exc
    return questions


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def evaluate(index: Searcher, questions: Sequence[Question], index_ms: float = 0.0) -> EvalReport:
    """Score the index on ``questions``.

    top1/top3: share of answerable questions (non-empty ``topics``) whose first hit / any of
    the first three hits is expected AND the search is confident (a decline is a miss).
    no_topic_accuracy: share of ``topics == []`` questions that the search declines.
    false_abstain: share of answerable questions that the search declines.
    """
    report = EvalReport(n=len(questions), index_ms=round(index_ms, 1))
    latencies: list[float] = []
    answerable = top1 = top3 = abstained = unanswerable = declined = 0
    for question in questions:
        start = time.perf_counter()
        result: SearchResult = index.search(question.q, limit=5)
        latencies.append((time.perf_counter() - start) * 1000.0)
        got = [h.topic_id for h in result.hits]
        if not question.topics:
            unanswerable += 1
            if not result.confident:
                declined += 1
            else:
                report.misses.append(_miss(question, got, result.confident))
            continue
        answerable += 1
        expected = set(question.topics)
        if not result.confident:
            abstained += 1
        hit1 = result.confident and bool(got) and got[0] in expected
        hit3 = result.confident and bool(expected.intersection(got[:3]))
        top1 += hit1
        top3 += hit3
        if not hit1:
            report.misses.append(_miss(question, got, result.confident))
    report.top1 = round(top1 / answerable, 4) if answerable else 0.0
    report.top3 = round(top3 / answerable, 4) if answerable else 0.0
    report.false_abstain = round(abstained / answerable, 4) if answerable else 0.0
    report.no_topic_accuracy = round(declined / unanswerable, 4) if unanswerable else 1.0
    report.p50_ms = round(statistics.median(latencies), 3) if latencies else 0.0
    report.p99_ms = round(percentile(latencies, 0.99), 3)
    return report


def _miss(question: Question, got: list[str], confident: bool) -> Miss:
    return Miss(question.q, question.topics, tuple(got[:3]), confident)


def build_timed() -> tuple[SearchIndex, float]:
    """Load the base and build the index; the time includes loading the morphology."""
    start = time.perf_counter()
    kb, _ = load_knowledge(strict=False)
    index = SearchIndex.build(kb)
    return index, (time.perf_counter() - start) * 1000.0


def _eval(path: Path, as_json: bool) -> int:
    try:
        questions = read_questions(path)
    except (OSError, ValueError) as exc:
        _out(f"kb eval: {exc}", sys.stderr)
        return 2
    index, index_ms = build_timed()
    report = evaluate(index, questions, index_ms)
    if as_json:
        _out(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return 0
    _out(f"questions: {report.n}")
    _out(f"top-1: {report.top1:.1%}   top-3: {report.top3:.1%}")
    _out(
        f"declined correctly (no topic): {report.no_topic_accuracy:.1%}   "
        f"declined wrongly: {report.false_abstain:.1%}"
    )
    _out(
        f"latency p50 {report.p50_ms:.2f} ms, p99 {report.p99_ms:.2f} ms; "
        f"index built in {report.index_ms:.0f} ms"
    )
    if report.misses:
        _out(f"\nmisses ({len(report.misses)}):")
        for miss in report.misses:
            mark = "" if miss.confident else " (declined)"
            got = ", ".join(miss.got) or "-"
            expected = ", ".join(miss.expected) or "(no topic: should decline)"
            _out(f"• {miss.q}\n    expected {expected}; got {got}{mark}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
