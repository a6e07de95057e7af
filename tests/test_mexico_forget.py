"""/forget in the Mexico section, by the person or by a relative: afterwards no row refers to
them: profile, progress, the circle in both directions, invitations, watches, the outbox
messages about their watches (alarms to relatives and the desk name them), audit entries."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, or_, select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import service
from bot.mexico.models import CircleMember, CrossingWatch, MexicoProfile, StepProgress, StepStatus
from bot.mexico.signup import Locator, SignupData
from bot.models import AuditEvent, OutboxMessage
from bot.simulator import Simulator, SimUser
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID
from tests.test_forget import rows_referring_to

SEEKER, MOM, OTHER, VOL = 770_001_301, 770_001_302, 770_001_303, 770_001_304


async def circle_with_alarm(sim: Simulator, app: App, clock: FrozenClock) -> int:
    """The seeker's form, progress, circle (a relative, a volunteer, an unused invitation), a
    place in someone else's circle, a volunteer's audited read, and a raised alarm."""
    for uid in (SEEKER, MOM, OTHER):
        await onboard(sim, uid)
    await make_volunteer(app, VOL)
    vault = app.dispatcher["vault"]
    now = clock.now()
    async with app.sessionmaker() as session, session.begin():
        data = SignupData(
            city="tijuana",
            children=[5],
            locator=Locator("PETROVA ANNA", dt.date(1991, 5, 6), "Russia"),
            share=["locator", "date", "city"],
        )
        await service.save_profile(session, vault, SEEKER, data, now)
        await service.save_profile(session, vault, OTHER, SignupData(city="cdmx"), now)
        await service.mark(session, SEEKER, app.programme.steps[0], StepStatus.DONE, now)
        await service.send_all(session, app.programme, SEEKER, now)
        await service.accept(
            session, await service.invite(session, SEEKER, "relative", now), MOM, now
        )
        await service.accept(
            session, await service.invite(session, SEEKER, "volunteer", now), VOL, now
        )
        await service.invite(session, SEEKER, "relative", now)  # never used
        await service.accept(
            session, await service.invite(session, OTHER, "relative", now), SEEKER, now
        )
        service.audit_read(session, VOL, SEEKER, now)
        watch = await service.start_watch(
            session,
            vault,
            SEEKER,
            crossing_at=now + dt.timedelta(days=2),
            tz="America/Tijuana",
            place="El Chaparral",
            now=now,
        )
        watch_id = watch.id
    clock.advance(dt.timedelta(days=3))
    await app.run_mexico()
    async with app.sessionmaker() as session:
        stored = await session.get(CrossingWatch, watch_id)
        assert stored is not None
        assert stored.case_id is not None  # the alarm opened a family case for the relative
        alarms = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == service.KIND_ALARM)
        )
        assert alarms == 3  # the relative, the volunteer, the admin
    return watch_id


async def forget(user: SimUser) -> None:
    await user.send("/forget")
    await user.press("Да, удалить всё")


async def test_forget_by_the_person_leaves_no_row_about_them(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    watch_id = await circle_with_alarm(sim, app, clock)
    assert await rows_referring_to(app, SEEKER) != {}
    await forget(sim.user(SEEKER))
    assert await rows_referring_to(app, SEEKER) == {}
    async with app.sessionmaker() as session:
        for model in (MexicoProfile, StepProgress, CrossingWatch):
            assert (
                await session.scalar(
                    select(func.count()).select_from(model).where(model.user_id == SEEKER)
                )
                == 0
            )
        assert (
            await session.scalar(
                select(func.count())
                .select_from(CircleMember)
                .where(or_(CircleMember.owner_id == SEEKER, CircleMember.member_id == SEEKER))
            )
            == 0
        )
        about_watch = await session.scalars(
            select(OutboxMessage.dedup_key).where(OutboxMessage.kind.startswith("mx_"))
        )
        assert [k for k in about_watch if f":{watch_id}:" in k or str(SEEKER) in k] == []
        assert (
            await session.scalar(
                select(func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.object_type == "mexico", AuditEvent.object_id == str(SEEKER))
            )
            == 0
        )
        # The other person's form and the relative's circle membership elsewhere stay.
        assert await session.get(MexicoProfile, OTHER) is not None


async def test_forget_by_a_relative_leaves_no_row_about_them(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await circle_with_alarm(sim, app, clock)
    assert await rows_referring_to(app, MOM) != {}
    await forget(sim.user(MOM))
    assert await rows_referring_to(app, MOM) == {}
    async with app.sessionmaker() as session:
        members = await session.scalars(
            select(CircleMember.member_id).where(CircleMember.owner_id == SEEKER)
        )
        assert MOM not in list(members)
    # The seeker's safety net goes on without the relative: a late check-in tells the rest.
    assert ADMIN_ID != MOM
