"""The desk as a story: a relative asks, two volunteers race, one answers anonymously, the
relative replies, closes and rates; the bot restarts twice in the middle and loses nothing."""

from __future__ import annotations

import asyncio
import datetime as dt

from aiogram.types import Message
from sqlalchemy import select

from bot.clock import FrozenClock
from bot.config import Settings
from bot.desk.models import Author, CloseReason, TicketLink, TicketStatus
from bot.dispatcher import App
from bot.simulator import Simulator
from tests.conftest import ADMIN_ID, START, AppFactory
from tests.desk_helpers import (
    QUESTION,
    answers_since,
    ask,
    make_volunteer,
    messages,
    onboard,
    pending,
    ticket,
)

ANNA, VERA, PETR = 1001, 2001, 2002


async def test_question_race_answer_reply_close_rate_across_restarts(
    app: App, sim: Simulator, make_app: AppFactory, settings: Settings, clock: FrozenClock
) -> None:
    sim.user(ADMIN_ID)
    await make_volunteer(sim, app, VERA, "Вера")
    await make_volunteer(sim, app, PETR, "Пётр")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    created = anna.inbox[-1].text
    assert f"#{tid}" in created
    assert "честно сказать, сколько ждать ответа, я пока не могу" in created  # no figures yet
    assert {r.chat_id for r in await pending(app, "desk.notify")} == {VERA, PETR}

    # The process dies before the notifications go out: they are in the database.
    app2 = make_app(settings)
    sim2 = Simulator(app2.dispatcher, app2.bot, clock)
    vera2, petr2, anna2 = sim2.user(VERA), sim2.user(PETR), sim2.user(ANNA)
    await sim2.deliver(app2.delivery)
    for volunteer in (vera2, petr2):
        notice = volunteer.inbox[-1]
        assert f"Вопрос #{tid}" in notice.text
        assert "перевели. Как узнать" in notice.text  # the question itself
        assert "Name1001" not in notice.text
        assert "user1001" not in notice.text
        assert str(ANNA) not in notice.text
        assert notice.buttons() == [(f"✋ Взять #{tid}", f"dk:take:{tid}:")]

    # Both press "take" at the same moment: exactly one wins.
    start = len(sim2.session.requests)
    clock.advance(dt.timedelta(minutes=42))
    await asyncio.gather(vera2.press(f"Взять #{tid}"), petr2.press(f"Взять #{tid}"))
    answers = answers_since(sim2, start)
    assert sorted(answers) == sorted(
        [f"Вопрос #{tid} ваш.", "Этот вопрос уже взял другой волонтёр."]
    )
    row = await ticket(app2, tid)
    assert row.status == TicketStatus.CLAIMED
    assert row.volunteer_id in {VERA, PETR}
    winner, loser = (vera2, petr2) if row.volunteer_id == VERA else (petr2, vera2)
    card = winner.inbox[-1].text
    assert QUESTION in card
    assert "уйдёт человеку" in card
    assert not any(QUESTION in s.text for s in loser.inbox if "Задан" in s.text)

    await sim2.deliver(app2.delivery)
    assert loser.inbox[-1].text == f"✋ Вопрос #{tid} взял волонтёр."
    assert loser.inbox[-1].markup is None  # the "take" button is gone
    assert "Волонтёр взял ваш вопрос" in anna2.inbox[-1].text

    # The loser's stale button is still refused clearly.
    start = len(sim2.session.requests)
    await loser.press_data(f"dk:take:{tid}:")
    assert answers_since(sim2, start) == ["Этот вопрос уже взял другой волонтёр."]

    # The winner answers by typing; the relative sees "a volunteer", never who.
    replies = await winner.send("Проверьте locator.ice.gov по A-номеру и стране рождения.")
    assert f"Передал человеку (вопрос #{tid})" in replies[-1].text
    await sim2.deliver(app2.delivery)
    answer = anna2.inbox[-1]
    assert "Ответ от волонтёра" in answer.text
    assert "locator.ice.gov по A-номеру" in answer.text
    for secret in ("Вера", "Пётр", str(VERA), str(PETR), "Name2001", "user2001"):
        assert secret not in answer.text
    assert ("✅ Вопрос решён", f"dk:solved:{tid}:") in answer.buttons()

    # The relative just types a reply; the bot dies before relaying it.
    replies = await anna2.send("Спасибо! А если A-номера нет?")
    assert f"Передал волонтёру (вопрос #{tid})" in replies[-1].text
    app3 = make_app(settings)
    sim3 = Simulator(app3.dispatcher, app3.bot, clock)
    winner3, anna3 = sim3.user(winner.id), sim3.user(ANNA)
    await sim3.deliver(app3.delivery)
    relayed = winner3.inbox[-1]
    assert "человек пишет" in relayed.text
    assert "А если A-номера нет?" in relayed.text
    assert "Name1001" not in relayed.text

    # A Telegram reply to the relayed message goes back to the same ticket.
    reply_to = Message(
        message_id=relayed.message_id,
        date=clock.now(),
        chat=winner3.chat,
        from_user=sim3.bot_user,
        text=relayed.text,
    )
    await winner3.send(
        "Тогда ищите по имени латиницей, как в паспорте.", reply_to_message=reply_to
    )
    await sim3.deliver(app3.delivery)
    assert "по имени латиницей" in anna3.inbox[-1].text

    # Solved, then rated; the volunteer hears both.
    sent, data = anna2.find_button("Вопрос решён")
    replies = await anna3.press_data(data, sent)
    assert "Насколько помог ответ?" in replies[-1].text
    await anna3.press("5⭐")
    await sim3.deliver(app3.delivery)
    told = [s.text for s in winner3.inbox]
    assert any("отметил вопрос" in t and "решённым" in t for t in told)
    assert any("⭐⭐⭐⭐⭐" in t for t in told)

    row = await ticket(app3, tid)
    assert (row.status, row.close_reason, row.rating) == (
        TicketStatus.CLOSED,
        CloseReason.SOLVED,
        5,
    )
    assert row.first_response_at == START + dt.timedelta(minutes=42)
    conversation = await messages(app3, tid)
    assert [m.author for m in conversation] == [
        Author.USER,
        Author.VOLUNTEER,
        Author.USER,
        Author.VOLUNTEER,
    ]
    # Stored encrypted: the database never holds the words in the clear.
    assert all(m.text_enc and "A-номер" not in m.text_enc for m in conversation)
    assert not await pending(app3)
    async with app3.sessionmaker() as session:
        notices = list(
            await session.scalars(select(TicketLink).where(TicketLink.purpose == "notify"))
        )
    assert {n.chat_id for n in notices} == {VERA, PETR}
