"""The desk's features one by one: ways in, limits, files, expectations, the clock (SLA,
reminders, auto-close), releasing, reopening, blocked people, proposals, the group chat."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from aiogram.exceptions import TelegramForbiddenError
from aiogram.methods import CopyMessage, EditMessageText, ForwardMessage, TelegramMethod
from aiogram.types import CallbackQuery, Chat, Message, Update
from sqlalchemy import select, update

from bot.clock import FrozenClock
from bot.config import Settings
from bot.desk import announce, notify, sweep
from bot.desk import tickets as desk
from bot.desk.models import Author, CloseReason, KbProposal, Ticket, TicketStatus
from bot.desk.policy import DeskPolicy
from bot.dispatcher import App
from bot.models import OutboxMessage, User, Volunteer, VolunteerStatus
from bot.recording import RecordingSession
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
    press_alert,
    ticket,
)

ANNA, BORIS, VERA, PETR = 1001, 1002, 2001, 2002
NOTICE = "🆕 <b>Вопрос #{}</b>"


def policy(app: App) -> DeskPolicy:
    return DeskPolicy.from_settings(app.settings)


async def run_sweep(app: App) -> sweep.SweepReport:
    async with app.sessionmaker() as session, session.begin():
        return await sweep.sweep(session, app.clock.now(), policy(app))


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def blocked_by(*chat_ids: int) -> Any:
    def respond(method: TelegramMethod[Any]) -> Any:
        if getattr(method, "chat_id", None) in chat_ids:
            return TelegramForbiddenError(
                method=method, message="Forbidden: bot was blocked by the user"
            )
        return None

    return respond


# ---- ways in -------------------------------------------------------------------------------


async def test_ask_a_volunteer_under_an_answer_is_prefilled(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    await make_volunteer(sim, app, VERA, "Вера", areas=("Суд",))
    anna = await onboard(sim, ANNA)
    answer = await anna.send("сколько дней на апелляцию")
    assert "Источники" in answer[-1].text
    replies = await anna.press("Спросить волонтёра")
    assert "Передам волонтёру такой вопрос" in replies[-1].text
    assert "сколько дней на апелляцию" in replies[-1].text
    await anna.send("решение судьи было 3 ноября")  # more words join the question
    await anna.press("Суд")
    async with app.sessionmaker() as session:
        row = await session.scalar(select(Ticket).where(Ticket.user_id == ANNA))
    assert row is not None
    assert row.category == "court"
    assert row.language == "ru"
    await sim.deliver(app.delivery)
    notice = sim.users[VERA].inbox[-1].text
    assert "сколько дней на апелляцию\nрешение судьи было 3 ноября" in notice


async def test_not_sure_search_results_lead_to_the_desk(sim: Simulator, app: App) -> None:
    anna = await onboard(sim, ANNA)
    replies = await anna.send("соседка говорит что-то про бумагу с печатью, что делать")
    assert any(t == "🙋 Спросить волонтёра" for t, _ in replies[-1].buttons())
    replies = await anna.press("Спросить волонтёра")
    assert "бумагу с печатью" in replies[-1].text
    replies = await anna.press("Другое")
    assert "Ваш вопрос — номер" in replies[-1].text
    # Nobody volunteers yet: the person is told honestly, the coordinators are told too.
    assert "Сейчас свободных волонтёров нет" in replies[-1].text
    admin = sim.user(ADMIN_ID)
    await sim.deliver(app.delivery)
    assert "нет ни одного свободного волонтёра" in admin.inbox[-1].text


async def test_menu_entry_lists_own_questions_and_starts_new_ones(
    sim: Simulator, app: App
) -> None:
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await anna.send("/menu")
    replies = await anna.press("Спросить волонтёра")
    assert "Ваши вопросы волонтёрам" in replies[-1].text
    assert f"#{tid}" in replies[-1].text
    assert "ждёт волонтёра" in replies[-1].text
    replies = await anna.press("Новый вопрос")
    assert "Опишите ситуацию" in replies[-1].text
    replies = await anna.send("ok")
    assert "коротко" in replies[-1].text
    replies = await anna.press("Не отправлять")
    assert "ничего не отправлено" in replies[-1].text


async def test_without_consent_the_desk_explains_why(sim: Simulator) -> None:
    anna = sim.user(ANNA)
    await anna.send("/start")
    await anna.press("Русский")
    await anna.press(1)
    await anna.press("Нет")
    await anna.send("/menu")
    replies = await anna.press_data("menu:volunteer")
    assert "не дали на это согласия" in replies[-1].text


async def test_open_tickets_are_limited_kindly(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = make_app(settings.model_copy(update={"max_open_tickets": 2}))
    sim = Simulator(app.dispatcher, app.bot, clock)
    anna = await onboard(sim, ANNA)
    first = await ask(sim, app, anna)
    await ask(sim, app, anna, "Второй вопрос про суд в Нью-Йорке, когда заседание?", "Суд")
    await anna.send("/menu")
    await anna.press("Спросить волонтёра")
    replies = await anna.press("Новый вопрос")
    assert "У вас уже 2 открытых вопроса" in replies[-1].text
    assert "закройте тот, что уже не нужен" in replies[-1].text
    assert "Новый вопрос" not in [t for t, _ in replies[-1].buttons()]
    replies = await anna.press(f"Закрыть #{first}")
    assert f"Вопрос #{first} отозван" in replies[-1].text
    await anna.send("/menu")
    await anna.press("Спросить волонтёра")
    replies = await anna.press("Новый вопрос")
    assert "Опишите ситуацию" in replies[-1].text
    async with app.sessionmaker() as session:
        assert await desk.open_count(session, ANNA) == 1


# ---- files, relaying -----------------------------------------------------------------------


async def test_files_are_relayed_with_copy_never_forwarded(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    replies = await anna.send_photo(caption="его бумага из детеншна")
    assert "Добавлено к вопросу" in replies[-1].text
    assert "скан паспорта целиком" in replies[-1].text
    await anna.send_document("notice.pdf")
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    card = vera.inbox[-1]
    assert "📷 фото его бумага из детеншна" in card.text
    assert "📄 файл" in card.text
    assert ("📎 Показать 2 файла", f"dk:files:{tid}:") in card.buttons()
    await sim.deliver(app.delivery)
    copies = [r for r in recorder(app).requests if isinstance(r, CopyMessage)]
    assert [(c.chat_id, c.from_chat_id) for c in copies] == [(VERA, ANNA), (VERA, ANNA)]

    # After the claim, a new file goes straight to the volunteer, headed by a line.
    await anna.send_document("second.pdf")
    await sim.deliver(app.delivery)
    assert "человек прислал файл" in vera.inbox[-2].text
    # And the volunteer's photo reaches the person as a copy from the volunteer's chat.
    await vera.send_photo(caption="образец заполнения")
    await sim.deliver(app.delivery)
    copies = [r for r in recorder(app).requests if isinstance(r, CopyMessage)]
    assert (copies[-1].chat_id, copies[-1].from_chat_id) == (ANNA, VERA)
    assert "Вложение от волонтёра (фото)" in anna.inbox[-2].text
    assert not [r for r in recorder(app).requests if isinstance(r, ForwardMessage)]
    kinds = [m.kind for m in await messages(app, tid)]
    assert kinds == ["text", "photo", "document", "document", "photo"]
    # The files can be asked for again from the card.
    before = len([r for r in recorder(app).requests if isinstance(r, CopyMessage)])
    assert await press_alert(vera, f"dk:files:{tid}:") == "Отправляю 3 файла."
    await sim.deliver(app.delivery)
    after = [r for r in recorder(app).requests if isinstance(r, CopyMessage)]
    assert len(after) == before + 3


async def test_volunteers_name_is_shown_only_when_they_chose_it(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера", show_name=True)
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("Здравствуйте, я помогу.")
    await sim.deliver(app.delivery)
    assert "Отвечает волонтёр Вера" in anna.inbox[-1].text
    assert "Ответ от Вера" not in anna.inbox[-1].text
    await vera.send("/volunteer")
    await vera.press("Скрыть имя")
    await vera.send("Ещё одно сообщение.")
    await sim.deliver(app.delivery)
    assert "Ответ от волонтёра" in anna.inbox[-1].text


async def test_an_answer_does_not_hijack_another_flow(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await anna.send("/menu")
    await anna.press("Спросить волонтёра")
    await anna.press("Новый вопрос")  # now typing a second question
    await vera.send("Ответ на первый вопрос")
    await sim.deliver(app.delivery)
    replies = await anna.send("Второй вопрос: как оплатить бонд за мужа?")
    assert "О чём вопрос?" in replies[-1].text  # still her draft, not a reply to Vera
    assert len(await messages(app, tid)) == 2


# ---- what the person is told ---------------------------------------------------------------


async def test_expected_wait_comes_from_recent_answers(sim: Simulator, app: App) -> None:
    async with app.sessionmaker() as session, session.begin():
        session.add(User(id=BORIS, locale="ru", consent_at=START, created_at=START))
        await session.flush()
        for hours in (2, 3, 7, 30):
            asked = START - dt.timedelta(days=40 if hours == 30 else 3)
            session.add(
                Ticket(
                    user_id=BORIS,
                    status=TicketStatus.CLOSED,
                    category="court",
                    language="ru",
                    created_at=asked,
                    last_activity_at=asked,
                    first_response_at=asked + dt.timedelta(hours=hours),
                    round=1,
                    sla_pings=0,
                )
            )
    anna = await onboard(sim, ANNA)
    await ask(sim, app, anna)
    # 2, 3 and 7 hours in the last 30 days (the 30-hour one is older): median 3.
    assert "отвечали примерно за 3 часа" in anna.inbox[-1].text


async def test_cancelled_question_updates_volunteers_notifications(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    replies = await anna.press("Отозвать вопрос")
    assert f"Вопрос #{tid} отозван" in replies[-1].text
    await sim.deliver(app.delivery)
    assert vera.inbox[-1].text == f"Вопрос #{tid} закрыт или отозван."
    assert await press_alert(vera, f"dk:take:{tid}:") == "Этот вопрос уже закрыт."
    replies = await anna.press("Открыть снова")
    assert f"Вопрос #{tid} снова открыт" in replies[-1].text
    await sim.deliver(app.delivery)
    assert NOTICE.format(tid) in vera.inbox[-1].text  # a new round, announced again
    assert (await ticket(app, tid)).round == 2


# ---- the clock -----------------------------------------------------------------------------


async def test_unclaimed_ticket_is_announced_again_and_admins_are_told(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера", areas=("Задержание",))
    petr = await make_volunteer(sim, app, PETR, "Пётр", areas=("Мексика",))
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    assert f"Вопрос #{tid}" in vera.inbox[-1].text
    assert not any(f"Вопрос #{tid}" in s.text for s in petr.inbox)  # not his area

    clock.advance(dt.timedelta(minutes=119))
    assert (await run_sweep(app)).pinged == 0
    clock.advance(dt.timedelta(minutes=2))
    assert (await run_sweep(app)).pinged == 1
    assert (await run_sweep(app)).pinged == 0  # idempotent
    await sim.deliver(app.delivery)
    for volunteer in (vera, petr):  # now everyone who reads Russian
        assert "Этот вопрос ещё никто не взял" in volunteer.inbox[-1].text
    assert "ждёт уже 2 часа, и его никто не взял" in admin.inbox[-1].text
    assert ("👁 #1", f"dk:view:{tid}:") in admin.inbox[-1].buttons()

    for _ in range(5):
        clock.advance(dt.timedelta(hours=2, minutes=1))
        await run_sweep(app)
    assert (await ticket(app, tid)).sla_pings == 3  # then it stops pinging


async def test_taken_but_unanswered_reminds_the_volunteer_once(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    clock.advance(dt.timedelta(hours=3))
    assert (await run_sweep(app)).reminded == 1
    assert (await run_sweep(app)).reminded == 0
    await sim.deliver(app.delivery)
    assert f"Вы взяли вопрос #{tid} 3 часа назад" in vera.inbox[-1].text
    assert "взяли 3 часа назад, ответа пока нет" in admin.inbox[-1].text


async def test_answered_ticket_closes_after_silence_and_can_be_reopened(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("Ответ")
    clock.advance(dt.timedelta(days=6, hours=23))
    assert (await run_sweep(app)).closed == 0
    clock.advance(dt.timedelta(hours=2))
    assert (await run_sweep(app)).closed == 1
    await sim.deliver(app.delivery)
    closed = anna.inbox[-1]
    assert "никто не писал 7 дней" in closed.text
    assert [t for t, _ in closed.buttons()] == [
        "1⭐",
        "2⭐",
        "3⭐",
        "4⭐",
        "5⭐",
        "🔁 Открыть снова",
    ]
    assert "7 дней без сообщений" in vera.inbox[-1].text
    row = await ticket(app, tid)
    assert (row.status, row.close_reason) == (TicketStatus.CLOSED, CloseReason.INACTIVE)

    await anna.press("Открыть снова")
    await sim.deliver(app.delivery)
    row = await ticket(app, tid)
    assert (row.status, row.volunteer_id) == (TicketStatus.CLAIMED, VERA)
    assert "снова открыл вопрос" in vera.inbox[-1].text
    replies = await anna.send("Всё ещё не нашли его")
    assert "Передал волонтёру" in replies[-1].text


async def test_unanswered_ticket_never_closes_itself(
    sim: Simulator, app: App, clock: FrozenClock
) -> None:
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    clock.advance(dt.timedelta(days=30))
    await run_sweep(app)
    assert (await ticket(app, tid)).status == TicketStatus.OPEN


# ---- volunteers' tools -----------------------------------------------------------------------


async def test_release_sends_the_ticket_back_to_the_others(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    replies = await vera.press("Вернуть в очередь")
    assert f"Вопрос #{tid} вернулся в очередь" in replies[-1].text
    await sim.deliver(app.delivery)
    assert "вернулся в очередь" in anna.inbox[-1].text
    assert NOTICE.format(tid) in petr.inbox[-1].text
    assert NOTICE.format(tid) not in vera.inbox[-1].text
    # Vera is out of the conversation: her words do not reach Anna any more.
    replies = await vera.send("ещё кое-что")
    assert "Вопрос #1 ваш" not in replies[-1].text
    assert len(await messages(app, tid)) == 1
    queue = await vera.send("/queue")
    assert f"#{tid}" in queue[-1].text


async def test_mine_queue_notes_and_the_answer_command(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    first = await ask(sim, app, anna)
    second = await ask(sim, app, anna, "Как найти адвоката в Калифорнии бесплатно?", "Суд")
    queue = await vera.send("/queue")
    assert queue[-1].text.index(f"#{first}") < queue[-1].text.index(f"#{second}")
    await vera.press(f"Взять #{first}")
    await vera.press(f"Взять #{second}")
    mine = await vera.send("/mine")
    assert "У вас 2 вопроса" in mine[-1].text
    replies = await vera.send(f"/answer {first} По первому вопросу: locator.ice.gov")
    assert f"вопрос #{first}" in replies[-1].text
    await vera.press_data(f"dk:note:{second}:")
    await vera.send("Нужен адвокат pro bono")
    await sim.deliver(app.delivery)
    assert "По первому вопросу" in anna.inbox[-1].text
    entries = await messages(app, second)
    assert [e.author for e in entries] == [Author.USER, Author.NOTE]
    assert not any("pro bono" in s.text for s in anna.inbox)
    replies = await vera.send("/queue")
    assert "Очередь пуста" in replies[-1].text


async def test_propose_an_answer_for_the_reference(sim: Simulator, app: App) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    assert await press_alert(vera, f"dk:propose:{tid}:") == (
        "В этом вопросе пока нет ответа, который можно предложить."
    )
    await vera.send("Ищите в локаторе ICE, данные обновляются с задержкой.")
    alert = await press_alert(vera, f"dk:propose:{tid}:")
    assert "Предложение 1 ушло координаторам" in alert
    await sim.deliver(app.delivery)
    assert "Предложение 1 в справочник" in admin.inbox[-1].text
    replies = await admin.send("/proposals")
    assert QUESTION in replies[-1].text
    assert "данные обновляются с задержкой" in replies[-1].text
    await admin.press("Принять")
    async with app.sessionmaker() as session:
        proposal = await session.get(KbProposal, 1)
        assert proposal is not None
        assert (proposal.status, proposal.reviewed_by) == ("accepted", ADMIN_ID)
    assert (
        await press_alert(admin, "kbp:reject:1") == "Эта кнопка устарела. Откройте /menu ещё раз."
    )


# ---- people who leave ------------------------------------------------------------------------


async def test_volunteer_who_blocked_the_bot_hands_tickets_back(sim: Simulator, app: App) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await anna.send("Есть новости?")
    recorder(app).responder = blocked_by(VERA)
    await sim.deliver(app.delivery)
    recorder(app).responder = None
    await sim.deliver(app.delivery)
    row = await ticket(app, tid)
    assert (row.status, row.volunteer_id) == (TicketStatus.OPEN, None)
    assert "больше недоступен" in anna.inbox[-1].text
    assert "Вера заблокировал бота; 1 вопрос вернулся в очередь" in admin.inbox[-1].text
    assert NOTICE.format(tid) in petr.inbox[-1].text
    await petr.press(f"Взять #{tid}")
    assert "Есть новости?" in petr.inbox[-1].text  # the conversation came along


async def test_person_who_blocked_the_bot_ends_their_ticket(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("Ответ, который не дойдёт")
    recorder(app).responder = blocked_by(ANNA)
    await sim.deliver(app.delivery)
    recorder(app).responder = None
    await sim.deliver(app.delivery)
    row = await ticket(app, tid)
    assert (row.status, row.close_reason) == (TicketStatus.CLOSED, CloseReason.BLOCKED)
    assert "заблокировал бота" in vera.inbox[-1].text


async def test_volunteer_forget_puts_their_tickets_back(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("Первый ответ")
    await vera.send("/forget")
    await vera.press("Да, удалить всё")
    assert (await run_sweep(app)).announced == 1
    await sim.deliver(app.delivery)
    assert "больше недоступен" in anna.inbox[-1].text
    assert NOTICE.format(tid) in petr.inbox[-1].text
    await petr.press(f"Взять #{tid}")
    assert "Первый ответ" in petr.inbox[-1].text  # her answer stays with the person's ticket
    entries = await messages(app, tid)
    assert [e.author_id for e in entries] == [ANNA, None]


# ---- volunteers: sign-up, decisions, away, group chat --------------------------------------


async def test_signup_is_decided_once_and_only_by_admins(sim: Simulator, app: App) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера", approve=False)
    request = admin.inbox[-1]
    assert "Новый волонтёр</b>: Вера" in request.text
    assert "Языки: Русский\nТемы: 🏢 Задержание" in request.text  # named, not raw codes
    replies = await vera.send("/volunteer")
    assert "анкета у координаторов" in replies[-1].text
    assert (await vera.send("/queue"))[-1].text.startswith("Это доступно только одобренным")
    await admin.press("Отклонить")
    await sim.deliver(app.delivery)
    assert "пока не одобрили" in vera.inbox[-1].text
    start = len(sim.session.requests)
    await admin.press_data(f"vol:approve:{VERA}", request)
    assert answers_since(sim, start) == ["Уже решено: анкета отклонена."]
    async with app.sessionmaker() as session:
        row = await session.get(Volunteer, VERA)
        assert row is not None
        assert (row.status, row.decided_by) == (VolunteerStatus.REJECTED, ADMIN_ID)
    # A rejected person may apply again.
    replies = await vera.send("/volunteer")
    assert "Анкета волонтёра" in replies[-1].text


async def test_signup_form_checks_its_input(sim: Simulator) -> None:
    vera = await onboard(sim, VERA, role=4)
    assert "Заполните короткую анкету" in vera.inbox[-1].text
    await vera.press("Заполнить анкету")
    replies = await vera.send("1234")
    assert "имя до 32 символов" in replies[-1].text
    await vera.send("Вера")
    await vera.press("Русский")  # untick the preselected language
    start = len(sim.session.requests)
    await vera.press("Дальше")
    assert answers_since(sim, start) == ["Выберите хотя бы один язык."]
    assert (
        await press_alert(vera, "vs:area:court") == "Эта кнопка устарела. Откройте /menu ещё раз."
    )
    assert (
        await press_alert(vera, "vs:lang:klingon")
        == "Эта кнопка устарела. Откройте /menu ещё раз."
    )


async def test_away_volunteers_get_no_new_questions(sim: Simulator, app: App) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    panel = await vera.send("/volunteer")
    assert "Новые вопросы приходят вам" in panel[-1].text
    await vera.press("Я отошёл")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    assert NOTICE.format(tid) in petr.inbox[-1].text
    assert not any(NOTICE.format(tid) in s.text for s in vera.inbox)
    replies = await vera.send("/away")
    assert "С возвращением" in replies[-1].text
    await vera.press_data(f"dk:take:{tid}:")  # away or not, she may still take from the queue
    assert (await ticket(app, tid)).volunteer_id == VERA


async def test_volunteer_group_chat_gets_one_notification(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    group_id = -1001234
    app = make_app(settings.model_copy(update={"volunteer_chat_id": group_id}))
    sim = Simulator(app.dispatcher, app.bot, clock)
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    in_group = [s for s in recorder(app).sent if s.chat_id == group_id]
    assert len(in_group) == 1
    assert QUESTION in in_group[0].text
    assert not any(NOTICE.format(tid) in s.text for s in vera.inbox)

    group = Chat(id=group_id, type="supergroup", title="Волонтёры")
    press = CallbackQuery(
        id="group-press",
        from_user=vera.tg,
        chat_instance="group",
        data=f"dk:take:{tid}:",
        message=Message(
            message_id=in_group[0].message_id,
            date=clock.now(),
            chat=group,
            from_user=sim.bot_user,
            text=in_group[0].text,
        ),
    )
    await sim.feed(vera, Update(update_id=next(sim.update_ids), callback_query=press))
    assert "уйдёт человеку" in vera.inbox[-1].text  # the card came privately
    await sim.deliver(app.delivery)
    edits = [
        r
        for r in recorder(app).requests
        if isinstance(r, EditMessageText) and r.chat_id == group_id
    ]
    assert [e.text for e in edits] == [f"✋ Вопрос #{tid} взял волонтёр."]
    # Only "take" works in the group: other buttons, forged there, are refused.
    start, before = len(sim.session.requests), len(recorder(app).sent)
    forged = press.model_copy(update={"id": "group-forged", "data": f"dk:open:{tid}:"})
    await sim.feed(vera, Update(update_id=next(sim.update_ids), callback_query=forged))
    assert answers_since(sim, start) == ["Эта кнопка устарела. Откройте /menu ещё раз."]
    assert len(recorder(app).sent) == before
    # Her next message is an answer, although she pressed in the group.
    await vera.send("Здравствуйте! Смотрите locator.ice.gov")
    await sim.deliver(app.delivery)
    assert "locator.ice.gov" in anna.inbox[-1].text


# ---- delivery edge cases -------------------------------------------------------------------


async def test_notification_sent_after_a_claim_is_edited_straight_away(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    now = app.clock.now()
    # Rendered while open, recorded after someone else took it.
    async with app.sessionmaker() as session, session.begin():
        await session.execute(update(Ticket).where(Ticket.id == tid).values(status="claimed"))
        await announce.notice_sent(
            session, ticket_id=tid, round_=1, chat_id=VERA, message_id=777, now=now
        )
    edits = await pending(app, notify.KIND_EDIT)
    assert [(e.chat_id, e.payload["edit"]) for e in edits] == [(VERA, 777)]


async def test_a_pending_notification_for_a_taken_ticket_is_dropped(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await vera.press_data(f"dk:take:{tid}:")  # from /queue, before any notification went out
    await sim.deliver(app.delivery)
    assert not any(NOTICE.format(tid) in s.text for s in petr.inbox)
    async with app.sessionmaker() as session:
        dropped = await session.scalars(
            select(OutboxMessage.last_error).where(OutboxMessage.kind == notify.KIND_NOTIFY)
        )
        assert set(dropped) == {"moot"}


@pytest.mark.parametrize("forged", ["dk:take:999:", "dk:rate:1:9", "dk:cat:0:weapons", "vs:x:y"])
async def test_forged_or_stale_buttons_are_refused(sim: Simulator, app: App, forged: str) -> None:
    anna = await onboard(sim, ANNA)
    await ask(sim, app, anna)
    alert = await press_alert(anna, forged)
    assert alert in {
        "Этого вопроса больше нет.",
        "Это доступно только одобренным волонтёрам. Стать волонтёром: /volunteer.",
        "Эта кнопка устарела. Откройте /menu ещё раз.",
    }


async def test_reply_buttons_put_each_side_back_into_the_conversation(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("/menu")  # leaves the conversation
    replies = await vera.send("это ушло бы в поиск")
    assert len(await messages(app, tid)) == 1
    replies = await vera.press_data(f"dk:reply:{tid}:")
    assert f"Напишите ответ по вопросу #{tid}" in replies[-1].text
    await vera.send("Теперь это ответ")
    await sim.deliver(app.delivery)
    await anna.send("/menu")
    replies = await anna.press("Ответить")
    assert f"Напишите сообщение по вопросу #{tid}" in replies[-1].text
    await anna.send("И это ответ на ответ")
    assert [m.author for m in await messages(app, tid)] == [
        Author.USER,
        Author.VOLUNTEER,
        Author.USER,
    ]
    assert (await vera.send("/answer"))[-1].text == "Так: /answer 12 ваш ответ"
    assert (await vera.send("/ticket abc"))[-1].text == "Так: /ticket 12"


async def test_admin_can_release_close_pause_and_resume(sim: Simulator, app: App) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await vera.send("Первый ответ")
    await admin.send(f"/ticket {tid}")
    replies = await admin.press("Вернуть в очередь")
    assert f"Вопрос #{tid} вернулся в очередь" in replies[-1].text
    await sim.deliver(app.delivery)
    assert f"Координатор вернул вопрос #{tid} в очередь" in vera.inbox[-1].text
    assert (await ticket(app, tid)).status == TicketStatus.OPEN

    await vera.press_data(f"dk:take:{tid}:")
    await admin.send(f"/ticket {tid}")
    await admin.press("Закрыть")
    await sim.deliver(app.delivery)
    row = await ticket(app, tid)
    assert (row.status, row.close_reason) == (TicketStatus.CLOSED, CloseReason.ADMIN)
    assert "Волонтёр закрыл вопрос" in anna.inbox[-1].text
    assert "Координатор закрыл вопрос" in vera.inbox[-1].text

    second = await ask(sim, app, anna, "Как оплатить бонд, если мы не в США?", "Задержание")
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{second}")
    await admin.press_data(f"vol:pause:{VERA}")
    await sim.deliver(app.delivery)
    assert "приостановил ваш доступ" in vera.inbox[-1].text
    assert (await ticket(app, second)).status == TicketStatus.OPEN
    assert (await vera.send("/queue"))[-1].text.startswith("Это доступно только одобренным")
    assert "приостановил" in (await vera.send("/volunteer"))[-1].text
    await admin.press_data(f"vol:resume:{VERA}")
    await sim.deliver(app.delivery)
    assert "снова открыт" in vera.inbox[-1].text
    listing = await admin.send("/volunteers")
    assert "Вера: доступ открыт" in listing[-1].text


async def test_choosing_the_volunteer_role_later_offers_the_form(sim: Simulator) -> None:
    anna = await onboard(sim, ANNA)
    await anna.send("/menu")
    await anna.press("Настройки")
    await anna.press("Кто я")
    replies = await anna.press("Я волонтёр")
    assert "Заполните короткую анкету" in replies[-1].text
    replies = await anna.press("Позже")
    assert "Когда будете готовы: /volunteer" in replies[-1].text
