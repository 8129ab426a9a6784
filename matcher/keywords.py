"""Weighted terms of a document: given keywords, title words and the description's TF-IDF best,
with document frequencies over the supply corpus."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.config import MatchConfig
from matcher.tokenize import Analyzer, Token


@dataclass(frozen=True)
class Fields:
    """The three text fields every document has, whatever its kind."""

    keywords: tuple[str, ...]
    title: str
    description: str


@dataclass(frozen=True)
class Profile:
    terms: tuple[str, ...]
    weights: tuple[float, ...]  # field weight before IDF

    def as_dict(self) -> dict[str, float]:
        return dict(zip(self.terms, self.weights, strict=True))


@dataclass(frozen=True)
class Analyzed:
    keywords: tuple[Token, ...]
    title: tuple[Token, ...]
    description: tuple[Token, ...]

    def vocabulary(self) -> frozenset[str]:
        return frozenset(t.term for part in (self.keywords, self.title, self.description) for t in part)


def analyze(analyzer: Analyzer, fields: Fields) -> Analyzed:
    keywords = tuple(token for word in fields.keywords for token in analyzer.terms(word))
    return Analyzed(keywords, tuple(analyzer.terms(fields.title)), tuple(analyzer.terms(fields.description)))


class DocumentFrequencies:
    """Document frequencies of the supply corpus, kept current as achievements come and go."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.documents = 0

    def add(self, vocabulary: Iterable[str]) -> None:
        self.counts.update(vocabulary)
        self.documents += 1

    def remove(self, vocabulary: Iterable[str]) -> None:
        self.counts.subtract(vocabulary)
        self.documents -= 1

    def idf(self, term: str) -> float:
        # Smoothed so that a term no achievement uses weighs like one used once, not infinitely.
        return math.log(1.0 + self.documents / (self.counts.get(term, 0) + 1.0))


def _top_description(tokens: Sequence[Token], df: DocumentFrequencies, limit: int) -> set[str]:
    tf = Counter(t.term for t in tokens if not t.sub)
    tf.update({t.term: 0.5 for t in tokens if t.sub})
    ranked = sorted(tf, key=lambda term: (-tf[term] * df.idf(term), term))
    return set(ranked[:limit])


def profile(analyzed: Analyzed, df: DocumentFrequencies, config: MatchConfig) -> Profile:
    """Each term's weight is the best field it appears in; sub-words count for less."""
    weights: dict[str, float] = {}

    def put(tokens: Iterable[Token], field: float) -> None:
        for token in tokens:
            weight = field * (config.part_factor if token.sub else 1.0)
            if weight > weights.get(token.term, 0.0):
                weights[token.term] = weight

    chosen = _top_description(analyzed.description, df, config.description_terms)
    put((t for t in analyzed.description if t.term in chosen), config.description_field)
    put(analyzed.title, config.title_field)
    put(analyzed.keywords, config.keyword_field)
    return Profile(tuple(weights), tuple(weights.values()))
