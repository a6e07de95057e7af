"""Role filters decide which routers an update may reach."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.dispatcher import App, build_dispatcher
from bot.filters import IsAdmin, IsVolunteer
from bot.handlers import get_routers
from bot.models import Volunteer, VolunteerStatus
from bot.simulator import Simulator
from tests.conftest import ADMIN_ID


async def test_admin_and_volunteer_filters(app: App) -> None:
    router = Router(name="roles-test")

    @router.message(Command("adminonly"), IsAdmin())
    async def admin_only(message: Message) -> None:
        await message.answer("admin ok")

    @router.message(Command("volonly"), IsVolunteer(admins_too=False))
    async def volunteer_only(message: Message, volunteer: Volunteer) -> None:
        await message.answer(f"volunteer ok {volunteer.display_name}")

    dp = build_dispatcher(
        settings=app.settings,
        sessionmaker=app.sessionmaker,
        translator=app.translator,
        clock=app.clock,
        knowledge=app.knowledge,
        storage=app.dispatcher.storage,
        routers=[router, *get_routers()],
    )
    sim = Simulator(dp, app.bot, app.clock)

    async with app.sessionmaker() as session, session.begin():
        from bot.models import User

        for uid in (1, 2, 3):
            session.add(User(id=uid, created_at=app.clock.now()))
        session.add(
            Volunteer(
                user_id=2,
                display_name="Вера",
                status=VolunteerStatus.APPROVED,
                created_at=app.clock.now(),
            )
        )
        session.add(
            Volunteer(
                user_id=3,
                display_name="Пётр",
                status=VolunteerStatus.REVOKED,
                created_at=app.clock.now(),
            )
        )

    admin, plain, volunteer, revoked = (sim.user(i) for i in (ADMIN_ID, 1, 2, 3))
    assert (await admin.send("/adminonly"))[0].text == "admin ok"
    assert "admin ok" not in [r.text for r in await plain.send("/adminonly")]
    assert (await volunteer.send("/volonly"))[0].text == "volunteer ok Вера"
    assert "volunteer ok" not in " ".join(r.text for r in await revoked.send("/volonly"))
    assert "volunteer ok" not in " ".join(r.text for r in await plain.send("/volonly"))
