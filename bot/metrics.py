"""Prometheus metrics: what an operator watches (``/metrics`` on the health port).

Counters and histograms live in one registry per process (``REGISTRY``), fed by an update
middleware (updates by kind and outcome, handler latency) and a Bot session middleware
(Telegram API errors, 429s). Outbox and search figures are read from the database when the
page is scraped, so they are the same whichever instance answers and survive restarts.
No label ever carries a person's id or words.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from aiogram import BaseMiddleware
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import TelegramObject, Update
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.models import OutboxMessage, OutboxStatus, SearchGap

if TYPE_CHECKING:
    from aiogram import Bot

REGISTRY = CollectorRegistry(auto_describe=True)

UPDATES = Counter(
    "bot_updates",
    "Updates received, by kind (message, callback_query...) and outcome",
    ["kind", "outcome"],
    registry=REGISTRY,
)
HANDLER_SECONDS = Histogram(
    "bot_update_handling_seconds",
    "Time from an update's arrival to the end of its handling, by kind",
    ["kind"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)
UPDATES_IN_PROGRESS = Gauge(
    "bot_updates_in_progress", "Updates being handled right now", registry=REGISTRY
)
API_ERRORS = Counter(
    "bot_telegram_api_errors",
    "Bot API calls that failed, by method and error class",
    ["method", "error"],
    registry=REGISTRY,
)
RETRY_AFTER = Counter(
    "bot_telegram_retry_after",
    "429 Too Many Requests answers from Telegram (flood control)",
    registry=REGISTRY,
)
OUTBOX_ROWS = Gauge(
    "bot_outbox_messages",
    "Outbox messages by status (pending rows that are due count as due)",
    ["status"],
    registry=REGISTRY,
)
OUTBOX_LAG = Gauge(
    "bot_outbox_lag_seconds",
    "How long the oldest due outbox message has been waiting (0 when none)",
    registry=REGISTRY,
)
SEARCH_DECLINES = Gauge(
    "bot_search_declines",
    "Questions the knowledge base declined (and 'not it' presses), kept for "
    "GAP_RETENTION_DAYS, by reason",
    ["reason"],
    registry=REGISTRY,
)
SENDER_LAST_SUCCESS = Gauge(
    "bot_sender_last_success_age_seconds",
    "Seconds since the outbox sender last finished a run without error (-1: never)",
    registry=REGISTRY,
)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


class UpdateTracker(BaseMiddleware):
    """The outermost update middleware: counts, times, and remembers the newest update id.

    ``in_progress`` lets a graceful shutdown wait for the updates being handled; the highest
    finished update id lets long polling confirm them to Telegram before the process exits.
    """

    def __init__(self) -> None:
        self.in_progress = 0
        self.last_update_id: int | None = None

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        kind = event.event_type if isinstance(event, Update) else type(event).__name__
        started = time.perf_counter()
        self.in_progress += 1
        UPDATES_IN_PROGRESS.inc()
        outcome = "error"
        try:
            result = await handler(event, data)
            outcome = "unhandled" if result is UNHANDLED else "handled"
            return result
        finally:
            self.in_progress -= 1
            UPDATES_IN_PROGRESS.dec()
            UPDATES.labels(kind=kind, outcome=outcome).inc()
            HANDLER_SECONDS.labels(kind=kind).observe(time.perf_counter() - started)
            if isinstance(event, Update):
                current = self.last_update_id
                if current is None or event.update_id > current:
                    self.last_update_id = event.update_id


class ApiErrorCounter(BaseRequestMiddleware):
    """Counts failed Bot API calls and 429s, whoever made them (handlers or the sender)."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter:
            RETRY_AFTER.inc()
            API_ERRORS.labels(method=method.__api_method__, error="TelegramRetryAfter").inc()
            raise
        except TelegramAPIError as exc:
            API_ERRORS.labels(method=method.__api_method__, error=type(exc).__name__).inc()
            raise


async def refresh_from_database(
    sessionmaker: async_sessionmaker[AsyncSession], now: dt.datetime
) -> None:
    """Outbox and search-decline gauges, read at scrape time."""
    async with sessionmaker() as session:
        by_status = dict(
            (
                await session.execute(
                    select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
                )
            ).all()
        )
        due, oldest = (
            await session.execute(
                select(func.count(), func.min(OutboxMessage.due_at)).where(
                    OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.due_at <= now
                )
            )
        ).one()
        gaps = dict(
            (
                await session.execute(
                    select(SearchGap.reason, func.count()).group_by(SearchGap.reason)
                )
            ).all()
        )
    for status in {str(s) for s in OutboxStatus} | {str(s) for s in by_status}:
        OUTBOX_ROWS.labels(status=status).set(by_status.get(status, 0))
    OUTBOX_ROWS.labels(status="due").set(due or 0)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=dt.UTC)
    OUTBOX_LAG.set(max(0.0, (now - oldest).total_seconds()) if oldest is not None else 0.0)
    for reason, count in gaps.items():
        SEARCH_DECLINES.labels(reason=str(reason)).set(count)


def render() -> bytes:
    return generate_latest(REGISTRY)
