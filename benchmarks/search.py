"""Search benchmark: cold index build, query latency, index memory. Prints one JSON object.

    .venv/bin/python benchmarks/search.py [--queries 10000] [--seed 7]

* build: a cold start in this fresh process: loading the content files, loading the pymorphy3
  dictionaries and building the index (imports are reported separately);
* latency: p50/p95/p99/max over N searches cycling through the development questions, each
  time randomly perturbed (typos, Latin transliteration, case, filler words), so caches of
  word analyses do not make every query a repeat;
* memory: RSS growth of the cold build (includes the morphology dictionaries), and the
  tracemalloc size/peak of building a second index (the index's own Python objects). No
  word vectors are loaded (navec was measured and not kept: see the issue-13 report).

Times are given as wall clock and as CPU time of this thread: on a machine shared with other
jobs the wall-clock tail mostly measures waiting for a core, the CPU time what a search costs.

    .venv/bin/python benchmarks/search.py --baseline main

also measures start-up growth: the content load and index build of ``main`` (extracted with
``git archive`` into a temporary directory) against this tree, each in fresh processes,
alternately, three times each (medians; the baseline is measured in the same run).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

_T0 = time.perf_counter()
from bot.knowledge.base import load_knowledge  # noqa: E402
from bot.knowledge.search import SearchIndex  # noqa: E402

IMPORT_MS = (time.perf_counter() - _T0) * 1000.0

QUESTIONS = ROOT / "tests" / "data" / "dev-questions.jsonl"

_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_FILLERS = ("подскажите пожалуйста", "срочно", "помогите", "вопрос:", "добрый день,")


def _rss_kb() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            pages = int(fh.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        import resource

        return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swap two letters
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == 1:  # drop a letter
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # double a letter


def perturb(question: str, rng: random.Random) -> str:
    """A plausible way a person might type the same question."""
    words = question.split()
    choice = rng.randrange(6)
    if choice == 0:
        return question
    if choice == 1:
        j = rng.randrange(len(words))
        words[j] = _typo(words[j], rng)
        return " ".join(words)
    if choice == 2:
        return "".join(_LATIN.get(ch, ch) for ch in question.lower())
    if choice == 3:
        return question.upper() if rng.random() < 0.5 else question.capitalize() + "?"
    if choice == 4:
        return f"{rng.choice(_FILLERS)} {question}"
    return " ".join(_typo(w, rng) if rng.random() < 0.3 else w for w in words)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


_STARTUP = """
import json, time
t0 = time.perf_counter(); c0 = time.process_time()
from bot.knowledge.base import load_knowledge
from bot.knowledge.search import SearchIndex
kb, _ = load_knowledge(strict=False)
SearchIndex.build(kb)
print(json.dumps({"wall_ms": (time.perf_counter() - t0) * 1000,
                  "cpu_ms": (time.process_time() - c0) * 1000}))
"""


def _startup(tree: Path) -> dict[str, float]:
    """Import, content load and index build in a fresh process run in ``tree``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, "-c", _STARTUP], cwd=tree, env=env, check=True, capture_output=True
    ).stdout
    figures: dict[str, float] = json.loads(out.decode().strip().splitlines()[-1])
    return figures


def startup_growth(ref: str, rounds: int = 3) -> dict[str, object]:
    """Start-up (import + load + build) of ``ref`` against this tree, same run, medians."""
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        archive = subprocess.run(
            ["git", "archive", ref], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        ours: list[dict[str, float]] = []
        theirs: list[dict[str, float]] = []
        for _ in range(rounds):
            theirs.append(_startup(base))
            ours.append(_startup(ROOT))
    result: dict[str, object] = {"baseline": ref}
    for key in ("wall_ms", "cpu_ms"):
        mine = statistics.median(f[key] for f in ours)
        base_value = statistics.median(f[key] for f in theirs)
        result[f"startup_{key}"] = round(mine, 1)
        result[f"baseline_startup_{key}"] = round(base_value, 1)
        result[f"startup_growth_{key}"] = round(mine - base_value, 1)
        result[f"startup_ratio_{key}"] = round(mine / base_value, 3) if base_value else None
    return result


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--baseline", default=None, help="git ref to compare start-up with")
    args = parser.parse_args(argv)

    rss_before = _rss_kb()
    start = time.perf_counter()
    kb, problems = load_knowledge(strict=False)
    load_ms = (time.perf_counter() - start) * 1000.0
    start_build = time.perf_counter()
    cpu_build = time.thread_time()
    index = SearchIndex.build(kb)  # loads the pymorphy3 analyzer: this is the cold build
    build_cpu_ms = (time.thread_time() - cpu_build) * 1000.0
    build_ms = (time.perf_counter() - start_build) * 1000.0
    total_ms = (time.perf_counter() - start) * 1000.0
    rss_delta_kb = _rss_kb() - rss_before

    tracemalloc.start()
    second = SearchIndex.build(kb)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    warm_build_start = time.perf_counter()
    warm_cpu = time.thread_time()
    SearchIndex.build(kb)
    warm_build_cpu_ms = (time.thread_time() - warm_cpu) * 1000.0
    warm_build_ms = (time.perf_counter() - warm_build_start) * 1000.0
    del second

    questions = [
        json.loads(line)["q"]
        for line in QUESTIONS.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(args.seed)
    queries = [perturb(questions[i % len(questions)], rng) for i in range(args.queries)]
    latencies: list[float] = []
    cpu: list[float] = []
    confident = 0
    for query in queries:
        t = time.perf_counter()
        c = time.thread_time()
        result = index.search(query)
        cpu.append((time.thread_time() - c) * 1000.0)
        latencies.append((time.perf_counter() - t) * 1000.0)
        confident += result.confident

    report: dict[str, object] = {
        "topics": len(kb.topics),
        "kb_problems": len(problems),
        "vocabulary": index.vocabulary_size(),
        "import_ms": round(IMPORT_MS, 1),
        "load_content_ms": round(load_ms, 1),
        "index_build_cold_ms": round(build_ms, 1),
        "load_and_build_cold_ms": round(total_ms, 1),
        "index_build_warm_ms": round(warm_build_ms, 1),
        "index_build_cold_cpu_ms": round(build_cpu_ms, 1),
        "index_build_warm_cpu_ms": round(warm_build_cpu_ms, 1),
        "cpu_p50_ms": round(statistics.median(cpu), 3),
        "cpu_p99_ms": round(percentile(cpu, 0.99), 3),
        "cpu_max_ms": round(max(cpu), 3),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "queries": len(queries),
        "distinct_queries": len(set(queries)),
        "p50_ms": round(statistics.median(latencies), 3),
        "p95_ms": round(percentile(latencies, 0.95), 3),
        "p99_ms": round(percentile(latencies, 0.99), 3),
        "max_ms": round(max(latencies), 3),
        "mean_ms": round(statistics.fmean(latencies), 3),
        "confident_share": round(confident / len(queries), 3),
        "rss_delta_cold_build_mb": round(rss_delta_kb / 1024, 1),
        "index_tracemalloc_mb": round(current / 2**20, 2),
        "index_tracemalloc_peak_mb": round(peak / 2**20, 2),
    }
    if args.baseline:
        report.update(startup_growth(args.baseline))
    # One JSON object, on one (the last) line.
    print(json.dumps(report, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
