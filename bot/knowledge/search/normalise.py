"""Text to index terms: tokens, stopwords, Russian lemmas and stems, English stems."""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

import Stemmer

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer

# Content words of one query that are analysed; the rest of a very long message is ignored.
MAX_QUERY_WORDS: Final = 24

_HYPHENS = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u00ad": None,
        "ё": "е",
        "Ё": "Е",
        "\u2019": "'",
        "\u02bc": "'",
    }
)
_TOKEN_RE: Final = re.compile(r"[0-9a-zа-я]+(?:['\-][0-9a-zа-я]+)*")
_CYRILLIC_RE: Final = re.compile(r"[а-я]")
_LOOKALIKES: Final = str.maketrans("aeopcxyk", "аеорсхук")
_LATIN_RE: Final = re.compile(r"[a-z]")


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


RU_STOPWORDS: Final = _words(
    """
    а более бы был была были было быть в вам вас весь во вот все всего всех вы где да даже
    для до его ее ей ему если есть еще же за здесь и из или им их к как какой какая какие
    каком ко когда кто ли либо между меня мне мной мой моя мое мои моего моей моему моим
    моих мы на над надо наш наша наше наши него нее нет ни них но ну о об один он она они
    оно от по под при про с сам свой себя себе со так также такой там тем то тогда того
    тоже той только том ты у уже хотя чего чей чем что чтобы чье эта эти это этот я вообще
    очень просто пожалуйста можно ли нужно надо который которая которые какой-то что-то
    кто-то как-то сейчас теперь почему зачем сколько какого какую каких это всё типа
    после перед около назад потом вчера сегодня завтра тут здесь там сюда туда снова опять
    например вопрос подскажите скажите помогите здравствуйте привет добрый
    спасибо пж плиз
    """
)
# Question words that still mean something for ranking ("когда суд" = the date) are kept out
# of the stop list above on purpose: "когда", "сколько" map to synonyms or stay as terms.
RU_STOPWORDS_KEEP: Final = frozenset({"когда", "сколько", "где"})

EN_STOPWORDS: Final = _words(
    """
    a an the and or but if much many of at by for with about to from in on into over under is are
    was were be been being am do does did done have has had having i me my mine we us our
    you your he him his she her it its they them their this that these those what which
    who whom whose why how can could should would will shall may might must not
    no yes so than too very just there here any some all please hi hello thanks get got
    can't cannot don't doesn't i'm it's what's cant dont doesnt im ive isnt arent didnt wont
    won't didn't isn't aren't i've
    """
)


# --------------------------------------------------------------------------------------------
# Shared, heavy resources: loaded once per process.

_MORPH: MorphAnalyzer | None = None
_MORPH_LOCK = threading.Lock()


def morph() -> MorphAnalyzer:
    global _MORPH
    if _MORPH is None:
        with _MORPH_LOCK:
            if _MORPH is None:
                from pymorphy3 import MorphAnalyzer

                _MORPH = MorphAnalyzer()
    return _MORPH


_RU_STEMMER = Stemmer.Stemmer("russian")
_EN_STEMMER = Stemmer.Stemmer("english")


def ru_known(word: str) -> bool:
    """A word of the Russian dictionary (not a guess)."""
    return _analyse(word).known


_NOUNISH: Final = frozenset({"NOUN", None})


@dataclass(frozen=True, slots=True)
class _Analysis:
    known: bool  # a dictionary word
    terms: tuple[str, ...]  # lemmas (at most two, most likely first), or a stem
    nounish: bool  # a noun, or a word pymorphy cannot tell


def _dictionary_parses(word: str) -> list[Any]:
    """Dictionary parses only, ranked by probability only when their lemmas differ.

    ``MorphAnalyzer.parse`` also guesses unknown words and ranks every parse; index building
    analyses thousands of words, and only the dictionary lookup is needed for most of them.
    """
    analyzer: Any = morph()
    lower = word.lower()
    try:
        unit = analyzer._units[0][0]
        if type(unit).__name__ != "DictionaryAnalyzer":
            raise AttributeError(type(unit).__name__)
        parses: list[Any] = list(unit.parse(word, lower, set()))
        if len({p[2] for p in parses}) > 1 and analyzer.prob_estimator is not None:
            parses = list(analyzer.prob_estimator.apply_to_parses(word, lower, parses))
        return parses
    except (AttributeError, IndexError, TypeError):  # another pymorphy3 version
        if not analyzer.word_is_known(word):
            return []
        return [(p.word, p.tag, p.normal_form, p.score) for p in analyzer.parse(word)]


@lru_cache(maxsize=65536)
def _analyse(word: str) -> _Analysis:
    parses = _dictionary_parses(word)
    if not parses:
        return _Analysis(False, (str(_RU_STEMMER.stemWord(word)),), True)
    top = float(parses[0][3]) or 1.0
    out: list[str] = []
    for parse in parses:
        if float(parse[3]) < top * 0.3:
            continue
        lemma = str(parse[2]).replace("ё", "е")
        if lemma not in out:
            out.append(lemma)
        if len(out) == 2:
            break
    return _Analysis(True, tuple(out), parses[0][1].POS in _NOUNISH)


