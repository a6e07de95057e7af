"""Run modes: long polling (default) and webhook (aiohttp, secret token, ``/healthz``)."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web

from bot.dispatcher import App

log = logging.getLogger(__name__)


async def run_polling(app: App, *, handle_signals: bool = True, polling_timeout: int = 10) -> None:
    await app.bot.delete_webhook(drop_pending_updates=False)
    await app.dispatcher.start_polling(
        app.bot,
        allowed_updates=app.dispatcher.resolve_used_update_types(),
        handle_signals=handle_signals,
        close_bot_session=False,
        polling_timeout=polling_timeout,
    )


async def healthz(_request: web.Request) -> web.Response:
    return web.json_response({"ok": True})


def make_web_app(app: App) -> web.Application:
    settings = app.settings
    assert settings.webhook_url
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    web_app = web.Application()
    web_app.router.add_get("/healthz", healthz)
    path = urlsplit(settings.webhook_url).path or "/webhook"
    SimpleRequestHandler(app.dispatcher, app.bot, secret_token=secret).register(web_app, path=path)
    setup_application(web_app, app.dispatcher, bot=app.bot)
    return web_app


async def run_webhook(app: App) -> None:
    settings = app.settings
    assert settings.webhook_url
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    host, _, port = settings.webhook_listen.rpartition(":")
    runner = web.AppRunner(make_web_app(app))
    await runner.setup()
    site = web.TCPSite(runner, host=host, port=int(port))
    await site.start()
    await app.bot.set_webhook(
        settings.webhook_url,
        secret_token=secret,
        allowed_updates=app.dispatcher.resolve_used_update_types(),
    )
    log.info("webhook listening on %s", settings.webhook_listen)
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
