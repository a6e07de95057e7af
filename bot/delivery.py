"""The sender: claims due outbox rows, renders them, sends them within Telegram's limits.

One :class:`Delivery` per process: ``start()`` runs its pump in the background, ``stop()``
ends it gracefully. Limits: ``bot/ratelimit.py``; the delivery guarantee: ``bot/outbox.py``.
Rendering happens at send time in the recipient's current language, so a reminder queued
weeks ago still speaks the language the person chose since.

Payload forms, rendering and the hooks (:func:`render_default`, :class:`Outgoing`,
:class:`DeliveryHooks`): ``bot/delivery_render.py``; writing the results to the outbox (the
base class :class:`~bot.delivery_results.ResultWriter`): ``bot/delivery_results.py``. Their
names are re-exported here.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import math
import os
import secrets
import socket
import time
import traceback
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
)
from aiohttp import ClientConnectorError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox
from bot.clock import Clock
from bot.config import Settings
from bot.delivery_render import (
    BlockedHook,
    DeliveryHooks,
    Outgoing,
    Prefetch,
    RenderContext,
    Renderer,
    SentHook,
    buttons_from_payload,
    render_default,
    send_outgoing,
)
from bot.delivery_results import HOOK_TRIES, ResultWriter, _Op
from bot.i18n import Translator, pick_locale
from bot.models import OutboxMessage, User
from bot.ratelimit import Limiter, RateLimiter, RedisRateLimiter

# Besides the sender's own names, those defined here before the split (now in
# bot/delivery_render.py and bot/delivery_results.py) stay importable from here.
__all__ = [
    "HOOK_TRIES",
    "BlockedHook",
    "Delivery",
    "DeliveryHooks",
    "Outgoing",
    "Prefetch",
    "RateLimiter",
    "RenderContext",
    "Renderer",
    "SentHook",
    "buttons_from_payload",
    "make_limiter",
    "render_default",
]


def _where(exc: BaseException) -> str:
    """An error's class and frames, not its message: the message can quote a person's words."""
    frames = "".join(traceback.format_tb(exc.__traceback__)).rstrip()
    return f" {type(exc).__name__}\n{frames}"


log = logging.getLogger(__name__)

# A request still unanswered after this long is recorded as possibly delivered right away
# (normal answers take a fraction of a second), so a crash while it hangs cannot resend it.
UNCERTAIN_AFTER = 1.5
# A 429 pause up to this long is waited out holding the message (its chat keeps its order);
# a longer one puts the message back in the queue for later.
IN_PLACE_RETRY_MAX = 10.0


def make_limiter(settings: Settings) -> Limiter:
    """Shared through Redis when ``REDIS_URL`` is set, else this process's own windows."""
    if settings.redis_url:
        token = settings.bot_token.get_secret_value() if settings.bot_token else "0:"
        return RedisRateLimiter(
            settings.redis_url,
            settings.outbox_global_rate,
            settings.outbox_per_chat_interval,
            prefix=f"ahb:send:{token.split(':', 1)[0]}",
        )
    return RateLimiter(settings.outbox_global_rate, settings.outbox_per_chat_interval)


@dataclass(slots=True)
class _Item:
    row: OutboxMessage
    user: User | None
    cache: dict[Any, Any]


def _not_sent(exc: TelegramNetworkError) -> bool:
    """The request never reached Telegram (no connection): safe to send again."""
    cause = exc.__cause__
    return isinstance(cause, ClientConnectorError) or exc.message.startswith("ClientConnector")


def make_owner() -> str:
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{secrets.token_hex(4)}"


