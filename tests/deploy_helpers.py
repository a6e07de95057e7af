"""Real bot processes (``python -m bot``) against the fake Bot API, for the deployment tests:
start one in polling or webhook mode, post updates to its webhook, SIGTERM it, time it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web
from cryptography.fernet import Fernet

from tests.fake_bot_api import Call, FakeTelegram

ROOT = Path(__file__).resolve().parent.parent
SECRET = "deploy-test-secret"
KEYS = {
    "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "BLIND_INDEX_KEY": "k" * 40,
}
SEND_METHODS = {"sendMessage", "copyMessage", "sendDocument", "sendPhoto", "editMessageText"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class SlowTelegram(FakeTelegram):
    """The fake Bot API, with sends that take a while (a handler or a sender mid-flight)."""

    send_delay: float = 0.0
    slow_chats: set[int] = field(default_factory=set)
    slow_delay: float = 0.0
    in_flight: int = 0
    slow_started: int = 0

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method in SEND_METHODS:
            self.in_flight += 1
            try:
                params = await self._params(request)
                chat = int(params.get("chat_id") or 0)
                slow = chat in self.slow_chats
                self.slow_started += slow
                delay = self.slow_delay if slow else self.send_delay
                if delay:
                    await asyncio.sleep(delay)
                call = Call(method, params)
                self.calls.append(call)
                return self._ok(self._result(call))
            finally:
                self.in_flight -= 1
        return await super()._handle(request)


@dataclass
class BotProcess:
    """``python -m bot`` as a child process with its own environment."""

    env: dict[str, str]
    name: str = "bot"
    process: asyncio.subprocess.Process | None = None
    health_port: int = field(default_factory=free_port)
    webhook_port: int = field(default_factory=free_port)
    log_path: Path | None = None
    _log: Any = None

    @property
    def webhook_url(self) -> str:
        return f"http://127.0.0.1:{self.webhook_port}/tg"

    async def start(self, *, webhook: bool) -> None:
        env = {
            "PATH": "/usr/bin:/bin",
            "HEALTH_LISTEN": f"127.0.0.1:{self.health_port}",
            "LOG_LEVEL": "INFO",
            **KEYS,
            **self.env,
        }
        if webhook:
            env |= {
                "WEBHOOK_URL": self.webhook_url,
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": f"127.0.0.1:{self.webhook_port}",
            }
        assert self.log_path is not None
        self._log = self.log_path.open("ab")
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            env=env,
            cwd=ROOT,
            stdout=self._log,
            stderr=self._log,
        )
        await self.wait_ready()

    async def wait_ready(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                assert self.process is not None
                if self.process.returncode is not None:
                    raise RuntimeError(f"{self.name} exited: {self.log()}")
                with contextlib.suppress(aiohttp.ClientError, OSError):
                    async with http.get(f"http://127.0.0.1:{self.health_port}/readyz") as r:
                        if r.status == 200:
                            return
                await asyncio.sleep(0.2)
        raise TimeoutError(f"{self.name} not ready: {self.log()}")

    async def post(self, http: aiohttp.ClientSession, update: dict[str, Any]) -> int:
        async with http.post(
            self.webhook_url,
            json=update,
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        ) as response:
            return response.status

    def terminate(self) -> float:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return time.monotonic()

    async def wait(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        code = await asyncio.wait_for(self.process.wait(), timeout)
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    async def kill(self) -> None:
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
            await self.process.wait()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log(self) -> str:
        assert self.log_path is not None
        return self.log_path.read_text(errors="replace")[-4000:]


def message_update(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": int(time.time()),
        "chat": {"id": user_id, "type": "private"},
        "from": {
            "id": user_id,
            "is_bot": False,
            "first_name": f"U{user_id}",
            "language_code": "ru",
        },
        "text": text,
    }
    if text.startswith("/"):
        message["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(text.split()[0])}
        ]
    return {"update_id": update_id, "message": message}
