"""Keys: a canary stored with the data proves at every start that the keys are the right
ones; lost keys are never silently replaced; production does not generate keys."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import FrozenClock
from bot.crypto import KeyCanary, KeyCheckError, Vault, verify_keys
from bot.db import create_engine, create_sessionmaker, migrate
from bot.keyrotation import rotate_all

ROOT = Path(__file__).resolve().parent.parent


Maker = async_sessionmaker[AsyncSession]


@pytest.fixture
async def sessionmaker_for(db_url: str) -> AsyncIterator[Maker]:
    engine = create_engine(db_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


def vault(key: str, index: str = "i" * 40) -> Vault:
    return Vault.from_keys([key], index)


async def test_canary_is_written_once_then_checks_every_start(
    sessionmaker_for: Maker, clock: FrozenClock
) -> None:
    key = Fernet.generate_key().decode()
    assert await verify_keys(sessionmaker_for, vault(key), clock.now()) is True
    assert await verify_keys(sessionmaker_for, vault(key), clock.now()) is False
    async with sessionmaker_for() as session:
        rows = (await session.scalars(select(KeyCanary))).all()
    assert len(rows) == 1
    assert "canary" not in rows[0].token_enc  # stored encrypted

    with pytest.raises(KeyCheckError) as other:
        await verify_keys(sessionmaker_for, vault(Fernet.generate_key().decode()), clock.now())
    assert "ENCRYPTION_KEYS" in str(other.value)
    assert "\n" not in str(other.value)

    with pytest.raises(KeyCheckError, match="BLIND_INDEX_KEY"):
        await verify_keys(sessionmaker_for, vault(key, "j" * 40), clock.now())


async def test_two_instances_writing_the_canary_at_once_agree(
    sessionmaker_for: Maker, clock: FrozenClock
) -> None:
    key = vault(Fernet.generate_key().decode())
    written = await asyncio.gather(
        *(verify_keys(sessionmaker_for, key, clock.now()) for _ in range(4))
    )
    assert written.count(True) == 1


async def test_rotation_keeps_the_canary_readable(
    sessionmaker_for: Maker, clock: FrozenClock
) -> None:
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    await verify_keys(sessionmaker_for, vault(old), clock.now())
    both = Vault.from_keys([new, old], "i" * 40)
    await verify_keys(sessionmaker_for, both, clock.now())
    async with sessionmaker_for() as session, session.begin():
        counts = await rotate_all(session, both)
    assert counts.get("key_canary") == 1
    await verify_keys(sessionmaker_for, vault(new), clock.now())  # the old key can go


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


TOKEN = {"BOT_TOKEN": "4242:TEST-TOKEN", "TELEGRAM_API_BASE": "http://127.0.0.1:1"}


@pytest.mark.parametrize(
    "production",
    [{"ENV": "production"}, {"DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none"}],
    ids=["env", "postgres"],
)
def test_production_does_not_generate_keys(tmp_path: Path, production: dict[str, str]) -> None:
    env = {
        **TOKEN,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.sqlite3'}",
        "KEYS_FILE": str(tmp_path / "keys.json"),
        **production,
    }
    result = run([], env)
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "ENCRYPTION_KEYS" in result.stderr
    assert "KEYS_FILE" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "keys.json").exists()
    assert not (tmp_path / "bot.sqlite3").exists()


def test_keys_generate_prints_a_usable_pair() -> None:
    result = run(["keys", "generate"], {})
    assert result.returncode == 0
    lines = dict(line.split("=", 1) for line in result.stdout.strip().splitlines())
    Vault.from_keys([lines["ENCRYPTION_KEYS"]], lines["BLIND_INDEX_KEY"])


def test_a_lost_key_file_is_not_replaced_and_wrong_keys_stop_the_bot(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    keys = tmp_path / "keys.json"
    asyncio.run(migrate(url))
    first = vault(Fernet.generate_key().decode())
    engine = create_engine(url)

    async def write_canary() -> None:
        await verify_keys(create_sessionmaker(engine), first, dt.datetime.now(dt.UTC))
        await engine.dispose()

    asyncio.run(write_canary())
    # The key file is gone (a new volume, a lost backup): no new keys over the old data.
    lost = run([], {**TOKEN, "DATABASE_URL": url, "KEYS_FILE": str(keys)})
    assert lost.returncode == 2, lost.stderr
    last = lost.stderr.strip().splitlines()[-1]
    assert str(keys) in last
    assert "Traceback" not in lost.stderr
    assert not keys.exists()
    # Keys that are not the ones: one line, exit 2, before Telegram is contacted.
    wrong = run(
        [],
        {
            **TOKEN,
            "DATABASE_URL": url,
            "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
            "BLIND_INDEX_KEY": "i" * 40,
        },
    )
    assert wrong.returncode == 2, wrong.stderr
    assert "ENCRYPTION_KEYS cannot decrypt" in wrong.stderr.strip().splitlines()[-1]
    assert "Traceback" not in wrong.stderr
