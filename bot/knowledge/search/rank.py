"""Scoring (BM25F over slots) and the decision: answer, or say it is not sure."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from bot.knowledge.base import KnowledgeBase
from bot.knowledge.safety import EMERGENCY_TOPIC, is_crisis
from bot.knowledge.scope import is_out_of_scope, names_domain
from bot.knowledge.search.index import build_index_data
from bot.knowledge.search.normalise import (
    PERSON_WORDS,
    QUESTION_WORDS,
    is_cyrillic,
    morph,
    word_terms,
)
from bot.knowledge.search.plan import QueryReader
from bot.knowledge.search.synonyms import SYNONYMS_PATH, _load_synonyms, _Synonym
from bot.knowledge.search.types import (
    DEFAULT_TUNING,
    Hit,
    Ranking,
    SearchResult,
    Tuning,
    _Slot,
)
from bot.knowledge.triage import VAGUE_TERMS, is_distress, strip_pleas


class SearchIndex(QueryReader):
    """Immutable BM25F index over all topics and locales; safe to share between tasks."""

    def __init__(
        self,
        topic_ids: Sequence[str],
        postings: dict[str, list[tuple[int, float]]],
        idf: dict[str, float],
        surface: dict[str, int],
        synonyms: Sequence[_Synonym],
        en_vocab: frozenset[str] = frozenset(),
        strong: Mapping[str, frozenset[int]] | None = None,
        phrases: Sequence[Sequence[tuple[frozenset[str], ...]]] = (),
        tuning: Tuning = DEFAULT_TUNING,
    ) -> None:
        self._t = tuning
        self._phrases = phrases
        # Per topic: term -> (phrase, token position) of its title and keyword phrases, and
        # each phrase's length, so matching a query against them costs per query term.
        self._phrase_terms: list[dict[str, list[tuple[int, int]]]] = []
        self._phrase_sizes: list[list[int]] = []
        for doc_phrases in phrases:
            where: dict[str, list[tuple[int, int]]] = defaultdict(list)
            for number, phrase in enumerate(doc_phrases):
                for position, token in enumerate(phrase):
                    for term in token:
                        where[term].append((number, position))
            self._phrase_terms.append(dict(where))
            self._phrase_sizes.append([len(p) for p in doc_phrases])
        self._person_terms = frozenset(
            t for w in PERSON_WORDS | QUESTION_WORDS for t in word_terms(w)
        )
        self._relative_terms = frozenset(t for w in PERSON_WORDS for t in word_terms(w))
        self._en_vocab = en_vocab
        self._ids = tuple(topic_ids)
        self._postings = postings
        self._idf = idf
        self._max_idf = max(idf.values(), default=1.0)
        self._surface = surface
        self._synonyms: dict[str, list[_Synonym]] = defaultdict(list)
        for syn in synonyms:
            self._synonyms[syn.key[0]].append(syn)
        # Typo candidates, bucketed by first letter.
        self._fuzzy: dict[str, list[str]] = defaultdict(list)
        for word in surface:
            if len(word) >= 4 and word.isalpha():
                self._fuzzy[word[0]].append(word)
        self._syn_words = {w for syn in synonyms for w in syn.key}
        self._sorted_terms = sorted(
            t for t in postings if " " not in t and is_cyrillic(t) and t.isalpha()
        )
        self._strong = strong or {}

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        kb: KnowledgeBase,
        synonyms_path: Path = SYNONYMS_PATH,
        tuning: Tuning = DEFAULT_TUNING,
    ) -> SearchIndex:
        morph()  # load once, up front: start-up pays for it, not the first question
        data = build_index_data(kb, tuning)
        return cls(
            data.topic_ids,
            data.postings,
            data.idf,
            data.surface,
            _load_synonyms(synonyms_path),
            data.en_vocab,
            data.strong,
            data.phrases,
            tuning,
        )

    # -- scoring ----------------------------------------------------------------------------

    def _slot_scores(self, slot: _Slot) -> dict[int, float]:
        best: dict[int, float] = {}
        for phrase, weight in slot.alternatives.items():
            if len(phrase) == 1:
                for doc, value in self._postings.get(phrase[0], ()):
                    v = value * weight
                    if v > best.get(doc, 0.0):
                        best[doc] = v
                continue
            acc: dict[int, float] = defaultdict(float)
            for term in phrase:
                for doc, value in self._postings.get(term, ()):
                    acc[doc] += value
            for doc, total in acc.items():
                v = total / len(phrase) * weight
                if v > best.get(doc, 0.0):
                    best[doc] = v
        return best

    def _slot_mass(self, slot: _Slot) -> float:
        """How much meaning a query word carries: the idf of its most literal reading (an
        unknown word counts as rare), less if the base only ever mentions it in passing."""
        present = [(w, p) for p, w in slot.alternatives.items() if all(self._has(t) for t in p)]
        if not present:
            unknown = math.pow(self._max_idf, self._t.mass_power) * self._t.unknown_mass
            return unknown * slot.unknown_factor
        top_weight = max(w for w, _ in present)
        literal = [p for w, p in present if w >= top_weight - 1e-9]
        mass = math.pow(min(min(self._idf[t] for t in p) for p in literal), self._t.mass_power)
        if not any(all(t in self._strong for t in p) for _, p in present):
            mass *= self._t.body_only_mass
        return mass

    def _strong_docs(self, slot: _Slot) -> set[int]:
        docs: set[int] = set()
        for phrase in slot.alternatives:
            sets = [self._strong.get(t, frozenset()) for t in phrase]
            docs.update(frozenset.intersection(*sets) if sets else ())
        return docs

    def rank(self, query: str) -> Ranking:
        """All matching topics by score, and how much of the query each one explains."""
        plan = self.plan(query)
        scores: dict[int, float] = defaultdict(float)
        # credit[slot index][doc]: how well the doc explains that query word, 0..1
        credit: dict[int, dict[int, float]] = defaultdict(dict)
        for index, slot in enumerate(plan.slots):
            per_doc = self._slot_scores(slot)
            for doc, value in per_doc.items():
                scores[doc] += value * slot.weight
            targets = slot.covers or ((index,) if slot.counts else ())
            if not targets:
                continue
            strong = self._strong_docs(slot)
            for doc in per_doc:
                value = 1.0 if doc in strong else self._t.body_credit
                for target in targets:
                    if value > credit[target].get(doc, 0.0):
                        credit[target][doc] = value
        masses = {i: self._slot_mass(s) * s.weight for i, s in enumerate(plan.slots) if s.counts}
        total = sum(masses.values())
        matched: dict[int, float] = dict.fromkeys(scores, 0.0)
        for i, m in masses.items():
            for doc, value in credit.get(i, {}).items():
                if doc in matched:
                    matched[doc] += m * value
        query_terms = {t for s in plan.slots for p in s.alternatives for t in p}
        ranked = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
        phrase = {doc: self._phrase_match(doc, query_terms) for doc, _ in ranked[:5]}
        return Ranking(plan, ranked, matched, total, phrase, masses, dict(credit))

    def _phrase_match(self, doc: int, query_terms: set[str]) -> float:
        """The largest share of one title or keyword phrase of ``doc`` that the query says."""
        if doc >= len(self._phrase_terms):
            return 0.0
        where = self._phrase_terms[doc]
        said: dict[int, set[int]] = defaultdict(set)  # phrase -> its tokens the query says
        for term in query_terms:
            for phrase, token in where.get(term, ()):
                said[phrase].add(token)
        sizes = self._phrase_sizes[doc]
        return max((len(tokens) / sizes[phrase] for phrase, tokens in said.items()), default=0.0)

    def search(self, query: str, limit: int = 5) -> SearchResult:
        """Rank, then decide: emergency first, then off-topic, triage, an answer or unsure."""
        query = self.fix_layout(query)  # "gjvjubnt" is "помогите": the rules read the same
        ranking = self.rank(query)
        top = ranking.ranked[: max(limit, 0)]
        hits = tuple(Hit(self._ids[doc], round(score, 4)) for doc, score in top)
        locale = ranking.plan.locale
        if is_crisis(query) and EMERGENCY_TOPIC in self._ids and limit > 0:
            best = hits[0].score if hits else 1.0
            others = tuple(h for h in hits if h.topic_id != EMERGENCY_TOPIC)
            hits = (Hit(EMERGENCY_TOPIC, best), *others)[:limit]
            return SearchResult(hits=hits, confident=True, locale=locale, route="emergency")
        if is_out_of_scope(query):
            return SearchResult(hits=hits, confident=False, locale=locale, route="offtopic")
        if self._vague(ranking, query) or self._only_a_plea(query):
            return SearchResult(hits=hits, confident=False, locale=locale, route="triage")
        if bool(hits) and self._confident(ranking, domain=names_domain(query)):
            also = self._second(ranking)
            return SearchResult(hits=hits, confident=True, locale=locale, also=also)
        route = "triage" if is_distress(query, weak=False) else "unsure"
        return SearchResult(hits=hits, confident=False, locale=locale, route=route)

    def _vague(self, ranking: Ranking, query: str) -> bool:
        """Only "someone was taken / help / I am afraid" words, with relatives: no need named.

        A message with no content word at all ("помогите", "что делать?!") is vague when it is
        a plea; "а что?" is not (it stays "unsure").
        """
        counted = [s for s in ranking.plan.slots if s.counts]
        if not counted:
            return is_distress(query)
        for slot in counted:
            # Any reading counts: "детеншена" is read "детенш" and, by synonym, "детеншн".
            if not any(
                len(p) == 1 and (p[0] in VAGUE_TERMS or p[0] in self._relative_terms)
                for p in slot.alternatives
            ):
                return False
        return any(
            p[0] not in self._relative_terms for s in counted for p in s.alternatives
        ) or is_distress(query)

    def _only_a_plea(self, query: str) -> bool:
        """A plea and nothing that names a need: "ничего не понимаю", "не знаю к кому
        обратиться" (words that, in "не понимаю судью", would point to a topic)."""
        if not is_distress(query, weak=False):
            return False
        rest = strip_pleas(query)
        ranking = self.rank(rest)
        if not any(s.counts for s in ranking.plan.slots):
            return True
        return self._vague(ranking, rest)

    def _second(self, ranking: Ranking) -> str | None:
        """A second topic nearly as strong as the first that explains part of the query the
        first does not ("бесплатный адвокат для мужа в детеншене")."""
        if len(ranking.ranked) < 2:
            return None
        (_, first_score), (second, second_score) = ranking.ranked[0], ranking.ranked[1]
        if second_score < self._t.also_ratio * first_score:
            return None
        if ranking.coverage(second) < self._t.also_coverage:
            return None
        tie = second_score >= self._t.also_tie * first_score
        if (
            not tie
            and ranking.explained_beyond(second, ranking.ranked[0][0]) < self._t.also_extra - 1e-9
        ):
            return None
        return self._ids[second]

    def _confident(self, ranking: Ranking, *, domain: bool = False) -> bool:
        """The first topic explains most of the query, strongly enough, and the query says
        enough (one common word like "дело" is not a question the base can answer).
        ``domain``: the question names the base's area outright, so less of it needs
        explaining."""
        if not ranking.ranked:
            return False
        top_doc, top_score = ranking.ranked[0]
        n_slots = sum(s.weight for s in ranking.plan.slots if s.counts)
        per_slot = top_score / max(n_slots, 1.0) ** 0.5
        if per_slot < self._t.min_score or ranking.matched.get(top_doc, 0.0) < (
            self._t.min_matched
        ):
            return False
        coverage = ranking.coverage(top_doc)
        phrase = ranking.phrase.get(top_doc, 0.0)
        if phrase >= 1.0 - 1e-9:
            return coverage >= self._t.min_coverage
        if phrase >= self._t.min_phrase_partial:
            partial = self._t.domain_coverage_partial if domain else self._t.min_coverage_partial
            return coverage >= min(partial, self._t.min_coverage_partial)
        alone = self._t.domain_coverage_alone if domain else self._t.min_coverage_alone
        return coverage >= min(alone, self._t.min_coverage_alone)

    def explain(self, query: str, top: int = 3) -> dict[str, object]:
        """How the query was read and why the first topics scored: for `kb search --explain`
        and for tuning."""
        ranking = self.rank(query)
        plan = ranking.plan
        docs = []
        for doc, score in ranking.ranked[:top]:
            parts = [round(self._slot_scores(s).get(doc, 0.0) * s.weight, 3) for s in plan.slots]
            docs.append(
                {
                    "topic_id": self._ids[doc],
                    "score": round(score, 3),
                    "coverage": round(ranking.coverage(doc), 3),
                    "matched": round(ranking.matched.get(doc, 0.0), 3),
                    "phrase": round(ranking.phrase.get(doc, 0.0), 3),
                    "per_slot": parts,
                }
            )
        return {
            "locale": plan.locale,
            "slots": plan.describe(),
            "top": docs,
            "total_mass": round(ranking.total_mass, 3),
            "confident": self._confident(ranking, domain=names_domain(query)),
        }

    @property
    def topic_ids(self) -> tuple[str, ...]:
        return self._ids

    def vocabulary_size(self) -> int:
        return len(self._postings)
