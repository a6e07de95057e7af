"""Backup and restore: a snapshot of a live SQLite database restored into a fresh directory
reads the encrypted case back with the same keys (and refuses other keys)."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

from bot.cases import service
from bot.cases.fields import PersonData
from bot.cases.models import Person
from bot.crypto import Vault, verify_keys
from bot.db import create_engine, create_sessionmaker, migrate
from bot.models import User

ROOT = Path(__file__).resolve().parent.parent
KEYS = {"ENCRYPTION_KEYS": Fernet.generate_key().decode(), "BLIND_INDEX_KEY": "b" * 40}
NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def cli(args: list[str], url: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": url, **KEYS, **extra},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def vault() -> Vault:
    return Vault.from_keys([KEYS["ENCRYPTION_KEYS"]], KEYS["BLIND_INDEX_KEY"])


async def write_case(url: str) -> int:
    await migrate(url)
    engine = create_engine(url)
    try:
        maker = create_sessionmaker(engine)
        await verify_keys(maker, vault(), NOW)
        async with maker() as session, session.begin():
            session.add(User(id=501, locale="ru", created_at=NOW, consent_at=NOW))
            await session.flush()
            _case, person = await service.open_case(
                session,
                vault(),
                501,
                PersonData(latin_name="IVANOV IVAN", a_number="123456789"),
                NOW,
            )
        return person.id
    finally:
        await engine.dispose()


async def read_case(url: str, person_id: int) -> PersonData:
    engine = create_engine(url)
    try:
        maker = create_sessionmaker(engine)
        await verify_keys(maker, vault(), NOW)
        async with maker() as session:
            person = await session.get(Person, person_id)
            assert person is not None
            return service.open_person(vault(), person)
    finally:
        await engine.dispose()


def test_backup_then_restore_into_a_fresh_directory_reads_the_case(tmp_path: Path) -> None:
    live = tmp_path / "live" / "bot.sqlite3"
    live_url = f"sqlite+aiosqlite:///{live}"
    person_id = asyncio.run(write_case(live_url))
    backups = tmp_path / "backups"
    backups.mkdir()

    made = cli(["backup", str(backups)], live_url)
    assert made.returncode == 0, made.stderr
    assert "keys are not in the backup" in made.stdout
    (snapshot,) = backups.iterdir()
    assert snapshot.stat().st_mode & 0o077 == 0  # only the owner reads it
    assert b"IVANOV" not in snapshot.read_bytes()  # encrypted inside

    again = cli(["backup", str(snapshot)], live_url)
    assert again.returncode == 2
    assert "exists" in again.stderr

    fresh = tmp_path / "fresh" / "bot.sqlite3"
    fresh_url = f"sqlite+aiosqlite:///{fresh}"
    restored = cli(["restore", str(snapshot)], fresh_url)
    assert restored.returncode == 0, restored.stderr
    data = asyncio.run(read_case(fresh_url, person_id))
    assert (data.latin_name, data.a_number) == ("IVANOV IVAN", "123456789")

    # Restoring over a database needs --force; a file that is not a backup is refused.
    refused = cli(["restore", str(snapshot)], fresh_url)
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    bad = cli(["restore", str(junk), "--force"], fresh_url)
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    forced = cli(["restore", str(snapshot), "--force"], fresh_url)
    assert forced.returncode == 0, forced.stderr


def test_postgres_backup_prints_pg_dump_guidance_without_the_password() -> None:
    result = cli(["backup", "/tmp/x.dump"], "postgresql://bot:s3cret@db.example/bot")
    assert result.returncode == 2
    assert "pg_dump" in result.stderr
    assert "pg_restore" in result.stderr
    assert "s3cret" not in result.stderr
