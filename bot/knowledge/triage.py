"""Triage: a frightened or vague first message gets "what happened?" with the common needs.

"помогите", "мне страшно", "мужа забрали", "😭", "how do I get my husband out of ICE": none of
these says what the person needs, and a cold "I am not sure" is the worst possible answer.
:func:`is_distress` spots the plea for help, :func:`is_vague` a message made only of "someone
was taken" words; the search routes both to triage (see ``SearchIndex.search``), and the triage
conversation offers :data:`NEEDS` as buttons, each leading to topics or to a volunteer.

Telegram-free: the handler is ``bot.handlers.triage``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# The plea itself: words that ask for help or say how frightened the person is.
_DISTRESS_PATTERNS: Final = (
    r"помоги\w*",
    r"спаси\w*",
    r"помощь",
    r"срочн\w*",
    r"страшн\w*",
    r"бою\w*",
    r"боимся",
    r"беда",
    r"караул",
    r"паник\w*",
    r"плач\w*",
    r"отчаяни\w*",
    r"ужас\w*",
    r"не\s+знаю\s+что\s+делать",
    r"не\s+знаю\s+(к\s+кому|куда)\s+(обратит\w*|идти|бежать|звонить)",
    r"не\s+понима\w*\s+(что|ничего)",
    r"ничего\s+не\s+понима\w*",
    r"(все|всё)\s+(очень\s+)?плохо",
    r"горе",
    r"кошмар\w*",
    r"в\s+шоке",
    r"рыда\w*",
    r"с\s+ума\s+схож\w*",
    r"не\s+могу\s+(больше|успокоит\w*)",
    r"worried",
    r"nightmare",
    r"(no\s+idea|not\s+sure)\s+what\s+to\s+do",
    r"pomogi\w*",
    r"spasi\w*",
    r"strashno",
    r"srochno",
    r"help",
    r"sos",
    r"scared",
    r"afraid",
    r"panic\w*",
    r"desperate",
    r"urgent\w*",
    r"(i|we)\s+(do\s+not|don'?t|dont)\s+know\s+what\s+to\s+do",
)
# "Что делать?": in a message that names nothing else it is a plea; at the end of an ordinary
# question ("пропустил суд, что делать") or of one the base cannot place ("соседка говорит
# что-то про бумагу с печатью, что делать") it is just how people ask, and such a question
# gets the nearest topics and the volunteer, not "what happened?".
_WEAK_PATTERNS: Final = (
    r"что\s+(же\s+)?(мне\s+|нам\s+)?(теперь\s+|сейчас\s+)?делать",
    r"chto\s+(mne\s+|nam\s+)?delat\w*",
    r"what\s+(do|should|can)\s+(i|we)\s+do(\s+now)?",
    r"what\s+to\s+do",
)


def _alternation(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


_DISTRESS_RE: Final = _alternation(_DISTRESS_PATTERNS)
_WEAK_RE: Final = _alternation(_WEAK_PATTERNS)
# Emoji that, alone, say "something is wrong" (or "please").
DISTRESS_EMOJI: Final = frozenset("😭😢😥😰😱😨😩😫💔🙏🆘😞😔😟🥺")

# Index terms (lemmas, English stems) of words that only say that someone was taken, is
# held, or that the writer is afraid: a message made of these and of relatives ("мужа
# забрали", "мужа арестовали вчера", "как вытащить мужа из детеншена") names no need yet.
VAGUE_TERMS: Final = _words(
    """
    задержать задержание задержанный забрать забирать арестовать арест арестованный взять
    схватить посадить поймать увезти увести замести загрести вытащить вызволить выручить
    освободить спасти спасать помочь помощь детеншн детеншен детеншне тюрьма лагерь айс ice
    беда страшно страшный бояться плакать срочно срочный случиться произойти паника ужас
    полиция мигра помогать пропасть пропавший detain detent arrest taken take took get out jail
    prison help scare afraid urgent happen ice save free
    детенш айса нужный нужно надо обратиться утро вечер ночь америка сша штаты usa america
    states morning night yesterday today need
    """
)


def is_distress(text: str, *, weak: bool = True) -> bool:
    """The message asks for help or says the writer is afraid, in any of our languages.

    ``weak``: "что делать?" / "what do I do" count too (right for a message that names
    nothing else, wrong for an ordinary question that ends with them).
    """
    folded = text.casefold().replace("ё", "е")
    if _DISTRESS_RE.search(folded) or (weak and _WEAK_RE.search(folded)):
        return True
    return any(ch in DISTRESS_EMOJI for ch in text)


def strip_pleas(text: str) -> str:
    """The message without its pleas ("ничего не понимаю, помогите" -> ", "): what is left
    says whether the person named a need."""
    folded = text.casefold().replace("ё", "е")
    return _WEAK_RE.sub(" ", _DISTRESS_RE.sub(" ", folded))


def is_emoji_plea(text: str) -> bool:
    """A message of emoji only, one of which is a distress emoji ("😭", "🙏🙏")."""
    return not re.search(r"\w", text) and any(ch in DISTRESS_EMOJI for ch in text)


@dataclass(frozen=True, slots=True)
class Need:
    """One button of the triage: a key (for callback data and locale keys) and its topics.

    One topic: the answer is shown at once. Several: the person chooses among them. None: the
    question goes to a volunteer.
    """

    key: str
    topics: tuple[str, ...]


NEEDS: Final = (
    Need("where", ("detention-find-person", "detention-a-number", "detention-transfer")),
    Need("court", ("court-hearing-date",)),
    Need("release", ("release-bond", "release-parole", "release-sponsor")),
    Need("lawyer", ("legal-find-lawyer",)),
    Need("children", ("family-children",)),
    Need("deadline", ("appeal-bia", "asylum-one-year", "court-address-change")),
    Need("volunteer", ()),
)
NEEDS_BY_KEY: Final = {need.key: need for need in NEEDS}
