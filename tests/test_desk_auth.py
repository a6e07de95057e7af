"""Who may see and do what at the desk, on SQLite and on PostgreSQL.

Callback data is typed by clients, so every test here forges presses: a person who is not a
volunteer, a volunteer whose access was revoked, a second volunteer reaching for someone
else's ticket. Each is refused in words, and nothing moves or leaks.
"""

from __future__ import annotations

import pytest
from aiogram.types import Message
from sqlalchemy import func, select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.desk import sweep
from bot.desk.models import (
    CloseReason,
    KbProposal,
    Ticket,
    TicketLink,
    TicketMessage,
    TicketStatus,
)
from bot.desk.policy import DeskPolicy
from bot.dispatcher import App
from bot.models import AuditEvent, OutboxMessage
from bot.simulator import Simulator, SimUser
from tests.conftest import ADMIN_ID, AppFactory
from tests.desk_helpers import (
    QUESTION,
    ask,
    make_volunteer,
    messages,
    onboard,
    pending,
    press_alert,
    ticket,
)
from tests.test_forget import rows_referring_to

ANNA, VERA, PETR, MALLORY = 1001, 2001, 2002, 3001
NOT_VOLUNTEER = "Это доступно только одобренным волонтёрам. Стать волонтёром: /volunteer."
NOT_YOURS = "Этим вопросом занимается другой волонтёр — вам он не виден."
NOT_ASKER = "Это не ваш вопрос: кнопка относится к вопросу другого человека."
ADMINS_ONLY = "Это только для координаторов."
ANSWER = "Ищите через locator.ice.gov по A-номеру."


@pytest.fixture
def db_app(db_url: str, settings: Settings, make_app: AppFactory) -> App:
    return make_app(settings.model_copy(update={"database_url": db_url}))


@pytest.fixture
def dsim(db_app: App, clock: FrozenClock) -> Simulator:
    return Simulator(db_app.dispatcher, db_app.bot, clock)


async def claimed_and_answered(sim: Simulator, app: App) -> tuple[int, SimUser, SimUser]:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send(ANSWER)
    await sim.deliver(app.delivery)
    assert ANSWER in anna.inbox[-1].text
    return tid, anna, vera


async def outbox_count(app: App) -> int:
    async with app.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


def saw_conversation(person: SimUser) -> bool:
    return any(QUESTION in s.text or ANSWER in s.text for s in person.inbox)


async def test_a_non_volunteer_is_refused_everywhere(dsim: Simulator, db_app: App) -> None:
    tid, _anna, _vera = await claimed_and_answered(dsim, db_app)
    mallory = await onboard(dsim, MALLORY)
    before = await outbox_count(db_app)

    for command in ("/queue", "/mine", f"/ticket {tid}", f"/answer {tid} привет"):
        replies = await mallory.send(command)
        assert replies[-1].text == NOT_VOLUNTEER, command
    for action in (
        "take",
        "open",
        "view",
        "files",
        "release",
        "close",
        "note",
        "propose",
        "reply",
    ):
        alert = await press_alert(mallory, f"dk:{action}:{tid}:")
        assert alert in {NOT_VOLUNTEER, NOT_YOURS}, (action, alert)
    for forged in (f"dk:aclose:{tid}:", f"dk:arelease:{tid}:"):
        assert await press_alert(mallory, forged) in {ADMINS_ONLY, NOT_YOURS}
    # Someone else's question, pressed as if it were theirs: no word about volunteers.
    for action in ("cancel", "solved", "reopen"):
        assert await press_alert(mallory, f"dk:{action}:{tid}:") == NOT_ASKER
    assert await press_alert(mallory, f"dk:rate:{tid}:1") == NOT_ASKER
    # Admin powers, forged.
    assert await press_alert(mallory, f"vol:approve:{MALLORY}") == ADMINS_ONLY
    assert await press_alert(mallory, f"vol:revoke:{VERA}") == ADMINS_ONLY
    assert await press_alert(mallory, f"vol:card:{VERA}") == ADMINS_ONLY
    assert await press_alert(mallory, "kbp:accept:1") == ADMINS_ONLY
    for command in ("/volunteers", "/tickets", "/proposals"):
        assert (await mallory.send(command))[-1].text == ADMINS_ONLY

    assert not saw_conversation(mallory)
    row = await ticket(db_app, tid)
    assert (row.status, row.volunteer_id, row.close_reason) == (TicketStatus.CLAIMED, VERA, None)
    assert len(await messages(db_app, tid)) == 2
    assert await outbox_count(db_app) == before  # nobody was told anything


