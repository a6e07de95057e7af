"""``python -m bot stats [--json]``: the operators' figures for cron jobs and scripts."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.admin import stats
from bot.clock import Clock, SystemClock
from bot.config import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

    from bot.crypto import Vault


@asynccontextmanager
async def migrated_database(
    settings: Settings,
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """For one command: the database migrated to the current schema, and its sessions; the
    engine is disposed of afterwards."""
    from bot.db import create_engine, create_sessionmaker, migrate

    await migrate(settings.database_url)
    engine = create_engine(settings.database_url)
    try:
        yield create_sessionmaker(engine)
    finally:
        await engine.dispose()


def settings_vault(settings: Settings) -> Vault:
    """The vault with the keys the settings give (without them, the local key file's)."""
    from bot.crypto import load_vault

    return load_vault(
        settings.encryption_keys.get_secret_value() if settings.encryption_keys else None,
        settings.blind_index_key.get_secret_value() if settings.blind_index_key else None,
        settings.encryption_key_file,
    )


async def collect(settings: Settings, clock: Clock) -> stats.Stats:
    async with migrated_database(settings) as sessionmaker, sessionmaker() as session:
        return await stats.collect(session, clock.now(), sla_minutes=settings.ticket_sla_minutes)


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


async def _export(settings: Settings, case_id: int, locale: str, clock: Clock) -> str:
    from bot.admin.case_export import render
    from bot.i18n import Translator
    from bot.places import Places

    async with migrated_database(settings) as sessionmaker:
        vault = settings_vault(settings)
        async with sessionmaker() as session, session.begin():
            return await render(
                session,
                case_id,
                vault=vault,
                places=Places.load(),
                l10n=Translator(default=settings.default_locale).get(locale),
                now=clock.now(),
            )


def export_main(settings: Settings, argv: list[str], clock: Clock | None = None) -> int:
    """``python -m bot export-case ID [--lang ru|en] [--out FILE]``."""
    from pathlib import Path

    from bot.admin.case_export import CaseNotFoundError, write_private

    parser = argparse.ArgumentParser(prog="python -m bot export-case")
    parser.add_argument("case_id", type=int)
    parser.add_argument("--lang", choices=("ru", "en"), default="ru")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if not 0 < args.case_id < 2**63:
        sys.stderr.write("export-case: no such case\n")
        return 2
    try:
        document = asyncio.run(_export(settings, args.case_id, args.lang, clock or SystemClock()))
    except CaseNotFoundError:
        sys.stderr.write(f"export-case: there is no case {args.case_id}\n")
        return 2
    out: Path = args.out or Path(f"case-{args.case_id}.html")
    write_private(out, document)
    sys.stdout.write(f"{out} (readable by you only: it holds personal data)\n")
    return 0
