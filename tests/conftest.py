"""Shared fixtures: a migrated database, the real app with a recording session, users."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from bot import outbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.db import migrate
from bot.delivery import RateLimiter
from bot.dispatcher import App, Knowledge, build_app
from bot.i18n import Translator
from bot.recording import RecordingSession
from bot.simulator import Simulator, SimUser
from tests.fake_bot_api import FakeTelegram

START = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
ADMIN_ID = 9000
PG_URL = os.environ.get("TEST_DATABASE_URL")
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def _asyncpg_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url.removeprefix(prefix)
    return url


@functools.cache
def shared_knowledge() -> Knowledge:
    """The knowledge base and its search index, built once per test process."""
    return Knowledge.load()


@functools.cache
def shared_translator(default: str = "ru") -> Translator:
    """Every .ftl file parsed once per test process (parsing is most of ``build_app``)."""
    return Translator(default=default)


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return shared_knowledge()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate once with Alembic, then each test copies the file: fast and still real."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(migrate(f"sqlite+aiosqlite:///{path}"))
    return path


async def _fresh_pg_database(base_url: str) -> str:
    """A new PostgreSQL database per test (migrated by Alembic by the caller)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_async_engine(base_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    await engine.dispose()
    return str(make_url(base_url).set(database=name).render_as_string(hide_password=False))


async def _drop_pg_database(base_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_async_engine(base_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


def _backends() -> list[object]:
    return [
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not PG_URL, reason="TEST_DATABASE_URL is not set"),
        ),
    ]


@pytest.fixture
def sqlite_url(tmp_path: Path, sqlite_template: Path) -> str:
    path = tmp_path / "bot.sqlite3"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=_backends())
async def db_url(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path
) -> AsyncIterator[str]:
    """Every test using this runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
    if request.param == "sqlite":
        path = tmp_path / "bot.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    assert PG_URL
    base = _asyncpg_url(PG_URL)
    url = await _fresh_pg_database(base)
    await migrate(url)
    try:
        yield url
    finally:
        await _drop_pg_database(base, url)


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(START)


@pytest.fixture
def settings(sqlite_url: str, tmp_path: Path) -> Settings:
    return Settings(
        bot_token=None,
        database_url=sqlite_url,
        admin_ids=frozenset({ADMIN_ID}),
        redis_url=None,
        encryption_key_file=tmp_path / "keys.json",
        # Story tests run on a frozen clock; the flood test sets its own limit.
        flood_max_messages=10_000,
        _env_file=None,
    )


AppFactory = Callable[..., App]


@pytest.fixture
async def make_app(clock: FrozenClock, knowledge: Knowledge) -> AsyncIterator[AppFactory]:
    """Build the real app (real dispatcher, real DB) with a recording session."""
    apps: list[App] = []

    def factory(settings: Settings, **kwargs: object) -> App:
        session = RecordingSession(clock=clock.now)
        app = build_app(
            settings,
            session=session,
            clock=clock,
            knowledge=knowledge,
            limiter=RateLimiter(global_rate=1e9, per_chat=0),
            translator=shared_translator(settings.default_locale),
            **kwargs,  # type: ignore[arg-type]
        )
        apps.append(app)
        return app

    yield factory
    for app in apps:
        await app.close()


@pytest.fixture
def app(settings: Settings, make_app: AppFactory) -> App:
    return make_app(settings)


@pytest.fixture
def sim(app: App, clock: FrozenClock) -> Simulator:
    return Simulator(app.dispatcher, app.bot, clock)


async def onboard(
    sim: Simulator,
    user_id: int = 1001,
    lang: str = "Русский",
    code: str | None = "ru",
    *,
    role: int | str = 1,
    first_name: str | None = None,
    username: str | None = None,
) -> SimUser:
    """A person through /start: language, role (a button number or label), consent."""
    user = sim.user(user_id, first_name or f"U{user_id}", username=username, language_code=code)
    await user.send("/start")
    await user.press(lang)
    await user.press(role)
    await user.press(1)  # agree
    return user


async def queue(app: App, key: str, chat_id: int) -> None:
    """An outbox message of text ``key`` to ``chat_id``, due now (``key`` is its dedup key)."""
    now = app.clock.now()
    async with app.sessionmaker() as session, session.begin():
        await outbox.enqueue(
            session,
            chat_id=chat_id,
            kind="test",
            payload={"text": key},
            due_at=now,
            dedup_key=key,
            now=now,
        )


# ---- end to end: the real bot over HTTP against a local fake Bot API ---------------------


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def e2e_settings(fake: FakeTelegram, tmp_path: Path) -> Settings:
    return Settings(
        bot_token="4242:TEST-TOKEN",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'e2e.sqlite3'}",
        telegram_api_base=fake.base_url,
        encryption_key_file=tmp_path / "keys.json",
        admin_ids=frozenset({ADMIN_ID}),
        outbox_poll_seconds=0.2,
        outbox_per_chat_interval=0,
        flood_max_messages=10_000,  # a script types faster than any person
        _env_file=None,
    )
