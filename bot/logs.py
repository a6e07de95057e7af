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