async def test_a_revoked_volunteer_loses_the_ticket_and_every_door(
    dsim: Simulator, db_app: App
) -> None:
    tid, anna, vera = await claimed_and_answered(dsim, db_app)
    petr = await make_volunteer(dsim, db_app, PETR, "Пётр")
    admin = dsim.user(ADMIN_ID)

    await admin.send("/volunteers")
    await admin.press("Вера")
    await admin.press("Отозвать")
    await dsim.deliver(db_app.delivery)

    row = await ticket(db_app, tid)
    assert (row.status, row.volunteer_id, row.round) == (TicketStatus.OPEN, None, 2)
    assert "Ваш доступ волонтёра отозван" in vera.inbox[-1].text
    assert "больше недоступен" in anna.inbox[-1].text
    assert f"Вопрос #{tid}" in petr.inbox[-1].text  # announced again, to the others
    assert not any(f"Вопрос #{tid} ·" in s.text for s in vera.inbox[-3:])

    # Still in the conversation state from before: what she types goes nowhere.
    anna_seen = len(anna.inbox)
    replies = await vera.send("Ещё одна мысль по вашему вопросу")
    assert replies[-1].text == NOT_VOLUNTEER
    for command in ("/queue", "/mine", f"/ticket {tid}", f"/answer {tid} ещё"):
        assert (await vera.send(command))[-1].text == NOT_VOLUNTEER, command
    for action in ("take", "open", "files", "release", "close", "note", "propose", "reply"):
        assert await press_alert(vera, f"dk:{action}:{tid}:") == NOT_VOLUNTEER, action
    assert await press_alert(vera, f"vol:away:{VERA}") == NOT_VOLUNTEER
    # A Telegram reply to the relayed message she received earlier is refused too.
    relayed = next(s for s in reversed(vera.inbox) if "человек" in s.text or "Задан" in s.text)
    reply_to = Message(
        message_id=relayed.message_id,
        date=dsim.clock.now(),
        chat=vera.chat,
        from_user=dsim.bot_user,
        text=relayed.text,
    )
    await vera.send("ответ реплаем", reply_to_message=reply_to)
    await dsim.deliver(db_app.delivery)
    assert len(anna.inbox) == anna_seen
    assert [m.text_enc is not None for m in await messages(db_app, tid)] == [True, True]

    # Petr takes it over and sees the whole conversation, Vera's answer included.
    await petr.press(f"Взять #{tid}")
    assert ANSWER in petr.inbox[-1].text


async def test_a_second_volunteer_cannot_touch_someone_elses_ticket(
    dsim: Simulator, db_app: App
) -> None:
    tid, anna, _vera = await claimed_and_answered(dsim, db_app)
    petr = await make_volunteer(dsim, db_app, PETR, "Пётр")
    before = await outbox_count(db_app)

    assert await press_alert(petr, f"dk:take:{tid}:") == "Этот вопрос уже взял другой волонтёр."
    for action in ("open", "view", "files", "release", "close", "note", "propose", "reply"):
        assert await press_alert(petr, f"dk:{action}:{tid}:") == NOT_YOURS, action
    assert (await petr.send(f"/ticket {tid}"))[-1].text == NOT_YOURS
    assert (await petr.send(f"/answer {tid} я тоже отвечу"))[-1].text == NOT_YOURS
    assert await press_alert(petr, f"vol:away:{VERA}") == NOT_YOURS
    assert await press_alert(petr, f"dk:arelease:{tid}:") == NOT_YOURS

    assert not saw_conversation(petr)
    row = await ticket(db_app, tid)
    assert (row.status, row.volunteer_id) == (TicketStatus.CLAIMED, VERA)
    assert len(await messages(db_app, tid)) == 2
    assert await outbox_count(db_app) == before
    assert ANSWER in anna.inbox[-1].text  # nothing else reached her


async def test_admins_see_every_conversation_and_reads_are_audited(
    dsim: Simulator, db_app: App
) -> None:
    tid, anna, vera = await claimed_and_answered(dsim, db_app)
    await vera.press("Заметка")
    await vera.send("Похоже на перевод в Луизиану")
    admin = dsim.user(ADMIN_ID)
    listing = await admin.send("/tickets")
    assert f"#{tid}" in listing[-1].text
    card = await admin.press(f"#{tid}")
    assert QUESTION in card[-1].text
    assert ANSWER in card[-1].text
    assert "Похоже на перевод в Луизиану" in card[-1].text
    assert "Name1001" not in card[-1].text
    async with db_app.sessionmaker() as session:
        views = await session.scalars(
            select(AuditEvent.actor_id).where(
                AuditEvent.action == "desk.view", AuditEvent.object_id == str(tid)
            )
        )
        assert set(views) == {VERA, ADMIN_ID}
    # The note never reached the person.
    assert not any("Луизиану" in s.text for s in anna.inbox)


async def test_forget_removes_the_persons_ticket_content(dsim: Simulator, db_app: App) -> None:
    tid, anna, vera = await claimed_and_answered(dsim, db_app)
    await anna.send_photo(caption="вот его бумага")
    await vera.press("Предложить в справочник")
    await dsim.deliver(db_app.delivery)
    async with db_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(KbProposal)) == 1

    await anna.send("/forget")
    await anna.press("Да, удалить всё")
    assert await rows_referring_to(db_app, ANNA) == {}
    async with db_app.sessionmaker() as session:
        row = await session.get(Ticket, tid)
        assert row is not None
        assert (row.user_id, row.question_enc) == (None, None)
        assert (row.status, row.close_reason) == (TicketStatus.CLOSED, CloseReason.FORGOTTEN)
        for model in (TicketMessage, KbProposal):
            assert await session.scalar(select(func.count()).select_from(model)) == 0

    # The next sweep tells the volunteer and blanks what her chat still shows.
    async with db_app.sessionmaker() as session, session.begin():
        report = await sweep.sweep(
            session, db_app.clock.now(), DeskPolicy.from_settings(db_app.settings)
        )
    assert report.forgotten == 1
    await dsim.deliver(db_app.delivery)
    told = [s.text for s in vera.inbox]
    assert any("удалил свои данные; вопрос закрыт" in t for t in told)
    edits = [s for s in vera.inbox if "сообщение больше недоступно" in s.text]
    assert edits  # the relayed question text and photo header were overwritten
    async with db_app.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(TicketLink)) == 0
    assert await press_alert(vera, f"dk:open:{tid}:") == "Этого вопроса больше нет."
    assert not await pending(db_app)
