"""Curated synonyms and émigré slang from ``synonyms.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from bot.knowledge.search.normalise import is_stopword, tokenize, word_terms

SYNONYMS_PATH: Final = Path(__file__).resolve().parent.parent / "synonyms.toml"


@dataclass(frozen=True, slots=True)
class _Synonym:
    key: tuple[str, ...]  # normalised terms of the typed phrase
    expansions: tuple[tuple[str, ...], ...]
    same: bool  # another form of the same word, not a looser synonym


def _phrase_terms(phrase: str) -> tuple[str, ...]:
    terms: list[str] = []
    for token in tokenize(phrase):
        if is_stopword(token):
            continue
        found = word_terms(token)
        if found:
            terms.append(found[0])
    return tuple(terms)


def _key_terms(phrase: str) -> tuple[str, ...]:
    """Terms of a synonym key; empty when dropping its stopwords changes what it means
    ("не есть" must not become "не")."""
    terms = _phrase_terms(phrase)
    if len(terms) == 1 and len(tokenize(phrase)) > 1 and len(terms[0]) < 4:
        return ()
    return terms


@lru_cache(maxsize=4)
def _load_synonyms(path: Path) -> tuple[_Synonym, ...]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    raw: Mapping[str, list[str]] = data.get("synonyms", {})
    out: list[_Synonym] = []
    for key, values in raw.items():
        key_terms = _key_terms(key)
        if not key_terms:
            continue
        expansions = tuple(t for t in (_phrase_terms(v) for v in values) if t)
        out.append(_Synonym(key_terms, expansions, same=False))
    for group in data.get("same", []):
        members = [t for t in (_key_terms(w) for w in group) if t]
        for member in members:
            others = tuple(m for m in members if m != member)
            out.append(_Synonym(member, others, same=True))
    return tuple(out)