def ru_is_nounish(word: str) -> bool:
    """Nouns (and words pymorphy cannot tell) name the topic; verbs, adjectives, adverbs
    mostly say what the person wants to do about it."""
    return not is_cyrillic(word) or _analyse(word).nounish


def ru_terms(word: str) -> tuple[str, ...]:
    """Index terms of a Cyrillic word: lemmas of a dictionary word, else a stem."""
    return _analyse(word).terms


@lru_cache(maxsize=65536)
def en_term(word: str) -> str:
    if word.endswith("'s"):
        word = word[:-2]
    return str(_EN_STEMMER.stemWord(word.replace("'", "")))


# "A number", "а-номер", "A#": the A-number, however it is typed, is one word.
_A_NUMBER_RE: Final = re.compile(r"(?<![\w-])[aа]\s*(?:-\s*|#\s*|\s)(number|номер|намбер|nomer)\b")


_HYPHEN_PAIRS: Final = tuple(
    (chr(code), "" if value is None else str(value)) for code, value in _HYPHENS.items()
)
_A_NUMBER_HINTS: Final = ("number", "номер", "намбер", "nomer")


def normalize_text(text: str) -> str:
    # str.replace per character: str.translate with a dict table is several times slower on
    # Cyrillic text, and start-up normalises every answer.
    if not text.isascii():  # full-width and other compatibility forms: ｂｏｎｄ is bond
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    for old, new in _HYPHEN_PAIRS:
        if old in text:
            text = text.replace(old, new)
    if any(hint in text for hint in _A_NUMBER_HINTS):
        text = _A_NUMBER_RE.sub(r"a-\1", text)
    return text


def tokenize(text: str) -> list[str]:
    return _TOKEN_RE.findall(normalize_text(text))


def is_cyrillic(word: str) -> bool:
    return _CYRILLIC_RE.search(word) is not None


# Who the question is about. People name a relative in almost every question ("мужа забрали",
# "позвонить брату"), so these words say little about the topic; their slots weigh less.
PERSON_WORDS: Final = _words(
    """
    муж жена брат сестра сын дочь дочка мать мама отец папа родитель родственник родные
    супруг супруга друг подруга парень девушка человек семья бабушка дедушка племянник
    husband wife brother sister son daughter mother mom father dad parent relative friend
    partner boyfriend girlfriend person family spouse
    """
)
# Question words kept for their hint ("когда суд" = the date, "где" = finding someone) but
# weighed like the person words.
# "Сколько стоит" asks the cost of whatever the question names ("адвокат сколько стоит"), and
# "дело", "кейс" are any case at all ("вписать в мой кейс"): these weigh like question words.
QUESTION_WORDS: Final = _words(
    """
    когда сколько где куда where when стоить стоимость цена cost price
    дело кейс case ситуация проблема situation problem
    """
)


# Words whose every form is a stopword: "моем", "которого", "могут".
RU_STOP_LEMMAS: Final = _words(
    """
    я ты он она оно мы вы они мой твой свой наш ваш его её их этот тот который какой весь
    сам себя такой кто что это быть мочь каждый любой некоторый помочь помогать говорить
    сказать хотеть делать сделать знать думать подсказать
    """
)


# Agencies and courts spelled in Cyrillic are the same term as in Latin letters, in the base
# and in questions alike ("айс", "айсом", "ICE"): otherwise the rare Cyrillic spelling, used
# once in one answer, outweighs the word every detention answer uses.
ACRONYMS: Final = {
    "айс": "ice",
    "айса": "ice",
    "сибипи": "cbp",
    "еоир": "eoir",
    "иоир": "eoir",
    "биа": "bia",
    "юсцис": "uscis",
    "юсис": "uscis",
}


def is_stopword(word: str) -> bool:
    if is_cyrillic(word):
        if word in RU_STOPWORDS_KEEP:
            return False
        if word in RU_STOPWORDS:
            return True
        return "-" not in word and ru_known(word) and ru_terms(word)[0] in RU_STOP_LEMMAS
    return word in EN_STOPWORDS


def word_terms(word: str) -> tuple[str, ...]:
    """Index terms of one token as it appears in a text (no guessing, no correction)."""
    if "-" in word:
        parts = [p for p in word.split("-") if p]
        joined = "".join(parts).replace("'", "")
        if _LATIN_RE.search(joined) and is_cyrillic(joined):
            joined = joined.translate(_LOOKALIKES)  # "a-номер" typed with a Latin "a"
        out = [joined]
        for part in parts:
            if (len(part) > 1 or part.isdigit()) and not is_stopword(part):
                out.extend(t for t in word_terms(part) if t not in out)
        return tuple(out)
    latin = _LATIN_RE.search(word) is not None
    cyrillic = is_cyrillic(word)
    if "'" in word and not latin:
        word = word.replace("'", "")
    if any(c.isdigit() for c in word) or (latin and cyrillic):
        return (word.replace("'", ""),)
    if cyrillic:
        terms = ru_terms(word)
        if terms[0] in ACRONYMS:
            return (ACRONYMS[terms[0]],)
        return terms
    return (en_term(word),)
