"""Query understanding: each typed word becomes a slot of alternative index terms."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator, Sequence

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.knowledge import translit
from bot.knowledge.search.normalise import (
    _LATIN_RE,
    EN_STOPWORDS,
    MAX_QUERY_WORDS,
    RU_STOPWORDS,
    RU_STOPWORDS_KEEP,
    en_term,
    is_cyrillic,
    is_stopword,
    ru_is_nounish,
    ru_known,
    ru_terms,
    tokenize,
    word_terms,
)
from bot.knowledge.search.synonyms import _Synonym
from bot.knowledge.search.types import QueryPlan, Tuning, _Slot


class QueryReader:
    """Reads a query against the index vocabulary (the base of :class:`SearchIndex`)."""

    _t: Tuning
    _postings: dict[str, list[tuple[int, float]]]
    _surface: dict[str, int]
    _en_vocab: frozenset[str]
    _synonyms: dict[str, list[_Synonym]]
    _syn_words: set[str]
    _fuzzy: dict[str, list[str]]
    _sorted_terms: list[str]
    _person_terms: frozenset[str]

    def _has(self, term: str) -> bool:
        return term in self._postings

    def _correct(self, word: str) -> str | None:
        """Closest index word for a typo, or None."""
        if len(word) < 4 or not word.isalpha():
            return None
        max_dist = 1 if len(word) <= 5 else 2
        pool = self._fuzzy.get(word[0], [])
        found = process.extract(word, pool, scorer=OSA.distance, score_cutoff=max_dist, limit=8)
        if not found:
            return None
        best = min(found, key=lambda f: (f[1], -self._surface.get(f[0], 0)))
        return str(best[0])

    def _cyrillic_slot(self, word: str, slot: _Slot, weight: float) -> bool:
        """Add the readings of a Cyrillic (or numeric) word; True if the index knows one."""
        terms = word_terms(word)
        if "-" in word and self._has(terms[0]):
            # "i-589": the whole is what matters; its parts are weak evidence.
            slot.add((terms[0],), weight)
            for term in terms[1:]:
                slot.add((term,), weight * 0.5)
            return True
        if any(self._has(t) or t in self._syn_words for t in terms):
            for term in terms:
                slot.add((term,), weight)
            return True
        if not ru_known(word) or "-" in word:
            fixed = self._correct(word)
            if fixed is not None:
                for term in word_terms(fixed):
                    slot.add((term,), weight * self._t.typo_weight)
                return True
        for term in terms:
            slot.add((term,), weight)
        if ru_known(word):
            # "одобрение" when the base says "одобрить": same root, another part of speech.
            for term in terms:
                for related in self._derived(term):
                    slot.add((related,), weight * self._t.derived_weight)
        return bool(slot.alternatives) and any(self._has(p[0]) for p in slot.alternatives)

    def _derived(self, lemma: str) -> list[str]:
        """Index lemmas sharing a long prefix with ``lemma`` (at least 5 letters)."""
        for size in range(len(lemma) - 1, 4, -1):
            if size < 0.6 * len(lemma):
                break
            prefix = lemma[:size]
            start = bisect.bisect_left(self._sorted_terms, prefix)
            found: list[str] = []
            for term in self._sorted_terms[start : start + 8]:
                if not term.startswith(prefix):
                    break
                found.append(term)
            if found:
                return sorted(found, key=len)[:3]
        return []

    def _ru_reading(self, word: str) -> str | None:
        """The Cyrillic word meant by a Latin-typed one, if any reading is a real word."""
        readings = translit.candidates(word, limit=12)
        known = [r for r in readings if ru_known(r)]
        for reading in known:
            if any(self._has(t) or t in self._syn_words for t in ru_terms(reading)):
                return reading
        # Slang has no dictionary form ("detenshn" -> "детеншн"), but the base may use it.
        for reading in readings[:6]:
            if reading not in known and any(
                self._has(t) or t in self._syn_words for t in ru_terms(reading)
            ):
                return reading
        if known:
            return known[0]
        layout = translit.from_wrong_layout(word)
        if len(layout) > 3 and layout.isalpha() and ru_known(layout):
            return layout
        return None

    def _latin_slot(self, word: str, slot: _Slot, locale: str) -> None:
        term = en_term(word)
        english = self._has(term) or term in self._syn_words
        reading = self._ru_reading(word)
        if locale == "en":
            if english:
                slot.add((term,), 1.0)
            if term in self._en_vocab:
                return
            # A Latin-typed Russian word inside a mostly English query.
            if reading is not None and any(self._has(t) for t in ru_terms(reading)):
                self._cyrillic_slot(reading, slot, self._t.translit_alt_weight)
                return
            if not english:
                self._add_correction(slot, [word])
            return
        # Russian query: the Cyrillic reading first; the Latin word itself (it may match a
        # Latin-typed keyword or an English term) as a weaker alternative.
        if reading is not None and self._cyrillic_slot(reading, slot, 1.0):
            if english:
                slot.add((term,), self._t.translit_alt_weight)
            return
        if english:
            slot.add((term,), 1.0)
            return
        if reading is not None:
            return  # a real Russian word the base does not use
        candidates = [word]
        if len(word) >= 5:
            candidates.extend(translit.candidates(word, limit=3))
        self._add_correction(slot, candidates)

    def _add_correction(self, slot: _Slot, candidates: Sequence[str]) -> None:
        """Typo correction: the closest index word over all spellings, if any is close."""
        best: tuple[int, str] | None = None
        for candidate in candidates:
            fixed = self._correct(candidate)
            if fixed is not None:
                dist = int(OSA.distance(candidate, fixed))
                if best is None or dist < best[0]:
                    best = (dist, fixed)
        if best is not None:
            for t in word_terms(best[1]):
                slot.add((t,), self._t.typo_weight)
        elif candidates:
            slot.add((en_term(candidates[0]),), 1.0)

    def detect_locale(self, tokens: Sequence[str]) -> str:
        """ "ru" for Cyrillic or Latin-typed Russian, "en" for English."""
        if any(is_cyrillic(t) for t in tokens):
            return "ru"
        latin = [t for t in tokens if _LATIN_RE.search(t)]
        if not latin:
            return "ru"
        english = 0.0
        russian = 0.0
        for word in latin[:12]:
            is_en = word in EN_STOPWORDS or en_term(word) in self._en_vocab
            reading = next((r for r in translit.candidates(word, limit=6) if ru_known(r)), None)
            is_ru = reading is not None and (
                reading in RU_STOPWORDS or any(self._has(t) for t in ru_terms(reading))
            )
            if is_en and not is_ru:
                english += 1
            elif is_ru and not is_en:
                russian += 1
            elif is_ru and is_en:
                english += 0.5
                russian += 0.5
        return "ru" if russian > english else "en"

    def _english_word(self, word: str) -> bool:
        return word in EN_STOPWORDS or en_term(word) in self._en_vocab

    def _known_ru(self, word: str) -> bool:
        """A Cyrillic word the base or the synonyms use (slang: "детеншн")."""
        return any(self._has(t) or t in self._syn_words for t in ru_terms(word))

    def fix_layout(self, query: str) -> str:
        """The whole message typed on the wrong keyboard layout, read as meant.

        "rfr yfqnb ve;f" is "как найти мужа" typed on an English layout; "ш сфте аштв ьн
        ргыифтв" is "i cant find my husband" typed on a Russian one. Punctuation keys are
        letters on the other layout (";" is "ж", "," is "б"), so the whole text is converted,
        not word by word. The converted text is used only when most of its words are real
        words and the text as typed is not (a word of Latin-typed Russian, "muzha", counts
        as real).
        """
        raw = query.split()
        if not raw or len(raw) > MAX_QUERY_WORDS:
            return query
        if any(is_cyrillic(w) for w in raw):
            if any(_LATIN_RE.search(w) for w in raw):
                return query
            converted = translit.to_latin_layout(query)
            words = tokenize(converted)
            english = sum(1 for w in words if self._english_word(w))
            if not words or english < max(1.0, 0.6 * len(raw)):
                return query
            russian = sum(1 for w in tokenize(query) if len(w) > 1 and ru_known(w))
            return converted if english > russian else query
        converted = translit.from_wrong_layout(query)
        words = [w for w in tokenize(converted) if len(w) > 1]
        russian = sum(1 for w in words if ru_known(w) or self._known_ru(w))
        if not words or russian < max(1.0, 0.6 * len(words)):
            return query
        typed = 0
        for word in tokenize(query):
            if self._english_word(word) or any(
                ru_known(r) for r in translit.candidates(word, limit=4)
            ):
                typed += 1
        return converted if russian > typed else query

    def plan(self, query: str) -> QueryPlan:
        query = self.fix_layout(query)
        tokens = tokenize(query)
        locale = self.detect_locale(tokens)
        slots: list[_Slot] = []
        seen: set[str] = set()
        for word in self._split_unknown_compounds(tokens):
            if is_stopword(word) or word in seen:
                continue
            seen.add(word)
            if len(slots) >= MAX_QUERY_WORDS:
                break  # a pasted letter: its first words are enough, and latency stays low
            if not is_cyrillic(word) and _LATIN_RE.search(word) and locale == "ru":
                reading = next(
                    (r for r in translit.candidates(word, limit=8) if ru_known(r)), None
                )
                if (
                    reading is not None
                    and is_stopword(reading)
                    and (reading not in RU_STOPWORDS_KEEP)
                ):
                    continue  # "chto", "delat": what "что", "делать" are in Cyrillic
            slot = _Slot()
            if is_cyrillic(word) or "-" in word or any(c.isdigit() for c in word):
                self._cyrillic_slot(word, slot, 1.0)
            else:
                self._latin_slot(word, slot, locale)
            slot.known = any(all(self._has(t) for t in p) for p in slot.alternatives)
            if any(p[0] in self._person_terms for p, w in slot.alternatives.items() if w == 1):
                slot.weight = self._t.person_weight
            elif not ru_is_nounish(word):
                slot.weight = self._t.verb_weight
                if not slot.known:
                    slot.unknown_factor = self._t.unknown_verb_factor
            elif word.isdigit() and not slot.known:
                # an amount or a date the base does not mention ("бонд 10000")
                slot.unknown_factor = self._t.unknown_verb_factor
            slots.append(slot)
        self._expand_synonyms(slots)
        self._add_bigrams(slots)
        return QueryPlan(locale, tuple(slots))

    def _split_unknown_compounds(self, tokens: Sequence[str]) -> Iterator[str]:
        """Keep "i-589" whole when the index knows it; else read "эмигрейшн-суд" as two words."""
        for token in tokens:
            if "-" in token and not self._has(word_terms(token)[0]):
                yield from (p for p in token.split("-") if p)
            else:
                yield token

    def _expand_synonyms(self, slots: list[_Slot]) -> None:
        """Add synonyms of single words to their slot; a matched multi-word key ("ворк
        пермит") becomes an extra phrase slot that stands for its words."""
        t = self._t
        primary = [list(s.alternatives) for s in slots]
        phrases: list[_Slot] = []
        for i in range(len(primary)):
            firsts = {p[0] for p in primary[i] if len(p) == 1}
            for first in firsts:
                for syn in self._synonyms.get(first, ()):
                    n = len(syn.key)
                    if i + n > len(primary) or not all(
                        (syn.key[j],) in primary[i + j] for j in range(1, n)
                    ):
                        continue
                    weight = t.same_weight if syn.same else t.synonym_weight
                    target = slots[i]
                    if n > 1:
                        target = _Slot(
                            weight=t.phrase_weight, counts=False, covers=tuple(range(i, i + n))
                        )
                        phrases.append(target)
                    for exp in syn.expansions:
                        target.add(exp, weight)
        for slot in [*slots, *phrases]:
            slot.known = any(all(self._has(term) for term in p) for p in slot.alternatives)
        slots.extend(phrases)

    def _add_bigrams(self, slots: list[_Slot]) -> None:
        content = [s for s in slots if s.counts]
        extra: list[_Slot] = []
        for left, right in itertools.pairwise(content):
            bigram = _Slot(weight=self._t.bigram_weight, counts=False)
            for lp, lw in left.alternatives.items():
                for rp, rw in right.alternatives.items():
                    term = lp[-1] + " " + rp[0]
                    if self._has(term):
                        bigram.add((term,), lw * rw)
            if bigram.alternatives:
                extra.append(bigram)
        slots.extend(extra)
