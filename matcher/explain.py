"""Evidence for a score in the users' own words: which demand term met which achievement term."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from matcher.fuzzy import Similar
from matcher.keywords import Fields
from matcher.model import KeywordPair
from matcher.tokenize import Analyzer

MAX_PAIRS = 12


class Surfaces:
    """How a document wrote each canonical term. Most terms are written as they are; only when
    one is not (a synonym, another case, a traditional character) is the text analysed."""

    def __init__(self, analyzer: Analyzer, fields: Fields) -> None:
        self._analyzer = analyzer
        self._texts = (*fields.keywords, fields.title, fields.description)
        self._written: dict[str, str] | None = None

    def get(self, term: str) -> str | None:
        if any(term in text for text in self._texts):
            return term
        if self._written is None:
            self._written = self._analyse()
        return self._written.get(term)

    def _analyse(self) -> dict[str, str]:
        """Canonical term → its first writing (given keywords, then title, then text)."""
        found: dict[str, str] = {}
        for text in self._texts:
            normalized, tokens = self._analyzer.tokens(text)
            for token in tokens:
                if token.term not in found:
                    found[token.term] = normalized.source_slice(text, token.start, token.end)
        return found


def matched_terms(
    matches: Mapping[str, Similar], target_terms: Iterable[str], weights: Mapping[str, float]
) -> list[tuple[str, str, float]]:
    """(query term, target term, similarity) for each query term the target holds, strongest
    evidence first."""
    held = set(target_terms)
    found = []
    for term, similar in matches.items():
        best = next(((other, score) for other, score in similar if other in held), None)
        if best is not None:
            found.append((term, best[0], best[1]))
    found.sort(key=lambda item: (-weights.get(item[0], 0.0) * item[2], item[0]))
    return found


def keyword_pairs(
    found: Iterable[tuple[str, str, float]],
    demand_words: Surfaces,
    achievement_words: Surfaces,
    query_is_demand: bool,
) -> tuple[KeywordPair, ...]:
    pairs: dict[tuple[str, str], KeywordPair] = {}
    for query_term, target_term, similarity in found:
        demand_term, achievement_term = (
            (query_term, target_term) if query_is_demand else (target_term, query_term)
        )
        demand_word = demand_words.get(demand_term)
        achievement_word = achievement_words.get(achievement_term)
        if demand_word is not None and achievement_word is not None:
            pair = KeywordPair(demand_word, achievement_word, similarity)
            pairs.setdefault((pair.demand_term, pair.achievement_term), pair)
        if len(pairs) == MAX_PAIRS:
            break
    return tuple(pairs.values())
