"""Personal data stays where it belongs: not in logs at any level, not in the clear in the
conversation state."""

from __future__ import annotations

import asyncio
import logging

import pytest
from sqlalchemy import select

from bot.dispatcher import App
from bot.models import FsmRecord
from bot.simulator import Simulator
from tests.case_helpers import PersonInput, open_case
from tests.case_helpers import onboard as onboard_relative

QUESTION = "Кот Барсик задержан на Луне детеншн Морковкино что делать"
NAME = "SENTINELOV SERGEI"
NOTE = "тайная заметка Огурцова"
SECRETS = ("Барсик", "Морковкино", "SENTINELOV", "Sentinelov", "Огурцова")


def _leaks(caplog: pytest.LogCaptureFixture) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage() + (record.exc_text or "")
        if any(s in text for s in SECRETS):
            found.append(f"{record.name}: {text[:200]}")
    return found


async def test_no_user_text_in_logs_even_at_debug(
    sim: Simulator, app: App, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    anna = await onboard_relative(sim, 1001)
    await anna.send(QUESTION)  # an unanswered question: stored as a gap
    await open_case(anna, PersonInput(latin=NAME, place="Adelanto", notes=NOTE))
    await sim.deliver(app.delivery)
    assert any("SENTINELOV" in t or "Sentinelov" in t for t in anna.texts())  # it did happen
    assert len(caplog.records) > 0
    assert _leaks(caplog) == []


async def test_free_text_in_conversation_state_is_encrypted(sim: Simulator, app: App) -> None:
    anna = await onboard_relative(sim, 1001)
    await anna.send("/menu")
    await anna.press("Спросить волонтёра")
    await anna.send(QUESTION)  # the question waits in the state for its category
    async with app.sessionmaker() as session:
        records = (await session.scalars(select(FsmRecord))).all()
    stored = " ".join(str(r.data) for r in records)
    assert records
    assert "Барсик" not in stored
    context = app.dispatcher.fsm.resolve_context(app.bot, 1001, 1001)
    assert context is not None
    assert "Барсик" in str(await context.get_data())  # the flow itself still reads it


DESK_QUESTION = "Мужа Кукушкина Бориса перевели из Морковкино, как узнать где он"
VOLUNTEER_REPLY = "Проверьте локатор по номеру Зефиров-777"
PERSON_REPLY = "Спасибо, номер Пастилов-888 не подошёл"
ALL_SECRETS = (*SECRETS, "Кукушкин", "Зефиров", "Пастилов")


class _Everything(logging.Handler):
    """Every record of every logger, formatted the way the bot's own handler formats it
    (message, arguments, traceback and stack)."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []
        self.names: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))
        self.names.add(record.name.split(".")[0])


async def test_no_user_text_in_any_log_line_at_debug(sim: Simulator, app: App) -> None:
    """LOG_LEVEL=DEBUG as ``python -m bot`` sets it (root at DEBUG, ``setup_logging``'s own
    caps), everything captured at the root: aiogram, the SQL driver and SQLAlchemy,
    APScheduler running the real jobs, the bot. A question, a desk conversation both ways,
    a case form: none of the words appear."""
    from bot.logs import setup_logging
    from tests.desk_helpers import ask, make_volunteer

    root = logging.getLogger()
    handler = _Everything()
    old_level = root.level
    old_handlers = list(root.handlers)
    setup_logging("DEBUG")  # replaces the root's handlers: ours goes on after it
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Stricter than production: aiogram's update log (capped at WARNING there) is on too.
    event_log = logging.getLogger("aiogram.event")
    event_level = event_log.level
    event_log.setLevel(logging.DEBUG)
    # And APScheduler's per-run lines (silenced in production, bot/logs.py).
    scheduler_logs = [
        logging.getLogger(name)
        for name in ("apscheduler.scheduler", "apscheduler.executors.default")
    ]
    scheduler_levels = [log.level for log in scheduler_logs]
    for log in scheduler_logs:
        log.setLevel(logging.DEBUG)
    try:
        anna = await onboard_relative(sim, 1001)
        await anna.send(QUESTION)
        await open_case(anna, PersonInput(latin=NAME, place="Adelanto", notes=NOTE))
        vera = await make_volunteer(sim, app, 2001, "Вера")
        ticket = await ask(sim, app, anna, DESK_QUESTION)
        await sim.deliver(app.delivery)
        await vera.press_data(f"dk:take:{ticket}:")
        await vera.send(VOLUNTEER_REPLY)
        await sim.deliver(app.delivery)
        await anna.send(PERSON_REPLY)
        await sim.deliver(app.delivery)
        assert any(PERSON_REPLY in t for t in vera.texts())  # it did reach the volunteer
        assert any(VOLUNTEER_REPLY in t for t in anna.texts())
        # The scheduler's real jobs, once (deliveries, sweeps, purges).
        await app.start_jobs()
        await asyncio.sleep(0.5)
        app.scheduler.shutdown(wait=True)
    finally:
        for added in list(root.handlers):
            root.removeHandler(added)
        for kept in old_handlers:
            root.addHandler(kept)
        root.setLevel(old_level)
        event_log.setLevel(event_level)
        for log, level in zip(scheduler_logs, scheduler_levels, strict=True):
            log.setLevel(level)
    assert {"aiogram", "apscheduler"} <= handler.names
    leaks = [line[:300] for line in handler.lines if any(s in line for s in ALL_SECRETS)]
    assert leaks == []
