"""The hearings feature's rules and look-ups called directly, without Telegram."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from bot.cases.models import Person
from bot.dispatcher import App
from bot.hearings import access, queries, reminders, rules, service, timezones
from bot.hearings.models import DeadlineKind, Hearing, HearingStatus
from bot.models import AuditEvent
from tests.hearing_helpers import add_hearing, court, make_family, places_of, vault_of

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


# ---- pure rules --------------------------------------------------------------------------


def test_a_grant_opens_the_dhs_window_and_a_denial_the_persons_appeal() -> None:
    day = dt.date(2026, 11, 20)
    granted = rules.decision_deadline(day, decision="granted", merits="yes", appeal_rule="10")
    denied = rules.decision_deadline(day, decision="denied", merits="yes", appeal_rule="10")
    assert granted is not None
    assert denied is not None
    assert granted.kind == DeadlineKind.DHS_APPEAL
    assert not granted.remind
    assert denied.kind == DeadlineKind.BIA_APPEAL
    assert denied.remind
    assert denied.due_date == day + dt.timedelta(days=30)


def test_unsure_about_the_merits_counts_as_not_on_the_merits() -> None:
    day = dt.date(2026, 11, 20)
    spec = rules.decision_deadline(day, decision="denied", merits="unsure", appeal_rule="10")
    assert spec is not None
    assert spec.due_date == day + dt.timedelta(days=10)  # only with the operators' switch
    default = rules.decision_deadline(day, decision="denied", merits="unsure", appeal_rule="30")
    assert default is not None
    assert default.due_date == day + dt.timedelta(days=30)


def test_no_appeal_deadline_after_a_credible_fear_review() -> None:
    spec = rules.decision_deadline(
        dt.date(2026, 11, 20), decision="denied", merits="no", appeal_rule="10", hearing_kind="cfr"
    )
    assert spec is None


def test_typed_deadlines_count_from_the_typed_day() -> None:
    day = dt.date(2026, 11, 2)
    move = rules.typed_deadline("eoir33", day, "America/Phoenix")
    arrival = rules.typed_deadline("one_year", day, "America/Phoenix")
    assert (move.kind, move.due_date) == (DeadlineKind.EOIR33, dt.date(2026, 11, 7))
    assert arrival.kind == DeadlineKind.ONE_YEAR
    assert arrival.due_date.year == 2027


def test_an_outcome_needs_a_scheduled_hearing_that_has_begun() -> None:
    hearing = Hearing(status=HearingStatus.SCHEDULED, starts_at=NOON)
    assert service.outcome_problem(hearing, NOON - dt.timedelta(minutes=1)) == "too-early"
    assert service.outcome_problem(hearing, NOON) is None
    hearing.status = HearingStatus.HELD
    assert service.outcome_problem(hearing, NOON + dt.timedelta(days=1)) == "already"


def test_only_the_reminder_closest_to_the_hearing_goes_out_after_downtime() -> None:
    offsets = (7 * reminders.DAY, reminders.DAY, 180)
    # Two hours before: the one-day reminder is superseded by the three-hour one.
    now = NOON - dt.timedelta(hours=2)
    assert reminders.superseded(NOON, reminders.DAY, offsets, now)
    assert not reminders.superseded(NOON, 180, offsets, now)
    # Twenty hours before: the one-day reminder is still the closest.
    assert not reminders.superseded(NOON, reminders.DAY, offsets, NOON - dt.timedelta(hours=20))


def test_time_zone_choices_start_with_the_current_one_and_repeat_none() -> None:
    zones = timezones.choices("America/Phoenix", "ru")
    assert zones[:2] == ["America/Phoenix", "Europe/Moscow"]
    assert len(zones) == len(set(zones))
    assert timezones.choices(None, "uk")[0] == "Europe/Kyiv"


# ---- look-ups and changes on the database ------------------------------------------------


async def test_a_hearing_is_found_only_for_people_who_may_see_its_case(app: App) -> None:
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    hearing_id = await add_hearing(
        app, fam, dt.datetime(2026, 12, 1, 9, 0), place_id=court("Eloy")
    )
    async with app.sessionmaker() as session:
        for user_id in (1001, 1002, 2001):
            assert await access.hearing_for(session, hearing_id, user_id, False) is not None
        assert await access.hearing_for(session, hearing_id, 3003, False) is None
        assert await access.hearing_for(session, hearing_id + 99, 1001, False) is None
        assert await access.hearing_for(session, hearing_id, 3003, True) is not None


async def test_a_persons_court_zone_and_case_label(app: App) -> None:
    fam = await make_family(app, owner=1001, members=(), volunteer=None)
    async with app.sessionmaker() as session:
        assert await queries.court_zone(session, fam.person_id) is None
    await add_hearing(app, fam, dt.datetime(2026, 12, 1, 9, 0), tz="America/Phoenix")
    async with app.sessionmaker() as session:
        assert await queries.court_zone(session, fam.person_id) == "America/Phoenix"
        assert await queries.court_zone(session, None) is None
        label = await queries.case_label(session, vault_of(app), fam.case_id, "ru")
        assert label == f"№{fam.case_id}: Иванов Иван (IVANOV IVAN)"


async def test_the_place_the_case_records_is_suggested(app: App) -> None:
    fam = await make_family(app, owner=1001, members=(), volunteer=None)
    eloy = court("Eloy")
    vault, places = vault_of(app), places_of(app)
    async with app.sessionmaker() as session, session.begin():
        assert await queries.suggested_place(session, vault, places, fam.person_id) is None
        person = await session.get(Person, fam.person_id)
        assert person is not None
        person.location_enc = vault.encrypt(json.dumps({"kind": "court", "ref": eloy}))
    async with app.sessionmaker() as session:
        found = await queries.suggested_place(session, vault, places, fam.person_id)
        assert found is not None
        assert found.id == eloy


async def test_the_last_reminder_offset_cannot_be_turned_off(app: App) -> None:
    await make_family(app, owner=1001, members=(), volunteer=None)
    async with app.sessionmaker() as session, session.begin():
        assert await reminders.toggle_offset(session, 1001, 180, NOON)
        assert await reminders.toggle_offset(session, 1001, reminders.DAY, NOON)
        assert not await reminders.toggle_offset(session, 1001, 7 * reminders.DAY, NOON)
        prefs = (await reminders.prefs_for(session, [1001]))[1001]
        assert prefs.offsets == (7 * reminders.DAY,)


async def test_the_mute_button_under_a_reminder_never_unmutes(app: App) -> None:
    fam = await make_family(app, owner=1001, members=(), volunteer=None)
    case = fam.case_id
    async with app.sessionmaker() as session, session.begin():
        assert await reminders.toggle_mute(session, 1001, case, NOON, mute_only=True) == "muted"
        again = await reminders.toggle_mute(session, 1001, case, NOON, mute_only=True)
        assert again == "already-muted"
        assert (await reminders.prefs_for(session, [1001]))[1001].muted(case)
        assert await reminders.toggle_mute(session, 1001, case, NOON, mute_only=False) == "unmuted"
        assert not (await reminders.prefs_for(session, [1001]))[1001].muted(case)


async def test_reads_by_the_volunteer_are_audited_and_by_members_not(app: App) -> None:
    fam = await make_family(app, owner=1001, members=(), volunteer=2001)
    async with app.sessionmaker() as session, session.begin():
        await service.audit_read(session, 1001, fam.case_id, "hearing", 7, NOON)
        await service.audit_read(session, 2001, fam.case_id, "hearing", 7, NOON)
        await service.audit_read(session, 9000, fam.case_id, "hearing", 7, NOON)
    async with app.sessionmaker() as session:
        actors = set(await session.scalars(select(AuditEvent.actor_id)))
    assert actors == {2001, 9000}
