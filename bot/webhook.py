"""Run modes: long polling (default) and webhook (aiohttp), both with a graceful stop.

Webhook: every request must carry the secret token (401 otherwise); bodies are checked
before anything parses them (413 over 1 MB, 400 for empty, malformed or not an update, no
traceback in the log); an update is handled before Telegram gets its 200, so an update cut
short by a crash is sent again by Telegram rather than lost.

Stopping (SIGTERM or SIGINT): no new updates are taken (the webhook's socket closes, or
polling stops asking), those in progress finish and the sender finishes the messages in
flight, all within ``SHUTDOWN_TIMEOUT`` seconds; then the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import inspect
import json
import logging
import signal
import time
from urllib.parse import urlsplit

from aiogram.methods import TelegramMethod
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

from bot.config import Settings
from bot.dispatcher import App
from bot.metrics import UpdateTracker

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024
SHUTDOWN_TIMEOUT = 10.0
# Telegram waits about a minute for the answer to a webhook request, then sends it again:
# an update still running after this is answered and finishes in the background.
ANSWER_WITHIN = 50.0
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)


class WebhookSecretMissing(Exception):
    """Webhook mode without ``WEBHOOK_SECRET``; the message is one line for the operator."""


def tracker_of(app: App) -> UpdateTracker | None:
    tracker = app.dispatcher.workflow_data.get("update_tracker")
    return tracker if isinstance(tracker, UpdateTracker) else None


# ---- the sender ----------------------------------------------------------------------------


def _outbox_tasks(app: App) -> list[asyncio.Task[object]]:
    """The sender's run in progress: APScheduler runs the "outbox" job as a task."""
    found: list[asyncio.Task[object]] = []
    for task in asyncio.all_tasks():
        frame = getattr(task.get_coro(), "cr_frame", None)
        if frame is None:
            continue
        job = frame.f_locals.get("job")
        if frame.f_locals.get("self") is app.delivery or getattr(job, "id", None) == "outbox":
            found.append(task)
    return found


async def stop_sender(app: App, budget: float) -> None:
    """No new sender runs; the messages in flight are sent and marked within ``budget`` s.

    Uses ``Delivery.stop(timeout=...)`` when the sender offers it; otherwise waits for the
    run in progress and cancels it at the deadline (its claimed rows go out again later).
    """
    if app.scheduler.running:
        # Paused, not shut down: APScheduler's shutdown cancels the jobs running now, which
        # would cut the batch being sent in the middle.
        app.scheduler.pause()
    stop = app.delivery.stop
    if "timeout" in inspect.signature(stop).parameters:
        await stop(timeout=budget)
        return
    try:
        await asyncio.wait_for(stop(), budget)
    except TimeoutError:
        log.warning("the sender did not finish within %.0f s; the rest goes out later", budget)
        for task in _outbox_tasks(app):
            task.cancel()


# ---- long polling --------------------------------------------------------------------------


async def run_polling(
    app: App,
    *,
    handle_signals: bool = True,
    polling_timeout: int = 10,
    graceful: bool = False,
) -> None:
    """Poll until stopped. ``graceful`` (the real process): on stop, finish the updates in
    progress and the sender's messages in flight, and confirm the finished updates to
    Telegram so that the next start does not handle them again."""
    await app.bot.delete_webhook(drop_pending_updates=False)
    await app.dispatcher.start_polling(
        app.bot,
        allowed_updates=app.dispatcher.resolve_used_update_types(),
        handle_signals=handle_signals,
        close_bot_session=False,
        polling_timeout=polling_timeout,
    )
    if not graceful:
        return
    started = time.monotonic()
    deadline = started + SHUTDOWN_TIMEOUT
    tasks = set(app.dispatcher._handle_update_tasks)  # aiogram keeps them only there

    async def drain() -> None:
        if tasks:
            left = max(0.0, deadline - time.monotonic())
            _done, pending = await asyncio.wait(tasks, timeout=left)
            if pending:
                log.warning("%d update(s) still running at shutdown", len(pending))

    await asyncio.gather(drain(), stop_sender(app, max(0.0, deadline - time.monotonic())))
    tracker = tracker_of(app)
    if tracker is not None and tracker.last_update_id is not None:
        # Asking from the next offset confirms everything handled; what this call returns
        # stays unconfirmed and comes again to whoever polls next.
        with contextlib.suppress(Exception):
            await app.bot.get_updates(offset=tracker.last_update_id + 1, limit=1, timeout=0)
    log.info("stopped in %.1f s", time.monotonic() - started)


