"""Webhook mode: the secret token is checked, /healthz answers, updates reach handlers."""

from __future__ import annotations

import asyncio

from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.config import Settings
from bot.recording import RecordingSession
from bot.webhook import make_web_app
from tests.conftest import AppFactory

UPDATE = {
    "update_id": 1,
    "message": {
        "message_id": 1,
        "date": 1_790_000_000,
        "chat": {"id": 31, "type": "private"},
        "from": {"id": 31, "is_bot": False, "first_name": "W", "language_code": "ru"},
        "text": "/help",
        "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
    },
}


async def test_webhook_checks_secret_and_serves_health(
    settings: Settings, make_app: AppFactory
) -> None:
    app = make_app(
        settings.model_copy(
            update={
                "webhook_url": "https://bot.example.org/tg",
                "webhook_secret": SecretStr("s3cret-token"),
            }
        )
    )
    client = TestClient(TestServer(make_web_app(app)))
    await client.start_server()
    try:
        health = await client.get("/healthz")
        assert (health.status, await health.json()) == (200, {"ok": True})
        forged = await client.post(
            "/tg", json=UPDATE, headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}
        )
        assert forged.status == 401
        good = await client.post(
            "/tg", json=UPDATE, headers={"X-Telegram-Bot-Api-Secret-Token": "s3cret-token"}
        )
        assert good.status == 200
        session = app.bot.session
        assert isinstance(session, RecordingSession)
        for _ in range(100):
            if session.sent:
                break
            await asyncio.sleep(0.02)
        assert "Что я умею" in session.sent[0].text
    finally:
        await client.close()
