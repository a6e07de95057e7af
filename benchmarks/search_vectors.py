"""Would Russian word vectors help the search? A measurement, not a feature. Prints JSON.

    pip download --no-deps natasha==1.6.0 -d /tmp/nv && unzip -o /tmp/nv/natasha-*.whl \\
        'natasha/data/emb/*' -d /tmp/nv
    pip install --target /tmp/nv/site numpy navec==0.10.0
    PYTHONPATH=/tmp/nv/site .venv/bin/python benchmarks/search_vectors.py \\
        --navec /tmp/nv/natasha/data/emb/navec_news_v1_1B_250K_300d_100q.tar

The navec news embeddings (250K words, 300 dimensions, quantised) ship inside the ``natasha``
wheel; nothing is fetched from a model hub. Each topic gets the mean vector of its Russian
title (x3), keywords (x2) and first screen; a query the mean of its content words. Two ways of
using them are scored on the development question sets (never on the held-out ones):

* ``rerank``: the first five hits reordered by BM25 share + lambda * cosine;
* ``rescue``: an "unsure" answer becomes an answer when the nearest topic by vector is also
  the first hit and the cosine reaches a threshold.

The bot does not use vectors: on 2026-12-04 they gained at most 0.3 point of top-1 on the
development sets (915 questions) while adding numpy, 26 MB and 1.6 s (13 s on a busy machine)
of load to start-up (budget 0.5 s). Rerun this when the base or the sets change.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.knowledge.base import load_knowledge, visible_text  # noqa: E402
from bot.knowledge.cli import Question, evaluate, read_questions  # noqa: E402
from bot.knowledge.search import Hit, SearchIndex, SearchResult, is_stopword, tokenize  # noqa: E402

DEV_SETS = ("dev", "dev2", "extra", "triage", "holdout", "holdout2")


class _Vectors:
    def __init__(self, path: Path, index: SearchIndex) -> None:
        np: Any = importlib.import_module("numpy")
        navec: Any = importlib.import_module("navec")
        self.np = np
        start = time.perf_counter()
        self.words = navec.Navec.load(str(path))
        self.load_ms = (time.perf_counter() - start) * 1000.0
        self.index = index
        self.ids = list(index.topic_ids)

    def vector(self, text: str) -> Any:
        found = [self.words[w] for w in tokenize(text) if not is_stopword(w) and w in self.words]
        if not found:
            return None
        mean = self.np.mean(found, axis=0)
        norm = float(self.np.linalg.norm(mean))
        return mean / norm if norm else None

    def topics(self, kb: Any) -> None:
        start = time.perf_counter()
        rows = []
        for topic_id in self.ids:
            ru = kb.topics[topic_id].texts["ru"]
            parts = [ru.title] * 3 + list(ru.keywords) * 2 + [visible_text(ru.body)]
            rows.append(self.vector(" ".join(parts)))
        self.matrix = self.np.stack(rows)
        self.topics_ms = (time.perf_counter() - start) * 1000.0


class _Rerank:
    def __init__(self, vectors: _Vectors, lam: float) -> None:
        self.v = vectors
        self.lam = lam

    def search(self, query: str, limit: int = 5) -> SearchResult:
        result = self.v.index.search(query, limit=10)
        if result.locale != "ru" or not result.hits or result.route not in ("answer", "unsure"):
            return result
        qv = self.v.vector(self.v.index.fix_layout(query))
        if qv is None:
            return result
        sims = self.v.matrix @ qv
        top = result.hits[0].score or 1.0
        scored = sorted(
            (
                (h.score / top + self.lam * float(sims[self.v.ids.index(h.topic_id)]), h.topic_id)
                for h in result.hits[:5]
            ),
            reverse=True,
        )
        hits = tuple(Hit(t, round(x, 4)) for x, t in scored)[:limit]
        return SearchResult(hits, result.confident, result.locale, result.route, result.also)


class _Rescue:
    def __init__(self, vectors: _Vectors, threshold: float) -> None:
        self.v = vectors
        self.threshold = threshold

    def search(self, query: str, limit: int = 5) -> SearchResult:
        result = self.v.index.search(query, limit=limit)
        if result.locale != "ru" or not result.hits or result.route != "unsure":
            return result
        qv = self.v.vector(self.v.index.fix_layout(query))
        if qv is None:
            return result
        sims = self.v.matrix @ qv
        best = int(self.v.np.argmax(sims))
        if self.v.ids[best] == result.hits[0].topic_id and float(sims[best]) >= self.threshold:
            return SearchResult(result.hits, True, result.locale, "answer", None)
        return result


def _figures(searcher: Any, questions: list[Question]) -> dict[str, float]:
    report = evaluate(searcher, questions)
    return {
        "top1": report.top1,
        "top3": report.top3,
        "offtopic_declined": report.no_topic_accuracy,
        "false_declines": report.false_abstain,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--navec", type=Path, required=True, help="the navec .tar file")
    args = parser.parse_args(argv)
    kb, _ = load_knowledge(strict=False)
    index = SearchIndex.build(kb)
    questions = [
        q
        for name in DEV_SETS
        for q in read_questions(ROOT / "tests" / "data" / f"{name}-questions.jsonl")
    ]
    vectors = _Vectors(args.navec, index)
    vectors.topics(kb)
    report: dict[str, object] = {
        "questions": len(questions),
        "navec_load_ms": round(vectors.load_ms, 1),
        "topic_vectors_ms": round(vectors.topics_ms, 1),
        "navec_file_mb": round(args.navec.stat().st_size / 2**20, 1),
        "bm25_only": _figures(index, questions),
    }
    for lam in (0.2, 0.5, 1.0):
        report[f"rerank_{lam}"] = _figures(_Rerank(vectors, lam), questions)
    for threshold in (0.5, 0.6, 0.7):
        report[f"rescue_{threshold}"] = _figures(_Rescue(vectors, threshold), questions)
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
