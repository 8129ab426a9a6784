"""Which indexed terms look like a query term: exact, or a rapidfuzz ratio over the cutoff
among the terms that share a character bigram with it (never the whole vocabulary)."""

from __future__ import annotations

from collections import defaultdict

from rapidfuzz import fuzz, process

Similar = tuple[tuple[str, float], ...]


def _bigrams(term: str) -> set[str]:
    return {term[i : i + 2] for i in range(len(term) - 1)}


class FuzzyVocabulary:
    def __init__(self, cutoff: float, min_length: int) -> None:
        self._cutoff = cutoff
        self._min_length = min_length
        self._terms: set[str] = set()
        self._by_bigram: defaultdict[str, set[str]] = defaultdict(set)
        self._cache: dict[str, Similar] = {}

    def add(self, term: str) -> None:
        self._terms.add(term)
        for gram in _bigrams(term):
            self._by_bigram[gram].add(term)
        self._cache.clear()

    def discard(self, term: str) -> None:
        self._terms.discard(term)
        for gram in _bigrams(term):
            bucket = self._by_bigram.get(gram)
            if bucket is not None:
                bucket.discard(term)
                if not bucket:
                    del self._by_bigram[gram]
        self._cache.clear()

    def similar(self, term: str) -> Similar:
        """(indexed term, 0–100 similarity) pairs, best first; the term itself scores 100."""
        found = self._cache.get(term)
        if found is None:
            found = self._cache[term] = self._lookup(term)
        return found

    def _lookup(self, term: str) -> Similar:
        exact: Similar = ((term, 100.0),) if term in self._terms else ()
        if len(term) < self._min_length:
            return exact
        candidates = set().union(*(self._by_bigram.get(g, ()) for g in _bigrams(term)))
        candidates.discard(term)
        if not candidates:
            return exact
        near = process.extract(
            term,
            list(candidates),
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=self._cutoff,
            limit=None,
        )
        return exact + tuple((choice, float(score)) for choice, score, _ in near)
