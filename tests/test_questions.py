"""Free-text questions through the real dispatcher: typos, Latin letters, declines, small talk."""

from __future__ import annotations

from sqlalchemy import select

from bot.dispatcher import App
from bot.models import SearchGap
from bot.simulator import Simulator
from tests.conftest import onboard


async def ask(sim: Simulator, text: str) -> str:
    replies = await sim.users[1001].send(text)
    return replies[-1].text


async def test_question_with_a_typo_is_answered(sim: Simulator) -> None:
    await onboard(sim)
    answer = await ask(sim, "как найти задержаного мужа")
    assert "Источники:" in answer
    assert "locator.ice.gov" in answer


async def test_latin_typed_question_is_answered(sim: Simulator) -> None:
    await onboard(sim)
    answer = await ask(sim, "skolko dnej na apellyaciyu")
    assert "BIA" in answer
    buttons = [t for t, _ in sim.users[1001].inbox[-1].buttons()]
    assert buttons[:2] == ["👍 Помогло", "👎 Не то"]


async def test_off_topic_question_is_declined_with_a_volunteer(sim: Simulator, app: App) -> None:
    await onboard(sim)
    answer = await ask(sim, "какой рецепт борща самый вкусный")
    assert "не моя тема" in answer
    buttons = [t for t, _ in sim.users[1001].inbox[-1].buttons()]
    assert "🙋 Спросить волонтёра" in buttons
    assert len([b for b in buttons if not b.startswith(("🙋", "⬅️"))]) <= 2
    async with app.sessionmaker() as session:
        gaps = (await session.scalars(select(SearchGap))).all()
    assert [(g.reason, g.query) for g in gaps] == [
        ("no_answer", "какой рецепт борща самый вкусный")
    ]


async def test_not_it_shows_the_next_hits_and_is_recorded(sim: Simulator, app: App) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.send("что такое бонд")
    first = anna.inbox[-1]
    replies = await anna.press("👎 Не то")
    assert "это не то" in replies[-1].text
    suggestions = [t for t, _ in replies[-1].buttons() if not t.startswith(("🙋", "⬅️"))]
    assert 1 <= len(suggestions) <= 3
    assert first.text.split("\n")[0] not in suggestions
    async with app.sessionmaker() as session:
        reasons = [g.reason for g in await session.scalars(select(SearchGap))]
    assert reasons == ["not_it"]


async def test_greeting_gets_a_reply_not_a_search_hit(sim: Simulator) -> None:
    await onboard(sim)
    answer = await ask(sim, "Привет!")
    assert answer.startswith("Здравствуйте!")
    assert "Источники" not in answer
    answer = await ask(sim, "спасибо большое")
    assert "Пожалуйста" in answer


async def test_english_question_is_answered_in_english(sim: Simulator) -> None:
    await onboard(sim, lang="English", code="en")
    answer = await ask(sim, "how do I find my husband in ICE detention")
    assert "Sources:" in answer


async def test_long_message_stickers_voice_and_photos_get_kind_answers(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    replies = await anna.send("Муж перешёл границу. " * 60)
    assert "очень длинное" in replies[-1].text
    replies = await anna.send("👍🎉")
    assert "понимаю только текст" in replies[-1].text
    replies = await anna.send("🙏😢🙏")  # a plea, not a text problem: see tests/test_triage.py
    assert "Что случилось?" in replies[-1].text
    replies = await anna.send_sticker()
    assert "понимаю только текст" in replies[-1].text
    replies = await anna.send_voice()
    assert "голосовые" in replies[-1].text
    replies = await anna.send_photo()
    assert "фото" in replies[-1].text
