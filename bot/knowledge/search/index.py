"""Building the BM25F postings from the knowledge base (once, at start-up)."""

from __future__ import annotations

import itertools
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from bot.knowledge.base import KnowledgeBase, Topic, visible_text
from bot.knowledge.search.normalise import (
    en_term,
    is_cyrillic,
    is_stopword,
    morph,
    tokenize,
    word_terms,
)
from bot.knowledge.search.types import Tuning


@dataclass(frozen=True, slots=True)
class IndexData:
    """Everything the ranking needs, computed from the topics."""

    topic_ids: list[str]
    postings: dict[str, list[tuple[int, float]]]
    idf: dict[str, float]
    surface: dict[str, int]
    en_vocab: frozenset[str]
    strong: dict[str, frozenset[int]]
    phrases: list[list[tuple[frozenset[str], ...]]]


def _strip_boilerplate(body: str) -> str:
    """Drop the closing "press Ask a volunteer" line that every answer ends with."""
    lines = [ln for ln in visible_text(body).splitlines() if ln.strip()]
    while lines and re.search(r"волонт[её]р|volunteer", lines[-1], re.IGNORECASE):
        lines.pop()
    return "\n".join(lines)


def _token_terms(token: str, cache: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """A token's index terms (empty for a stopword), each distinct token analysed once per
    build: the same few thousand words make up every answer."""
    found = cache.get(token)
    if found is None:
        found = () if is_stopword(token) else word_terms(token)
        cache[token] = found
    return found


def _text_terms(
    tokens: Iterable[str], cache: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, ...]]:
    """Per token (stopwords removed), its index terms."""
    for token in tokens:
        terms = _token_terms(token, cache)
        if terms:
            yield terms


FIELDS = ("title", "keywords", "body", "details")


def _field_texts(topic: Topic, name: str) -> Iterable[str]:
    """The texts of one field in every locale. ``details`` (the background behind
    «Подробнее») is indexed too, as its own field of lower weight: a question about a point
    only the details explain still finds its topic, without the long background outweighing
    the first screen."""
    for text in topic.texts.values():
        if name == "title":
            yield text.title
        elif name == "keywords":
            yield from text.keywords
        elif name == "body":
            yield _strip_boilerplate(text.body)
        elif text.details:
            yield _strip_boilerplate(text.details)


def build_index_data(kb: KnowledgeBase, tuning: Tuning) -> IndexData:
    morph()  # load once, up front: start-up pays for it, not the first question
    topics = list(kb.topics.values())
    fields = FIELDS
    # term frequencies per field per doc
    tfs: list[dict[str, dict[str, float]]] = []
    lengths: dict[str, list[int]] = {f: [] for f in fields}
    surface: dict[str, int] = defaultdict(int)
    en_vocab: set[str] = set()
    phrases: list[list[tuple[frozenset[str], ...]]] = []
    cache: dict[str, tuple[str, ...]] = {}
    for topic in topics:
        doc_phrases: list[tuple[frozenset[str], ...]] = []
        phrases.append(doc_phrases)
        en = topic.texts.get("en")
        if en is not None:
            for text in (en.title, *en.keywords, en.body, en.details):
                en_vocab.update(en_term(w) for w in tokenize(text) if not is_cyrillic(w))
        per_field: dict[str, dict[str, float]] = {}
        for name in fields:
            counts: dict[str, float] = defaultdict(float)
            length = 0
            for text in _field_texts(topic, name):
                tokens = tokenize(text)
                for token in tokens:
                    surface[token] += 1
                seq = list(_text_terms(tokens, cache))
                length += len(seq)
                if name in ("title", "keywords") and seq:
                    doc_phrases.append(tuple(frozenset(terms) for terms in seq))
                for terms in seq:
                    share = 1.0 / len(terms) if len(terms) > 1 else 1.0
                    for term in terms:
                        counts[term] += max(share, 0.5)
                if name == "details":
                    continue  # background: single words are enough, bigrams cost start-up
                for first, second in itertools.pairwise(seq):
                    for a in first[:2]:
                        for b in second[:2]:
                            counts[a + " " + b] += 1.0
            per_field[name] = counts
            lengths[name].append(max(length, 1))
        tfs.append(per_field)
    n_docs = max(len(topics), 1)
    avg = {f: (sum(lengths[f]) / n_docs) or 1.0 for f in fields}
    df: dict[str, float] = defaultdict(float)
    for per_field in tfs:
        in_strong = set(per_field["title"]) | set(per_field["keywords"])
        for term in {t for counts in per_field.values() for t in counts}:
            # A mention in passing in another topic's body makes a word less
            # distinctive, but not as much as being one of its titles or keywords; a
            # mention in the background behind «Подробнее» even less.
            if term in in_strong:
                df[term] += 1.0
            elif term in per_field["body"]:
                df[term] += tuning.body_df
            else:
                df[term] += tuning.details_df
    idf = {t: math.log(1.0 + (n_docs - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    strong: dict[str, set[int]] = defaultdict(set)
    for doc, per_field in enumerate(tfs):
        for name in ("title", "keywords"):
            for term in per_field[name]:
                strong[term].add(doc)
        combined: dict[str, float] = defaultdict(float)
        k1 = tuning.k1
        for name in fields:
            b = getattr(tuning, name + "_b")
            weight = getattr(tuning, name + "_weight")
            norm = 1.0 - b + b * lengths[name][doc] / avg[name]
            for term, tf in per_field[name].items():
                combined[term] += weight * tf / norm
        for term, tf in combined.items():
            postings[term].append((doc, idf[term] * tf * (k1 + 1.0) / (k1 + tf)))
    return IndexData(
        [t.id for t in topics],
        dict(postings),
        idf,
        dict(surface),
        frozenset(en_vocab),
        {t: frozenset(d) for t, d in strong.items()},
        phrases,
    )
