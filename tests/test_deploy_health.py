"""The health port: /livez, /readyz that means something, /metrics in Prometheus format."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import SendMessage
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from redis.asyncio import Redis
from sqlalchemy import make_url

from bot import outbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.db import downgrade, migrate, script_heads
from bot.dispatcher import App
from bot.health import Health
from bot.recording import RecordingSession
from bot.simulator import Simulator
from tests.conftest import (
    PG_URL,
    AppFactory,
    _asyncpg_url,
    _drop_pg_database,
    _fresh_pg_database,
)


async def client_for(health: Health) -> TestClient[web.Request, web.Application]:
    client = TestClient(TestServer(health.web_app()))
    await client.start_server()
    return client


def running(app: App) -> None:
    """As after start-up: the scheduler runs and the sender has just finished a run."""
    app.scheduler.start()
    app.delivery.last_success = time.monotonic()


async def test_ready_when_database_migrations_and_sender_are_fine(app: App) -> None:
    running(app)
    client = await client_for(Health(app))
    try:
        live = await client.get("/livez")
        assert live.status == 200
        ready = await client.get("/readyz")
        body = await ready.json()
        assert ready.status == 200, body
        assert body["checks"] == {"database": "ok", "migrations": "ok", "sender": "ok"}
    finally:
        await client.close()


async def test_not_ready_when_the_sender_has_not_run_for_long(app: App) -> None:
    running(app)
    app.delivery.last_success = time.monotonic() - 3600
    client = await client_for(Health(app))
    try:
        ready = await client.get("/readyz")
        assert ready.status == 503
        assert (await ready.json())["checks"]["sender"].startswith("last successful run")
        # a sender that never succeeded is tolerated for a grace period after start only
        app.delivery.last_success = None
        fresh = Health(app)
        assert (await fresh.checks())["sender"] == "ok"
        fresh.started -= 3600
        assert (await fresh.checks())["sender"] == "no successful run yet"
    finally:
        await client.close()


async def test_not_ready_when_migrations_are_behind(app: App, settings: Settings) -> None:
    running(app)
    (head,) = script_heads()
    await downgrade(settings.database_url, "-1")
    client = await client_for(Health(app))
    try:
        ready = await client.get("/readyz")
        body = await ready.json()
        assert ready.status == 503
        assert head in body["checks"]["migrations"]
        assert "python -m bot migrate" in body["checks"]["migrations"]
        await migrate(settings.database_url)
        assert (await client.get("/readyz")).status == 200
    finally:
        await client.close()


async def test_not_ready_when_redis_does_not_answer(app: App) -> None:
    running(app)
    redis = Redis.from_url("redis://127.0.0.1:1", socket_connect_timeout=1)
    health = Health(app, redis=redis)
    try:
        checks = await health.checks()
        assert checks["redis"].startswith("unreachable")
        assert "127.0.0.1" not in checks["redis"]
    finally:
        await health.close()


async def test_metrics_count_updates_latency_outbox_and_429s(app: App, clock: FrozenClock) -> None:
    running(app)
    sim = Simulator(app.dispatcher, app.bot, clock)
    await sim.user(777).send("/help")
    async with app.sessionmaker() as session, session.begin():
        for n in range(3):
            await outbox.enqueue(
                session,
                chat_id=777,
                kind="test",
                payload={"text": f"m{n}"},
                due_at=clock.now() - dt.timedelta(minutes=5),
                dedup_key=f"metrics-{n}",
                now=clock.now(),
            )
    client = await client_for(Health(app))
    try:
        page = await client.get("/metrics")
        assert page.status == 200
        assert page.headers["Content-Type"].startswith("text/plain")
        text = await page.text()
        assert 'bot_updates_total{kind="message",outcome="handled"}' in text
        assert 'bot_update_handling_seconds_bucket{kind="message"' in text
        assert 'bot_outbox_messages{status="due"} 3.0' in text
        assert "bot_outbox_lag_seconds 300.0" in text
        assert "bot_search_declines" in text
        before = _value(text, "bot_telegram_retry_after_total")
        recorder = app.bot.session
        assert isinstance(recorder, RecordingSession)
        recorder.script.append(
            TelegramRetryAfter(
                method=SendMessage(chat_id=1, text="x"), message="Too Many", retry_after=1
            )
        )
        await app.delivery.run_once()
        again = await (await client.get("/metrics")).text()
        after = _value(again, "bot_telegram_retry_after_total")
        assert after == before + 1
        assert "777" not in text  # no person's id in any label
    finally:
        await client.close()


def _value(page: str, name: str) -> float:
    for line in page.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in the page")


# ---- PostgreSQL connectivity lost and back -------------------------------------------------


class TcpProxy:
    """A TCP proxy to PostgreSQL that the test can cut (every connection dropped, new ones
    refused) and restore on the same port."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()
        await self._server.wait_closed()
        self._server = None

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.transport.abort()
            return
        self._writers.update({writer, up_writer})
        await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        self._writers.difference_update({writer, up_writer})


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    if not PG_URL:
        pytest.skip("TEST_DATABASE_URL is not set")
    base = _asyncpg_url(PG_URL)
    url = await _fresh_pg_database(base)
    await migrate(url)
    try:
        yield url
    finally:
        await _drop_pg_database(base, url)


async def test_readiness_fails_when_postgres_is_unreachable_and_recovers(
    pg_url: str, settings: Settings, make_app: AppFactory
) -> None:
    real = make_url(pg_url)
    proxy = TcpProxy(real.host or "127.0.0.1", real.port or 5432)
    await proxy.start()
    proxied = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    app = make_app(settings.model_copy(update={"database_url": proxied}))
    running(app)
    client = await client_for(Health(app))
    try:
        assert (await client.get("/readyz")).status == 200
        await proxy.cut()
        started = time.monotonic()
        down = await client.get("/readyz")
        body = await down.json()
        assert down.status == 503
        assert body["checks"]["database"].startswith("unreachable")
        assert str(proxy.port) not in str(body)
        assert time.monotonic() - started < 10
        assert (await client.get("/livez")).status == 200  # alive, just not ready
        await proxy.start()
        for _ in range(50):
            up = await client.get("/readyz")
            if up.status == 200:
                break
            await asyncio.sleep(0.1)
        assert up.status == 200, await up.json()
    finally:
        await client.close()
        await app.engine.dispose()
        with contextlib.suppress(AssertionError):
            await proxy.cut()
