"""Search over the knowledge base for questions typed the way people really type them.

"мужа забрали после перехода где искать", "skolko dnej na apellyaciyu", "что такое бонд",
"where is my husband detained". The index is built once at start-up from a
:class:`~bot.knowledge.base.KnowledgeBase`; every topic is one document made of all its locales,
with four weighted fields (title, keywords, body, and the details behind «Подробнее», which
weigh least) scored with BM25F. A message typed on the wrong keyboard layout is converted
whole first ("rfr yfqnb ve;f" -> "как найти мужа").

Each query word becomes a *slot*: a set of alternative index terms, of which the best one
counts, so the several readings of a word never add up. Alternatives come from

* Russian morphology: pymorphy3 lemmas for dictionary words ("детей" -> "ребенок"), a Snowball
  stem for words pymorphy does not know (slang: "детеншне" -> "детеншн");
* English Snowball stems for Latin words;
* transliteration of Latin-typed Russian ("zaderzhali" -> "задержали") and of text typed on
  the wrong keyboard layout;
* typo correction against the words of the index (rapidfuzz, OSA distance);
* curated synonyms and émigré slang from ``synonyms.toml`` ("азюль" -> "убежище").

Adjacent slots also give bigram terms so that phrases ("motion to reopen" vs "motion to
continue") rank above scattered words. Relatives and question words ("мужа", "где") and verbs
weigh less than nouns: they rarely say what the question is about.

``confident`` asks how much of the query the first topic explains. Each slot carries a mass
(sqrt idf; a word the base never uses counts as rare, a word it only uses in passing counts
little), and the topic gets credit for the slots it matches (full credit in its title or
keywords, half in its body). Enough coverage, a high enough score, and, unless coverage is
nearly complete, the query saying (most of) one of its keyword phrases: then the answer is
shown; otherwise the bot says it is not sure. A question that names the base's area outright
(``scope.names_domain``: detention, court, asylum...) needs less coverage; one matching
``scope.is_out_of_scope`` is declined; a plea that names no need goes to triage. The
thresholds in :class:`Tuning` were chosen with ``python -m bot kb eval`` on the development
sets (tests/data: dev, dev2, extra, triage, holdout, holdout2); holdout3 was written blind
and is only measured.

The package: ``normalise`` (text to terms), ``synonyms``, ``index`` (building the postings),
``plan`` (reading a query), ``rank`` (scoring and the decision), ``types`` (results, tuning).
"""

from bot.knowledge.search.normalise import (
    en_term,
    is_cyrillic,
    is_stopword,
    morph,
    normalize_text,
    ru_known,
    ru_terms,
    tokenize,
    word_terms,
)
from bot.knowledge.search.rank import SearchIndex
from bot.knowledge.search.synonyms import SYNONYMS_PATH
from bot.knowledge.search.types import (
    DEFAULT_TUNING,
    Hit,
    QueryPlan,
    Ranking,
    SearchResult,
    Tuning,
)

__all__ = [
    "DEFAULT_TUNING",
    "SYNONYMS_PATH",
    "Hit",
    "QueryPlan",
    "Ranking",
    "SearchIndex",
    "SearchResult",
    "Tuning",
    "en_term",
    "is_cyrillic",
    "is_stopword",
    "morph",
    "normalize_text",
    "ru_known",
    "ru_terms",
    "tokenize",
    "word_terms",
]
