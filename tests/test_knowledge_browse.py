"""The reference: content rules, answer cards, browsing in both languages."""

from __future__ import annotations

import re

from bot.dispatcher import Knowledge
from bot.i18n import Translator
from bot.knowledge.base import CAVEAT_MARK, MAX_MESSAGE_CHARS, html_problems, visible_text
from bot.knowledge.render import answer_card
from bot.simulator import Simulator
from tests.conftest import onboard

YEAR = re.compile(r"20[12]\d")


def test_every_catalogue_topic_exists_in_both_languages(knowledge: Knowledge) -> None:
    from bot.knowledge.base import load_catalogue

    catalogue = {str(t["id"]) for t in load_catalogue()}
    assert len(catalogue) == 69
    assert catalogue <= set(knowledge.kb.topics)
    for topic in knowledge.kb.topics.values():
        assert set(topic.texts) == {"ru", "en"}, topic.id
        assert topic.sources, topic.id
        assert all(s.startswith("https://") for s in topic.sources), topic.id


def test_every_answer_card_fits_one_telegram_message(knowledge: Knowledge) -> None:
    translator = Translator()
    for topic in knowledge.kb.topics.values():
        for locale in ("ru", "en"):
            card = answer_card(topic, translator.get(locale))
            assert html_problems(card) == [], (topic.id, locale)
            assert len(visible_text(card)) < MAX_MESSAGE_CHARS, (topic.id, locale)


def test_uncertain_topics_carry_a_dated_caveat(knowledge: Knowledge) -> None:
    uncertain = [t for t in knowledge.kb.topics.values() if t.uncertain]
    assert len(uncertain) >= 10
    for topic in uncertain:
        for locale in ("ru", "en"):
            body = topic.text(locale).body
            caveat = body[body.index(CAVEAT_MARK) :]
            assert YEAR.search(caveat), (topic.id, locale)


def test_topics_known_to_be_in_flux_are_marked_uncertain(knowledge: Knowledge) -> None:
    for topic_id in (
        "release-bond",
        "appeal-bia",
        "asylum-work-permit",
        "border-how-to-apply",
        "family-children",
    ):
        assert knowledge.kb.topics[topic_id].uncertain, topic_id


def test_bia_answer_gives_both_appeal_windows(knowledge: Knowledge) -> None:
    ru = knowledge.kb.topics["appeal-bia"].text("ru").body
    en = knowledge.kb.topics["appeal-bia"].text("en").body
    for body in (ru, en):
        assert "30" in body
        assert "10" in body
        assert "2026" in body


def test_every_body_ends_with_the_way_to_a_volunteer(knowledge: Knowledge) -> None:
    for topic in knowledge.kb.topics.values():
        assert "волонтёр" in topic.text("ru").body[-200:].lower(), topic.id
        assert "volunteer" in topic.text("en").body[-200:].lower(), topic.id


async def test_browsing_categories_topics_and_related_in_russian(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    replies = await anna.press("Справочник")
    labels = [t for t, _ in replies[-1].buttons()]
    assert "🏢 Задержание (ICE)" in labels
    replies = await anna.press("Задержание (ICE)")
    assert "15 статей" in replies[-1].text
    replies = await anna.press("Как найти задержанного")
    card = replies[-1]
    assert "Источники:" in card.text
    assert "не юридическая консультация" in card.text
    buttons = [t for t, _ in card.buttons()]
    assert "🙋 Спросить волонтёра" in buttons
    assert "⬅️ Назад" in buttons
    related = next(t for t in buttons if t.startswith("🔗"))
    replies = await anna.press(related)
    assert "Источники:" in replies[-1].text
    replies = await anna.press("⬅️ Назад")
    assert "статей" in replies[-1].text or "статьи" in replies[-1].text


async def test_browsing_in_english(sim: Simulator) -> None:
    await onboard(sim, lang="English", code="en")
    bob = sim.users[1001]
    replies = await bob.press("Reference")
    replies = await bob.press("Appeals")
    assert "4 articles" in replies[-1].text
    replies = await bob.press(1)
    assert "Sources:" in replies[-1].text
    assert "not legal advice" in replies[-1].text


async def test_forged_topic_is_refused(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.users[1001]
    await anna.press_data("kb:topic:no-such-topic")
    await anna.press_data("kb:cat:weapons")
    assert "Этой статьи больше нет. Откройте справочник заново." in anna.alerts()
    assert "Эта кнопка устарела. Откройте /menu ещё раз." in anna.alerts()
