"""The operators' domain without Telegram: every statistic against rows made here, the gap
groups, the audit filter and each retention purge (SQLite, and PostgreSQL in CI)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.admin import audit, counters, gaps, retention, stats
from bot.admin.counters import Event
from bot.cases.models import Case, CaseEvent, CaseStatus
from bot.config import Settings
from bot.desk.models import Author, Ticket, TicketMessage, TicketStatus
from bot.dispatcher import App
from bot.hearings.models import Hearing, HearingStatus
from bot.models import AuditEvent, OutboxMessage, OutboxStatus, SearchGap, User
from tests.conftest import AppFactory

NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


@pytest.fixture
async def session(
    db_url: str, settings: Settings, make_app: AppFactory
) -> AsyncIterator[AsyncSession]:
    app: App = make_app(settings.model_copy(update={"database_url": db_url}))
    async with app.sessionmaker() as session, session.begin():
        yield session


def user(uid: int, **kw: object) -> User:
    fields: dict[str, object] = {"locale": "ru", "created_at": NOW - 40 * DAY, **kw}
    return User(id=uid, **fields)


def ticket(created: dt.datetime, **kw: object) -> Ticket:
    fields: dict[str, object] = {
        "category": "court",
        "language": "ru",
        "created_at": created,
        "last_activity_at": created,
        **kw,
    }
    return Ticket(**fields)


def outbox(n: int, kind: str, status: str, due: dt.datetime = NOW) -> OutboxMessage:
    return OutboxMessage(
        dedup_key=f"k{n}",
        chat_id=n,
        kind=kind,
        payload={},
        due_at=due,
        status=status,
        created_at=due,
    )


async def test_every_statistic_counts_the_rows_it_should(session: AsyncSession) -> None:
    session.add_all(
        [
            user(1, role="relative", last_seen_on=NOW.date()),
            user(2, role="relative", locale="en", last_seen_on=(NOW - 10 * DAY).date()),
            user(3, role="volunteer", last_seen_on=(NOW - 40 * DAY).date()),
            user(4, role=None, blocked_at=NOW - DAY),
        ]
    )
    await session.flush()
    for _ in range(3):
        await counters.bump(session, Event.QUESTION_ASKED, NOW)
    await counters.bump(session, Event.QUESTION_ASKED, NOW - 2 * DAY)
    await counters.bump(session, Event.QUESTION_ASKED, NOW - 31 * DAY)  # outside the window
    await counters.bump(session, Event.QUESTION_ANSWERED, NOW, by=2)
    await counters.bump(session, Event.QUESTION_DECLINED, NOW)
    await counters.bump(session, Event.NOT_IT, NOW)
    session.add_all(
        [
            # answered after 10 and 30 minutes; one claimed, never answered; one open past SLA
            ticket(
                NOW - DAY,
                status=TicketStatus.CLAIMED,
                claimed_at=NOW - DAY,
                first_response_at=NOW - DAY + dt.timedelta(minutes=10),
            ),
            ticket(
                NOW - DAY,
                status=TicketStatus.CLOSED,
                claimed_at=NOW - DAY,
                first_response_at=NOW - DAY + dt.timedelta(minutes=30),
                closed_at=NOW,
            ),
            ticket(NOW - 3 * DAY, status=TicketStatus.CLAIMED, claimed_at=NOW - 3 * DAY),
            ticket(NOW - dt.timedelta(hours=5)),
            ticket(NOW - dt.timedelta(minutes=5)),
            ticket(NOW - 60 * DAY, status=TicketStatus.CLOSED, closed_at=NOW - 50 * DAY),
        ]
    )
    cases = [
        Case(created_at=NOW, volunteer_id=3),
        Case(created_at=NOW, volunteer_requested_at=NOW),
        Case(created_at=NOW),
        Case(created_at=NOW, status=CaseStatus.CLOSED, closed_at=NOW),
    ]
    session.add_all(cases)
    await session.flush()
    for starts, status in (
        (NOW + 2 * DAY, HearingStatus.SCHEDULED),
        (NOW + 6 * DAY, HearingStatus.SCHEDULED),
        (NOW + 8 * DAY, HearingStatus.SCHEDULED),
        (NOW + DAY, HearingStatus.CANCELLED),
        (NOW - DAY, HearingStatus.SCHEDULED),
    ):
        session.add(
            Hearing(
                case_id=cases[0].id,
                place_enc="x",
                tz="America/Chicago",
                local_start="2026-12-05T09:00",
                starts_at=starts,
                status=status,
                created_at=NOW,
                updated_at=NOW,
            )
        )
    session.add_all(
        [
            outbox(1, "reminder", OutboxStatus.SENT),
            outbox(2, "reminder", OutboxStatus.SENT),
            outbox(3, "reminder", OutboxStatus.FAILED),
            outbox(4, "desk_notice", OutboxStatus.PENDING, NOW + DAY),
            outbox(5, "desk_notice", OutboxStatus.SENT, NOW - 45 * DAY),  # outside the window
        ]
    )
    await session.flush()

    got = await stats.collect(session, NOW, sla_minutes=120)

    assert got.users_total == 4
    assert got.users_by_role == {"relative": 2, "volunteer": 1, "unset": 1}
    assert got.users_by_language == {"ru": 3, "en": 1}
    assert (got.active_7d, got.active_30d, got.blocked) == (1, 2, 1)
    assert (got.questions_asked, got.questions_answered) == (4, 2)
    assert (got.questions_declined, got.not_it) == (1, 1)
    assert (got.tickets_opened, got.tickets_claimed) == (5, 3)
    assert (got.first_response_median_min, got.first_response_p90_min) == (10.0, 30.0)
    assert got.tickets_over_sla == 1
    assert (got.cases_open, got.cases_with_volunteer, got.cases_waiting_volunteer) == (3, 1, 1)
    assert got.hearings_next_7d == 2
    assert (got.messages_sent, got.messages_failed, got.messages_pending) == (2, 1, 1)
    assert got.messages_by_kind == {
        "reminder": {"sent": 2, "failed": 1},
        "desk_notice": {"pending": 1},
    }
    by_day = {row.day: row for row in got.per_day}
    assert len(got.per_day) == 30
    assert by_day[NOW.date()].questions == 3
    assert by_day[(NOW - 2 * DAY).date()].questions == 1
    assert by_day[(NOW - DAY).date()].tickets == 2
    assert by_day[NOW.date()].tickets == 2
    data = got.as_dict()
    assert data["per_day"][-1] == {"day": "2026-12-03", "questions": 3, "tickets": 2}


async def test_concurrent_bumps_are_never_lost(session: AsyncSession) -> None:
    for _ in range(5):
        await counters.bump(session, Event.QUESTION_ASKED, NOW)
    got = await stats.collect(session, NOW, sla_minutes=120)
    assert got.questions_asked == 5


async def test_gaps_group_by_normalised_words_and_shown_topic(session: AsyncSession) -> None:
    rows = [
        ("Пенсия по доверенности?", "no_answer", None),
        ("пенсия  по доверенности", "no_answer", None),
        ("сколько стоит бонд", "not_it", "release-bond"),
        ("сколько стоит бонд", "not_it", "release-paying"),
        ("старое", "no_answer", None),
    ]
    for i, (query, reason, topic) in enumerate(rows):
        created = NOW - (40 * DAY if query == "старое" else dt.timedelta(minutes=i))
        session.add(
            SearchGap(
                user_id=None,
                query=query,
                locale="ru",
                reason=reason,
                topic_id=topic,
                created_at=created,
            )
        )
    await session.flush()

    def words(text: str) -> str:
        return " ".join(sorted(text.casefold().replace("?", "").split()))

    groups = await gaps.grouped(session, NOW - 30 * DAY, words)
    assert [(g.count, g.reason, g.topic_id) for g in groups] == [
        (2, "no_answer", None),
        (1, "not_it", "release-bond"),
        (1, "not_it", "release-paying"),
    ]
    assert groups[0].examples == ["Пенсия по доверенности?", "пенсия  по доверенности"]


async def test_audit_filters_by_actor_object_and_day(session: AsyncSession) -> None:
    for i, (actor, obj, when) in enumerate(
        [(7, "1", NOW), (7, "2", NOW - DAY), (8, "1", NOW), (8, "1", NOW - 2 * DAY)]
    ):
        session.add(
            AuditEvent(
                actor_id=actor,
                action=f"case.view.{i}",
                object_type="case",
                object_id=obj,
                created_at=when,
            )
        )
    await session.flush()
    mine = await audit.entries(session, audit.AuditFilter(actor_id=7))
    assert [e.action for e in mine] == ["case.view.1", "case.view.0"]
    case1 = await audit.entries(session, audit.AuditFilter(object_type="case", object_id="1"))
    assert [e.actor_id for e in case1] == [8, 8, 7]
    today = await audit.entries(session, audit.AuditFilter(day=NOW.date()))
    assert sorted(e.action for e in today) == ["case.view.0", "case.view.2"]
    page2 = await audit.entries(session, audit.AuditFilter(), limit=2, before_id=case1[1].id)
    assert all(e.id < case1[1].id for e in page2)


async def test_retention_purges_each_kind_after_its_period(session: AsyncSession) -> None:
    keep = retention.Retention(tickets_days=30, outbox_days=10, audit_days=100, cases_days=50)
    old_ticket = ticket(NOW - 90 * DAY, status=TicketStatus.CLOSED, closed_at=NOW - 31 * DAY)
    new_ticket = ticket(NOW - 90 * DAY, status=TicketStatus.CLOSED, closed_at=NOW - 29 * DAY)
    open_ticket = ticket(NOW - 90 * DAY)
    session.add_all([old_ticket, new_ticket, open_ticket])
    old_case = Case(created_at=NOW - 99 * DAY, status=CaseStatus.CLOSED, closed_at=NOW - 51 * DAY)
    kept_case = Case(created_at=NOW - 99 * DAY, status=CaseStatus.CLOSED, closed_at=NOW - 49 * DAY)
    open_case = Case(created_at=NOW - 999 * DAY)
    session.add_all([old_case, kept_case, open_case])
    await session.flush()
    session.add(
        TicketMessage(
            ticket_id=old_ticket.id, author=Author.USER, text_enc="x", created_at=NOW - 40 * DAY
        )
    )
    session.add(CaseEvent(case_id=old_case.id, kind="note", created_at=NOW - 60 * DAY))
    session.add_all(
        [
            outbox(1, "reminder", OutboxStatus.SENT, NOW - 11 * DAY),
            outbox(2, "reminder", OutboxStatus.SENT, NOW - 9 * DAY),
            outbox(3, "reminder", OutboxStatus.PENDING, NOW - 11 * DAY),  # never lost
            outbox(4, "reminder", OutboxStatus.CANCELLED, NOW - 11 * DAY),
        ]
    )
    session.add_all(
        [
            AuditEvent(actor_id=1, action="a", created_at=NOW - 101 * DAY),
            AuditEvent(actor_id=1, action="b", created_at=NOW - 99 * DAY),
        ]
    )
    await session.flush()

    done = await retention.purge(session, NOW, keep)

    assert (done.tickets, done.outbox, done.audit, done.cases) == (1, 2, 1, 1)
    tickets_left = set(await session.scalars(select(Ticket.id)))
    assert tickets_left == {new_ticket.id, open_ticket.id}
    assert await session.scalar(select(func.count()).select_from(TicketMessage)) == 0
    assert await session.scalar(select(func.count()).select_from(CaseEvent)) == 0
    assert set(await session.scalars(select(OutboxMessage.chat_id))) == {2, 3}
    assert list(await session.scalars(select(AuditEvent.action))) == ["b"]
    assert set(await session.scalars(select(Case.id))) == {kept_case.id, open_case.id}
    again = await retention.purge(session, NOW, keep)
    assert (again.tickets, again.outbox, again.audit, again.cases) == (0, 0, 0, 0)


def test_stats_command_prints_one_json_object(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from bot.admin import cli
    from bot.clock import FrozenClock

    assert cli.main(settings, ["--json"], clock=FrozenClock(NOW)) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["generated_at"] == NOW.isoformat()
    assert data["users_total"] == 0
    assert len(data["per_day"]) == 30
    assert cli.main(settings, [], clock=FrozenClock(NOW)) == 0
    assert "tickets_over_sla: 0" in capsys.readouterr().out


def test_chart_is_a_png_with_a_bar_per_series() -> None:
    import io

    from PIL import Image

    from bot.admin import chart

    days = [stats.DayRow(NOW.date() - (29 - i) * DAY, 0, 0) for i in range(30)]
    days[-1] = stats.DayRow(NOW.date(), questions=40, tickets=10)
    png = chart.render(days)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (chart.WIDTH, chart.HEIGHT)
    colours = {colour for _count, colour in image.getcolors(1 << 20) or []}
    assert chart.QUESTIONS_COLOUR in colours
    assert chart.TICKETS_COLOUR in colours
    empty = Image.open(io.BytesIO(chart.render([stats.DayRow(NOW.date(), 0, 0)])))
    assert chart.QUESTIONS_COLOUR not in {
        c for _n, c in empty.convert("RGB").getcolors(1 << 20) or []
    }
