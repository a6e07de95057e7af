"""Answers people can act on (issue 12): the details behind «Подробнее», «Поделиться», and
``/start topic_<id>`` links, through the real dispatcher."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlsplit

from aiogram.exceptions import TelegramBadRequest
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod

from bot.clock import FrozenClock
from bot.config import Settings
from bot.deeplinks import DeepLink, parse_start_payload, topic_link
from bot.dispatcher import App, Knowledge
from bot.i18n import Translator
from bot.knowledge.base import (
    MAX_MESSAGE_CHARS,
    KnowledgeBase,
    Topic,
    html_problems,
    visible_text,
)
from bot.knowledge.render import answer_card
from bot.recording import RecordingSession
from bot.simulator import Simulator
from tests.conftest import AppFactory, onboard

TOPIC = "border-phone-seized"
PLAIN = "bot-emergency"  # given no details here, whatever the content says
DETAILS = {"ru": "Подробности для проверки: <b>второй экран</b>.", "en": "Test details: more."}


def with_details(kb: KnowledgeBase) -> KnowledgeBase:
    """The real base with one topic given a details part and one without (independent of
    the content)."""

    def changed(topic_id: str, details: dict[str, str]) -> Topic:
        topic = kb.topics[topic_id]
        texts = {
            locale: dataclasses.replace(text, details=details.get(locale, ""))
            for locale, text in topic.texts.items()
        }
        return dataclasses.replace(topic, texts=texts)

    topics = {**kb.topics, TOPIC: changed(TOPIC, DETAILS), PLAIN: changed(PLAIN, {})}
    return KnowledgeBase(topics=topics, categories=list(kb.categories))


def app_with_details(settings: Settings, make_app: AppFactory) -> App:
    app = make_app(settings)
    app.dispatcher["kb"] = with_details(app.knowledge.kb)
    return app


def recorder(app: App) -> RecordingSession:
    session = app.bot.session
    assert isinstance(session, RecordingSession)
    return session


def test_every_first_card_and_every_full_card_fit_one_message(knowledge: Knowledge) -> None:
    translator = Translator()
    for topic in knowledge.kb.topics.values():
        for locale in ("ru", "en"):
            l10n = translator.get(locale)
            first = answer_card(topic, l10n)
            full = answer_card(topic, l10n, full=True)
            for card in (first, full):
                assert html_problems(card) == [], (topic.id, locale)
                assert len(visible_text(card)) < MAX_MESSAGE_CHARS, (topic.id, locale)
            details = topic.text(locale).details
            if details:
                assert details not in first
                assert details in full


def test_the_first_card_leaves_the_details_out() -> None:
    l10n = Translator().get("ru")
    kb = with_details(Knowledge.load().kb)
    topic = kb.topics[TOPIC]
    assert "второй экран" not in answer_card(topic, l10n)
    full = answer_card(topic, l10n, full=True)
    assert "второй экран" in full
    assert topic.text("ru").body in answer_card(topic, l10n)
    # The way to a volunteer stays the last line of the answer, after the details.
    volunteer = "Остались вопросы — нажмите «Спросить волонтёра» под этим ответом."
    assert topic.text("ru").body.endswith(volunteer)
    assert full.index("второй экран") < full.index(volunteer)


async def test_more_grows_the_answer_in_place_into_the_full_card(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = app_with_details(settings, make_app)
    sim = Simulator(app.dispatcher, app.bot, clock)
    await onboard(sim)
    anna = sim.user(1001)
    answer = (await anna.press_data(f"kb:topic:{TOPIC}"))[-1]
    assert "второй экран" not in answer.text
    labels = [text for text, _ in answer.buttons()]
    assert "📖 Подробнее" in labels
    assert "📤 Поделиться" in labels
    replies = await anna.press("Подробнее")
    assert len(replies) == 1
    edit = replies[0]
    assert isinstance(edit.method, EditMessageText)
    assert edit.message_id == answer.message_id  # the same message, now the full card
    assert "<b>второй экран</b>" in edit.text
    assert answer.text.split("\n\n")[1] in edit.text  # the body is still there
    after = [text for text, _ in edit.buttons()]
    assert "📖 Подробнее" not in after
    assert after == [label for label in labels if label != "📖 Подробнее"]


async def test_more_in_english_and_topics_without_details_have_no_more_button(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = app_with_details(settings, make_app)
    sim = Simulator(app.dispatcher, app.bot, clock)
    await onboard(sim, lang="English", code="en")
    bob = sim.user(1001)
    await bob.press_data(f"kb:topic:{TOPIC}")
    replies = await bob.press("More")
    assert "Test details: more." in replies[-1].text
    plain = (await bob.press_data(f"kb:topic:{PLAIN}"))[-1]
    assert "📖 More" not in [text for text, _ in plain.buttons()]
    assert "📤 Share" in [text for text, _ in plain.buttons()]


async def test_a_forged_more_or_share_button_is_refused(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.user(1001)
    for action in ("more", "share"):
        replies = await anna.press_data(f"kb:{action}:no-such-topic")
        assert replies == []
        assert "больше нет" in anna.alerts()[-1]


async def test_share_gives_the_link_that_opens_the_answer(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.user(1001)
    await anna.press_data(f"kb:topic:{TOPIC}")
    replies = await anna.press("Поделиться")
    link = "https://t.me/asylum_help_bot?start=topic_border-phone-seized"
    assert link == topic_link("asylum_help_bot", TOPIC)
    assert link in replies[-1].text
    [(label, url)] = replies[-1].buttons()
    assert label == "✈️ Отправить в Telegram"
    assert url is not None
    assert parse_qs(urlsplit(url).query)["url"] == [link]
    # Whoever gets it: the link's payload opens that topic.
    payload = parse_qs(urlsplit(link).query)["start"][0]
    assert parse_start_payload(payload).kind == DeepLink.TOPIC


async def test_start_topic_link_opens_the_answer(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.user(1001)
    replies = await anna.send(f"/start topic_{TOPIC}")
    assert len(replies) == 1
    assert "Телефон" in replies[0].text or "телефон" in replies[0].text
    assert "Источники" in replies[0].text
    assert "📤 Поделиться" in [text for text, _ in replies[0].buttons()]


async def test_a_new_user_sees_the_topic_once_onboarding_is_done(sim: Simulator, app: App) -> None:
    bob = sim.user(1002, language_code="en")
    first = await bob.send(f"/start topic_{TOPIC}")
    assert "Choose a language" in first[-1].text or "язык" in first[-1].text
    await bob.press("English")
    await bob.press(1)  # relative
    replies = await bob.press(1)  # agree
    assert "Sources" in replies[-1].text
    assert replies[-1].text.startswith("<b>" + app.knowledge.kb.topics[TOPIC].text("en").title)
    # Only once: a later /start is the menu again.
    again = await bob.send("/start")
    assert "Sources" not in again[-1].text


async def test_an_unknown_topic_link_gets_a_clear_answer_and_the_menu(sim: Simulator) -> None:
    await onboard(sim)
    anna = sim.user(1001)
    replies = await anna.send("/start topic_no-such-topic")
    assert "Такого ответа в справочнике нет" in replies[0].text
    assert replies[-1].buttons()  # the menu
    assert "Источники" not in replies[-1].text


async def test_more_sends_the_full_card_anew_when_the_answer_cannot_be_edited(
    settings: Settings, make_app: AppFactory, clock: FrozenClock
) -> None:
    app = app_with_details(settings, make_app)
    sim = Simulator(app.dispatcher, app.bot, clock)
    await onboard(sim)
    anna = sim.user(1001)
    await anna.press_data(f"kb:topic:{TOPIC}")
    session = recorder(app)
    reason = "Bad Request: message can't be edited"

    def refuse_edits(method: TelegramMethod[object]) -> object:
        if isinstance(method, EditMessageText):
            return TelegramBadRequest(method=method, message=reason)
        return None

    session.responder = refuse_edits
    replies = await anna.press("Подробнее")
    assert [type(r.method) for r in replies] == [SendMessage]
    assert "второй экран" in replies[0].text
    # Pressed again on a card that is already full: Telegram says "not modified", no repeat.
    reason = "Bad Request: message is not modified"
    assert await anna.press_data(f"kb:more:{TOPIC}") == []
