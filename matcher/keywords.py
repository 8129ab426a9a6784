"""Weighted terms of a document: given keywords, title words and the description's TF-IDF best,
with document frequencies over the supply corpus."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.config import MatchConfig
from matcher.model import Achievement, Demand, Subscription
from matcher.tokenize import Analyzer, Term


@dataclass(frozen=True)
class Fields:
    """The three text fields every document has, whatever its kind."""

    keywords: tuple[str, ...]
    title: str
    description: str

    @classmethod
    def of(cls, record: Achievement | Demand | Subscription) -> Fields:
        if isinstance(record, Subscription):
            return cls(tuple(record.keywords), "", "")
        return cls(tuple(record.keywords), record.title or "", record.description or "")


@dataclass(frozen=True)
class Profile:
    terms: tuple[str, ...]
    weights: tuple[float, ...]  # field weight before IDF


@dataclass(frozen=True)
class Analyzed:
    keywords: tuple[Term, ...]
    title: tuple[Term, ...]
    description: tuple[Term, ...]
    rewrites: dict[str, str]  # term → the word it was written as, where that is not the term

    def vocabulary(self) -> frozenset[str]:
        parts = (self.keywords, self.title, self.description)
        return frozenset(t.term for part in parts for t in part)

    def headline(self) -> str:
        """Canonical words of the title and the given keywords, for title similarity."""
        words = (t.term for t in (*self.title, *self.keywords) if not t.sub)
        return " ".join(dict.fromkeys(words))


def analyze(analyzer: Analyzer, fields: Fields) -> Analyzed:
    rewrites: dict[str, str] = {}
    keywords = tuple(term for word in fields.keywords for term in analyzer.terms(word, rewrites))
    title = tuple(analyzer.terms(fields.title, rewrites))
    description = tuple(analyzer.terms(fields.description, rewrites))
    return Analyzed(keywords, title, description, rewrites)


class TermWeights:
    """IDF over the supply corpus, kept current as achievements come and go. A term that no
    achievement uses and the domain dictionary does not know is mostly chatter (场里, 扣钱,
    快满了): it still counts, discounted, so chatty demands are not diluted by it. So do the
    qualities every technology claims (寿命, 节能): a match needs more than a shared promise."""

    def __init__(self, analyzer: Analyzer, config: MatchConfig) -> None:
        self.counts: Counter[str] = Counter()
        self.documents = 0
        self._known = analyzer.known
        self._generic = analyzer.generic
        self._config = config
        self._memo: dict[str, float] = {}

    def add(self, vocabulary: Iterable[str]) -> None:
        self.counts.update(vocabulary)
        self.documents += 1
        self._memo.clear()

    def remove(self, vocabulary: Iterable[str]) -> None:
        self.counts.subtract(vocabulary)
        self.documents -= 1
        self._memo.clear()

    def __call__(self, term: str) -> float:
        weight = self._memo.get(term)
        if weight is None:
            count = self.counts.get(term, 0)
            # Smoothed: a term no achievement uses weighs like one used once, not infinitely.
            weight = math.log(1.0 + self.documents / (count + 1.0))
            if count <= 0 and term not in self._known:
                weight *= self._config.unknown_factor
            if term in self._generic:
                weight *= self._config.generic_factor
            self._memo[term] = weight
        return weight


def _top_description(tokens: Sequence[Term], weight: TermWeights, limit: int) -> set[str]:
    """TF-IDF's best terms of a description. Not jieba.analyse.TFIDF: it would segment the text
    a second time, and it drops one-character words that matter here (钒, 氢, 羊)."""
    tf: Counter[str] = Counter()
    for token in tokens:
        tf[token.term] += 0.5 if token.sub else 1.0
    if len(tf) <= limit:
        return set(tf)
    ranked = sorted(tf, key=lambda term: (-tf[term] * weight(term), term))
    return set(ranked[:limit])


def profile(analyzed: Analyzed, weight: TermWeights, config: MatchConfig) -> Profile:
    """Each term's weight is the best field it appears in; sub-words count for less."""
    weights: dict[str, float] = {}

    def put(tokens: Iterable[Term], field: float) -> None:
        for token in tokens:
            weight = field * (config.part_factor if token.sub else 1.0)
            if weight > weights.get(token.term, 0.0):
                weights[token.term] = weight

    chosen = _top_description(analyzed.description, weight, config.description_terms)
    put((t for t in analyzed.description if t.term in chosen), config.description_field)
    put(analyzed.title, config.title_field)
    put(analyzed.keywords, config.keyword_field)
    return Profile(tuple(weights), tuple(weights.values()))
