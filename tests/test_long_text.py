"""Long texts: nothing a person typed turns into "{???}" (Fluent refuses placeables over
2,500 characters), and a relay longer than one Telegram message arrives whole, in pieces."""

from __future__ import annotations

import html
import re

from bot.desk.conversation import relay_chunks
from bot.dispatcher import App
from bot.i18n import Translator
from bot.simulator import Simulator
from tests.desk_helpers import ask, make_volunteer, onboard

ANNA, VERA = 1001, 2001
TELEGRAM_LIMIT = 4096


def long_text(seed: str) -> str:
    """4,096 characters with everything HTML and Fluent could trip on."""
    unit = f"{seed} <b>не тег</b> & {{ $text }} «кавычки»\nновая строка; "
    text = (unit * (TELEGRAM_LIMIT // len(unit) + 1))[:TELEGRAM_LIMIT]
    assert len(text) == TELEGRAM_LIMIT
    return text


def visible(text: str) -> str:
    """What Telegram counts: the text after its HTML entities are parsed."""
    return html.unescape(re.sub(r"</?(b|i|u|s|code|a)( [^>]*)?>", "", text))


def bodies(texts: list[str]) -> str:
    """The relayed words: without the header line and the "just type to reply" footer."""
    parts = [re.sub(r"\n\n<i>[^<]*</i>$", "", t.split("\n\n", 1)[1]) for t in texts]
    return "".join(html.unescape(p) for p in parts)


def test_no_long_value_becomes_question_marks() -> None:
    translator = Translator()
    for locale in ("ru", "en"):
        l10n = translator.get(locale)
        for size in (2_499, 2_501, 4_096, 20_000):
            value = "ж" * size
            out = l10n("desk-relay-to-vol", ticket=7, text=value)
            assert "{???}" not in out
            assert value in out
            assert "#7" in out


def test_a_value_that_looks_like_a_marker_stays_as_typed() -> None:
    l10n = Translator().get("ru")
    forged = "\ue000deadbeef:0\ue001" + "x" * 100
    out = l10n("desk-relay-to-vol", ticket=1, text=forged)
    assert forged in out


def test_relay_chunks_keep_every_character() -> None:
    text = long_text("абв") * 3
    pieces = relay_chunks(text)
    assert "".join(pieces) == text
    assert all(len(p) <= 3800 for p in pieces)
    assert relay_chunks("") == [""]


async def test_4096_characters_relayed_both_ways_through_the_desk(
    sim: Simulator, app: App
) -> None:
    vera = await make_volunteer(sim, app, VERA, "Вера")
    anna = await onboard(sim, ANNA)
    tid = await ask(sim, app, anna)
    await sim.deliver(app.delivery)
    await vera.press(f"Взять #{tid}")
    await sim.deliver(app.delivery)

    answer = long_text("ответ")
    replies = await vera.send(answer)
    assert "Передал человеку" in replies[-1].text
    start = len(anna.inbox)
    await sim.deliver(app.delivery)
    got = [s.text for s in anna.inbox[start:]]
    assert len(got) == 2
    assert all("Ответ от волонтёра" in t for t in got)
    assert bodies(got) == answer
    assert all(len(visible(t)) <= TELEGRAM_LIMIT for t in got)
    assert anna.inbox[-1].markup is not None  # the answer buttons under the last piece

    question = long_text("вопрос")
    replies = await anna.send(question)
    assert "Передал волонтёру" in replies[-1].text
    start = len(vera.inbox)
    await sim.deliver(app.delivery)
    got = [s.text for s in vera.inbox[start:]]
    assert len(got) == 2
    assert bodies(got) == question
    assert all(len(visible(t)) <= TELEGRAM_LIMIT for t in got)
    everything = [s.text for s in sim.session.sent]
    assert not any("{???}" in t for t in everything)
