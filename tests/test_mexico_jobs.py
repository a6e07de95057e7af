"""App.run_mexico's daily cards through the real outbox: at 10:00 in the person's own time zone
(their setting first, else their city's), in their language, once a day; paused means none; a
step revised after it was marked done is told once, rendered as a revision notice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.mexico import programme as prog
from bot.mexico import service
from bot.mexico.models import MexicoProfile, StepStatus
from bot.mexico.signup import SignupData
from bot.models import User
from bot.simulator import Simulator
from tests.case_helpers import onboard

TIJUANA, CDMX_TZ, PAUSED = 801, 802, 803
DAY = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)


async def cards(sim: Simulator, app: App, uid: int) -> list[str]:
    await app.run_mexico()
    await sim.deliver(app.delivery)
    return [t for t in sim.user(uid).texts() if t.startswith("📋")]


async def test_daily_cards_follow_each_persons_zone_and_language(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    await onboard(sim, TIJUANA)
    await onboard(sim, CDMX_TZ, english=True)
    await onboard(sim, PAUSED)
    async with app.sessionmaker() as session, session.begin():
        for uid in (TIJUANA, CDMX_TZ, PAUSED):
            await service.save_profile(
                session, app.vault, uid, SignupData(city="tijuana"), clock.now()
            )
        # This person waits in Tijuana but set their own zone (Mexico City, two hours ahead).
        user = await session.get(User, CDMX_TZ)
        assert user is not None
        user.timezone = "America/Mexico_City"
        paused = await session.get(MexicoProfile, PAUSED)
        assert paused is not None
        paused.paused = True
    clock.set(DAY.replace(hour=16))  # 10:00 in Mexico City, 08:00 in Tijuana
    assert await cards(sim, app, TIJUANA) == []
    english = await cards(sim, app, CDMX_TZ)
    assert len(english) == 1
    assert "(0/12 done)" in english[0]
    assert [t for t, _ in sim.user(CDMX_TZ).inbox[-1].buttons()] == [
        "✅ Done",
        "⏳ Later",
        "🙋 Ask a volunteer",
    ]
    clock.set(DAY.replace(hour=18))  # 10:00 in Tijuana
    assert len(await cards(sim, app, TIJUANA)) == 1
    assert len(await cards(sim, app, CDMX_TZ)) == 1  # still one today
    assert await cards(sim, app, PAUSED) == []
    clock.set(DAY.replace(hour=18) + dt.timedelta(days=1))
    assert len(await cards(sim, app, TIJUANA)) == 2
    assert len(await cards(sim, app, CDMX_TZ)) == 2


async def test_a_revised_step_is_told_once_as_a_revision(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    seeker = await onboard(sim, TIJUANA)
    first = app.programme.steps[0]
    async with app.sessionmaker() as session, session.begin():
        await service.save_profile(
            session, app.vault, TIJUANA, SignupData(city="tijuana"), clock.now()
        )
        await service.mark(session, TIJUANA, first, StepStatus.DONE, clock.now())
    revise: Callable[[prog.StepText], prog.StepText] = lambda t: prog.StepText(  # noqa: E731
        t.title, t.body + " (+)"
    )
    app.programme = prog.Programme(
        (
            prog.Step(
                first.id,
                first.reviewed,
                first.uncertain,
                first.sources,
                {loc: revise(t) for loc, t in first.texts.items()},
            ),
            *app.programme.steps[1:],
        )
    )
    await app.run_mexico()
    await app.run_mexico()
    await sim.deliver(app.delivery)
    told = [t for t in seeker.texts() if "обновлён" in t]
    assert len(told) == 1
    assert first.text("ru").title in told[0]
