"""Broadcast benchmark (issue 15): 3,000 messages to 3,000 chats through the real sender.

The real bot process (``python -m bot``) sends a broadcast created by the operators' own code
(``bot.admin.broadcasts.start``: real outbox rows in a migrated SQLite file) to a local fake
Bot API that enforces Telegram's 30 messages a second (a sliding window, one a second per
chat) and answers 429 with ``retry_after`` beyond it. The sender is killed with SIGKILL twice
in the middle and restarted. The last line is one JSON object:

- ``rate_fraction``: messages accepted per second of sending over the 30/s limit (the
  restarts' own start-up time is left out: ``overall_seconds`` includes it); target >= 0.95
- ``responses_429``: answers 429 (target 0), ``lost`` (target 0), ``duplicates`` (target 0)

Usage: ``python benchmarks/broadcast.py [--messages 3000] [--rate 30] [--kills 2]``
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy.ext.asyncio import AsyncSession  # noqa: E402

from bot.admin import broadcasts  # noqa: E402
from bot.models import User  # noqa: E402
from tests.fake_bot_api import Faults  # noqa: E402
from tests.sender_harness import ADMIN, Filler, Run, run_sender  # noqa: E402

TEXTS = {
    "ru": "Правило изменилось: проверьте дату вашего слушания.",
    "en": "A rule changed: check the date of your hearing.",
}


def filler(count: int) -> Filler:
    async def fill(session: AsyncSession, now: dt.datetime) -> set[tuple[int, str]]:
        expected: set[tuple[int, str]] = set()
        for user_id in range(1, count + 1):
            locale = "ru" if user_id % 3 else "en"
            session.add(User(id=user_id, locale=locale, consent_at=now, created_at=now))
            expected.add((user_id, TEXTS[locale]))
        await session.flush()
        broadcast = await broadcasts.start(
            session,
            created_by=ADMIN,
            segment=broadcasts.Segment(broadcasts.SegmentKind.ALL),
            texts=TEXTS,
            media=None,
            now=now,
        )
        assert broadcast.total == count
        return expected

    return fill


async def main(argv: list[str] | None = None) -> dict[str, object]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--kills", type=int, default=2)
    args = parser.parse_args(argv)
    kill_at = tuple(round((i + 1) / (args.kills + 1), 3) for i in range(args.kills))
    run = Run(
        rate=args.rate,
        faults=Faults(rate=args.rate, per_chat=1.0, retry_after=1),
        kill_at=kill_at,
        request_timeout=10,
        deadline=1800,
    )
    with tempfile.TemporaryDirectory(prefix="broadcast-bench-") as workdir:
        return await run_sender(Path(workdir), run, filler(args.messages))


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
