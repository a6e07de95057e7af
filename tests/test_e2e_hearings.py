"""End to end: a hearing added over HTTP, the bot restarted, and the 1-day reminder reaching
two relatives and the volunteer exactly once.

The real bot (real aiohttp session, long polling, the APScheduler outbox poller, an SQLite
file) talks to the fake Bot API in tests/fake_bot_api.py. Only the clock is injected: real
time plus an offset the test moves forward, so a reminder due in ten days falls due now.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from zoneinfo import ZoneInfo

from bot.cases.models import Case, CaseMember, CaseStatus, MemberRole, MemberStatus, Person
from bot.config import Settings
from bot.crypto import load_vault
from bot.db import create_engine, create_sessionmaker, migrate
from bot.hearings.models import Hearing
from bot.models import User, Volunteer, VolunteerStatus
from bot.sandbox import OffsetClock
from tests.fake_bot_api import Call, FakeTelegram, RunningBot

ANNA, BORIS, VERA = 7701, 7702, 7703  # two relatives and the case volunteer


async def make_family(settings: Settings) -> None:
    """The case as the family-cases feature would have left it (rows made directly)."""
    await migrate(settings.database_url)
    vault = load_vault(None, None, settings.encryption_key_file)
    engine = create_engine(settings.database_url)
    maker = create_sessionmaker(engine)
    now = dt.datetime.now(dt.UTC)
    async with maker() as session, session.begin():
        for uid, locale, tz in (
            (ANNA, "ru", "Europe/Moscow"),
            (BORIS, "ru", None),
            (VERA, "en", "America/Chicago"),
        ):
            session.add(
                User(
                    id=uid,
                    locale=locale,
                    role="relative",
                    timezone=tz,
                    consent_at=now,
                    created_at=now,
                )
            )
        await session.flush()
        session.add(
            Volunteer(
                user_id=VERA, display_name="Vera", status=VolunteerStatus.APPROVED, created_at=now
            )
        )
        case = Case(status=CaseStatus.OPEN, owner_id=ANNA, volunteer_id=VERA, created_at=now)
        session.add(case)
        await session.flush()
        for uid, role in ((ANNA, MemberRole.OWNER), (BORIS, MemberRole.MEMBER)):
            session.add(
                CaseMember(
                    case_id=case.id,
                    user_id=uid,
                    role=role,
                    status=MemberStatus.ACTIVE,
                    joined_at=now,
                )
            )
        session.add(
            Person(
                case_id=case.id,
                latin_name_enc=vault.encrypt("PETROV PAVEL"),
                cyrillic_name_enc=vault.encrypt("Петров Павел"),
                created_at=now,
            )
        )
    await engine.dispose()


async def said(fake: FakeTelegram, chat_id: int, fragment: str, since: int) -> Call:
    earlier = {id(c) for c in fake.calls[:since]}
    calls = await fake.wait_for(
        lambda c: id(c) not in earlier and c.chat_id == chat_id and fragment in c.text
    )
    return calls[0]


async def test_two_relatives_and_the_volunteer_each_get_the_one_day_reminder_once(
    fake: FakeTelegram, e2e_settings: Settings
) -> None:
    await make_family(e2e_settings)
    clock = OffsetClock()
    running = RunningBot(e2e_settings, clock=clock)
    await running.start()
    chicago = ZoneInfo("America/Chicago")
    day = (dt.datetime.now(chicago) + dt.timedelta(days=10)).date()
    try:
        mark = len(fake.calls)
        await fake.send(ANNA, "/hearings")
        await said(fake, ANNA, "Заседания и сроки", mark)
        await fake.press(ANNA, "Заседание")
        await said(fake, ANNA, "Где заседание", mark)
        mark = len(fake.calls)
        await fake.send(ANNA, "lasalle")
        await said(fake, ANNA, "Выберите суд", mark)
        await fake.press(ANNA, "LaSalle")
        await said(fake, ANNA, "по часам суда", mark)
        mark = len(fake.calls)
        await fake.send(ANNA, f"{day:%d.%m.%Y} 9:00")
        confirm = await said(fake, ANNA, "Всё верно?", mark)
        assert "09:00" in confirm.text
        assert "CDT" in confirm.text or "CST" in confirm.text
        await fake.press(ANNA, "Да, верно")
        await said(fake, ANNA, "Какое это заседание", mark)
        await fake.press(ANNA, "Предварительное")
        await said(fake, ANNA, "по видео или лично", mark)
        await fake.press(ANNA, "По видео")
        await said(fake, ANNA, "Заметки", mark)
        await fake.press(ANNA, "Пропустить")
        await said(fake, ANNA, "Заседание сохранено", mark)
        # The others hear about the new hearing through the outbox.
        await said(fake, BORIS, "новое заседание", mark)
        await said(fake, VERA, "A new hearing", mark)
    finally:
        await running.stop()  # the process dies with the reminders queued

    engine = create_engine(e2e_settings.database_url)
    async with create_sessionmaker(engine)() as session:
        hearing = await session.get(Hearing, 1)
        assert hearing is not None
        starts_at = hearing.starts_at
    await engine.dispose()
    assert starts_at.astimezone(chicago).replace(tzinfo=None) == dt.datetime.combine(
        day, dt.time(9, 0)
    )

    # Nine days pass while the bot is down: the 7-day reminder was missed (it is superseded,
    # not sent late), and the 1-day reminder is due a moment after the restart.
    clock.offset = (
        starts_at - dt.timedelta(days=1) + dt.timedelta(seconds=1) - dt.datetime.now(dt.UTC)
    )
    mark = len(fake.calls)
    await running.start()
    try:
        await said(fake, ANNA, "Напоминание: заседание через 24 часа", mark)
        await said(fake, BORIS, "Напоминание: заседание через 24 часа", mark)
        await said(fake, VERA, "Reminder: hearing in 24 hours", mark)
        await asyncio.sleep(1.0)  # several more polls
    finally:
        await running.stop()
    await running.start()  # and once more: nothing goes out again
    try:
        await asyncio.sleep(1.0)
    finally:
        await running.stop()

    reminders = [c for c in fake.calls[mark:] if "Напоминание" in c.text or "Reminder" in c.text]
    assert sorted(c.chat_id for c in reminders if c.chat_id is not None) == [ANNA, BORIS, VERA]
    anna = next(c for c in reminders if c.chat_id == ANNA)
    assert "17:00" in anna.text or "18:00" in anna.text  # 9:00 in Louisiana, in Moscow
    assert "Москва" in anna.text
    vera = next(c for c in reminders if c.chat_id == VERA)
    assert "Same as your time" in vera.text
    assert "hr:open:1:" in [data for _text, data in vera.buttons()]
