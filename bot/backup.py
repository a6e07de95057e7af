"""``python -m bot backup PATH`` and ``python -m bot restore PATH``.

SQLite: a consistent snapshot with SQLite's online backup API (safe while the bot runs),
checked with ``PRAGMA integrity_check`` and moved into place only when whole. PostgreSQL:
``pg_dump``/``pg_restore`` do it better than we could; the command prints how.

A backup holds encrypted data; the keys are deliberately not in it. Keep them (the key file,
or ENCRYPTION_KEYS and BLIND_INDEX_KEY) in a different place: a backup without its keys
cannot be read, and neither can one whose keys were stored next to it by a thief.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings

KEYS_REMINDER = (
    "The keys are not in the backup: keep the key file (or ENCRYPTION_KEYS and "
    "BLIND_INDEX_KEY) safe in another place; without them the backup cannot be read."
)


class BackupError(Exception):
    """One line for the operator."""


def sqlite_path(settings: Settings) -> Path:
    database = make_url(settings.database_url).database or ""
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BackupError("DATABASE_URL does not name an SQLite file")
    return Path(database)


def pg_guidance(settings: Settings, path: str) -> str:
    url = make_url(settings.database_url).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    return (
        "PostgreSQL: use its own tools (they are consistent while the bot runs):\n"
        f"  backup:  pg_dump --format=custom --file {path} '{shown}'\n"
        f"  restore: pg_restore --clean --if-exists --no-owner --dbname '{shown}' {path}\n"
        "  (with compose: docker compose exec -T postgres pg_dump -U bot -Fc bot > PATH)\n"
        f"{KEYS_REMINDER}\n"
    )


def _copy(source: sqlite3.Connection, target_path: Path) -> None:
    """Online backup into a temporary file beside the target, checked, then renamed."""
    partial = target_path.with_name(target_path.name + ".partial")
    partial.unlink(missing_ok=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (verdict,) = target.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"the copy failed its integrity check: {verdict}")
    finally:
        target.close()
    os.chmod(partial, 0o600)
    partial.replace(target_path)


def backup_sqlite(settings: Settings, destination: Path, now: dt.datetime) -> Path:
    source_path = sqlite_path(settings)
    if not source_path.exists():
        raise BackupError(f"no database at {source_path}")
    if destination.is_dir():
        destination = destination / f"bot-{now:%Y%m%d-%H%M%S}.sqlite3"
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose another name")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        _copy(source, destination)
    finally:
        source.close()
    return destination


def restore_sqlite(settings: Settings, backup_file: Path, *, force: bool) -> Path:
    """Put a backup in place of the database. The bot must be stopped; the next start
    applies any newer migrations and checks the keys against the backup's canary."""
    target = sqlite_path(settings)
    if not backup_file.is_file():
        raise BackupError(f"no backup file at {backup_file}")
    source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
    try:
        try:
            (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
            versions = source.execute("SELECT version_num FROM alembic_version").fetchall()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{backup_file} is not a backup of this bot ({exc})") from None
        if verdict != "ok" or not versions:
            raise BackupError(f"{backup_file} is damaged or not a backup of this bot")
        if target.exists() and target.stat().st_size > 0 and not force:
            raise BackupError(
                f"{target} exists: stop the bot, keep a copy of it, then run again with --force"
            )
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):  # the old database's journal must not replay
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        _copy(source, target)
    finally:
        source.close()
    return target


def main(settings: Settings, command: str, args: list[str], now: dt.datetime) -> int:
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 1:
        force = " [--force]" if command == "restore" else ""
        sys.stderr.write(f"usage: python -m bot {command} PATH{force}\n")
        return 2
    path = Path(paths[0])
    if not settings.is_sqlite:
        sys.stderr.write(pg_guidance(settings, str(path)))
        return 2
    try:
        if command == "backup":
            written = backup_sqlite(settings, path, now)
            sys.stdout.write(f"backup written to {written}\n{KEYS_REMINDER}\n")
        else:
            restored = restore_sqlite(settings, path, force="--force" in args)
            sys.stdout.write(
                f"restored into {restored}; start the bot with the keys of that backup\n"
            )
    except (BackupError, sqlite3.Error, OSError) as exc:
        sys.stderr.write(f"{command} failed: {exc}\n")
        return 2
    return 0
