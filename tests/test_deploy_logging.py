"""Logs: JSON lines on request, APScheduler's per-run lines silenced; Sentry without
personal data."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
import sentry_sdk
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot import logs


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    levels = {n: logging.getLogger(n).level for n in logs.QUIET_LOGGERS}
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)
    for name, old in levels.items():
        logging.getLogger(name).setLevel(old)


@pytest.mark.usefixtures("restore_logging")
def test_json_logs_are_one_object_a_line(capsys: pytest.CaptureFixture[str]) -> None:
    logs.setup_logging("INFO", "json")
    log = logging.getLogger("bot.test")
    log.info("started %s", "polling")
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("failed")
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == "started polling"
    assert first["level"] == "INFO"
    assert first["logger"] == "bot.test"
    assert first["time"].endswith("+00:00")
    assert "RuntimeError: boom" in second["exception"]


@pytest.mark.usefixtures("restore_logging")
async def test_scheduler_runs_leave_no_log_lines(capsys: pytest.CaptureFixture[str]) -> None:
    logs.setup_logging("INFO", "text")
    runs = 0
    done = asyncio.Event()

    async def job() -> None:
        nonlocal runs
        runs += 1
        if runs >= 3:
            done.set()
        await asyncio.sleep(0.3)  # longer than the interval: skipped runs too

    scheduler = AsyncIOScheduler()
    scheduler.add_job(job, "interval", seconds=0.1, max_instances=1, id="outbox")
    scheduler.start()
    try:
        await asyncio.wait_for(done.wait(), 10)
    finally:
        scheduler.shutdown(wait=False)
    err = capsys.readouterr().err
    assert "Running job" not in err
    assert "executed successfully" not in err
    assert "maximum number of running instances" not in err


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_sentry_events_carry_no_personal_data(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}
    real_init = sentry_sdk.init
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: seen.update(kw))
    assert logs.setup_sentry("https://public@sentry.example.invalid/1", "production")
    assert seen["send_default_pii"] is False
    assert seen["include_local_variables"] is False
    assert seen["include_source_context"] is False
    assert seen["before_send"] is logs.scrub_event
    assert logs.setup_sentry(None, "production") is False

    events: list[Any] = []
    options = {k: v for k, v in seen.items() if k != "transport"}
    with sentry_sdk.isolation_scope():
        real_init(**options, transport=events.append, default_integrations=False)
        try:
            words = "Меня зовут Иван Петров, A-номер 123456789"
            sentry_sdk.add_breadcrumb(message=words, data={"text": words})
            raise ValueError(words)
        except ValueError as exc:
            sentry_sdk.capture_exception(exc)
        sentry_sdk.capture_message(f"failed for {words}")
        sentry_sdk.flush()
    sentry_sdk.get_client().close()
    assert len(events) == 2
    dumped = json.dumps(events, ensure_ascii=False)
    assert "Иван" not in dumped
    assert "123456789" not in dumped
    assert "ValueError" in dumped  # the kind of error and where it happened stay
