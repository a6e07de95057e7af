"""Where start-up time and resident memory go, stage by stage, in a fresh process.

    .venv/bin/python benchmarks/memory.py

A child process imports and builds the bot one stage at a time and records, after each
stage, the seconds it took and the growth of its resident set (VmRSS): aiogram itself (the
baseline every Telegram bot pays), the database stack, the bot's own modules, the knowledge
base, the morphology dictionaries (pymorphy3), the search index, the translations, the
routers, and the rest of ``build_app``. The machine is shared: compare the stages with each
other and with the aiogram baseline of the same run, not with absolute figures of another
run. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import asyncio, json, os, time

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

stages = []
start_rss = rss_mb()
last = [time.perf_counter(), start_rss]

def mark(name):
    now, rss = time.perf_counter(), rss_mb()
    stages.append({"stage": name, "seconds": round(now - last[0], 3),
                   "rss_mb": round(rss - last[1], 1)})
    last[:] = [now, rss]

import aiogram.types
from aiogram import Bot, Dispatcher
mark("import aiogram")
import sqlalchemy.ext.asyncio, sqlalchemy.orm, aiosqlite
mark("import sqlalchemy + aiosqlite")
import bot.dispatcher
mark("import bot (dispatcher and everything it imports)")
from bot.knowledge.base import load_knowledge
kb, _ = load_knowledge(strict=True)
mark("load knowledge base")
from bot.knowledge.search.normalise import morph
morph()
mark("pymorphy3 dictionaries")
from bot.knowledge.search import SearchIndex
index = SearchIndex.build(kb)
mark("build search index")
from bot.i18n import Translator
Translator()
mark("Fluent translations")
from bot.handlers import get_routers
get_routers()
mark("routers")
from bot.config import Settings
from bot.dispatcher import Knowledge, build_app, freeze_startup_heap
from bot.recording import RecordingSession
settings = Settings(bot_token=None, database_url=os.environ["BENCH_DB"],
                    encryption_key_file=os.environ["BENCH_KEYS"], _env_file=None)

async def main():
    app = build_app(settings, session=RecordingSession(), knowledge=Knowledge(kb=kb, index=index))
    freeze_startup_heap()
    mark("build_app (rest)")
    await app.close()

asyncio.run(main())
print(json.dumps({"stages": stages, "rss_mb": round(rss_mb(), 1)}))
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as workdir:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BENCH_DB": f"sqlite+aiosqlite:///{workdir}/bot.sqlite3",
            "BENCH_KEYS": str(Path(workdir) / "keys.json"),
        }
        out = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    stages = result["stages"]
    aiogram = stages[0]
    project = stages[1:]
    result["aiogram_seconds"] = aiogram["seconds"]
    result["aiogram_rss_mb"] = aiogram["rss_mb"]
    result["project_seconds_beyond_aiogram"] = round(sum(s["seconds"] for s in project), 3)
    result["project_rss_mb_beyond_aiogram"] = round(sum(s["rss_mb"] for s in project), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
