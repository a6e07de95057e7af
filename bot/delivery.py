"""The sender: claims due outbox rows, renders them, sends them within Telegram's limits.

One :class:`Delivery` per process, driven by an APScheduler interval job (``run_once``).
Rendering happens at send time in the recipient's current language, so a reminder queued
weeks ago still speaks the language the person chose since.

Payload forms of :func:`render_default`: ``{"l10n": key, "args": {...}, "buttons": [...]}`` or
``{"text": ...}``; ``{"copy": [from_chat_id, message_id]}`` relays a message with
copy_message; adding ``"edit": message_id`` to a text form edits that message of the chat
(edit_message_text) instead of sending a new one.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import (
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageId,
)
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import outbox
from bot.clock import Clock
from bot.i18n import L10n, Translator, pick_locale
from bot.models import OutboxMessage, User

log = logging.getLogger(__name__)

# Results are written in small groups (one transaction instead of one per message); a "sent"
# mark waits at most this long, which bounds the duplicate window after a crash.
MARK_DELAY = 0.02


@dataclass(slots=True)
class Outgoing:
    """What to send, independent of how it was queued."""

    text: str = ""
    buttons: list[list[InlineKeyboardButton]] | None = None
    copy_from: tuple[int, int] | None = None  # (from_chat_id, message_id)
    document: tuple[str, bytes] | None = None  # (file name, content)
    # A photo or document Telegram already has: (kind, file_id); the text is its caption.
    media: tuple[str, str] | None = None
    # Edit the text (and buttons) of a message sent earlier instead of sending a new one.
    edit_message_id: int | None = None


@dataclass(slots=True)
class RenderContext:
    l10n: L10n
    user: User | None
    now: dt.datetime
    session: AsyncSession
    # A memo shared by the renderers of one claimed batch (say, a case's members), so a
    # batch of reminders about one hearing does not repeat the same look-ups.
    cache: dict[Any, Any] = field(default_factory=dict)


Renderer = Callable[[OutboxMessage, RenderContext], Awaitable[Outgoing | None]]
BlockedHook = Callable[[AsyncSession, int, dt.datetime], Awaitable[None]]
# Loads what a kind's renderer needs for a whole claimed batch into the batch cache.
Prefetch = Callable[[AsyncSession, Sequence[OutboxMessage], dict[Any, Any]], Awaitable[None]]
SentHook = Callable[[AsyncSession, OutboxMessage, int | None], Awaitable[None]]


def buttons_from_payload(
    rows: Sequence[Sequence[Mapping[str, Any]]] | None, l10n: L10n
) -> list[list[InlineKeyboardButton]] | None:
    """Payload buttons: ``{"t": key, "args": {...}}`` or ``{"text": ...}``, plus cb or url."""
    if not rows:
        return None
    out: list[list[InlineKeyboardButton]] = []
    for row in rows:
        line: list[InlineKeyboardButton] = []
        for spec in row:
            text = l10n(spec["t"], **spec.get("args", {})) if "t" in spec else str(spec["text"])
            if "url" in spec:
                line.append(InlineKeyboardButton(text=text, url=spec["url"]))
            else:
                line.append(InlineKeyboardButton(text=text, callback_data=spec["cb"]))
        out.append(line)
    return out


async def render_default(row: OutboxMessage, ctx: RenderContext) -> Outgoing:
    payload = row.payload
    if "copy" in payload:
        src = payload["copy"]
        return Outgoing(copy_from=(int(src[0]), int(src[1])))
    if "l10n" in payload:
        text = ctx.l10n(payload["l10n"], **payload.get("args", {}))
    else:
        text = str(payload.get("text", ""))
    edit = payload.get("edit")
    return Outgoing(
        text=text,
        buttons=buttons_from_payload(payload.get("buttons"), ctx.l10n),
        edit_message_id=int(edit) if edit is not None else None,
    )


class RateLimiter:
    """About ``global_rate`` messages a second overall and one per ``per_chat`` seconds a chat.

    Slots are reserved before sleeping, so concurrent senders never exceed the rates.
    """

    def __init__(self, global_rate: float = 25.0, per_chat: float = 1.0) -> None:
        self.interval = 1.0 / global_rate if global_rate > 0 else 0.0
        self.per_chat = per_chat
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._paused_until = 0.0

    def reserve(self, chat_id: int, now: float) -> float:
        """Return how long to wait before sending to ``chat_id``; the slot is then taken."""
        start = max(now, self._next_global, self._next_chat.get(chat_id, 0.0), self._paused_until)
        self._next_global = start + self.interval
        self._next_chat[chat_id] = start + self.per_chat
        if len(self._next_chat) > 10_000:
            self._next_chat = {k: v for k, v in self._next_chat.items() if v > now}
        return start - now

    def pause(self, seconds: float, now: float) -> None:
        self._paused_until = max(self._paused_until, now + seconds)

    async def acquire(self, chat_id: int) -> None:
        wait = self.reserve(chat_id, time.monotonic())
        if wait > 0:
            await asyncio.sleep(wait)


@dataclass(slots=True)
class DeliveryHooks:
    renderers: dict[str, Renderer] = field(default_factory=dict)
    on_blocked: list[BlockedHook] = field(default_factory=list)
    on_sent: dict[str, SentHook] = field(default_factory=dict)
    # Optional, per kind: one look-up per batch instead of several per message.
    prefetch: dict[str, Prefetch] = field(default_factory=dict)


class Delivery:
    def __init__(
        self,
        bot: Bot,
        sessionmaker: async_sessionmaker[AsyncSession],
        translator: Translator,
        clock: Clock,
        *,
        hooks: DeliveryHooks | None = None,
        limiter: RateLimiter | None = None,
        batch_size: int = 200,
        concurrency: int = 32,
    ) -> None:
        self.bot = bot
        self.sessionmaker = sessionmaker
        self.translator = translator
        self.clock = clock
        self.hooks = hooks or DeliveryHooks()
        self.limiter = limiter or RateLimiter()
        self.batch_size = batch_size
        self._semaphore = asyncio.Semaphore(concurrency)
        self._lock = asyncio.Lock()
        self._sent: list[tuple[OutboxMessage, dt.datetime, int | None]] = []
        self._failed: list[tuple[int, str]] = []
        self._mark_lock = asyncio.Lock()
        self._marker: asyncio.Task[None] | None = None
        self._marker_waiting = False
        self._stopped = False
        # time.monotonic() when a run last finished without error (the health port reads it).
        self.last_success: float | None = None

    async def stop(self) -> None:
        """Let a send in progress finish and refuse new ones (before the session closes)."""
        self._stopped = True
        async with self._lock:
            pass

    async def run_once(self) -> int:
        """Send everything due now; returns how many rows were processed."""
        if self._lock.locked() or self._stopped:
            return 0
        async with self._lock:
            total = 0
            while True:
                async with self.sessionmaker() as session, session.begin():
                    rows = await outbox.claim_due(session, self.clock.now(), self.batch_size)
                if not rows:
                    self.last_success = time.monotonic()
                    return total
                total += len(rows)
                await self._send_batch(rows)
                if len(rows) < self.batch_size:
                    self.last_success = time.monotonic()
                    return total

    async def _send_batch(self, rows: Sequence[OutboxMessage]) -> None:
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
                    except Exception:  # renderers fall back to their own look-ups
                        log.exception("prefetch for %s failed", kind)
        by_chat: dict[int, list[OutboxMessage]] = defaultdict(list)
        for row in rows:
            by_chat[row.chat_id].append(row)
        try:
            await asyncio.gather(
                *(
                    self._send_chat(chat_rows, users.get(chat), cache)
                    for chat, chat_rows in by_chat.items()
                )
            )
        finally:
            await self._flush_marks(final=True)

    # ---- results, written in small groups ------------------------------------------------

    def _mark_sent_later(self, row: OutboxMessage, message_id: int | None) -> None:
        self._sent.append((row, self.clock.now(), message_id))
        self._wake_marker()

    def _mark_failed_later(self, row_id: int, error: str) -> None:
        self._failed.append((row_id, error))
        self._wake_marker()

    def _wake_marker(self) -> None:
        if self._marker is None or self._marker.done():
            self._marker_waiting = True
            self._marker = asyncio.create_task(self._mark_soon())

    async def _mark_soon(self) -> None:
        try:
            await asyncio.sleep(MARK_DELAY)
        except asyncio.CancelledError:
            return
        finally:
            self._marker_waiting = False
        await self._flush_marks()

    async def _flush_marks(self, *, final: bool = False) -> None:
        if final and self._marker is not None and not self._marker.done():
            if self._marker_waiting:
                self._marker.cancel()  # still sleeping: this flush does its work
            await asyncio.gather(self._marker, return_exceptions=True)
        async with self._mark_lock:
            sent, self._sent = self._sent, []
            failed, self._failed = self._failed, []
            if not sent and not failed:
                return
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_sent_many(session, [(r.id, at, mid) for r, at, mid in sent])
                await outbox.mark_failed_many(session, failed)
                for row, _at, message_id in sent:
                    hook = self.hooks.on_sent.get(row.kind)
                    if hook is not None:
                        await hook(session, row, message_id)

    async def _send_chat(
        self, rows: list[OutboxMessage], user: User | None, cache: dict[Any, Any]
    ) -> None:
        for row in rows:
            async with self._semaphore:
                await self._send_one(row, user, cache)

    async def _send_one(
        self, row: OutboxMessage, user: User | None, cache: dict[Any, Any] | None = None
    ) -> None:
        now = self.clock.now()
        if user is not None and user.blocked_at is not None:
            self._mark_failed_later(row.id, "blocked")
            return
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
        except Exception:
            log.exception("outbox row %s (%s) failed to render", row.id, row.kind)
            await session.close()
            self._mark_failed_later(row.id, "render")
            return
        if session.in_transaction() or session.sync_session.identity_map:
            await session.close()
        if outgoing is None:  # the renderer decided the message is moot (e.g. case closed)
            self._mark_failed_later(row.id, "moot")
            return
        await self.limiter.acquire(row.chat_id)
        try:
            message_id = await self._deliver(row.chat_id, outgoing)
        except TelegramRetryAfter as exc:
            self.limiter.pause(exc.retry_after, time.monotonic())
            due = self.clock.now() + dt.timedelta(seconds=exc.retry_after)
            async with self.sessionmaker() as session, session.begin():
                await outbox.reschedule(session, row.id, due, "retry_after", count=False)
            log.warning("flood control: retry after %ss", exc.retry_after)
            return
        except TelegramForbiddenError:
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_failed(session, row.id, "blocked")
                await self._mark_blocked(session, row.chat_id)
            if user is not None:  # later rows of this batch for the chat skip Telegram too
                user.blocked_at = self.clock.now()
            return
        except (TelegramBadRequest, TelegramNotFound) as exc:
            log.warning("outbox row %s refused by Telegram: %s", row.id, type(exc).__name__)
            async with self.sessionmaker() as session, session.begin():
                await outbox.mark_failed(session, row.id, "bad_request")
            return
        except (TelegramNetworkError, TelegramServerError, OSError, TimeoutError) as exc:
            async with self.sessionmaker() as session, session.begin():
                if row.attempts >= outbox.MAX_ATTEMPTS:
                    await outbox.mark_failed(session, row.id, "network")
                else:
                    due = self.clock.now() + outbox.backoff(row.attempts)
                    await outbox.reschedule(session, row.id, due, "network")
            log.warning("outbox row %s: transient error %s", row.id, type(exc).__name__)
            return
        self._mark_sent_later(row, message_id)

    async def _mark_blocked(self, session: AsyncSession, chat_id: int) -> None:
        now = self.clock.now()
        await session.execute(
            update(User)
            .where(User.id == chat_id, User.blocked_at.is_(None))
            .values(blocked_at=now)
        )
        for hook in self.hooks.on_blocked:
            await hook(session, chat_id, now)

    async def _deliver(self, chat_id: int, out: Outgoing) -> int | None:
        markup = InlineKeyboardMarkup(inline_keyboard=out.buttons) if out.buttons else None
        result: Message | MessageId
        if out.edit_message_id is not None:
            edited = await self.bot.edit_message_text(
                chat_id=chat_id,
                message_id=out.edit_message_id,
                text=out.text,
                reply_markup=markup,
            )
            return edited.message_id if isinstance(edited, Message) else out.edit_message_id
        if out.copy_from is not None:
            result = await self.bot.copy_message(
                chat_id=chat_id,
                from_chat_id=out.copy_from[0],
                message_id=out.copy_from[1],
                reply_markup=markup,
            )
        elif out.media is not None:
            kind, file_id = out.media
            send = self.bot.send_photo if kind == "photo" else self.bot.send_document
            result = await send(chat_id, file_id, caption=out.text or None, reply_markup=markup)
        elif out.document is not None:
            name, content = out.document
            result = await self.bot.send_document(
                chat_id=chat_id,
                document=BufferedInputFile(content, filename=name),
                caption=out.text or None,
                reply_markup=markup,
            )
        else:
            result = await self.bot.send_message(
                chat_id=chat_id,
                text=out.text,
                reply_markup=markup,
            )
        return result.message_id
