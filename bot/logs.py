"""Logging set-up: plain text or one JSON object a line (``LOG_FORMAT=json``).

Whatever ``LOG_LEVEL`` says, loggers that would print people's words stay quiet (aiogram's
update events, the SQL drivers: see ``bot.db.DRIVER_LOGGERS``), and APScheduler's per-run
lines ("Running job ...", "executed successfully": most of a busy log) are silenced.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

QUIET_LOGGERS = (
    "aiogram.event",
    "apscheduler.executors.default",
    "apscheduler.scheduler",
    "aiohttp.access",
    "alembic.runtime.plugins",
)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, and the exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class _DropSkippedRuns(logging.Filter):
    """A job still running when its next run is due is normal (the sender on a big batch)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


def setup_logging(level: str, log_format: str = "text") -> None:
    handler = logging.StreamHandler(sys.stderr)
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    scheduler_log = logging.getLogger("apscheduler.scheduler")
    if not any(isinstance(f, _DropSkippedRuns) for f in scheduler_log.filters):
        scheduler_log.addFilter(_DropSkippedRuns())
    from bot.db import quiet_driver_loggers

    quiet_driver_loggers()


# ---- Sentry (optional) -----------------------------------------------------------------------

SCRUBBED = "[scrubbed]"


def _scrub_frames(holder: dict[str, Any]) -> None:
    for frame in (holder.get("stacktrace") or {}).get("frames") or []:
        if isinstance(frame, dict):
            for key in ("vars", "pre_context", "context_line", "post_context"):
                frame.pop(key, None)


def scrub_event(event: dict[str, Any], _hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's ``before_send``: keep where and what kind of error, drop every text that could
    be a person's words (messages, exception values, local variables, request bodies,
    breadcrumbs' data, the user)."""
    event.pop("user", None)
    event.pop("extra", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "headers"):
            request.pop(key, None)
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        logentry.pop("params", None)
        logentry.pop("formatted", None)
    if "message" in event:
        event["message"] = SCRUBBED
    for exception in (event.get("exception") or {}).get("values") or []:
        if isinstance(exception, dict):
            exception["value"] = SCRUBBED
            _scrub_frames(exception)
    for thread in (event.get("threads") or {}).get("values") or []:
        if isinstance(thread, dict):
            _scrub_frames(thread)
    breadcrumbs = event.get("breadcrumbs")
    crumbs = breadcrumbs.get("values") if isinstance(breadcrumbs, dict) else breadcrumbs
    for crumb in crumbs or []:
        if isinstance(crumb, dict):
            crumb.pop("data", None)
            if "message" in crumb:
                crumb["message"] = SCRUBBED
    return event


def setup_sentry(dsn: str | None, environment: str) -> bool:
    """Report errors to Sentry when ``SENTRY_DSN`` is set and the ``sentry`` extra is
    installed; returns whether it is on."""
    if not dsn:
        return False
    try:
        import sentry_sdk
    except ImportError:
        logging.getLogger(__name__).warning(
            "SENTRY_DSN is set but sentry-sdk is not installed: pip install "
            "'asylum-help-bot[sentry]'; continuing without error reporting"
        )
        return False
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        send_default_pii=False,
        include_local_variables=False,
        include_source_context=False,
        max_request_body_size="never",
        before_send=scrub_event,  # type: ignore[arg-type]
        before_send_transaction=None,
        traces_sample_rate=0.0,
    )
    return True
