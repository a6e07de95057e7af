"""Hearings through the real dispatcher and outbox, with an injected clock.

Story: a family (two relatives, one in Moscow, and a volunteer in the US) adds hearings;
everyone is reminded in their own language and time zone, exactly once; changes re-plan
the reminders; after the hearing the deadlines that follow are computed and reminded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import SendDocument, SendMessage, TelegramMethod
from sqlalchemy import select

from bot import outbox
from bot.clock import FrozenClock
from bot.config import Settings
from bot.dispatcher import App
from bot.hearings import reminders
from bot.hearings.models import Deadline, DeadlineKind, Hearing, HearingStatus, ReminderPrefs
from bot.models import AuditEvent, OutboxStatus, User
from bot.recording import RecordingSession, Sent
from bot.simulator import Simulator
from tests.conftest import AppFactory
from tests.hearing_helpers import (
    add_hearing,
    court,
    get_hearing,
    make_family,
    outbox_rows,
    pending,
)

MOSCOW = "Europe/Moscow"


@pytest.fixture
def app(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    """Every story here runs on SQLite, and on PostgreSQL when TEST_DATABASE_URL is set."""
    return make_app(settings.model_copy(update={"database_url": db_url}))


ELOY = court("Eloy")
LASALLE = court("LaSalle")


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def texts_to(app: App, chat_id: int, start: int = 0) -> list[str]:
    # Babel puts a narrow no-break space in "2027 г."; tests read plain spaces.
    return [
        s.text.replace("\u202f", " ") for s in recorder(app).sent[start:] if s.chat_id == chat_id
    ]


def last(replies: list[Sent]) -> str:
    return replies[-1].text.replace("\u202f", " ")


async def deliver_at(app: App, sim: Simulator, clock: FrozenClock, when: dt.datetime) -> None:
    clock.set(when)
    await sim.deliver(app.delivery)


# ---- time zones: Arizona without DST, Louisiana the day after the change, Moscow ----------


async def test_arizona_hearing_reminds_at_exact_instants_in_each_persons_zone(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(
        app,
        owner=1001,
        members=(1002,),
        volunteer=2001,
        tzs={1002: MOSCOW, 2001: "America/Los_Angeles"},
    )
    # 15 July 2027, 9:00 at Eloy: Arizona stays on MST (UTC-7) while California is on PDT.
    hid = await add_hearing(app, fam, dt.datetime(2027, 7, 15, 9, 0), place_id=ELOY)
    await sim.deliver(app.delivery)  # "a new hearing" notices
    hearing = await get_hearing(app, hid)
    assert hearing.starts_at == dt.datetime(2027, 7, 15, 16, 0, tzinfo=dt.UTC)
    due = sorted({r.due_at for r in await outbox_rows(app, reminders.KIND_REMINDER)})
    assert due == [
        dt.datetime(2027, 7, 8, 16, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 7, 14, 16, 0, tzinfo=dt.UTC),
        dt.datetime(2027, 7, 15, 13, 0, tzinfo=dt.UTC),
    ]
    start = len(recorder(app).sent)
    # The bot was down for the 7-day reminder: only the closer one goes out, not both.
    await deliver_at(app, sim, clock, dt.datetime(2027, 7, 14, 16, 0, tzinfo=dt.UTC))
    moscow = texts_to(app, 1002, start)
    assert len(moscow) == 1
    assert "через 24 часа" in moscow[0]
    assert "09:00" in moscow[0]
    assert "Аризона, MST" in moscow[0]
    assert "19:00" in moscow[0]
    assert "Москва, MSK" in moscow[0]
    assert "Eloy" in moscow[0]
    volunteer = texts_to(app, 2001, start)
    # Same wall time as Arizona in summer (PDT = MST): said as such, no second time.
    assert len(volunteer) == 1
    assert "У вас то же время" in volunteer[0]
    owner = texts_to(app, 1001, start)
    assert len(owner) == 1
    assert "Ваш часовой пояс не указан" in owner[0]


async def test_louisiana_the_day_after_dst_and_a_relative_in_moscow(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(
        app,
        owner=1001,
        members=(1002,),
        volunteer=2001,
        tzs={1001: CHICAGO, 1002: MOSCOW, 2001: CHICAGO},
        locales={2001: "en"},
    )
    # US clocks go forward on Sunday 14 March 2027; the hearing is Monday 15 March 9:00 CDT.
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    await sim.deliver(app.delivery)  # "a new hearing" notices
    hearing = await get_hearing(app, hid)
    assert hearing.starts_at == dt.datetime(2027, 3, 15, 14, 0, tzinfo=dt.UTC)
    rows = await outbox_rows(app, reminders.KIND_REMINDER)
    by_offset = {r.payload["o"]: r.due_at for r in rows if r.chat_id == 1002}
    # Exact durations before the instant, across the change: the 7-day one falls in CST.
    assert by_offset == {
        7 * 1440: dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC),  # 8:00 CST in Louisiana
        1440: dt.datetime(2027, 3, 14, 14, 0, tzinfo=dt.UTC),  # 9:00 CDT on the day of change
        180: dt.datetime(2027, 3, 15, 11, 0, tzinfo=dt.UTC),
    }
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 14, 14, 0, tzinfo=dt.UTC))
    [moscow] = texts_to(app, 1002, start)
    assert "понедельник, 15 марта 2027 г., 09:00" in moscow
    assert "CDT" in moscow
    assert "понедельник, 15 марта 2027 г., 17:00" in moscow  # Moscow is UTC+3 all year
    [volunteer] = texts_to(app, 2001, start)
    assert "Monday, March 15, 2027, 9:00" in volunteer
    assert "Reminder" in volunteer
    assert "acis.eoir.justice.gov" in volunteer
    assert "1-800-898-7180" in volunteer
    assert "link and instructions" in volunteer  # how to join the video hearing
    assert "not legal advice" in volunteer


async def test_each_reminder_goes_out_once_even_when_the_sender_runs_again(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    start = len(recorder(app).sent)
    for minute in range(0, 5):
        await deliver_at(app, sim, clock, dt.datetime(2027, 3, 14, 14, minute, tzinfo=dt.UTC))
    for uid in fam.everyone:
        reminders_sent = [t for t in texts_to(app, uid, start) if "Напоминание" in t]
        assert len(reminders_sent) == 1, uid


# ---- through the dispatcher: add, confirm, postpone, cancel ------------------------------


async def test_relative_adds_a_hearing_by_typing_it_and_everyone_is_told(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    await make_family(app, owner=1001, members=(1002,), volunteer=2001, tzs={1001: MOSCOW})
    anna = sim.user(1001)
    replies = await anna.send("/hearings")
    assert "Заседания и сроки" in replies[-1].text
    await anna.press("➕ Заседание")
    replies = await anna.send("LaSalle")
    assert any("LaSalle" in t for t, _ in replies[-1].buttons())
    replies = await anna.press("LaSalle")
    assert "по часам суда" in replies[-1].text
    replies = await anna.send("31 февраля в 9")
    assert "Такой даты нет" in replies[-1].text
    replies = await anna.send("15 марта в 2")
    assert "ночью или днём" in replies[-1].text
    replies = await anna.send("15 марта в 9")
    assert "понедельник, 15 марта 2027 г., 09:00" in last(replies)
    assert "17:00" in last(replies)  # her own (Moscow) time
    await anna.press("Да, верно")
    await anna.press("Предварительное")
    await anna.press("По видео")
    replies = await anna.send("Адвокат: Smith, <тел. 555>")
    assert "Заседание сохранено" in replies[-1].text
    assert "3 людям" in replies[-1].text
    assert "&lt;тел. 555&gt;" in replies[-1].text  # user text is escaped
    async with app.sessionmaker() as session:
        hearing = await session.scalar(select(Hearing))
        assert hearing is not None
        assert hearing.local_start == "2027-03-15T09:00"
        assert hearing.notes_enc is not None
        assert "Smith" not in hearing.notes_enc
    start = len(recorder(app).sent)
    await sim.deliver(app.delivery)
    assert any("новое заседание" in t for t in texts_to(app, 1002, start))
    assert any("новое заседание" in t for t in texts_to(app, 2001, start))
    assert texts_to(app, 1001, start) == []  # the one who added it is not notified


async def test_postponement_cancels_old_reminders_and_plans_new_ones(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    await sim.deliver(app.delivery)  # the "new hearing" notices
    # The 7-day reminder of the old date is already claimed by a sender when the change comes.
    clock.set(dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC))
    async with app.sessionmaker() as session, session.begin():
        claimed = await outbox.claim_due(session, clock.now(), 1)
    assert claimed
    assert claimed[0].kind == reminders.KIND_REMINDER

    anna = sim.user(1001)
    await anna.press_data(f"hr:chdate:{hid}:")
    replies = await anna.send("22.03.2027 13:30")
    assert "понедельник, 22 марта 2027 г., 13:30" in last(replies)
    replies = await anna.press("Да, верно")
    assert "Изменения сохранены" in replies[-1].text
    hearing = await get_hearing(app, hid)
    assert hearing.revision == 2
    assert hearing.starts_at == dt.datetime(2027, 3, 22, 18, 30, tzinfo=dt.UTC)
    rows = await outbox_rows(app, reminders.KIND_REMINDER)
    old = [r for r in rows if r.dedup_key.startswith(f"hearing:{hid}:r1:")]
    new = [r for r in rows if r.dedup_key.startswith(f"hearing:{hid}:r2:")]
    assert {r.status for r in old} <= {OutboxStatus.CANCELLED, OutboxStatus.SENDING}
    assert len(new) == 9
    assert all(r.status == OutboxStatus.PENDING for r in new)

    start = len(recorder(app).sent)
    # The stale claim's lease runs out and it is retried: its revision is old, so it is moot.
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    await sim.deliver(app.delivery)
    sent = recorder(app).sent[start:]
    assert not any("15 марта" in s.text for s in sent)
    notices = [s for s in sent if "перенесено" in s.text]
    assert {s.chat_id for s in notices} == {1002, 2001}
    assert all("22 марта" in s.text for s in notices)
    # The 1-day reminder comes for the new date, once per person.
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 21, 18, 30, tzinfo=dt.UTC))
    assert {s.chat_id for s in recorder(app).sent[start:]} == set(fam.everyone)
    assert all("22 марта" in s.text for s in recorder(app).sent[start:])


async def test_cancelled_hearing_sends_no_more_reminders(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    anna = sim.user(1001)
    await anna.press_data(f"hr:cancel:{hid}:")
    replies = await anna.press("Да, отменили")
    assert "отменённое" in replies[-1].text
    assert (await get_hearing(app, hid)).status == HearingStatus.CANCELLED
    assert pending(await outbox_rows(app, reminders.KIND_REMINDER)) == []
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 16, tzinfo=dt.UTC))
    sent = recorder(app).sent[start:]
    assert [s.chat_id for s in sent if "отменено" in s.text] == [1002, 2001]
    assert not any("Напоминание" in s.text for s in sent)


async def test_someone_outside_the_case_cannot_see_or_change_a_hearing(
    app: App, sim: Simulator
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    from tests.conftest import onboard

    await onboard(sim, 6666)
    mallory = sim.users[6666]
    for data in (
        f"hr:open:{hid}:",
        f"hr:cancelok:{hid}:",
        f"hr:chdate:{hid}:",
        f"hr:ics:{fam.case_id}:",
        f"hr:out:{hid}:decision",
        f"hr:add:{fam.case_id}:{fam.person_id}",
        f"hr:mute:{fam.case_id}:",
    ):
        await mallory.press_data(data)
    assert mallory.alerts().count("У вас нет доступа к этому делу (или его уже закрыли).") == 7
    assert (await get_hearing(app, hid)).status == HearingStatus.SCHEDULED
    assert not [s for s in recorder(app).sent if s.chat_id == 6666 and "LaSalle" in s.text]


async def test_volunteer_views_are_audited(app: App, sim: Simulator) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    await sim.user(2001).press_data(f"hr:open:{hid}:")
    await sim.user(1002).press_data(f"hr:open:{hid}:")
    async with app.sessionmaker() as session:
        views = list(
            await session.scalars(select(AuditEvent).where(AuditEvent.action == "hearing.view"))
        )
    assert [v.actor_id for v in views] == [2001]


# ---- restarts, blocked users -------------------------------------------------------------


async def test_restart_between_claim_and_send_loses_nothing_and_sends_once(
    app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    clock.set(dt.datetime(2027, 3, 14, 14, 0, tzinfo=dt.UTC))
    async with app.sessionmaker() as session, session.begin():
        claimed = await outbox.claim_due(session, clock.now(), 100)
    one_day = [r for r in claimed if r.kind == reminders.KIND_REMINDER and r.payload["o"] == 1440]
    assert len(one_day) == 3  # claimed, then the process dies before sending
    await app.close()

    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    await sim2.deliver(restarted.delivery)
    assert recorder(restarted).sent == []  # still leased to the dead process: no duplicate
    clock.advance(outbox.LEASE + dt.timedelta(seconds=1))
    await sim2.deliver(restarted.delivery)
    await sim2.deliver(restarted.delivery)
    reminders_sent = [s for s in recorder(restarted).sent if "Напоминание" in s.text]
    assert sorted(s.chat_id for s in reminders_sent) == sorted(fam.everyone)


async def test_a_relative_who_blocked_the_bot_does_not_stop_the_others(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001)
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    session = recorder(app)

    def blocked(method: TelegramMethod[object]) -> object:
        if isinstance(method, SendMessage) and method.chat_id == 1002:
            return TelegramForbiddenError(method=method, message="Forbidden: bot was blocked")
        return None

    session.responder = blocked
    start = len(session.sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 8, 14, 0, tzinfo=dt.UTC))
    assert sorted({s.chat_id for s in session.sent[start:]}) == [1001, 2001]
    async with app.sessionmaker() as db:
        user = await db.get(User, 1002)
        assert user is not None
        assert user.blocked_at is not None
    tried = len(session.requests)
    start = len(session.sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 14, 14, 0, tzinfo=dt.UTC))
    asked = [r for r in session.requests[tried:] if isinstance(r, SendMessage)]
    assert {r.chat_id for r in asked} == {1001, 2001}  # no more attempts for the blocked one
    rows = await outbox_rows(app, reminders.KIND_REMINDER)
    assert {r.last_error for r in rows if r.chat_id == 1002 and r.status == "failed"} == {
        "blocked"
    }


# ---- after the hearing: outcome and deadlines --------------------------------------------


async def test_after_the_hearing_a_denial_gives_the_30_day_bia_deadline(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, owner=1001, members=(1002,), volunteer=2001, tzs={1001: MOSCOW})
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    # A few hours after the hearing the person who added it and the volunteer are asked.
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 15, 18, 0, tzinfo=dt.UTC))
    asked = [s for s in recorder(app).sent[start:] if "Как прошло заседание" in s.text]
    assert sorted(s.chat_id for s in asked) == [1001, 2001]
    anna = sim.users.get(1001) or sim.user(1001)
    anna.inbox.extend(s for s in asked if s.chat_id == 1001)
    await anna.press("Судья вынес решение")
    await anna.press("Отказали")
    await anna.press("Нет (другое основание")
    replies = await anna.press("Сегодня")
    card = replies[-1].text
    assert "Апелляция в BIA" in card
    assert "14 апреля 2027" in card  # 15 March + 30 days
    assert "25 марта 2027" not in card
    assert "заблокировал его 8 марта 2026" in card  # the blocked rule, as information
    assert "решение от 15 марта 2027" in card
    assert "30 календарных дней" in card
    assert "ilrc.org" in card
    assert "не юридическая консультация" in card
    async with app.sessionmaker() as session:
        deadline = await session.scalar(select(Deadline))
        assert deadline is not None
        assert deadline.kind == DeadlineKind.BIA_APPEAL
        assert deadline.inputs["start"] == "2027-03-15"
        assert deadline.inputs["days"] == 30
        assert deadline.alt_due_date is None
    assert (await get_hearing(app, hid)).status == HearingStatus.HELD
    # The volunteer's copy of the question is now moot: the answer is in.
    replies = await sim.user(2001).press_data(f"hr:out:{hid}:decision")
    assert "уже записан" in sim.user(2001).alerts()[-1]
    # Everyone is reminded before the deadline, once.
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 4, 7, 14, 0, tzinfo=dt.UTC))
    got = [s for s in recorder(app).sent[start:] if "срок апелляции в BIA" in s.text]
    assert sorted(s.chat_id for s in got) == sorted(fam.everyone)


@pytest.mark.parametrize(
    ("locale", "denied", "other", "today", "due", "blocked"),
    [
        ("ru", "Отказали", "Нет (другое основание", "Сегодня", "31 декабря 2026", "8 марта 2026"),
        ("en", "Denied", "No (another ground", "Today", "December 31, 2026", "March 8, 2026"),
    ],
)
async def test_a_decision_of_1_december_2026_is_due_31_december_in_both_languages(
    app: App,
    sim: Simulator,
    clock: FrozenClock,
    locale: str,
    denied: str,
    other: str,
    today: str,
    due: str,
    blocked: str,
) -> None:
    """Issue 12: 30 days, received by the BIA; the blocked 10-day rule is only mentioned."""
    fam = await make_family(app, locales={1001: locale})
    hid = await add_hearing(app, fam, dt.datetime(2026, 12, 1, 9, 0), place_id=LASALLE)
    clock.set(dt.datetime(2026, 12, 1, 20, 0, tzinfo=dt.UTC))
    user = sim.user(1001, language_code=locale)
    await user.press_data(f"hr:out:{hid}:decision")
    await user.press(denied)
    await user.press(other)
    replies = await user.press(today)
    card = replies[-1].text
    assert due in card
    assert blocked in card
    assert "11 декабря 2026" not in card
    assert "December 11, 2026" not in card
    async with app.sessionmaker() as session:
        deadline = await session.scalar(select(Deadline))
        assert deadline is not None
        assert deadline.due_date == dt.date(2026, 12, 31)


async def test_asylum_denied_on_the_merits_keeps_30_days(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, locales={1001: "en"})
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    clock.set(dt.datetime(2027, 3, 16, 15, 0, tzinfo=dt.UTC))
    bob = sim.user(1001, language_code="en")
    await bob.press_data(f"hr:out:{hid}:decision")
    await bob.press("Denied")
    await bob.press("Yes, on the merits")
    replies = await bob.send("March 15")
    assert "April 14, 2027" in replies[-1].text
    assert "received</b> by the Board of Immigration Appeals" in replies[-1].text
    assert "If a court stops" not in replies[-1].text


async def test_operators_switch_shows_10_days_should_a_court_reinstate_the_rule(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = make_app(settings.model_copy(update={"appeal_rule": "10"}))
    sim = Simulator(app.dispatcher, app.bot, clock)
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    clock.set(dt.datetime(2027, 3, 15, 20, 0, tzinfo=dt.UTC))
    anna = sim.user(1001)
    await anna.press_data(f"hr:out:{hid}:decision")
    await anna.press("Отказали")
    await anna.press("Нет (другое основание")
    replies = await anna.press("Сегодня")
    assert "25 марта 2027" in replies[-1].text
    assert "суд восстановил правило" in replies[-1].text


async def test_postponed_at_the_hearing_means_a_new_date(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    clock.set(dt.datetime(2027, 3, 15, 18, 0, tzinfo=dt.UTC))
    anna = sim.user(1001)
    await anna.press_data(f"hr:out:{hid}:postponed")
    await anna.send("10 мая 2027 в 13:00")
    await anna.press("Да, верно")
    hearing = await get_hearing(app, hid)
    assert hearing.status == HearingStatus.SCHEDULED
    assert hearing.local_start == "2027-05-10T13:00"
    assert len(pending(await outbox_rows(app, reminders.KIND_REMINDER))) == 9


async def test_eoir33_and_one_year_deadlines_from_typed_dates(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, members=())
    anna = sim.user(1001)
    await anna.press_data(f"hr:dlk:{fam.case_id}:eoir33.{fam.person_id}")
    replies = await anna.send("20.11.2026")
    assert "25 ноября 2026" in replies[-1].text
    assert "EOIR-33" in replies[-1].text
    await anna.press_data(f"hr:dlk:{fam.case_id}:one_year.{fam.person_id}")
    replies = await anna.send("5 января 2026")
    assert "4 января 2027" in replies[-1].text
    assert "I-589" in replies[-1].text
    replies = await anna.send("/hearings")
    assert "смена адреса EOIR-33" in replies[-1].text
    assert "I-589" in replies[-1].text


async def test_no_bia_deadline_after_a_credible_fear_review(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE, kind="cfr")
    clock.set(dt.datetime(2027, 3, 15, 20, 0, tzinfo=dt.UTC))
    anna = sim.user(1001)
    await anna.press_data(f"hr:out:{hid}:decision")
    await anna.press("Отказали")
    await anna.press("Не знаю")
    replies = await anna.press("Сегодня")
    assert "нельзя обжаловать в BIA" in replies[-1].text
    async with app.sessionmaker() as session:
        assert await session.scalar(select(Deadline)) is None


# ---- preferences, time zone, calendar ----------------------------------------------------


async def test_reminder_offsets_and_mute_replan_pending_reminders(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    boris = sim.user(1002)
    await boris.press_data("hr:off:10080:")  # drop "7 days before"
    await boris.press_data("hr:off:60:")  # add "1 hour before"
    mine = {
        r.payload["o"]
        for r in pending(await outbox_rows(app, reminders.KIND_REMINDER))
        if r.chat_id == 1002
    }
    assert mine == {1440, 180, 60}
    await boris.press_data(f"hr:mute:{fam.case_id}:1")
    assert not [
        r
        for r in pending(await outbox_rows(app))
        if r.chat_id == 1002 and r.kind == reminders.KIND_REMINDER
    ]
    await boris.press_data(f"hr:mute:{fam.case_id}:")
    mine = {
        r.payload["o"]
        for r in pending(await outbox_rows(app, reminders.KIND_REMINDER))
        if r.chat_id == 1002
    }
    assert mine == {1440, 180, 60}
    async with app.sessionmaker() as session:
        prefs = await session.get(ReminderPrefs, 1002)
        assert prefs is not None
        assert prefs.offsets == [1440, 180, 60]
    # Others are untouched.
    others = [
        r for r in pending(await outbox_rows(app, reminders.KIND_REMINDER)) if r.chat_id == 1001
    ]
    assert {r.payload["o"] for r in others} == {10080, 1440, 180}
    start = len(recorder(app).sent)
    for hour in ((14, 14), (15, 11), (15, 13)):
        await deliver_at(app, sim, clock, dt.datetime(2027, 3, *hour, tzinfo=dt.UTC))
    assert len([t for t in texts_to(app, 1002, start) if "Напоминание" in t]) == 3
    assert hid


async def test_user_sets_their_time_zone_by_typing_a_city(app: App, sim: Simulator) -> None:
    await make_family(app, owner=1001, members=())
    anna = sim.user(1001)
    replies = await anna.press_data("hr:tz:0:")
    assert "Москва" in replies[-1].text  # suggested from the language
    await anna.press("Написать город")
    replies = await anna.send("Новосибирск")
    assert "Часовой пояс" in replies[-1].text
    async with app.sessionmaker() as session:
        user = await session.get(User, 1001)
        assert user is not None
        assert user.timezone == "Asia/Novosibirsk"
    replies = await anna.press_data("hr:tzset:0:Europe/Moscow")
    async with app.sessionmaker() as session:
        user = await session.get(User, 1001)
        assert user is not None
        assert user.timezone == MOSCOW
    replies = await anna.press_data("hr:tzset:0:Mars/Olympus")
    assert anna.alerts()[-1] == "Эта кнопка устарела. Откройте /menu ещё раз."


async def test_case_exports_as_an_ics_document(app: App, sim: Simulator) -> None:
    fam = await make_family(app)
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    anna = sim.user(1001)
    await anna.press_data(f"hr:ics:{fam.case_id}:")
    docs = [r for r in recorder(app).requests if isinstance(r, SendDocument)]
    assert len(docs) == 1
    document = docs[0].document
    content = document.data.decode("utf-8")  # type: ignore[union-attr]
    assert document.filename == f"case-{fam.case_id}-hearings.ics"  # type: ignore[union-attr]
    assert "BEGIN:VCALENDAR" in content
    assert "DTSTART:20270315T140000Z" in content
    assert "LaSalle" in content


async def test_menu_item_opens_hearings(app: App, sim: Simulator) -> None:
    from tests.conftest import onboard

    await onboard(sim)
    replies = await sim.users[1001].press("Заседания и сроки")
    assert "У вас пока нет семейного дела" in replies[-1].text


async def test_joining_later_gets_reminders_through_sync(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app, members=())
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    from bot.cases.models import CaseMember, MemberStatus
    from tests.hearing_helpers import add_user

    await add_user(app, 1003)
    async with app.sessionmaker() as session, session.begin():
        session.add(
            CaseMember(
                case_id=fam.case_id,
                user_id=1003,
                status=MemberStatus.ACTIVE,
                joined_at=clock.now(),
            )
        )
    await app.reconcile_reminders()
    assert [r for r in await outbox_rows(app, reminders.KIND_REMINDER) if r.chat_id == 1003] == []
    # Two weeks before the hearing the periodic job (or the cases flow, via sync_case) adds
    # whoever joined since.
    clock.set(dt.datetime(2027, 3, 1, tzinfo=dt.UTC))
    await app.reconcile_reminders()
    await app.reconcile_reminders()  # idempotent
    rows = [r for r in await outbox_rows(app, reminders.KIND_REMINDER) if r.chat_id == 1003]
    assert len(rows) == 3


async def test_a_member_who_left_is_not_reminded(
    app: App, sim: Simulator, clock: FrozenClock
) -> None:
    fam = await make_family(app)
    await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    from sqlalchemy import update

    from bot.cases.models import CaseMember, MemberStatus

    async with app.sessionmaker() as session, session.begin():
        await session.execute(
            update(CaseMember).where(CaseMember.user_id == 1002).values(status=MemberStatus.LEFT)
        )
    start = len(recorder(app).sent)
    await deliver_at(app, sim, clock, dt.datetime(2027, 3, 14, 14, 0, tzinfo=dt.UTC))
    assert texts_to(app, 1002, start) == []
    assert len(texts_to(app, 1001, start)) == 1


CHICAGO = "America/Chicago"


async def test_forget_removes_preferences_and_keeps_the_familys_hearing(
    app: App, sim: Simulator
) -> None:
    fam = await make_family(app)
    hid = await add_hearing(app, fam, dt.datetime(2027, 3, 15, 9, 0), place_id=LASALLE)
    boris = sim.user(1002)
    await boris.press_data(f"hr:mute:{fam.case_id}:1")
    await boris.send("/forget")
    await boris.press("Да, удалить всё")
    async with app.sessionmaker() as session:
        assert await session.get(ReminderPrefs, 1002) is None
        assert await session.get(User, 1002) is None
    hearing = await get_hearing(app, hid)
    assert hearing.created_by == fam.owner
    assert not [r for r in await outbox_rows(app) if r.chat_id == 1002]


async def test_a_person_from_another_case_cannot_be_named_in_a_forged_button(
    app: App, sim: Simulator
) -> None:
    ours = await make_family(app, owner=1001, members=(), volunteer=None)
    theirs = await make_family(app, owner=7001, members=(), volunteer=None, latin="PETROV PETR")
    anna = sim.user(1001)
    forged = (
        f"hr:dlk:{ours.case_id}:bia.{theirs.person_id}",
        f"hr:dlk:{ours.case_id}:eoir33.{theirs.person_id}",
        f"hr:dlbia:{ours.case_id}:{theirs.person_id}.yes",
        f"hr:dlbia:{ours.case_id}:{theirs.person_id}.no",
        f"hr:add:{ours.case_id}:{theirs.person_id}",
    )
    for data in forged:
        await anna.press_data(data)
    assert len(anna.alerts()) == len(forged)
    assert not [s for s in recorder(app).sent if s.chat_id == 1001 and "PETROV" in s.text]
