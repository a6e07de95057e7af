"""Database plumbing: declarative base, engine, session factory and migrations."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import importlib
import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import BigInteger, DateTime, Dialect, Integer, MetaData, TypeDecorator, event
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

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


def _one_trip(
    conn: sqlite3.Connection, many: bool, operation: str, parameters: Any
) -> tuple[Any, list[Any], int, int | None]:
    """In aiosqlite's thread: a whole statement, from cursor to rows, in one go."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor makes four trips to the connection's thread per
    statement (open a cursor, execute, fetch, close), each a queue hand-off and a wake-up of
    the event loop from another thread. This one makes one (issue 17); rows are buffered as
    the stock cursor buffers them."""

    __slots__ = ("_arraysize", "_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._rows = collections.deque()
        self._soft_closed_memoized = EMPTY_DICT
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None
        self._arraysize = 1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    @property
    def arraysize(self) -> int:
        return self._arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._arraysize = value

    async def _async_soft_close(self) -> None:
        return None

    def close(self) -> None:
        self._rows.clear()

    def _run(self, many: bool, operation: Any, parameters: Any) -> None:
        try:
            await_(self._run_async(many, operation, parameters))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run_async(self, many: bool, operation: Any, parameters: Any) -> None:
        adapt = self._adapt_connection
        assert isinstance(adapt, OneTripConnection)
        await adapt._before(operation)
        try:
            async with adapt._execute_mutex:
                raw = self._connection
                description, rows, rowcount, lastrowid = await raw._execute(
                    _one_trip, raw._conn, many, operation, parameters
                )
        except BaseException:
            adapt._after()
            raise
        self._description = description
        self._rows = collections.deque(rows)
        self._rowcount = rowcount
        self._lastrowid = lastrowid

    def execute(self, operation: Any, parameters: Any = None) -> None:
        self._run(False, operation, parameters)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> None:
        self._run(True, operation, seq_of_parameters)

    def nextset(self) -> None:
        return None

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
WRITER_WAIT_SECONDS = 30.0  # as long as SQLite's busy timeout (``create_engine``)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Statements in one trip each; commit and rollback make no trip at all when no
    transaction is open (a read-only update, a connection returned to the pool).

    Writers queue in the process (``OneTripDbapi.writer``, first come first served) before
    their first write, and leave the queue at commit or rollback. SQLite has one writer at a
    time anyway; left to itself, a connection that finds the database locked sleeps in
    growing steps (up to 100 ms) and polls again, so under a burst of updates most of the
    time went to sleeping while the database was free. Other processes (a CLI command) are
    still waited for by SQLite's busy timeout."""

    __slots__ = ("_writing",)
    _cursor_cls = OneTripCursor

    def __init__(self, dbapi: OneTripDbapi, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._writing = False

    def _idle(self) -> bool:
        raw = self._connection._connection
        return raw is None or not raw.in_transaction

    async def _before(self, operation: Any) -> None:
        if self._writing or not isinstance(operation, str):
            return
        if operation.lstrip()[:7].upper().startswith(_WRITES) and self._idle():
            try:
                await asyncio.wait_for(self.dbapi.writer.acquire(), WRITER_WAIT_SECONDS)
            except TimeoutError:
                # As SQLite's own busy timeout would end: never a silent hang.
                raise sqlite3.OperationalError("database is locked") from None
            self._writing = True

    def _after(self) -> None:
        """After a statement failed, or after commit or rollback: leave the writers' queue
        unless a transaction is still open."""
        if self._writing and self._idle():
            self._writing = False
            self.dbapi.writer.release()

    def commit(self) -> None:
        try:
            if not self._idle():
                super().commit()
        finally:
            self._after()

    def rollback(self) -> None:
        try:
            if not self._idle():
                super().rollback()
        finally:
            self._after()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._leave_queue()

    def terminate(self) -> None:
        """An invalidated connection (its task was cancelled mid-statement) is terminated,
        not closed: it leaves the writers' queue too, or every later write would wait."""
        try:
            super().terminate()
        finally:
            self._leave_queue()

    def _leave_queue(self) -> None:
        if self._writing:
            self._writing = False
            self.dbapi.writer.release()


class OneTripDbapi(AsyncAdapt_aiosqlite_dbapi):
    def __init__(self, aiosqlite: Any, sqlite: Any) -> None:
        super().__init__(aiosqlite, sqlite)
        self.writer = asyncio.Lock()

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        stock = super().connect(*arg, **kw)
        return OneTripConnection(self, stock._connection)


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    quiet_driver_loggers()
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ""
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        import aiosqlite

        engine = create_async_engine(
            url,
            echo=echo,
            hide_parameters=True,
            module=OneTripDbapi(aiosqlite, sqlite3),
            # Every call still runs in aiosqlite's own thread; the loop only reads whether a
            # transaction is open, between statements (OneTripConnection).
            connect_args={"timeout": 30, "check_same_thread": False},
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
