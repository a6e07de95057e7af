"""Small talk: greetings, thanks, goodbyes and short acknowledgements.

:func:`classify` is conservative on purpose: a message counts as small talk only when every
word of it is small talk ("Спасибо большое!", "privet", "ок, понятно"). Anything with a real
word in it ("привет, мужа задержали") is a question and goes to the search.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final


def _phrases(text: str) -> tuple[str, ...]:
    """Phrases separated by "|" (a phrase may span a line break)."""
    return tuple(" ".join(p.split()) for p in text.split("|") if p.strip())


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each kind: its core phrases, as words after normalisation (lower case, ё -> е, no
# punctuation). Latin-typed Russian and English are listed alongside.
_PHRASES: Final[dict[str, tuple[str, ...]]] = {
    "greeting": _phrases(
        """
        привет | приветик | приветствую | здравствуйте | здравствуй | здрасте | здрасьте |
        здравствуйте еще раз | добрый день | добрый вечер | доброе утро | доброй ночи |
        доброго дня | доброго времени суток | салют | хай | хелло | алло | ау | есть кто |
        есть кто нибудь | кто нибудь здесь | как дела | как ты | hi | hello | hey | hi there
        | good morning | good afternoon | good evening | greetings | privet | zdravstvuyte |
        zdravstvuite | zdravstvujte | zdrasti | dobryi den | dobryy den | dobriy den |
        dobriy vecher | dobryi vecher | dobroe utro | kak dela | how are you
        """
    ),
    "thanks": _phrases(
        """
        спасибо | спасиба | спасибки | спасибочки | спасибо большое | большое спасибо |
        огромное спасибо | спасибо огромное | спс | пасиб | пасибо | благодарю |
        благодарствую | спасибо за помощь | спасибо за ответ | спасибо за информацию |
        спасибо вам | спасибо тебе | thanks | thank you | thank you so much | thanks a lot |
        thx | ty | many thanks | spasibo | spasibki | spasibo bolshoe | bolshoe spasibo |
        sps | blagodaryu | за помощь | за ответ | за информацию | за инфо | за инфу | for
        your help | for the help
        """
    ),
    "bye": _phrases(
        """
        пока | пока пока | до свидания | досвидания | до свиданья | всего доброго | всего
        хорошего | до встречи | до связи | хорошего дня | хорошего вечера | спокойной ночи |
        bye | goodbye | good bye | bye bye | see you | good night | poka | do svidaniya |
        vsego dobrogo
        """
    ),
    "ok": _phrases(
        """
        ок | окей | оки | окэй | ok | okay | okey | k | понятно | понятненько | ясно |
        хорошо | ладно | угу | ага | да | понял | поняла | поняли | принято | ясненько |
        отлично | супер | класс | got it | i see | understood | fine | alright | all right |
        cool | great | ponyatno | yasno | horosho | khorosho | ladno | ponyal | ponyala
        """
    ),
}
# Words that may surround a core phrase without making the message a question.
_FILLERS: Final = _words(
    """
    бот ботик вам тебе вы ты еще раз очень всем все ребята друзья уважаемые дорогие и а ну
    так же вот уже тогда all so much very a lot you for the bot everyone guys again dear and
    oh ой ах бро
    """
)
# When several kinds appear ("ок, спасибо", "спасибо, до свидания"), the one that matters
# most for the reply wins.
_PRIORITY: Final = ("bye", "thanks", "greeting", "ok")

_WORD_RE: Final = re.compile(r"[a-zа-я0-9]+")
_MAX_WORDS: Final = 10


def _normalize(text: str) -> list[str]:
    if not text.isascii():  # full-width and other compatibility forms: ｂｏｎｄ is bond
        text = unicodedata.normalize("NFKC", text)
    lowered = text.lower().replace("ё", "е").replace("-", " ")
    return _WORD_RE.findall(lowered)


_INDEX: Final[dict[tuple[str, ...], str]] = {
    tuple(phrase.split()): kind for kind, phrases in _PHRASES.items() for phrase in phrases
}
_LONGEST: Final = max(len(key) for key in _INDEX)


def classify(text: str) -> str | None:
    """Return "greeting", "thanks", "bye" or "ok" when the whole message is small talk, else None.

    A message of emoji or punctuation only ("👍", "!!") is an acknowledgement ("ok"); an
    empty one is None.
    """
    if not text or not text.strip():
        return None
    words = _normalize(text)
    if not words:
        return "ok"
    if len(words) > _MAX_WORDS:
        return None
    kinds: set[str] = set()
    i = 0
    while i < len(words):
        for size in range(min(_LONGEST, len(words) - i), 0, -1):
            kind = _INDEX.get(tuple(words[i : i + size]))
            if kind is not None:
                kinds.add(kind)
                i += size
                break
        else:
            if words[i] not in _FILLERS:
                return None
            i += 1
    return next((kind for kind in _PRIORITY if kind in kinds), None)
