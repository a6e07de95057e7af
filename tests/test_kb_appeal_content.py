"""The corrections of 2026-12-03 hold in the knowledge base itself, in both languages.

BIA appeals are due in 30 days: the 2026 rule's 10-day deadline and default summary dismissal
were blocked by a court on 2026-03-08, so no topic may state them as the rule. Topics reviewed
under those corrections open with what to do and use one Russian vocabulary.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bot.knowledge.base import LOCALES, KnowledgeBase, load_knowledge, visible_text

CORRECTED = dt.date(2026, 12, 3)
# Topics the review named for the BIA correction: each must give 30 days on its first screen.
BIA_TOPICS = (
    "appeal-bia",
    "appeal-dhs",
    "court-individual-hearing",
    "asylum-one-year",
    "asylum-granted",
    "deport-stay",
)
TEN_DAYS = re.compile(r"10[\s-]*(дн|дневн|календарн|day|calendar)", re.IGNORECASE)
SUMMARY_DISMISSAL = re.compile(
    r"summary dismissal|summarily dismiss|отклон\w* апелляци\w* по умолчанию", re.IGNORECASE
)
BLOCKED = re.compile(r"заблокир|blocked", re.IGNORECASE)
THIRTY_DAYS = {
    "ru": re.compile(r"30\s*(календарных\s*)?дн"),
    "en": re.compile(r"30\s*(calendar\s*)?days"),
}
BLOCK_DATE = {"ru": "8 марта 2026", "en": "March 8, 2026"}
BACKGROUND_OPENINGS = ("Главное", "Что это", "Коротко", "The key point", "What it is", "In short")
# Russian words the corrected topics must not use (one vocabulary: «A-номер»,
# «региональное отделение ICE»).
NOT_IN_RUSSIAN = re.compile(r"A-number|номер A\b|полев\w* офис", re.IGNORECASE)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    base, _ = load_knowledge()
    return base


def _unhedged_bia_rule(text: str) -> list[str]:
    """Paragraphs giving the 10-day deadline or summary dismissal without saying it was blocked."""
    return [
        s
        for s in visible_text(text).splitlines()
        # Form AR-11 really is due in 10 days; that is not the BIA rule.
        if ((TEN_DAYS.search(s) and "AR-11" not in s) or SUMMARY_DISMISSAL.search(s))
        and not BLOCKED.search(s)
    ]


def test_no_topic_states_the_blocked_bia_rule_as_in_force(kb: KnowledgeBase) -> None:
    unhedged = [
        f"{topic.id} [{locale}]: {sentence}"
        for topic in kb.topics.values()
        for locale in LOCALES
        for part in (topic.text(locale).body, topic.text(locale).details)
        for sentence in _unhedged_bia_rule(part)
    ]
    assert unhedged == []


def test_the_check_tells_a_stale_deadline_from_a_hedged_one() -> None:
    assert _unhedged_bia_rule("Решения с 9 марта 2026 года: 10 календарных дней.")
    assert _unhedged_bia_rule("From March 9, 2026, most appeals are due in 10 days.")
    assert _unhedged_bia_rule("Appeals are summarily dismissed by default.")
    assert not _unhedged_bia_rule("A 10-day rule was blocked by a court on March 8, 2026.")
    assert not _unhedged_bia_rule("Форма AR-11 — в течение 10 дней.")


@pytest.mark.parametrize("topic_id", BIA_TOPICS)
@pytest.mark.parametrize("locale", LOCALES)
def test_bia_topics_give_30_days_and_the_block_on_the_first_screen(
    kb: KnowledgeBase, topic_id: str, locale: str
) -> None:
    topic = kb.topics[topic_id]
    body = visible_text(topic.text(locale).body)
    assert THIRTY_DAYS[locale].search(body), body
    assert BLOCK_DATE[locale] in body, body
    assert topic.reviewed >= CORRECTED


def test_corrected_topics_open_with_what_to_do(kb: KnowledgeBase) -> None:
    background = [
        f"{topic.id} [{locale}]"
        for topic in kb.topics.values()
        if topic.reviewed >= CORRECTED
        for locale in LOCALES
        if visible_text(topic.text(locale).body).lstrip().startswith(BACKGROUND_OPENINGS)
    ]
    assert background == []


def test_corrected_topics_use_one_russian_vocabulary(kb: KnowledgeBase) -> None:
    found = [
        f"{topic.id}: {match.group(0)}"
        for topic in kb.topics.values()
        if topic.reviewed >= CORRECTED
        for part in (topic.text("ru").body, topic.text("ru").details)
        for match in NOT_IN_RUSSIAN.finditer(part)
    ]
    assert found == []
