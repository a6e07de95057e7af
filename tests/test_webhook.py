"""Webhook mode: a secret is required and checked, bad bodies get a 4xx without a traceback,
the listen address is local by default, updates reach handlers."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.config import Settings
from bot.recording import RecordingSession
from bot.webhook import SECRET_HEADER, WebhookSecretMissing, make_web_app
from tests.conftest import AppFactory

ROOT = Path(__file__).resolve().parent.parent

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


def webhook_settings(settings: Settings, secret: str | None = "s3cret-token") -> Settings:
    return settings.model_copy(
        update={
            "webhook_url": "https://bot.example.org/tg",
            "webhook_secret": SecretStr(secret) if secret is not None else None,
        }
    )


async def test_webhook_refuses_to_serve_without_a_secret(
    settings: Settings, make_app: AppFactory
) -> None:
    app = make_app(webhook_settings(settings, secret=None))
    with pytest.raises(WebhookSecretMissing, match="WEBHOOK_SECRET"):
        make_web_app(app)


async def test_requests_without_the_secret_get_401_and_reach_no_handler(
    settings: Settings, make_app: AppFactory
) -> None:
    app = make_app(webhook_settings(settings))
    client = TestClient(TestServer(make_web_app(app)))
    await client.start_server()
    try:
        missing = await client.post("/tg", json=UPDATE)
        empty = await client.post("/tg", json=UPDATE, headers={SECRET_HEADER: ""})
        prefix = await client.post("/tg", json=UPDATE, headers={SECRET_HEADER: "s3cret"})
        assert (missing.status, empty.status, prefix.status) == (401, 401, 401)
        await asyncio.sleep(0.05)
        session = app.bot.session
        assert isinstance(session, RecordingSession)
        assert session.sent == []
    finally:
        await client.close()


@pytest.mark.parametrize(
    ("body", "status"),
    [
        (b"", 400),
        (b"   ", 400),
        (b"{not json", 400),
        (b"\xff\xfe", 400),
        (b"[1, 2]", 400),
        (b"null", 400),
        (b'{"hello": "world"}', 400),
        (b'{"update_id": "x"}', 400),
        (b'{"update_id": 5, "message": {"text": 3}}', 400),
        (b"[" * 100_000 + b"]" * 100_000, 400),
        (b'{"update_id": 1, "pad": "' + b"x" * (1024 * 1024) + b'"}', 413),
    ],
    ids=[
        "empty",
        "blank",
        "malformed",
        "not-utf8",
        "array",
        "null",
        "no-update-id",
        "bad-update-id",
        "bad-message",
        "deeply-nested",
        "oversized",
    ],
)
async def test_bad_bodies_get_4xx_and_no_traceback(
    settings: Settings,
    make_app: AppFactory,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    status: int,
) -> None:
    app = make_app(webhook_settings(settings))
    client = TestClient(TestServer(make_web_app(app)))
    await client.start_server()
    try:
        with caplog.at_level(logging.DEBUG):
            response = await client.post(
                "/tg",
                data=body,
                headers={SECRET_HEADER: "s3cret-token", "Content-Type": "application/json"},
            )
        assert response.status == status
        assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
        assert "Traceback" not in caplog.text
    finally:
        await client.close()


def test_webhook_listens_on_this_machine_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBHOOK_LISTEN", raising=False)
    monkeypatch.delenv("HEALTH_LISTEN", raising=False)
    settings = Settings(_env_file=None)
    assert settings.webhook_listen.startswith("127.0.0.1:")
    assert settings.health_listen.startswith("127.0.0.1:")


def run_cli(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        env={
            "PATH": "/usr/bin:/bin",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )


def test_webhook_mode_without_secret_stops_with_one_line_before_migrating(
    tmp_path: Path,
) -> None:
    result = run_cli(
        {"BOT_TOKEN": "123456:" + "A" * 35, "WEBHOOK_URL": "https://bot.example.org/tg"},
        tmp_path,
    )
    assert result.returncode == 2
    assert "WEBHOOK_SECRET" in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()


def test_a_malformed_token_stops_with_one_line_naming_it(tmp_path: Path) -> None:
    result = run_cli({"BOT_TOKEN": "abc"}, tmp_path)
    assert result.returncode == 2
    assert "BOT_TOKEN" in result.stderr
    assert "abc" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()
