"""The health port (``HEALTH_LISTEN``, default 127.0.0.1:8081), in polling and webhook mode.

- ``/livez``: the process and its event loop answer (200 always).
- ``/readyz``: 200 only when the database answers a real query, the schema is at Alembic's
  head, the outbox sender finished a run recently, and Redis answers a ping (when
  configured); 503 otherwise, with the failing check named (never an address or a secret).
- ``/metrics``: Prometheus text format (bot/metrics.py).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from sqlalchemy import text

from bot import metrics
from bot.db import script_heads
from bot.dispatcher import App

CHECK_TIMEOUT = 3.0


def sender_grace(poll_seconds: float) -> float:
    """How old the sender's last good run may be before readiness fails."""
    return max(60.0, 10 * poll_seconds)


@dataclass
class Health:
    app: App
    started: float = field(default_factory=time.monotonic)
    heads: frozenset[str] = field(default_factory=lambda: frozenset(script_heads()))
    redis: Any = None

    def __post_init__(self) -> None:
        if self.app.settings.redis_url and self.redis is None:
            from redis.asyncio import Redis

            self.redis = Redis.from_url(
                self.app.settings.redis_url,
                socket_connect_timeout=CHECK_TIMEOUT,
                socket_timeout=CHECK_TIMEOUT,
            )

    async def close(self) -> None:
        if self.redis is not None:
            await self.redis.aclose()

    async def _database(self) -> dict[str, str]:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT), self.app.engine.connect() as conn:
                rows = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
        except Exception as exc:  # any failure means "not ready"; the reason is its class
            return {"database": f"unreachable ({type(exc).__name__})"}
        current = {str(r[0]) for r in rows}
        if current != self.heads:
            return {
                "database": "ok",
                "migrations": f"at {','.join(sorted(current)) or 'nothing'}, "
                f"head is {','.join(sorted(self.heads))}: run python -m bot migrate",
            }
        return {"database": "ok", "migrations": "ok"}

    def _sender(self) -> dict[str, str]:
        last = getattr(self.app.delivery, "last_success", None)
        grace = sender_grace(self.app.settings.outbox_poll_seconds)
        now = time.monotonic()
        metrics.SENDER_LAST_SUCCESS.set(-1 if last is None else now - last)
        if not self.app.scheduler.running:
            return {"sender": "not running"}
        if last is None:
            if now - self.started < grace:
                return {"sender": "ok"}
            return {"sender": "no successful run yet"}
        if now - last > grace:
            return {"sender": f"last successful run {now - last:.0f} s ago"}
        return {"sender": "ok"}

    async def _redis(self) -> dict[str, str]:
        if self.redis is None:
            return {}
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                await self.redis.ping()
        except Exception as exc:
            return {"redis": f"unreachable ({type(exc).__name__})"}
        return {"redis": "ok"}

    async def checks(self) -> dict[str, str]:
        database, redis = await asyncio.gather(self._database(), self._redis())
        return {**database, **self._sender(), **redis}

    async def livez(self, _request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(self, _request: web.Request) -> web.Response:
        checks = await self.checks()
        ok = all(v == "ok" for v in checks.values())
        return web.json_response({"ok": ok, "checks": checks}, status=200 if ok else 503)

    async def metrics(self, _request: web.Request) -> web.Response:
        self._sender()
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                await metrics.refresh_from_database(self.app.sessionmaker, self.app.clock.now())
        except Exception:  # the counters are still worth serving without the database
            metrics.OUTBOX_LAG.set(-1)
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})

    def web_app(self) -> web.Application:
        web_app = web.Application()
        web_app.router.add_get("/livez", self.livez)
        web_app.router.add_get("/readyz", self.readyz)
        web_app.router.add_get("/metrics", self.metrics)
        web_app.on_cleanup.append(lambda _app: self.close())
        return web_app


async def start_health_server(app: App, listen: str) -> web.AppRunner:
    host, _, port = listen.rpartition(":")
    runner = web.AppRunner(Health(app).web_app(), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, host=host.strip("[]"), port=int(port))
    await site.start()
    return runner
