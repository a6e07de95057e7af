"""Broadcasts through the real dispatcher and the real sender: composed by an admin or a
coordinator, previewed, confirmed, paused, the bot restarted, resumed, each recipient getting
the message exactly once; people who blocked the bot or turned announcements off get nothing."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from bot.admin import broadcasts as bc
from bot.admin.broadcasts import Segment, SegmentKind
from bot.admin.models import Broadcast, BroadcastStatus, StaffRole
from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.models import OutboxMessage, OutboxStatus, User
from bot.simulator import Simulator
from tests.case_helpers import make_volunteer, onboard
from tests.conftest import ADMIN_ID, START, AppFactory

TEXT = "Важно: с 1 января меняются сборы. Подробности в справочнике."
EN_TEXT = "Important: fees change on January 1."


async def test_paused_broadcast_survives_a_restart_and_reaches_everyone_once(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    admin = await onboard(sim, ADMIN_ID)
    people = [await onboard(sim, uid, english=uid == 103) for uid in (101, 102, 103, 104, 105)]
    quiet, gone = people[3], people[4]
    await quiet.send("/menu")
    await quiet.press("Настройки")
    await quiet.press("Объявления")
    await quiet.press("Выключить объявления")
    assert "выключены" in quiet.texts()[-1]
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(User).where(User.id == gone.id).values(blocked_at=START))

    await admin.send("/broadcast")
    await admin.send(TEXT)
    await admin.send(EN_TEXT)
    await admin.press("Всем")
    texts = admin.texts()
    assert "Получателей: <b>4</b>" in texts[-6]  # admin, 101, 102, 103: not the quiet or the gone
    assert texts[-4] == TEXT  # the preview, exactly as sent
    assert texts[-2] == EN_TEXT
    await admin.press("Отправить (4)")
    assert "Доставлено: 0 из 4" in admin.texts()[-1]
    await admin.press("Пауза")
    assert "на паузе" in admin.texts()[-1]

    await sim.deliver(app.delivery)
    for person in people:
        assert TEXT not in person.texts()

    # The bot restarts; the admin resumes on the card; everyone gets it once, in their language.
    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    admin2 = sim2.user(ADMIN_ID, first_name="A", language_code="ru")
    admin2.inbox.extend(admin.inbox)
    await admin2.press("Продолжить")
    for _ in range(2):
        await sim2.deliver(restarted.delivery)
    clock.advance(dt.timedelta(seconds=30))
    await restarted.run_broadcasts()
    await sim2.deliver(restarted.delivery)
    got = {uid: [s.text for s in sim2.session.sent if s.chat_id == uid] for uid in (101, 102, 103)}
    assert got[101].count(TEXT) == 1
    assert got[102].count(TEXT) == 1
    assert got[103].count(EN_TEXT) == 1
    assert not [s for s in sim2.session.sent if s.chat_id in (quiet.id, gone.id)]
    report = [s.text for s in sim2.session.sent if s.chat_id == ADMIN_ID]
    assert any("завершена: доставлено 4" in t for t in report), report
    async with restarted.sessionmaker() as session:
        broadcast = await session.scalar(select(Broadcast))
        assert broadcast is not None
        assert broadcast.status == BroadcastStatus.DONE
    await restarted.run_broadcasts()
    await sim2.deliver(restarted.delivery)
    assert sum(s.text == TEXT for s in sim2.session.sent) == 3  # 101, 102 and the admin


async def test_only_admins_and_coordinators_broadcast(sim: Simulator, app: App) -> None:
    coord = await onboard(sim, 201)
    relative = await onboard(sim, 202)
    await make_volunteer(app, 203)
    volunteer = sim.user(203, first_name="V", language_code="ru")
    for person in (coord, relative, volunteer):
        await person.send("/broadcast")
        assert "только для администраторов и координаторов" in person.texts()[-1]
    async with app.sessionmaker() as session, session.begin():
        session.add(
            StaffRole(user_id=201, role="coordinator", granted_by=ADMIN_ID, granted_at=START)
        )
    await coord.send("/broadcast")
    await coord.send("x" * 3600)
    assert "не больше 3500" in coord.texts()[-1]
    await coord.send("Короткий текст")
    await coord.press("Пропустить")
    await coord.press("Волонтёрам")
    assert "Получателей: <b>1</b>" in coord.texts()[-4]
    # A forged control button for a broadcast that does not exist is refused.
    await relative.press_data("bc:pause:1")
    assert any("только для администраторов" in a for a in relative.alerts())


async def test_pause_holds_only_what_is_still_waiting(app: App) -> None:
    async with app.sessionmaker() as session, session.begin():
        for uid in (1, 2, 3, 4):
            session.add(User(id=uid, locale="ru", consent_at=START, created_at=START))
        await session.flush()
        broadcast = await bc.start(
            session,
            created_by=1,
            segment=Segment(SegmentKind.ALL),
            texts={"ru": "t"},
            media=None,
            now=START,
        )
        assert broadcast.total == 4
        rows = list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        rows[0].status = OutboxStatus.SENT
        rows[1].status = OutboxStatus.FAILED
        rows[1].last_error = "blocked"
        rows[2].status = OutboxStatus.SENDING  # in flight: it will finish
        await session.flush()
        assert await bc.pause(session, broadcast) == 1
        progress = await bc.progress(session, broadcast)
        assert (progress.delivered, progress.blocked, progress.waiting) == (1, 1, 2)
        assert await bc.resume(session, broadcast, START) == 1
        assert await bc.cancel(session, broadcast, START) == 1
        progress = await bc.progress(session, broadcast)
        assert (progress.cancelled, progress.waiting) == (1, 1)
