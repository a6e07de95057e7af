"""Stories through the real dispatcher: a frightened message gets "what happened?", a question
with two needs gets both, English, an off-topic decline, and triage across a restart."""

from __future__ import annotations

from sqlalchemy import select

from bot.clock import FrozenClock
from bot.dispatcher import App
from bot.handlers.triage import TriageCb
from bot.models import FsmRecord, SearchGap
from bot.simulator import Simulator
from tests.conftest import AppFactory, onboard

NEED_BUTTONS = [
    "🔎 Задержали, не знаем где",
    "📅 Когда следующий суд",
    "🔓 Как выйти: бонд, пэрол (parole), оплата",
    "👩‍⚖️ Найти адвоката",
    "👨‍👩‍👧 Дети",
    "⏳ Срок, дедлайн",
    "🙋 Другое — спросить волонтёра",
]


def labels(sim: Simulator, user_id: int = 1001) -> list[str]:
    return [t for t, _ in sim.users[user_id].inbox[-1].buttons()]


async def test_a_plea_for_help_gets_what_happened_never_i_wont_guess(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    for plea in ("помогите", "мужа забрали", "мне страшно", "😭", "🙏", "pomogite"):
        replies = await anna.send(plea)
        assert "Что случилось?" in replies[-1].text, plea
        assert "не хочу гадать" not in replies[-1].text
        assert labels(sim)[: len(NEED_BUTTONS)] == NEED_BUTTONS


async def test_each_need_leads_to_its_topic(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("мужа арестовали вчера")
    replies = await anna.press("Задержали, не знаем где")
    assert "Выберите" in replies[-1].text
    replies = await anna.press(1)  # the first suggestion: finding a detained person
    assert "locator.ice.gov" in replies[-1].text
    await anna.send("помогите")
    replies = await anna.press("Найти адвоката")
    assert "Источники:" in replies[-1].text
    await anna.send("помогите")
    replies = await anna.press("Как выйти")
    suggestions = [t for t, _ in replies[-1].buttons()]
    assert any("бонд" in t.casefold() or "bond" in t.casefold() for t in suggestions)


async def test_something_else_goes_to_a_volunteer_with_the_first_message(
    sim: Simulator,
) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("мне очень страшно, помогите")
    replies = await anna.press("Другое — спросить волонтёра")
    assert "мне очень страшно, помогите" in "\n".join(r.text for r in replies)


async def test_a_forged_need_is_refused_politely(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("помогите")
    await anna.press_data(TriageCb(need="nonsense").pack())
    assert anna.alerts()


async def test_words_typed_instead_of_a_button_are_searched(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("помогите")
    replies = await anna.send("сколько дней на апелляцию в BIA")
    assert "BIA" in replies[-1].text
    assert "Источники:" in replies[-1].text


async def test_triage_survives_a_restart(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    await onboard(sim)
    await sim.users[1001].send("мужа забрали, помогите 😭")
    async with app.sessionmaker() as session:
        record = await session.scalar(select(FsmRecord).where(FsmRecord.user_id == 1001))
        assert record is not None
        assert record.state == "Triage:choosing"

    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    again = sim2.user(1001)
    replies = await again.press_data(TriageCb(need="volunteer").pack())
    # The first message, typed before the restart, is what the volunteer will see.
    assert "мужа забрали, помогите" in "\n".join(r.text for r in replies)


async def test_typed_words_after_a_restart_in_triage_are_answered(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    await onboard(sim)
    await sim.users[1001].send("помогите")
    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    again = sim2.user(1001)
    replies = await again.send("как найти мужа в детеншене по a-номеру")
    assert "locator.ice.gov" in replies[-1].text


async def test_two_needs_get_a_second_button(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    replies = await anna.send("бесплатный адвокат для мужа в детеншене")
    also = [t for t, _ in replies[-1].buttons() if t.startswith("➕ Ещё по вашему вопросу:")]
    assert len(also) == 1
    replies = await anna.press(also[0])
    assert "Источники:" in replies[-1].text


async def test_english_question_and_english_triage(sim: Simulator) -> None:
    await onboard(sim, lang="English", code="en")
    bob = sim.users[1001]
    replies = await bob.send("where is my wife in ice detention")
    assert "Sources:" in replies[-1].text
    assert "locator.ice.gov" in replies[-1].text
    replies = await bob.send("please help")
    assert "What happened?" in replies[-1].text
    assert "🔎 Detained, we don't know where" in labels(sim)


async def test_off_topic_gets_an_honest_decline_and_a_volunteer(sim: Simulator, app: App) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    for question in (
        "как получить пенсию в россии по доверенности",
        "автобус из мехико в тихуану",
    ):
        replies = await anna.send(question)
        assert "не моя тема" in replies[-1].text
        assert "убежище" in replies[-1].text  # what the bot does know
        assert "🙋 Спросить волонтёра" in labels(sim)
        assert "Источники" not in replies[-1].text
    async with app.sessionmaker() as session:
        reasons = [g.reason for g in await session.scalars(select(SearchGap))]
    assert reasons == ["no_answer", "no_answer"]


async def test_a_new_plea_after_a_restart_in_the_middle_of_triage_is_triaged_again(
    sim: Simulator, app: App, make_app: AppFactory, clock: FrozenClock
) -> None:
    await onboard(sim)
    await sim.users[1001].send("мне страшно")
    restarted = make_app(app.settings)
    sim2 = Simulator(restarted.dispatcher, restarted.bot, clock)
    again = sim2.user(1001)
    replies = await again.send("ничего не понимаю, помогите, брата забрали")
    assert "Что случилось?" in replies[-1].text
    assert "не хочу гадать" not in replies[-1].text
    assert labels(sim2)[: len(NEED_BUTTONS)] == NEED_BUTTONS
    replies = await again.press("Задержали, не знаем где")
    replies = await again.press(1)
    assert "locator.ice.gov" in replies[-1].text


async def test_a_question_ending_in_what_do_i_do_is_answered_not_triaged(
    sim: Simulator,
) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    replies = await anna.send("пропустил суд, что делать?")
    assert "Что случилось?" not in replies[-1].text
    assert "Источники:" in replies[-1].text


async def test_broken_english_and_a_wrong_layout_are_understood(sim: Simulator) -> None:
    await onboard(sim, lang="English", code="en")
    bob = sim.users[1001]
    replies = await bob.send("how i can find husband, ice take him")
    assert "locator.ice.gov" in replies[-1].text
    replies = await bob.send("ш ьшыыув ьн сщгке вфеу")  # "i missed my court date"
    assert "Sources:" in replies[-1].text
