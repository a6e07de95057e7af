"""A local fake Telegram Bot API server, and a runner for the real bot against it.

The bot under test uses its real aiohttp session, real long polling and the real database;
only Telegram is replaced by this in-process server on 127.0.0.1. Tests push updates as a
person would produce them and wait for what the bot sends.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.clock import Clock
from bot.config import Settings
from bot.db import migrate
from bot.dispatcher import App, build_app

BOT_ID = 4242
BOT_USER = {"id": BOT_ID, "is_bot": True, "first_name": "Help bot", "username": "help_test_bot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    def buttons(self) -> list[tuple[str, str | None]]:
        markup = self.params.get("reply_markup") or {}
        rows = markup.get("inline_keyboard", []) if isinstance(markup, dict) else []
        return [(b["text"], b.get("callback_data") or b.get("url")) for row in rows for b in row]


SEND_METHODS = frozenset(
    {"sendMessage", "copyMessage", "sendDocument", "sendPhoto", "editMessageText"}
)


@dataclass
class Faults:
    """Telegram's limits and bad days, for the sender's fault test and benchmarks.

    ``rate`` messages in any second overall and one per ``per_chat`` seconds to a chat, as
    Telegram counts them (on arrival); beyond that, and for ``retry_after`` seconds after
    any 429, every send gets 429. On top: random 429 (``p429``), 500 (``p5xx``) and hung
    requests (``phang``: accepted, answered only after ``hang_seconds``), and 403 for
    ``forbidden`` chats."""

    rate: float = 0.0
    per_chat: float = 0.0
    retry_after: int = 1
    p429: float = 0.0
    p5xx: float = 0.0
    phang: float = 0.0
    hang_seconds: float = 0.0
    forbidden: frozenset[int] = frozenset()
    seed: int = 1


@dataclass
class FaultLog:
    """What the fake saw: accepted sends and every refusal, with monotonic times."""

    accepted: list[tuple[float, int, str]] = field(default_factory=list)
    pauses: list[tuple[float, float]] = field(default_factory=list)
    # Requests that arrived inside a pause: (seconds since the pause began)
    in_pause: list[float] = field(default_factory=list)
    hangs: list[tuple[float, float, int]] = field(default_factory=list)
    responses_429: int = 0
    rate_429: int = 0
    injected_429: int = 0
    responses_5xx: int = 0
    responses_403: int = 0


@dataclass
class FakeTelegram:
    host: str = "127.0.0.1"
    port: int = 0
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    # method name -> list of (error_code, description, retry_after) to answer next calls with
    failures: dict[str, list[tuple[int, str, int | None]]] = field(default_factory=dict)
    faults: Faults | None = None
    log: FaultLog = field(default_factory=FaultLog)
    _runner: web.AppRunner | None = None
    _confirmed: int = 0
    _window: list[float] = field(default_factory=list)
    _last_to_chat: dict[int, float] = field(default_factory=dict)
    _paused_until: float = 0.0
    _random: random.Random = field(default_factory=random.Random)
    _new_update: asyncio.Condition = field(default_factory=asyncio.Condition)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(500))
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        if self.faults is not None:
            self._random.seed(self.faults.seed)
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        server = site._server  # aiohttp exposes the bound port only here
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- what people do -------------------------------------------------------------------

    def _user(self, user_id: int, language_code: str | None) -> dict[str, Any]:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        if language_code:
            user["language_code"] = language_code
        return user

    async def _push(self, update: dict[str, Any]) -> None:
        async with self._new_update:
            update["update_id"] = next(self._update_ids)
            self.updates.append(update)
            self._new_update.notify_all()

    async def send(self, user_id: int, text: str, language_code: str | None = "ru") -> None:
        await self._push(
            {
                "message": {
                    "message_id": next(self._ids),
                    "date": int(time.time()),
                    "chat": {"id": user_id, "type": "private"},
                    "from": self._user(user_id, language_code),
                    "text": text,
                    **(
                        {
                            "entities": [
                                {
                                    "type": "bot_command",
                                    "offset": 0,
                                    "length": len(text.split()[0]),
                                }
                            ]
                        }
                        if text.startswith("/")
                        else {}
                    ),
                }
            }
        )

    async def press(self, user_id: int, label: str, language_code: str | None = "ru") -> Call:
        """Press the button whose text contains ``label`` on the newest message that has it."""
        for call in reversed(self.calls):
            if call.chat_id != user_id:
                continue
            for text, data in call.buttons():
                if label.casefold() in text.casefold() and data is not None:
                    await self._push(
                        {
                            "callback_query": {
                                "id": str(next(self._ids)),
                                "from": self._user(user_id, language_code),
                                "chat_instance": "e2e",
                                "data": data,
                                "message": {
                                    "message_id": call.params.get("_message_id", 1),
                                    "date": int(time.time()),
                                    "chat": {"id": user_id, "type": "private"},
                                    "from": BOT_USER,
                                    "text": call.text,
                                },
                            }
                        }
                    )
                    return call
        raise LookupError(f"no button {label!r} for {user_id}")

    # ---- what the bot did -----------------------------------------------------------------

    def sent_to(self, chat_id: int) -> list[Call]:
        return [
            c
            for c in self.calls
            if c.chat_id == chat_id
            and c.method
            in {"sendMessage", "copyMessage", "sendDocument", "sendPhoto", "editMessageText"}
        ]

    async def wait_for(
        self, predicate: Callable[[Call], bool], timeout: float = 15.0, count: int = 1
    ) -> list[Call]:
        deadline = time.monotonic() + timeout
        while True:
            found = [c for c in self.calls if predicate(c)]
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(found)} of {count} expected calls arrived")
            await asyncio.sleep(0.02)

    async def wait_text(self, chat_id: int, fragment: str, timeout: float = 15.0) -> Call:
        calls = await self.wait_for(lambda c: c.chat_id == chat_id and fragment in c.text, timeout)
        return calls[0]

    # ---- the HTTP side --------------------------------------------------------------------

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = {}
        if request.content_type == "application/json":
            params = dict(await request.json())
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, str):
                    try:
                        params[key] = json.loads(value) if value[:1] in "{[" else value
                    except ValueError:
                        params[key] = value
                else:
                    params[key] = getattr(value, "filename", "file")
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        if method == "getUpdates":
            return self._ok(await self._get_updates(params))
        if self.faults is not None and method in SEND_METHODS:
            refused = await self._faulty(method, params)
            if refused is not None:
                return refused
        planned = self.failures.get(method)
        if planned:
            code, description, retry_after = planned.pop(0)
            body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            return web.json_response(body, status=code)
        call = Call(method, params)
        self.calls.append(call)
        return self._ok(self._result(call))

    def _refuse(self, code: int, description: str, retry_after: int | None) -> web.Response:
        body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        return web.json_response(body, status=code)

    def _too_many(self, now: float, retry_after: int) -> web.Response:
        self.log.responses_429 += 1
        if now >= self._paused_until:
            self._paused_until = now + retry_after
            self.log.pauses.append((now, self._paused_until))
        return self._refuse(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    async def _faulty(self, method: str, params: dict[str, Any]) -> web.Response | None:
        faults = self.faults
        assert faults is not None
        now = time.monotonic()
        chat = int(params.get("chat_id") or 0)
        if now < self._paused_until:
            self.log.in_pause.append(now - self.log.pauses[-1][0])
            return self._too_many(now, max(1, math.ceil(self._paused_until - now)))
        if chat in faults.forbidden:
            self.log.responses_403 += 1
            return self._refuse(403, "Forbidden: bot was blocked by the user", None)
        if faults.rate:
            self._window = [t for t in self._window if t > now - 1.0]
            if len(self._window) >= faults.rate:
                self.log.rate_429 += 1
                return self._too_many(now, faults.retry_after)
        if faults.per_chat and now - self._last_to_chat.get(chat, -math.inf) < faults.per_chat:
            self.log.rate_429 += 1
            return self._too_many(now, faults.retry_after)
        draw = self._random.random()
        if draw < faults.p429:
            self.log.injected_429 += 1
            return self._too_many(now, faults.retry_after)
        if draw < faults.p429 + faults.p5xx:
            self.log.responses_5xx += 1
            return self._refuse(500, "Internal Server Error", None)
        self._window.append(now)
        self._last_to_chat[chat] = now
        text = str(params.get("text") or params.get("caption") or "")
        self.log.accepted.append((now, chat, text))
        if draw < faults.p429 + faults.p5xx + faults.phang:
            # Accepted, but the answer comes too late: the sender cannot know it arrived.
            self.log.hangs.append((now, now + faults.hang_seconds, chat))
            await asyncio.sleep(faults.hang_seconds)
        return None

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        # As Telegram does: asking from an offset confirms, and forgets for good, everything
        # before it; a restarted bot that polls without an offset is not handed them again.
        self._confirmed = max(self._confirmed, int(params.get("offset") or 0))
        offset = self._confirmed
        timeout = float(params.get("timeout") or 0)
        self.updates = [u for u in self.updates if u["update_id"] >= offset]

        def pending() -> list[dict[str, Any]]:
            return [u for u in self.updates if u["update_id"] >= offset]

        async with self._new_update:
            if not pending() and timeout:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(
                        self._new_update.wait_for(lambda: bool(pending())), timeout
                    )
            return pending()

    def _message(self, call: Call) -> dict[str, Any]:
        message_id = next(self._ids)
        call.params["_message_id"] = message_id
        message: dict[str, Any] = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": call.chat_id, "type": "private"},
            "from": BOT_USER,
        }
        if "text" in call.params:
            message["text"] = call.params["text"]
        if call.params.get("reply_markup"):
            message["reply_markup"] = call.params["reply_markup"]
        return message

    def _result(self, call: Call) -> Any:
        if call.method == "getMe":
            return BOT_USER
        if call.method in {"sendMessage", "sendDocument", "sendPhoto", "editMessageText"}:
            return self._message(call)
        if call.method == "copyMessage":
            return {"message_id": next(self._ids)}
        return True

    @staticmethod
    def _ok(result: Any) -> web.Response:
        return web.json_response({"ok": True, "result": result})


class RunningBot:
    """The real bot (``build_app`` with its aiohttp session) polling the fake server."""

    def __init__(self, settings: Settings, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.app: App | None = None
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> App:
        from bot.webhook import run_polling
        from tests.conftest import shared_knowledge, shared_translator

        await migrate(self.settings.database_url)
        self.app = build_app(
            self.settings,
            clock=self.clock,
            knowledge=shared_knowledge(),
            translator=shared_translator(self.settings.default_locale),
        )
        await self.app.set_commands()
        await self.app.start_jobs()
        self._task = asyncio.create_task(
            run_polling(self.app, handle_signals=False, polling_timeout=1)
        )
        return self.app

    async def stop(self) -> None:
        """Stop as a killed process would: no goodbye, the database keeps what was committed."""
        assert self.app is not None
        assert self._task is not None
        with contextlib.suppress(RuntimeError):
            await self.app.dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._task, 10)
        await self.app.close()
        self.app = None