# ---- webhook -------------------------------------------------------------------------------


def check_webhook_secret(settings: Settings) -> str:
    secret = settings.webhook_secret
    value = secret.get_secret_value().strip() if secret else ""
    if not value:
        raise WebhookSecretMissing(
            "WEBHOOK_SECRET is not set: webhook mode needs it (1-256 characters A-Z a-z 0-9 _ -,"
            " e.g. from: python -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return value


class WebhookHandler:
    """The one route Telegram posts to."""

    def __init__(self, app: App, secret: str) -> None:
        self.app = app
        self.secret = secret.encode()
        self.accepting = True
        self.tasks: set[asyncio.Task[None]] = set()

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            return web.Response(status=401, text="unauthorized")
        if not self.accepting:  # stopping: Telegram keeps the update and retries
            return web.Response(status=503, text="stopping")
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413, text="too large")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large")
        if not body.strip():
            return web.Response(status=400, text="empty body")
        try:
            data = json.loads(body)
        except (ValueError, RecursionError):
            return web.Response(status=400, text="malformed JSON")
        if not isinstance(data, dict):
            return web.Response(status=400, text="not an update")
        try:
            update = Update.model_validate(data, context={"bot": self.app.bot})
        except (ValidationError, ValueError, TypeError, RecursionError):
            return web.Response(status=400, text="not an update")
        task = asyncio.create_task(self._process(update))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        # Answered once handled; a very slow update is answered in time and goes on.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(task), ANSWER_WITHIN)
        return web.json_response({})

    async def _process(self, update: Update) -> None:
        try:
            result = await self.app.dispatcher.feed_update(self.app.bot, update)
            if isinstance(result, TelegramMethod):
                await self.app.bot(result)
        except Exception:
            # Already logged by the error handlers where it matters; Telegram gets its 200
            # so that one broken update is not sent again and again.
            log.exception("update %s failed", update.update_id)


def make_web_app(app: App, handler: WebhookHandler | None = None) -> web.Application:
    settings = app.settings
    assert settings.webhook_url
    handler = handler or WebhookHandler(app, check_webhook_secret(app.settings))
    web_app = web.Application(client_max_size=MAX_BODY)
    path = urlsplit(settings.webhook_url).path or "/webhook"
    web_app.router.add_post(path, handler.handle)
    # Kept for old probes; the health port (bot/health.py) has /livez and /readyz.
    web_app.router.add_get("/healthz", _healthz)
    return web_app


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def _split(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    return host.strip("[]"), int(port)


async def run_webhook(app: App, stop: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM/SIGINT (or ``stop``), then stop gracefully."""
    settings = app.settings
    assert settings.webhook_url
    handler = WebhookHandler(app, check_webhook_secret(app.settings))
    runner = web.AppRunner(make_web_app(app, handler), access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    host, port = _split(settings.webhook_listen)
    site = web.TCPSite(runner, host=host, port=port)
    await site.start()
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    try:
        await app.bot.set_webhook(
            settings.webhook_url,
            secret_token=handler.secret.decode(),
            allowed_updates=app.dispatcher.resolve_used_update_types(),
        )
        log.info("webhook listening on %s", settings.webhook_listen)
        await stop.wait()
        started = time.monotonic()
        deadline = started + SHUTDOWN_TIMEOUT
        handler.accepting = False
        await site.stop()  # no new connections

        async def drain() -> None:
            if handler.tasks:
                _done, pending = await asyncio.wait(
                    set(handler.tasks), timeout=max(0.0, deadline - time.monotonic())
                )
                if pending:
                    log.warning("%d update(s) still running at shutdown", len(pending))

        await asyncio.gather(drain(), stop_sender(app, max(0.0, deadline - time.monotonic())))
        log.info("stopped in %.1f s", time.monotonic() - started)
    finally:
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
        await runner.cleanup()
