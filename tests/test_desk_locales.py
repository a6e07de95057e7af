"""Every message the desk can say exists in Russian and English, including the keys it
builds from a value (categories, statuses, languages) and the ones it queues by name."""

from __future__ import annotations

import re
from pathlib import Path

from bot.desk.models import Author, TicketStatus
from bot.desk.policy import CATEGORIES, LANGUAGES
from bot.desk.volunteers import Decision
from bot.i18n import Translator
from bot.models import VolunteerStatus

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [
    *sorted((ROOT / "bot" / "desk").glob("*.py")),
    *sorted((ROOT / "bot" / "handlers").glob("desk*.py")),
    *sorted((ROOT / "bot" / "handlers" / "desk").glob("*.py")),
    ROOT / "bot" / "handlers" / "volunteers.py",
]
LITERAL = re.compile(r"""["']((?:desk|vol)-[a-z0-9-]+)["']""")


def expected_keys() -> set[str]:
    keys: set[str] = set()
    for path in SOURCES:
        keys |= set(LITERAL.findall(path.read_text(encoding="utf-8")))
    keys -= {"desk-cat", "vol-lang"}  # prefixes joined with a value in code
    keys |= {f"desk-cat-{c}" for c in CATEGORIES}
    keys |= {f"desk-status-{s.value}" for s in TicketStatus}
    keys |= {f"desk-who-{a.value}" for a in Author}
    keys |= {f"vol-status-{s.value}" for s in VolunteerStatus}
    keys |= {f"vol-state-{s}" for s in ("pending", "paused", "revoked")}
    keys |= {f"vol-lang-{code}" for code in LANGUAGES}
    keys |= {f"vol-btn-{d.value}" for d in Decision}
    keys |= {f"vol-switched-{a}" for a in ("away", "back", "showname", "hidename")}
    keys |= {f"vol-choose-one-{k}" for k in ("lang", "area")}
    keys |= {f"desk-proposal-{a}ed" for a in ("accept", "reject")}
    return keys


def test_every_desk_key_exists_in_both_languages() -> None:
    translator = Translator()
    keys = expected_keys()
    assert len(keys) > 150
    for locale in ("ru", "en"):
        l10n = translator.get(locale)
        missing = sorted(k for k in keys if not l10n.has(k))
        assert missing == [], (locale, missing)


def test_plural_and_select_messages_read_well() -> None:
    ru, en = Translator().get("ru"), Translator().get("en")
    assert ru("desk-expect-hours", hours=1).endswith("за 1 час.")
    assert ru("desk-expect-hours", hours=3).endswith("за 3 часа.")
    assert ru("desk-expect-hours", hours=11).endswith("за 11 часов.")
    assert ru("desk-expect-hours", hours=21).endswith("за 21 час.")
    assert en("desk-expect-hours", hours=1).endswith("within about an hour.")
    assert ru("desk-ago-minutes", count=0) == "только что"
    assert ru("desk-ago-days", count=2) == "2 дня назад"
    assert ru("desk-media", kind="photo") == "📷 фото"
    assert ru("desk-media", kind="sticker") == "📎 вложение"
    assert "📎 файлов: 2" in ru(
        "desk-notify", ticket=1, category="c", language="ru", question="q", files=2, waited="w"
    )
    assert "📎" not in ru(
        "desk-notify", ticket=1, category="c", language="ru", question="q", files=0, waited="w"
    )
