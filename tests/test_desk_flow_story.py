"""The desk's rough edges, found by trying it as a volunteer and a coordinator would (issue 11):
which conversation a volunteer types into, refusals worded for who is refused, and a
coordinator's decisions said in whole sentences with a way on from every card."""

from __future__ import annotations

from sqlalchemy import select

from bot.dispatcher import App
from bot.handlers.callbacks import KbCb
from bot.models import Volunteer, VolunteerStatus
from bot.simulator import Simulator
from tests.conftest import ADMIN_ID
from tests.desk_helpers import answers_since, ask, make_volunteer, messages, onboard

ANNA, BORIS, VERA, PETR = 1001, 1002, 2001, 2002


async def test_a_volunteer_losing_a_race_is_told_where_their_next_line_goes(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    petr = await make_volunteer(sim, app, PETR, "Пётр")
    anna, boris = await onboard(sim, ANNA), await onboard(sim, BORIS)
    first = await ask(sim, app, anna)
    second = await ask(sim, app, boris, "Как найти адвоката для суда в Техасе?")
    await sim.deliver(app.delivery)
    await vera.press_data(f"dk:take:{first}:")
    assert f"в разговоре по вопросу #{first}" in vera.inbox[-1].text  # the card says which
    await petr.press_data(f"dk:take:{second}:")

    # Vera presses "take" on the second question too late: an alert, then a line in the chat.
    start = len(sim.session.requests)
    await vera.press_data(f"dk:take:{second}:")
    assert answers_since(sim, start) == ["Этот вопрос уже взял другой волонтёр."]
    assert vera.inbox[-1].text == (
        f"✍️ Вы по-прежнему в разговоре по вопросу #{first}: то, что вы напишете дальше, "
        f"уйдёт человеку из вопроса #{first}."
    )
    await vera.send("Ответ для первого вопроса")
    assert [m.author_id for m in await messages(app, first)][-1] == VERA
    assert all(m.author_id != VERA for m in await messages(app, second))


async def test_a_note_says_the_volunteer_is_back_in_the_conversation(
    sim: Simulator, app: App
) -> None:
    sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await vera.press_data(f"dk:take:{tid}:")
    await vera.press_data(f"dk:note:{tid}:")
    replies = await vera.send("Проверить дату суда")
    assert f"Вы снова в разговоре по вопросу #{tid}" in replies[-1].text


async def test_a_coordinator_is_not_told_another_volunteer_hides_the_question(
    sim: Simulator, app: App
) -> None:
    admin = sim.user(ADMIN_ID)
    vera = await make_volunteer(sim, app, VERA, "Вера")
    await make_volunteer(sim, app, ADMIN_ID, "Коорд")  # a coordinator who volunteers too
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await vera.press_data(f"dk:take:{tid}:")
    replies = await admin.send(f"/answer {tid} Здравствуйте")
    assert "вам он не виден" not in replies[-1].text
    assert replies[-1].text.startswith("Этот вопрос ведёт волонтёр")


async def test_decisions_read_as_sentences_and_a_revoked_card_has_a_way_on(
    sim: Simulator, app: App
) -> None:
    admin = sim.user(ADMIN_ID)
    await make_volunteer(sim, app, VERA, "Вера", approve=False)
    replies = await admin.press_data(f"vol:approve:{VERA}")
    said = replies[-1].text
    assert "теперь «" not in said
    assert said.startswith("✅ Вера: анкета одобрена")
    await admin.press("Отозвать")
    card = admin.last_with_buttons()
    assert "Вера: доступ отозван" in card.text
    labels = [label for label, _ in card.buttons()]
    assert labels == ["▶️ Восстановить доступ", "⬅️ Все волонтёры"]
    replies = await admin.press("Восстановить доступ")
    assert replies[-1].text.startswith("▶️ Вера: доступ восстановлен.")
    async with app.sessionmaker() as session:
        row = await session.scalar(select(Volunteer).where(Volunteer.user_id == VERA))
        assert row is not None
        assert row.status == VolunteerStatus.APPROVED
    replies = await admin.press("Все волонтёры")
    assert "Вера" in replies[-1].text


async def test_a_question_typed_earlier_is_not_offered_under_an_unrelated_article(
    sim: Simulator, app: App
) -> None:
    anna = await onboard(sim, ANNA)
    answer = await anna.send("сколько дней на апелляцию")
    assert "Источники" in answer[-1].text
    # Later she reads about something else and asks a volunteer from there.
    await anna.press_data(KbCb(action="topic", ref="bot-privacy").pack())
    replies = await anna.press("Спросить волонтёра")
    assert "Передам волонтёру такой вопрос" not in replies[-1].text
    assert "апелляцию" not in replies[-1].text
    assert "Опишите ситуацию" in replies[-1].text
    # Under the article that answered it, the question is still offered.
    await anna.send("/menu")
    answer = await anna.send("сколько дней на апелляцию")
    replies = await anna.press("Спросить волонтёра")
    assert "сколько дней на апелляцию" in replies[-1].text
