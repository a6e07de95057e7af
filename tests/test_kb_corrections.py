"""Content checks for the corrections of issue 12 (facts.md §15, 2026-12-03)."""

from __future__ import annotations

import re

from bot.knowledge.base import load_knowledge, visible_text

# A sentence that gives a 10-day window for a BIA appeal...
TEN_DAYS = re.compile(
    r"(?<![\d$])10[\s\u00a0-]*(?:календарн\w*\s+)?(?:дн|суток|calendar[\s-]+days?|days?)"
    r"|десят\w*\s+дн|\bten[\s-]+(?:calendar\s+)?days?",
    re.IGNORECASE,
)
APPEAL = re.compile(r"BIA|апелляц|обжал|appeal", re.IGNORECASE)
# ...is fine only when the same sentence says the rule was blocked / never took effect.
BLOCKED = re.compile(
    r"заблокир|блокиров|не вступил|так и не вступ|blocked|never took effect|did not take effect",
    re.IGNORECASE,
)
# A sentence ends at . ! ? … but not after "v." (case names) or an initial ("D.C.").
SENTENCE = re.compile(r"(?<=[.!?…])(?<!\bv\.)(?<![A-Z]\.)\s+|\n+")


def ten_day_claims(text: str) -> list[str]:
    """Sentences that state a 10-day BIA appeal deadline without saying it was blocked."""
    return [
        sentence.strip()
        for sentence in SENTENCE.split(visible_text(text))
        if TEN_DAYS.search(sentence) and APPEAL.search(sentence) and not BLOCKED.search(sentence)
    ]


def test_the_detector_tells_a_claim_from_the_correction() -> None:
    assert ten_day_claims("С 9 марта 2026 года на апелляцию в BIA даётся 10 дней.")
    assert ten_day_claims("Appeals to the BIA are now due within 10 calendar days.")
    assert ten_day_claims("Неизвестно, остановлен ли срок в 10 дней для апелляции.")
    assert not ten_day_claims("Правило о 10 днях на апелляцию суд заблокировал 8 марта 2026 года.")
    assert not ten_day_claims("A 10-day appeal rule was blocked by a court on 2026-03-08.")
    assert not ten_day_claims("Апелляция в BIA: 30 дней. Пошлина от $900.")
    assert not ten_day_claims("Сообщите новый адрес в течение 10 дней (AR-11).")
    assert not ten_day_claims(
        "A rule gave 10 days to appeal, but a court in Washington, D.C. (Amica v. DOJ) blocked it."
    )


def test_no_topic_states_a_10_day_bia_deadline_as_in_force() -> None:
    kb, _ = load_knowledge(strict=False)
    found = [
        f"{topic.id} [{locale}]: {claim}"
        for topic in kb.topics.values()
        for locale, text in topic.texts.items()
        for claim in ten_day_claims(f"{text.body}\n{text.details}")
    ]
    assert found == []
