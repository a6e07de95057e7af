"""Appeal deadlines stored under the blocked 10-day BIA rule are recomputed to 30 days, and
everyone in the case is told the corrected date once (issue 12; facts.md §15)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.hearings import corrections, reminders, rules, service
from bot.hearings.models import Deadline, DeadlineKind, DeadlineStatus
from bot.recording import RecordingSession
from bot.simulator import Simulator
from tests.conftest import AppFactory
from tests.hearing_helpers import Family, make_family, outbox_rows, pending

NOW = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)
OLD_SOURCE = (
    "Interim final rule “Appellate Procedures for the Board of Immigration Appeals” "
    "(published 2026-02-06, effective 2026-03-09): https://www.wildeslaw.com/x"
)


@pytest.fixture
def app(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    """These run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL too."""
    return make_app(settings.model_copy(update={"database_url": db_url}))


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def legacy_spec(
    decision: dt.date, *, kind: DeadlineKind = DeadlineKind.BIA_APPEAL, merits: bool = False
) -> rules.DeadlineSpec:
    """What the bot stored before the correction (APPEAL_RULE=both): 10 days, 30 as "alt"."""
    days = 30 if merits else 10
    prefix = "deadline-rule-dhs" if kind == DeadlineKind.DHS_APPEAL else "deadline-rule-bia"
    return rules.DeadlineSpec(
        kind=kind,
        due_date=decision + dt.timedelta(days=days),
        tz=rules.BIA_TZ,
        rule_key=f"{prefix}-merits" if merits else f"{prefix}-disputed",
        source=OLD_SOURCE,
        inputs={
            "start": decision.isoformat(),
            "asylum_merits": merits,
            "appeal_rule": "both",
            "rule_effective": "2026-03-09",
            "appellant": "dhs" if kind == DeadlineKind.DHS_APPEAL else "respondent",
            "days": days,
            "alt_days": None if merits else 30,
        },
        alt_due_date=None if merits else decision + dt.timedelta(days=30),
        remind=kind == DeadlineKind.BIA_APPEAL,
    )


async def store(app: App, fam: Family, spec: rules.DeadlineSpec) -> int:
    async with app.sessionmaker() as session, session.begin():
        deadline = await service.add_deadline(
            session,
            spec,
            case_id=fam.case_id,
            person_id=fam.person_id,
            hearing_id=None,
            actor_id=fam.owner,
            now=app.clock.now(),
        )
        return deadline.id


async def deadline(app: App, deadline_id: int) -> Deadline:
    async with app.sessionmaker() as session:
        found = await session.get(Deadline, deadline_id)
        assert found is not None
        return found


def corrections_sent(app: App, start: int = 0) -> list[tuple[int, str]]:
    return [
        (s.chat_id, s.text.replace("\u202f", " "))
        for s in recorder(app).sent[start:]
        if "Исправление" in s.text or "Correction" in s.text
    ]


async def test_a_10_day_deadline_is_recomputed_and_everyone_told_once(
    app: App, make_app: AppFactory, sim: Simulator, clock: FrozenClock
) -> None:
    clock.set(NOW)
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    ten = await store(app, fam, legacy_spec(dt.date(2026, 11, 20)))
    await sim.deliver(app.delivery)  # the "new deadline" notices of back then
    start = len(recorder(app).sent)

    await app.correct_deadlines()
    await sim.deliver(app.delivery)

    fixed = await deadline(app, ten)
    assert fixed.due_date == dt.date(2026, 12, 20)  # 20 November + 30 days
    assert fixed.alt_due_date is None
    assert fixed.rule_key == "deadline-rule-bia-thirty-blocked"
    assert fixed.source == rules.SOURCE_BIA_BLOCKED
    assert fixed.inputs["days"] == 30
    assert fixed.inputs["corrected_from"] == "2026-11-30"
    told = corrections_sent(app, start)
    assert sorted(chat for chat, _ in told) == sorted(fam.everyone)
    for _chat, text in told:
        assert "30 ноября 2026" in text  # what was shown before
        assert "20 декабря 2026" in text  # the corrected last day
        assert "8 марта 2026" in text

    # A second run, and a restarted process, change and send nothing.
    start = len(recorder(app).sent)
    async with app.sessionmaker() as session, session.begin():
        assert await corrections.correct_appeal_deadlines(session, clock.now()) == 0
    await sim.deliver(app.delivery)
    await app.close()
    restarted = make_app(app.settings)
    await restarted.correct_deadlines()
    await Simulator(restarted.dispatcher, restarted.bot, clock).deliver(restarted.delivery)
    assert corrections_sent(app, start) == []
    assert corrections_sent(restarted) == []
    rows = await outbox_rows(restarted, corrections.KIND_DEADLINE_CORRECTED)
    assert len(rows) == len(fam.everyone)


async def test_reminders_follow_the_corrected_date(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    clock.set(NOW)
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    ten = await store(app, fam, legacy_spec(dt.date(2026, 11, 20)))
    await app.correct_deadlines()
    fixed = await deadline(app, ten)
    queued = pending(await outbox_rows(app, reminders.KIND_DEADLINE_REMINDER))
    assert queued
    assert {r.payload["r"] for r in queued} == {fixed.revision}
    # Nothing on the old dates: a week before 30 November would be 23 November.
    start = len(recorder(app).sent)
    clock.set(dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.UTC))
    await sim.deliver(app.delivery)
    assert not [s for s in recorder(app).sent[start:] if "Напоминание" in s.text]
    # A week before 20 December, at 9:00 in Virginia.
    clock.set(dt.datetime(2026, 12, 13, 14, 5, tzinfo=dt.UTC))
    await sim.deliver(app.delivery)
    got = [s for s in recorder(app).sent[start:] if "срок апелляции в BIA" in s.text]
    assert sorted(s.chat_id for s in got) == sorted(fam.everyone)
    assert all("20 декабря 2026" in s.text.replace("\u202f", " ") for s in got)


async def test_only_10_day_rows_move_and_only_active_ones_are_announced(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    clock.set(NOW)
    fam = await make_family(app, owner=1001, members=(), volunteer=None, locales={1001: "en"})
    merits = await store(app, fam, legacy_spec(dt.date(2026, 11, 2), merits=True))
    dhs = await store(app, fam, legacy_spec(dt.date(2026, 11, 3), kind=DeadlineKind.DHS_APPEAL))
    done = await store(app, fam, legacy_spec(dt.date(2026, 11, 4)))
    async with app.sessionmaker() as session, session.begin():
        row = await session.get(Deadline, done)
        assert row is not None
        await service.close_deadline(session, row, DeadlineStatus.DONE, actor_id=1001, now=NOW)
    await sim.deliver(app.delivery)
    start = len(recorder(app).sent)

    async with app.sessionmaker() as session, session.begin():
        assert await corrections.correct_appeal_deadlines(session, NOW) == 2
    await sim.deliver(app.delivery)

    assert (await deadline(app, merits)).due_date == dt.date(2026, 12, 2)  # untouched
    assert (await deadline(app, dhs)).due_date == dt.date(2026, 12, 3)
    assert (await deadline(app, done)).due_date == dt.date(2026, 12, 4)
    told = corrections_sent(app, start)
    assert len(told) == 1  # the DHS window, in English; the filed one silently
    assert "December 3, 2026" in told[0][1]
    assert "November 13, 2026" in told[0][1]


async def test_the_operators_10_day_switch_shortens_nothing(app: App, clock: FrozenClock) -> None:
    clock.set(NOW)
    fam = await make_family(app)
    ten = await store(app, fam, legacy_spec(dt.date(2026, 11, 20)))
    async with app.sessionmaker() as session, session.begin():
        assert await corrections.correct_appeal_deadlines(session, NOW, "10") == 0
    assert (await deadline(app, ten)).due_date == dt.date(2026, 11, 30)
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Deadline.rule_key).where(Deadline.id == ten)) == (
            "deadline-rule-bia-disputed"
        )


async def test_two_processes_correcting_at_once_tell_everyone_once(
    app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    clock.set(NOW)
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    ten = await store(app, fam, legacy_spec(dt.date(2026, 11, 20)))
    other = make_app(app.settings)  # a second process on the same database
    await asyncio.gather(app.correct_deadlines(), other.correct_deadlines())
    fixed = await deadline(app, ten)
    assert fixed.due_date == dt.date(2026, 12, 20)
    assert fixed.revision == 2
    rows = await outbox_rows(app, corrections.KIND_DEADLINE_CORRECTED)
    assert sorted(r.chat_id for r in rows) == sorted(fam.everyone)
