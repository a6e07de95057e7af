"""The Mexico section's rules without Telegram: the sign-up values, the programme's daily card
and changed steps, the circle's one-time invitations, and the crossing watch's alarm."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cases.models import Case, CaseMember, Person
from bot.config import Settings
from bot.crypto import Vault
from bot.dispatcher import App
from bot.mexico import programme as prog
from bot.mexico import service
from bot.mexico.models import CrossingWatch, StepStatus, WatchStatus
from bot.mexico.signup import Locator, MexicoError, SignupData, parse_children
from bot.models import OutboxMessage, User
from tests.conftest import AppFactory

NOW = dt.datetime(2026, 12, 3, 16, 0, tzinfo=dt.UTC)  # 08:00 in Tijuana
SEEKER, MOM, BROTHER, VOL, ADMIN = 11, 12, 13, 14, 9000
VAULT = Vault.generate()
PROGRAMME, _ = prog.load()


@pytest.fixture
async def session(
    db_url: str, settings: Settings, make_app: AppFactory
) -> AsyncIterator[AsyncSession]:
    app: App = make_app(settings.model_copy(update={"database_url": db_url}))
    async with app.sessionmaker() as session, session.begin():
        for uid in (SEEKER, MOM, BROTHER, VOL, ADMIN):
            session.add(User(id=uid, locale="ru", consent_at=NOW, created_at=NOW))
        await session.flush()
        yield session


async def outbox(session: AsyncSession, kind: str) -> list[OutboxMessage]:
    rows = await session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind))
    return list(rows.all())


def test_children_ages_are_checked() -> None:
    assert parse_children("3, 7") == [3, 7]
    assert parse_children("нет") == []
    for bad in ("200", "18", "три", ""):
        with pytest.raises(MexicoError):
            parse_children(bad)


async def test_profile_is_encrypted_and_reads_back(session: AsyncSession) -> None:
    data = SignupData(
        city="tijuana",
        adults=2,
        children=[4],
        languages=["ru"],
        helper="Al Otro Lado",
        planned_on=dt.date(2027, 1, 10),
        locator=Locator("IVANOV IVAN", dt.date(1990, 2, 1), "RU"),
        share=["locator", "city"],
    )
    profile = await service.save_profile(session, VAULT, SEEKER, data, NOW)
    assert "IVANOV" not in (profile.locator_enc or "")
    assert "Otro" not in (profile.helper_enc or "")
    assert service.open_profile(VAULT, profile) == data


async def test_one_card_a_day_at_the_local_hour_and_changed_steps_told_once(
    session: AsyncSession,
) -> None:
    await service.save_profile(session, VAULT, SEEKER, SignupData(city="tijuana"), NOW)
    assert await service.daily(session, PROGRAMME, NOW) == 0  # 08:00 there: before 10:00
    at_ten = NOW + dt.timedelta(hours=2)
    assert await service.daily(session, PROGRAMME, at_ten) == 1
    assert await service.daily(session, PROGRAMME, at_ten + dt.timedelta(hours=5)) == 0
    next_day = at_ten + dt.timedelta(days=1)
    assert await service.daily(session, PROGRAMME, next_day) == 1
    steps = [r.payload["step"] for r in await outbox(session, service.KIND_STEP)]
    assert steps == list(PROGRAMME.ids[:2])
    first = PROGRAMME.steps[0]
    await service.mark(session, SEEKER, first, StepStatus.DONE, next_day)
    # A reviewer changes the first step: the person who marked it done hears of it once.
    changed = prog.Programme(
        (
            prog.Step(
                first.id,
                first.reviewed,
                False,
                first.sources,
                {
                    loc: prog.StepText(t.title, t.body + " (обновлено)")
                    for loc, t in first.texts.items()
                },
            ),
            *PROGRAMME.steps[1:],
        )
    )
    later = next_day + dt.timedelta(days=1)
    await service.daily(session, changed, later)
    await service.daily(session, changed, later + dt.timedelta(days=1))
    assert [r.payload["step"] for r in await outbox(session, service.KIND_CHANGED)] == [first.id]
    assert await service.send_all(session, PROGRAMME, SEEKER, later) == len(PROGRAMME.steps) - 4


async def test_invitation_works_once_and_not_for_its_owner(session: AsyncSession) -> None:
    token = await service.invite(session, SEEKER, "relative", NOW)
    with pytest.raises(MexicoError, match="invite-own"):
        await service.accept(session, token, SEEKER, NOW)
    await service.accept(session, token, MOM, NOW)
    with pytest.raises(MexicoError, match="invite-used"):
        await service.accept(session, token, BROTHER, NOW)
    with pytest.raises(MexicoError, match="invite-invalid"):
        await service.accept(session, "forged", BROTHER, NOW)
    expired = await service.invite(session, SEEKER, "relative", NOW)
    with pytest.raises(MexicoError, match="invite-invalid"):
        await service.accept(session, expired, BROTHER, NOW + dt.timedelta(days=8))
    assert [m.member_id for m in await service.circle(session, SEEKER)] == [MOM]


async def test_missed_check_in_alarms_circle_and_desk_once_opens_a_case_and_late_check_in_clears(
    session: AsyncSession,
) -> None:
    locator = Locator("PETROVA ANNA", dt.date(1991, 5, 6), "RU")
    await service.save_profile(
        session, VAULT, SEEKER, SignupData(city="tijuana", locator=locator, share=["locator"]), NOW
    )
    for uid in (MOM, BROTHER):
        await service.accept(
            session, await service.invite(session, SEEKER, "relative", NOW), uid, NOW
        )
    with pytest.raises(MexicoError, match="crossing-past"):
        await service.start_watch(
            session,
            VAULT,
            SEEKER,
            crossing_at=NOW - dt.timedelta(hours=1),
            tz="America/Tijuana",
            place="San Ysidro",
            now=NOW,
        )
    crossing = NOW + dt.timedelta(days=1)
    watch = await service.start_watch(
        session,
        VAULT,
        SEEKER,
        crossing_at=crossing,
        tz="America/Tijuana",
        place="San Ysidro",
        now=NOW,
    )
    assert len(await outbox(session, service.KIND_EVE)) == 1
    assert len(await outbox(session, service.KIND_ASK)) == 1
    desk = frozenset({ADMIN})
    due = crossing + dt.timedelta(hours=12)
    assert await service.sweep(session, VAULT, due + dt.timedelta(minutes=119), desk=desk) == []
    raised = await service.sweep(session, VAULT, due + dt.timedelta(minutes=121), desk=desk)
    assert [w.id for w in raised] == [watch.id]
    assert await service.sweep(session, VAULT, due + dt.timedelta(hours=5), desk=desk) == []
    alarms = await outbox(session, service.KIND_ALARM)
    assert sorted(r.chat_id for r in alarms) == [MOM, BROTHER, ADMIN]
    case = await session.get(Case, watch.case_id)
    assert case is not None
    members = set(
        await session.scalars(select(CaseMember.user_id).where(CaseMember.case_id == case.id))
    )
    assert members == {MOM, BROTHER}
    person = await session.scalar(select(Person).where(Person.case_id == case.id))
    assert person is not None
    assert VAULT.decrypt(person.latin_name_enc) == "PETROVA ANNA"
    with pytest.raises(MexicoError, match="not-yours"):
        await service.check_in(session, watch, MOM, due + dt.timedelta(hours=6), safe=False)
    assert await service.check_in(session, watch, SEEKER, due + dt.timedelta(hours=6), safe=False)
    assert watch.status == WatchStatus.ACTIVE
    clears = await outbox(session, service.KIND_CLEAR)
    assert sorted(r.chat_id for r in clears) == [MOM, BROTHER, ADMIN]  # all who were alarmed
    assert await session.scalar(select(func.count()).select_from(Case)) == 1
    await service.check_in(session, watch, SEEKER, due + dt.timedelta(hours=7), safe=True)
    assert watch.status == WatchStatus.SAFE
    stored = await session.get(CrossingWatch, watch.id)
    assert stored is not None
    assert "San Ysidro" not in (stored.place_enc or "")
