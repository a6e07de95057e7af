"""``python -m bot stats [--json]``: the operators' figures for cron jobs and scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys

from bot.admin import stats
from bot.clock import Clock, SystemClock
from bot.config import Settings


async def collect(settings: Settings, clock: Clock) -> stats.Stats:
    from bot.db import create_engine, create_sessionmaker, migrate

    await migrate(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return await stats.collect(
                session, clock.now(), sla_minutes=settings.ticket_sla_minutes
            )
    finally:
        await engine.dispose()


def _text(figures: stats.Stats) -> str:
    data = figures.as_dict()
    data.pop("per_day")
    return "\n".join(f"{key}: {value}" for key, value in data.items()) + "\n"


def main(settings: Settings, argv: list[str], clock: Clock | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot stats")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    args = parser.parse_args(argv)
    figures = asyncio.run(collect(settings, clock or SystemClock()))
    if args.json:
        sys.stdout.write(json.dumps(figures.as_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(_text(figures))
    return 0
