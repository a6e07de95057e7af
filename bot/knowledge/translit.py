"""Latin-typed Russian ("zaderzhali muzha", "skolko dnej") and wrong keyboard layout.

People without a Russian keyboard write Russian in Latin letters, each in their own way:
"zh"/"j"/"g" for ж, "y"/"j"/"i" for й, "ya"/"ja"/"ia" for я, "'" or nothing for ь, digits
for look-alike letters ("4to"). :func:`candidates` returns the plausible Cyrillic spellings
of one Latin word, most likely first; the search module keeps the first one that is a real
word (or a word of the knowledge base).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

# Multi-letter combinations first; each maps to its options, the most common first.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("shch", ("щ",)),
    ("sch", ("щ", "ш")),
    ("sh", ("ш", "щ")),
    ("zh", ("ж",)),
    ("kh", ("х",)),
    ("ch", ("ч",)),
    ("ts", ("ц", "тс")),
    ("tz", ("ц",)),
    ("ya", ("я", "ыа")),
    ("ja", ("я",)),
    ("yu", ("ю",)),
    ("ju", ("ю",)),
    ("iu", ("ю", "иу")),
    ("yo", ("е", "йо")),
    ("jo", ("е", "йо")),
    ("ye", ("е", "ые", "ье")),
    ("je", ("е", "ье")),
    ("ij", ("ий",)),
    ("yj", ("ый",)),
    ("iy", ("ий", "ию")),
    ("yy", ("ый",)),
    ("ey", ("ей",)),
    ("oy", ("ой",)),
    ("ay", ("ай",)),
    ("uy", ("уй",)),
    ("ia", ("ия", "я")),
    ("ie", ("ие", "ье")),
    ("a", ("а",)),
    ("b", ("б",)),
    ("c", ("ц", "к", "с")),
    ("d", ("д",)),
    ("e", ("е", "э")),
    ("f", ("ф",)),
    ("g", ("г",)),
    ("h", ("х",)),
    ("i", ("и", "й")),
    ("j", ("й", "ж")),
    ("k", ("к",)),
    ("l", ("л",)),
    ("m", ("м",)),
    ("n", ("н",)),
    ("o", ("о",)),
    ("p", ("п",)),
    ("q", ("к",)),
    ("r", ("р",)),
    ("s", ("с",)),
    ("t", ("т",)),
    ("u", ("у",)),
    ("v", ("в",)),
    ("w", ("в", "ш")),
    ("x", ("кс", "х")),
    ("y", ("ы", "й", "и")),
    ("z", ("з",)),
    ("'", ("ь",)),
    ("`", ("ь",)),
    ("4", ("ч",)),
    ("6", ("ш",)),
)
_MAX_RULE = max(len(k) for k, _ in _RULES)
_RULE_MAP = dict(_RULES)
_SOFTENABLE = set("бвдзлмнпрстфц")

_QWERTY = "qwertyuiop[]asdfghjkl;'zxcvbnm,.`"
_JCUKEN = "йцукенгшщзхъфывапролджэячсмитьбюё"
_LAYOUT = str.maketrans(_QWERTY, _JCUKEN)


def is_latin_word(word: str) -> bool:
    return any("a" <= ch <= "z" for ch in word) and not any("а" <= ch <= "я" for ch in word)


def candidates(word: str, limit: int = 24) -> list[str]:
    """Cyrillic readings of a Latin word, cheapest first (see :func:`_candidates`)."""
    return list(_candidates(word.lower(), limit))


@lru_cache(maxsize=16384)
def _candidates(word: str, limit: int) -> tuple[str, ...]:
    """Cyrillic readings of a Latin word, cheapest first; one query asks for the same word's
    readings several times (language detection, stopwords, the slot), so they are cached.

    The cost of a reading counts the non-default choices: a less common option for a letter
    combination, or splitting a combination ("iyu" read as "и" + "ю" rather than "ий" + "у").
    A soft sign at the end ("iskat" -> "искать") costs one more; Latin typists drop it.
    """
    word = word.lower()
    n = len(word)
    # beams[i]: readings of word[:i] as (cost, text)
    beams: list[list[tuple[int, str]]] = [[] for _ in range(n + 1)]
    beams[0].append((0, ""))
    for i in range(n):
        if not beams[i]:
            continue
        beams[i].sort(key=lambda item: item[0])
        del beams[i][limit * 2 :]
        matches = [
            size for size in range(min(_MAX_RULE, n - i), 0, -1) if word[i : i + size] in _RULE_MAP
        ]
        if not matches:
            for cost, text in beams[i]:
                beams[i + 1].append((cost, text + word[i]))
            continue
        for split_rank, size in enumerate(matches):
            for opt_rank, opt in enumerate(_RULE_MAP[word[i : i + size]]):
                extra = opt_rank + split_rank
                for cost, text in beams[i]:
                    if cost + extra <= 4:
                        beams[i + size].append((cost + extra, text + opt))
    seen: dict[str, int] = {}
    for cost, text in sorted(beams[n], key=lambda item: item[0]):
        if text not in seen:
            seen[text] = cost
    for text, cost in sorted(seen.items(), key=lambda item: item[1])[:3]:
        for pos in range(1, len(text)):
            if text[pos - 1] in _SOFTENABLE and text[pos] not in "аоуыэь":
                seen.setdefault(text[:pos] + "ь" + text[pos:], cost + 1)
        if text[-1] in _SOFTENABLE:
            seen.setdefault(text + "ь", cost + 1)
    ranked = sorted(seen.items(), key=lambda item: item[1])
    return tuple(text for text, _ in ranked[:limit])


def default(word: str) -> str:
    """The single most likely Cyrillic spelling."""
    found = candidates(word, limit=1)
    return found[0] if found else word


def from_wrong_layout(word: str) -> str:
    """Text typed on an English layout while meaning Russian: "ghbdtn" -> "привет"."""
    return word.lower().translate(_LAYOUT)


_TO_QWERTY = str.maketrans(_JCUKEN, _QWERTY)


def to_latin_layout(text: str) -> str:
    """Text typed on a Russian layout while meaning English: "ш сфте" -> "i cant"."""
    return text.lower().translate(_TO_QWERTY)


def join_default(words: Sequence[str]) -> str:
    return " ".join(default(w) if is_latin_word(w) else w for w in words)
