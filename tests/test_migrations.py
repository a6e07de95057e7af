"""Alembic is the only way the schema is made; it matches the models and walks both ways."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from bot.db import alembic_config, create_engine, downgrade, import_all_models, migrate


def revisions(url: str) -> list[str]:
    script = ScriptDirectory.from_config(alembic_config(url))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


async def current_tables(url: str) -> set[str]:
    engine = create_engine(url)
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
    await engine.dispose()
    return names - {"alembic_version"}


def test_revision_history_is_linear() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite+aiosqlite://"))
    assert len(script.get_heads()) == 1, "migrations must form one line; relink the heads"


async def test_models_match_migrations(db_url: str) -> None:
    metadata = import_all_models()
    engine = create_engine(db_url)

    def diff(conn: Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, metadata))

    async with engine.connect() as conn:
        differences = await conn.run_sync(diff)
    await engine.dispose()
    assert differences == []


async def test_stairway_every_revision_downgrades_and_upgrades(db_url: str) -> None:
    """Upgrade one step, downgrade it, upgrade again: each revision is reversible."""
    await downgrade(db_url, "base")
    assert await current_tables(db_url) == set()
    previous = "base"
    for revision in revisions(db_url):
        await migrate(db_url, revision)
        await downgrade(db_url, previous)
        await migrate(db_url, revision)
        previous = revision
    assert await current_tables(db_url) == set(import_all_models().tables)


async def test_sqlite_pragmas_are_set(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}"
    engine = create_engine(url)
    async with engine.connect() as conn:
        journal = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        fks = (await conn.execute(text("PRAGMA foreign_keys"))).scalar()
        busy = (await conn.execute(text("PRAGMA busy_timeout"))).scalar()
    await engine.dispose()
    assert (journal, fks, busy) == ("wal", 1, 30000)


def test_migrate_command_needs_no_bot_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m bot migrate`` (run in this process; tests/test_sandbox.py starts the real
    command once)."""
    from bot.__main__ import main as cli_main

    monkeypatch.delenv("BOT_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file
    db = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{db}")
    monkeypatch.setenv("ENCRYPTION_KEY_FILE", str(tmp_path / "k.json"))
    aiogram_events = logging.getLogger("aiogram.event")
    level = aiogram_events.level
    try:
        assert cli_main(["migrate"]) == 0
    finally:
        aiogram_events.setLevel(level)  # set up for a terminal by the command
    assert "up to date" in capsys.readouterr().out
    assert "users" in asyncio.run(current_tables(f"sqlite+aiosqlite:///{db}"))