class Delivery(ResultWriter):
    """The sender of one process.

    A pump claims due rows (a lease renewed while it works on them) and hands each to its
    chat's pipeline: messages to one chat go strictly in order, chats run side by side (at
    most ``concurrency`` requests at once), so a slow or hung chat holds up nobody else. Each
    result is written as soon as it is known by one writer (what arrives during a commit goes
    into the next one); a failed write is logged and retried, never dropped.

    ``start()`` runs the pump in the background (production); ``run_once()`` sends what is
    due now and returns when it is all recorded (tests, the sandbox); ``stop(timeout)`` is
    the graceful stop for SIGTERM.
    """

    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        translator: Translator,
        clock: Clock,
        *,
        hooks: DeliveryHooks | None = None,
        limiter: Limiter | None = None,
        batch_size: int = 200,
        concurrency: int = 32,
        request_timeout: int = 30,
        single_sender: bool = True,
        owner: str | None = None,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.translator = translator
        self.clock = clock
        self.hooks = hooks or DeliveryHooks()
        self.limiter: Limiter = limiter or RateLimiter()
        self.batch_size = batch_size
        self.request_timeout = request_timeout
        # Without Redis the limits live in this process: only one process may send.
        self.single_sender = single_sender
        self.owner = owner or make_owner()
        self.counters: dict[str, int] = defaultdict(int)
        # When the pump last ran without an error (for health checks), system time.
        self.last_run_at: dt.datetime | None = None
        self._semaphore = asyncio.Semaphore(concurrency)
        self._held: dict[int, OutboxMessage] = {}
        self._queues: dict[int, deque[_Item]] = {}
        self._workers: dict[int, asyncio.Task[None]] = {}
        self._requesting: set[int] = set()
        self._ops: list[_Op] = []
        self._writer: asyncio.Task[None] | None = None
        self._renewer: asyncio.Task[None] | None = None
        self._pump: asyncio.Task[None] | None = None
        self._progress = asyncio.Event()
        self._claim_lock = asyncio.Lock()
        self._lease_checked = -math.inf
        self._has_lease = False
        self._stopping = False
        self._stopped = False
        # time.monotonic() when a run last finished without error (the health port reads it).
        self.last_success: float | None = None

    # ---- running -------------------------------------------------------------------------

    @property
    def max_held(self) -> int:
        """Rows claimed ahead: about two seconds of sending (a claim is a promise to send
        soon; urgent messages queued behind a broadcast wait at most that long)."""
        if self.limiter.unlimited:
            return self.batch_size
        rate = float(getattr(self.limiter, "global_rate", 30.0))
        return max(20, min(self.batch_size, int(rate * 2)))

    def start(self, poll_seconds: float = 1.0) -> None:
        """Run the pump in the background until :meth:`stop`."""
        if self._pump is None and not self._stopping:
            self._pump = asyncio.create_task(self._run_forever(poll_seconds))

    async def run_once(self) -> int:
        """Send everything due now; returns how many rows were claimed. Results are
        recorded when it returns."""
        if self._stopping:
            return 0
        total = 0
        async with self._claim_lock:
            while not self._stopping:
                claimed = await self._claim_more()
                total += claimed
                if not claimed:
                    if not self._held:
                        break
                    await self._wait_progress(1.0)
        await self._drain(None)
        self.last_success = time.monotonic()
        return total

    async def _run_forever(self, poll: float) -> None:
        announced = False
        while not self._stopping:
            room = self.max_held - len(self._held)
            try:
                if self.single_sender and not await self._hold_sender_lease():
                    if not announced:
                        log.warning(
                            "outbox sender not started: another process holds the sender "
                            "lease (set REDIS_URL to run several); it takes over if that "
                            "one stops"
                        )
                        announced = True
                    await asyncio.sleep(outbox.RENEW_EVERY.total_seconds())
                    continue
                if announced:
                    log.info("outbox sender lease taken: sending")
                    announced = False
                async with self._claim_lock:
                    claimed = await self._claim_more()
                self.last_run_at = dt.datetime.now(dt.UTC)
                self.last_success = time.monotonic()
            except Exception as exc:  # the database is away: try again later
                log.warning("outbox pump failed (%s); retrying", type(exc).__name__)
                claimed, room = 0, 1
            if claimed and claimed >= room:
                continue  # more may be due: claim again as soon as there is room
            if self._held and len(self._held) >= self.max_held // 2:
                await self._wait_progress(poll)
            else:
                with contextlib.suppress(TimeoutError):
                    await asyncio.sleep(poll)

    async def _hold_sender_lease(self) -> bool:
        now_m = time.monotonic()
        if self._has_lease and now_m - self._lease_checked < outbox.RENEW_EVERY.total_seconds():
            return True
        async with self.sessionmaker() as session, session.begin():
            now = self.clock.now()
            lease = await outbox.take_sender_lease(session, self.owner, now, outbox.LEASE)
        self._lease_checked = now_m
        taken = lease is not None and not self._has_lease
        self._has_lease = lease is not None
        if taken and lease is not None and lease.paused_until is not None:
            left = (lease.paused_until - now).total_seconds()
            if left > 0:  # a 429 pause from before a restart still runs
                await self.limiter.pause(left)
        return self._has_lease

    async def _claim_more(self) -> int:
        room = self.max_held - len(self._held)
        if room <= 0 or (self._held and room < self.max_held // 2):
            return 0
        async with self.sessionmaker() as session, session.begin():
            rows = await outbox.claim_due(session, self.clock.now(), room, self.owner)
        if rows:
            await self._dispatch(rows)
        return len(rows)

    async def _wait_progress(self, seconds: float) -> None:
        event = self._progress
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), seconds)

    def _signal_progress(self) -> None:
        self._progress.set()
        self._progress = asyncio.Event()

    async def _dispatch(self, rows: Sequence[OutboxMessage]) -> None:
        chat_ids = {r.chat_id for r in rows}
        cache: dict[Any, Any] = {}
        async with self.sessionmaker() as session:
            users = {
                u.id: u for u in (await session.scalars(select(User).where(User.id.in_(chat_ids))))
            }
            for kind, prefetch in self.hooks.prefetch.items():
                of_kind = [r for r in rows if r.kind == kind]
                if of_kind:
                    try:
                        await prefetch(session, of_kind, cache)
                    except Exception as exc:  # renderers fall back to their own look-ups
                        log.error("prefetch for %s failed:%s", kind, _where(exc))
        for row in rows:
            self._held[row.id] = row
            queue = self._queues.get(row.chat_id)
            if queue is None:
                queue = self._queues[row.chat_id] = deque()
            queue.append(_Item(row, users.get(row.chat_id), cache))
            if row.chat_id not in self._workers:
                self._workers[row.chat_id] = asyncio.create_task(self._chat_worker(row.chat_id))
        if self._renewer is None or self._renewer.done():
            self._renewer = asyncio.create_task(self._renew_loop())

    async def _chat_worker(self, chat_id: int) -> None:
        """One chat's messages, strictly in order."""
        queue = self._queues[chat_id]
        try:
            while queue and not self._stopping:
                item = queue[0]
                async with self._semaphore:
                    if self._stopping:
                        break
                    later = await self._send_one(item.row, item.user, item.cache)
                queue.popleft()
                if later is not None:
                    # The message goes again later: the chat's next ones wait with it (same
                    # due time, so they are claimed again in their order).
                    while queue:
                        rest = queue.popleft().row
                        now = self.clock.now()
                        self._record(
                            _Op("reschedule", rest, now, due=later, error="order", count=False)
                        )
        finally:
            # Stopping: what this chat did not send goes back, due at once for the next owner.
            for item in queue:
                if item.row.id in self._held:
                    self._record(_Op("release", item.row, self.clock.now()))
            queue.clear()
            self._queues.pop(chat_id, None)
            self._workers.pop(chat_id, None)
            self._signal_progress()

    # ---- leases --------------------------------------------------------------------------

    async def renew_now(self) -> int:
        """Extend the claims this process holds (also of results not yet written)."""
        ids = list(self._held) + [op.row.id for op in self._ops if op.row is not None]
        if not ids:
            return 0
        async with self.sessionmaker() as session, session.begin():
            return await outbox.renew(session, ids, self.owner, self.clock.now())

    async def _renew_loop(self) -> None:
        every = outbox.RENEW_EVERY.total_seconds()
        while self._held or self._ops:
            await asyncio.sleep(every)
            try:
                await self.renew_now()
            except Exception as exc:
                log.warning("renewing outbox claims failed (%s)", type(exc).__name__)

    # ---- sending one message --------------------------------------------------------------

    async def _send_one(
        self, row: OutboxMessage, user: User | None, cache: dict[Any, Any] | None = None
    ) -> dt.datetime | None:
        """Send one message and record the result; returns the new due time when the
        message was put back for later."""
        now = self.clock.now()
        if user is not None and user.blocked_at is not None:
            self._record(_Op("failed", row, now, error="blocked"))
            return None
        locale = pick_locale(
            user.locale if user else None,
            user.tg_language if user else None,
            self.translator.default,
        )
        l10n = self.translator.get(locale)
        # Most renders find what they need in the batch cache; a session that never touched
        # the database holds nothing, so only a used one pays for a close.
        session = self.sessionmaker()
        try:
            ctx = RenderContext(
                l10n=l10n,
                user=user,
                now=now,
                session=session,
                cache=cache if cache is not None else {},
            )
            renderer = self.hooks.renderers.get(row.kind, render_default)
            outgoing = await renderer(row, ctx)
        except Exception as exc:
            log.error("outbox row %s (%s) failed to render:%s", row.id, row.kind, _where(exc))
            await session.close()
            self._record(_Op("failed", row, self.clock.now(), error="render"))
            return None
        if session.in_transaction() or session.sync_session.identity_map:
            await session.close()
        if outgoing is None:  # the renderer decided the message is moot (e.g. case closed)
            self._record(_Op("failed", row, self.clock.now(), error="moot"))
            return None
        premark = row.kind in self.hooks.at_most_once
        while True:
            slot = await self.limiter.acquire(row.chat_id)
            if premark:
                premark = False
                try:
                    await self._record_and_wait(_Op("provisional", row, self.clock.now()))
                except asyncio.CancelledError:  # stopped before the request: send it later
                    await self.limiter.release(slot)
                    self._record(
                        _Op(
                            "reschedule", row, self.clock.now(), due=now, error="stop", count=False
                        )
                    )
                    raise
            self._requesting.add(row.chat_id)
            try:
                message_id = await self._request(row, outgoing)
            except TelegramRetryAfter as exc:
                await self._pause_all(exc.retry_after)
                if exc.retry_after <= IN_PLACE_RETRY_MAX and not self._stopping:
                    continue  # the chat keeps its order: this message goes first after the pause
                due = self.clock.now() + dt.timedelta(seconds=exc.retry_after)
                self._record(
                    _Op("reschedule", row, now, due=due, error="retry_after", count=False)
                )
                return due
            except TelegramForbiddenError:
                self.counters["blocked"] += 1
                self._record(_Op("blocked", row, self.clock.now()))
                if user is not None:  # later rows for the chat skip Telegram too
                    user.blocked_at = self.clock.now()
                return None
            except (TelegramBadRequest, TelegramNotFound) as exc:
                log.warning("outbox row %s refused by Telegram: %s", row.id, type(exc).__name__)
                self.counters["failed"] += 1
                self._record(_Op("failed", row, self.clock.now(), error="bad_request"))
                return None
            except TelegramNetworkError as exc:
                if _not_sent(exc):
                    return self._transient(row, exc)
                self._uncertain(row, exc)
                return None
            except TimeoutError as exc:
                self._uncertain(row, exc)
                return None
            except asyncio.CancelledError:
                # Stopped mid-request: Telegram may have it. Recorded, not sent again.
                self.counters["uncertain"] += 1
                self._record(_Op("uncertain", row, self.clock.now()))
                raise
            except Exception as exc:  # 5xx, refused connections, anything unexpected: later
                return self._transient(row, exc)
            finally:
                self._requesting.discard(row.chat_id)
                await self.limiter.release(slot)
            self.counters["sent"] += 1
            self._record(_Op("sent", row, self.clock.now(), message_id=message_id))
            return None

    async def _request(self, row: OutboxMessage, outgoing: Outgoing) -> int | None:
        """Send; a request still unanswered after ``UNCERTAIN_AFTER`` is recorded as possibly
        delivered at once, so that a crash while it hangs does not send it a second time."""
        task = asyncio.ensure_future(self._deliver(row.chat_id, outgoing))
        try:
            done, _ = await asyncio.wait({task}, timeout=UNCERTAIN_AFTER)
            if not done:
                self._record(_Op("provisional", row, self.clock.now()))
            return await task
        except asyncio.CancelledError:
            task.cancel()
            raise

    def _uncertain(self, row: OutboxMessage, exc: BaseException) -> None:
        # The request timed out or the connection dropped after it was sent: Telegram may
        # have delivered it, and the Bot API cannot tell us. We do not send it again. The
        # trade-off, as a person sees it: in the rare case Telegram did NOT get it, the
        # message is missing (the row says "uncertain", so operators can see and count it),
        # instead of, in the common case, everyone behind a slow Telegram getting the same
        # reminder or announcement twice or more. Requests that never left (no connection)
        # and error answers (5xx) are retried as before.
        log.warning(
            "outbox row %s: no answer (%s), recorded as uncertain", row.id, type(exc).__name__
        )
        self.counters["uncertain"] += 1
        self._record(_Op("uncertain", row, self.clock.now()))

    def _transient(self, row: OutboxMessage, exc: BaseException) -> dt.datetime | None:
        log.warning("outbox row %s: transient error %s", row.id, type(exc).__name__)
        self.counters["transient"] += 1
        now = self.clock.now()
        if row.attempts >= outbox.MAX_ATTEMPTS:
            self._record(_Op("failed", row, now, error="network"))
            return None
        due = now + outbox.backoff(row.attempts)
        self._record(_Op("reschedule", row, now, due=due, error="network"))
        return due

    async def _pause_all(self, seconds: float) -> None:
        """A 429: every send waits, not only this chat's (and, without Redis, a restart
        remembers the pause through the sender lease row)."""
        self.counters["retry_after"] += 1
        await self.limiter.pause(seconds)
        if self.single_sender:
            until = self.clock.now() + dt.timedelta(seconds=seconds)
            self._record(_Op("pause", None, self.clock.now(), due=until))
        log.warning("flood control: every send paused for %ss", seconds)

    # ---- stopping ------------------------------------------------------------------------

    async def stop(self, timeout: float = 10.0) -> None:  # noqa: ASYNC109 - the API asked for
        """Graceful stop (wired to SIGTERM): claim nothing more, let the requests in flight
        finish (at most ``timeout`` seconds; one still unanswered then is recorded as
        uncertain), record every result, give the unsent claims and the sender lease back."""
        if self._stopped:
            return
        self._stopping = True
        deadline = time.monotonic() + timeout
        if self._pump is not None:
            self._pump.cancel()
            await asyncio.gather(self._pump, return_exceptions=True)
        async with self._claim_lock:
            pass
        for chat_id, task in list(self._workers.items()):
            if chat_id not in self._requesting:
                task.cancel()  # waiting for its turn: nothing was sent
        workers = list(self._workers.values())
        if workers:
            left = max(0.0, deadline - time.monotonic())
            _done, late = await asyncio.wait(workers, timeout=left)
            for task in late:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        if not await self._drain(max(5.0, deadline - time.monotonic())):
            log.warning("outbox: %d result(s) not recorded at stop", len(self._ops))
        if self._renewer is not None:
            self._renewer.cancel()
            await asyncio.gather(self._renewer, return_exceptions=True)
        if self._has_lease:
            try:
                async with self.sessionmaker() as session, session.begin():
                    await outbox.drop_sender_lease(session, self.owner, self.clock.now())
            except Exception as exc:
                log.warning("outbox: giving back the sender lease failed (%s)", type(exc).__name__)
            self._has_lease = False
        await self.limiter.close()
        self._stopped = True

    async def _deliver(self, chat_id: int, out: Outgoing) -> int | None:
        """Send one rendered message (the Bot API calls: ``delivery_render.send_outgoing``)."""
        return await send_outgoing(self.bot, chat_id, out, self.request_timeout)
