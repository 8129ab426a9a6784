"""Evidence for a score in the users' own words: which demand term met which achievement term."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from matcher.fuzzy import Similar
from matcher.keywords import Fields
from matcher.model import KeywordPair
from matcher.tokenize import Analyzer

MAX_PAIRS = 12


def surfaces(analyzer: Analyzer, fields: Fields) -> dict[str, str]:
    """Canonical term → how the document wrote it first (given keywords, then title, then text)."""
    found: dict[str, str] = {}
    for text in (*fields.keywords, fields.title, fields.description):
        normalized, tokens = analyzer.tokens(text)
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
    demand_words: Mapping[str, str],
    achievement_words: Mapping[str, str],
    query_is_demand: bool,
) -> tuple[KeywordPair, ...]:
    pairs: dict[tuple[str, str], KeywordPair] = {}
    for query_term, target_term, similarity in found:
        demand_term, achievement_term = (
            (query_term, target_term) if query_is_demand else (target_term, query_term)
        )
        if demand_term in demand_words and achievement_term in achievement_words:
            pair = KeywordPair(
                demand_words[demand_term], achievement_words[achievement_term], similarity
            )
            pairs.setdefault((pair.demand_term, pair.achievement_term), pair)
    return tuple(pairs.values())[:MAX_PAIRS]
