"""Two processes starting together on a fresh PostgreSQL both migrate without an error
(an advisory lock serialises Alembic), and ``python -m bot migrate`` is a one-off step."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.db import create_engine, script_heads
from tests.conftest import PG_URL, _asyncpg_url, _drop_pg_database, _fresh_pg_database

ROOT = Path(__file__).resolve().parent.parent

needs_pg = pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set")


@pytest.fixture
async def empty_pg() -> AsyncIterator[str]:
    assert PG_URL
    base = _asyncpg_url(PG_URL)
    url = await _fresh_pg_database(base)
    try:
        yield url
    finally:
        await _drop_pg_database(base, url)


async def versions(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            rows = await conn.execute(text("SELECT version_num FROM alembic_version"))
            return [str(r[0]) for r in rows]
    finally:
        await engine.dispose()


def migrate_process(url: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "migrate"],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@needs_pg
@pytest.mark.parametrize("attempt", range(3))
async def test_concurrent_upgrades_on_a_fresh_database_both_succeed(
    empty_pg: str, attempt: int
) -> None:
    processes = [migrate_process(empty_pg) for _ in range(3)]
    results = await asyncio.gather(
        *(asyncio.to_thread(p.communicate, timeout=180) for p in processes)
    )
    for process, (stdout, stderr) in zip(processes, results, strict=True):
        assert process.returncode == 0, stderr
        assert "database is up to date" in stdout
        assert "Traceback" not in stderr
    assert sorted(await versions(empty_pg)) == sorted(script_heads())


def test_migrate_command_on_sqlite_is_a_one_off_step(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'one.sqlite3'}"
    for _ in range(2):  # and a second run has nothing to do
        result = subprocess.run(
            [sys.executable, "-m", "bot", "migrate"],
            env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url},
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=180,
        )
        assert result.returncode == 0, result.stderr
    assert asyncio.run(versions(url)) == list(script_heads())
