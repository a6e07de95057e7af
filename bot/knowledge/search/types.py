"""Ranking parameters, results, and how a query was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final


@dataclass(frozen=True, slots=True)
class Tuning:
    """Ranking and confidence parameters (chosen with `kb eval` on held-out questions)."""

    # BM25F: field weights, length normalisation per field, saturation.
    title_weight: float = 3.0
    keywords_weight: float = 4.0
    body_weight: float = 0.7
    # The background behind «Подробнее»: indexed, weighing less than the first screen.
    details_weight: float = 0.3
    title_b: float = 0.3
    keywords_b: float = 0.3
    body_b: float = 0.75
    details_b: float = 0.75
    k1: float = 2.0
    # A topic that only mentions a word in its body counts as this much of a document for
    # the word's idf (so "апелляция", mentioned in passing in 20 answers, stays distinctive).
    body_df: float = 0.25
    details_df: float = 0.1
    # Extra slots: a multi-word synonym ("ворк пермит"), adjacent words as a bigram.
    phrase_weight: float = 1.0
    bigram_weight: float = 0.5
    # Weights of a word's alternative readings relative to the word as typed.
    synonym_weight: float = 0.7
    same_weight: float = 0.9
    typo_weight: float = 0.85
    translit_alt_weight: float = 0.9
    derived_weight: float = 0.6
    # Slot weights: relatives and question words ("муж", "где"), verbs/adjectives/adverbs.
    person_weight: float = 0.5
    verb_weight: float = 0.7
    # An unknown verb or number says less about the topic than an unknown noun.
    unknown_verb_factor: float = 0.5
    # A slot's "mass" (its share of the query's meaning) is idf ** mass_power.
    mass_power: float = 0.5
    # Slots of a word never seen in the knowledge base weigh this share of the rarest word.
    unknown_mass: float = 0.8
    # A query word the base uses only inside answer bodies (never in a title or keywords) is
    # probably incidental ("пользоваться"): its share of the query shrinks by this factor.
    body_only_mass: float = 0.3
    # A query word matched only in an answer's body explains less than one in its title or
    # keywords.
    body_credit: float = 0.5
    # Confident when the first topic's score per sqrt(query words) reaches `min_score`, the
    # query words it explains carry at least `min_matched` (sqrt-idf units), and it explains
    # enough of the query ("coverage"): `min_coverage` if the query says one of its title or
    # keyword phrases in full ("не лечат"), `min_coverage_partial` if it says most of one,
    # `min_coverage_alone` otherwise.
    # Calibrated on the dev and extra questions plus half of an independently written
    # held-out set (tests/data/holdout-questions.jsonl, odd lines); the even lines are the
    # honest check. Long questions full of context ("муж перешёл через стену, поймали через
    # месяц ...") explain less of the query than short ones, hence the lower coverage.
    min_score: float = 3.5
    min_matched: float = 1.5
    min_coverage: float = 0.35
    min_phrase_partial: float = 0.6
    min_coverage_partial: float = 0.55
    min_coverage_alone: float = 0.6
    # A question that names the base's area outright (``scope.names_domain``: detention,
    # court, asylum...) may explain itself at length: it needs less coverage.
    domain_coverage_alone: float = 0.45
    domain_coverage_partial: float = 0.45
    # A second topic is offered ("Also about your question") when its score reaches this share
    # of the first's and it explains at least this share of the query.
    also_ratio: float = 0.6
    also_coverage: float = 0.35
    # ... and explains at least this share of the query that the first does not (a second
    # need, not the same need said again).
    also_extra: float = 0.1
    # A runner-up this close to the first is offered whatever it adds: the two are a tie.
    also_tie: float = 0.9


DEFAULT_TUNING: Final = Tuning()


@dataclass(frozen=True, slots=True)
class Hit:
    topic_id: str
    score: float


@dataclass(frozen=True, slots=True)
class SearchResult:
    hits: tuple[Hit, ...]  # best first, at most `limit`
    confident: bool  # first hit is trustworthy
    locale: str  # detected query language, "ru" or "en"
    # What to do: "answer" (the first hit), "emergency" (the emergency topic first, whatever
    # else matched), "triage" (ask what happened), "offtopic" (not the base's area: decline),
    # "unsure" (offer the hits and a volunteer).
    route: str = "answer"
    # A second topic nearly as strong as the first (a question with two needs), or None.
    also: str | None = None


@dataclass(slots=True)
class _Slot:
    """One typed word (or a typed phrase): alternatives, each a phrase of terms + weight."""

    alternatives: dict[tuple[str, ...], float] = field(default_factory=dict)
    weight: float = 1.0
    counts: bool = True  # part of the query's meaning (coverage)
    known: bool = True  # at least one alternative exists in the index
    covers: tuple[int, ...] = ()  # a phrase slot: the word slots it stands for
    unknown_factor: float = 1.0  # share of an unknown word's mass (verbs count less)

    def add(self, phrase: tuple[str, ...], weight: float) -> None:
        if phrase and weight > self.alternatives.get(phrase, 0.0):
            self.alternatives[phrase] = weight


@dataclass(frozen=True, slots=True)
class QueryPlan:
    """How a query was understood; `kb search --json` shows it for debugging."""

    locale: str
    slots: tuple[_Slot, ...]

    def describe(self) -> list[dict[str, object]]:
        return [
            {
                "alternatives": {" ".join(p): round(w, 2) for p, w in s.alternatives.items()},
                "weight": s.weight,
                "counts": s.counts,
                "known": s.known,
                **({"covers": list(s.covers)} if s.covers else {}),
            }
            for s in self.slots
        ]


@dataclass(frozen=True, slots=True)
class Ranking:
    """Every matching topic (by index) with its score, and the query "mass" each explains."""

    plan: QueryPlan
    ranked: list[tuple[int, float]]
    matched: dict[int, float]  # per topic: the query mass it explains
    total_mass: float
    phrase: dict[int, float]  # for the first few topics: see SearchIndex._phrase_match
    # per query word (slot index): its mass, and how well each topic explains it (0..1)
    masses: dict[int, float] = field(default_factory=dict)
    credit: dict[int, dict[int, float]] = field(default_factory=dict)

    def explained_beyond(self, doc: int, over: int) -> float:
        """Share of the query that ``doc`` explains and ``over`` does not."""
        if self.total_mass <= 0:
            return 0.0
        gained = 0.0
        for slot, mass in self.masses.items():
            per_doc = self.credit.get(slot, {})
            gained += mass * max(0.0, per_doc.get(doc, 0.0) - per_doc.get(over, 0.0))
        return gained / self.total_mass

    def coverage(self, doc: int) -> float:
        if self.total_mass <= 0:
            return 0.0
        return self.matched.get(doc, 0.0) / self.total_mass
