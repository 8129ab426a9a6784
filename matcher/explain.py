"""Evidence for a score in the users' own words: which demand term met which achievement term."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from matcher.fuzzy import Similar
from matcher.keywords import Fields
from matcher.model import KeywordPair
from matcher.tokenize import Analyzer

MAX_PAIRS = 12


class Surfaces:
    """How a document wrote each canonical term. Most terms are written as they are, and the
    synonyms it used were noted when it was analysed; only a term written in another case or
    width, or in traditional characters, makes the text be analysed again."""

    def __init__(self, analyzer: Analyzer, fields: Fields, rewrites: Mapping[str, str]) -> None:
        self._analyzer = analyzer
        self._texts = (*fields.keywords, fields.title, fields.description)
        # One string to search; the separator never occurs inside a word.
        self._joined = "\0".join(self._texts)
        self._lowered = ""
        self._rewrites = rewrites
        self._written: dict[str, str] | None = None

    def get(self, term: str) -> str | None:
        for word in (term, self._rewrites.get(term)):
            if word is None:
                continue
            if word in self._joined:
                return word
            # Normalized words are lower case: find "bms" in "BMS" too.
            self._lowered = self._lowered or self._joined.lower()
            at = self._lowered.find(word)
            if at >= 0 and len(self._lowered) == len(self._joined):
                return self._joined[at : at + len(word)]
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
