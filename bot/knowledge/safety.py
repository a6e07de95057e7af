"""Messages that may mean a life is in danger always get the emergency answer first.

Ranking by word overlap can miss "муж сказал, что не хочет жить": the words are ordinary
and another topic may match better. A person at risk must never get an answer about phone
accounts instead, so these patterns override the ranking. They are deliberately broad:
showing the emergency answer to someone who did not need it costs little.
"""

from __future__ import annotations

import re

EMERGENCY_TOPIC = "bot-emergency"

_PATTERNS = [
    # Russian, including common misspellings and Latin-typed Russian
    r"не\s*(хо[чт]\w*|жела\w*)\s+(больше\s+)?жить",
    r"жить\s+не\s*(хо[чт]\w*|жела\w*)",
    r"поконч\w*\s+с\s+собой",
    r"суицид\w*",
    r"самоубий\w*",
    r"(убь[её]т|убить|убил\w*)\s+себя",
    r"вскры\w*\s+вен\w*",
    r"пове[сш]\w*ся",
    r"наложит\w*\s+на\s+себя\s+руки",
    r"ne\s*(hochet|hochu|hochetsya|hochet\s*bolshe)\s+zhit",
    r"pokonch\w*\s+s\s+soboi|suicid\w*",
    # English
    r"(kill|killing|hurt|hurting)\s+(him|her|my|them)sel(f|ves)",
    r"suicid\w*",
    r"(doesn'?t|does\s+not|don'?t|do\s+not)\s+want\s+to\s+live",
    r"end\s+(his|her|my|their)\s+life",
]
_CRISIS = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.IGNORECASE)


def is_crisis(text: str) -> bool:
    return bool(_CRISIS.search(text.casefold().replace("ё", "е")))
