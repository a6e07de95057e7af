"""pytest plugin: the CPU seconds each test costs, this process and its child processes.

CPU time, not wall time: it hardly moves with the load of a shared machine. Measure two
commits the same way and compare the tests both have (issue 11: the suite at least twice as
fast in CPU time)::

    PYTHONPATH=benchmarks CPU_OUT=/tmp/cpu-new.json python -m pytest -p no:randomly -p pytest_cpu
    (cd /tmp/old-checkout && PYTHONPATH=/path/to/benchmarks CPU_OUT=/tmp/cpu-old.json \\
        python -m pytest -p no:randomly -p pytest_cpu)
    python benchmarks/pytest_cpu.py /tmp/cpu-old.json /tmp/cpu-new.json

The run writes ``{test id: [own CPU s, child processes' CPU s]}`` to ``CPU_OUT``; the compare
command prints one JSON object: totals of each run and of the tests present in both.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_cpu: dict[str, list[float]] = {}


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    start, children = time.process_time(), _children()
    yield
    _cpu[item.nodeid] = [time.process_time() - start, _children() - children]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    out = os.environ.get("CPU_OUT")
    if out:
        Path(out).write_text(json.dumps(_cpu), encoding="utf-8")


def compare(before: dict[str, list[float]], after: dict[str, list[float]]) -> dict[str, Any]:
    both = sorted(set(before) & set(after))

    def total(run: dict[str, list[float]], ids: list[str]) -> float:
        return round(sum(sum(run[i]) for i in ids), 1)

    old, new = total(before, both), total(after, both)
    return {
        "tests_before": len(before),
        "tests_after": len(after),
        "cpu_s_before": total(before, list(before)),
        "cpu_s_after": total(after, list(after)),
        "tests_in_both": len(both),
        "cpu_s_in_both_before": old,
        "cpu_s_in_both_after": new,
        "ratio_in_both": round(old / new, 2) if new else None,
    }


if __name__ == "__main__":
    first, second = (json.loads(Path(p).read_text(encoding="utf-8")) for p in sys.argv[1:3])
    print(json.dumps(compare(first, second)))
