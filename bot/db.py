"""Database plumbing: declarative base, engine, session factory and migrations."""

from __future__ import annotations

import asyncio
import datetime as dt
import importlib
import logging
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, MetaData, TypeDecorator, event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase

ROOT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Path:
    """``migrations`` or ``locales``: inside the installed package (setup.py puts them
    there), else at the top of the source tree."""
    packaged = Path(__file__).resolve().parent / name
    return packaged if packaged.is_dir() else ROOT / name


MIGRATIONS_DIR = resource_dir("migrations")

# Modules whose tables belong to the schema; migrations/env.py and tests import them all.
MODEL_MODULES: tuple[str, ...] = (
    "bot.models",
    "bot.cases.models",
    "bot.hearings.models",
    "bot.desk.models",
    "bot.admin.models",
    "bot.mexico.models",
    "bot.crypto",  # the key canary
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware datetimes stored as UTC on every backend.

    SQLite has no time zone type and returns naive values; this makes both backends hand back
    aware UTC datetimes and refuses naive ones on the way in.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    # SQLite only autoincrements an INTEGER primary key; its INTEGER is 64-bit anyway.
    type_annotation_map = {
        int: BigInteger().with_variant(Integer(), "sqlite"),
        dt.datetime: UTCDateTime(),
    }


def import_all_models() -> MetaData:
    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


# Loggers that print statement parameters or result rows (people's words, names) at DEBUG
# or INFO: capped at WARNING whatever LOG_LEVEL says. Engines also hide parameters in the
# messages of their errors (``hide_parameters``).
DRIVER_LOGGERS = ("sqlalchemy.engine", "sqlalchemy.pool", "aiosqlite", "asyncpg")


def quiet_driver_loggers() -> None:
    for name in DRIVER_LOGGERS:
        logger = logging.getLogger(name)
        if logger.level < logging.WARNING:
            logger.setLevel(logging.WARNING)


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    quiet_driver_loggers()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(
            url, echo=echo, hide_parameters=True, connect_args={"timeout": 30}
        )

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cursor = dbapi_conn.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_async_engine(url, echo=echo, hide_parameters=True, pool_pre_ping=True)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = url
    return cfg


def _run_alembic(url: str, command_name: str, revision: str) -> None:
    from alembic import command

    getattr(command, command_name)(alembic_config(url), revision)


def script_heads() -> tuple[str, ...]:
    """The head revision(s) of the migration scripts shipped with this code."""
    from alembic.script import ScriptDirectory

    return tuple(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())


async def migrate(url: str, revision: str = "heads") -> None:
    """Upgrade the schema; Alembic's env.py runs its own event loop, so use a thread."""
    await asyncio.to_thread(_run_alembic, url, "upgrade", revision)


async def downgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(_run_alembic, url, "downgrade", revision)
