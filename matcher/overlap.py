"""Keyword overlap of one query against every indexed document at once, from postings only.

For a query Q and a document T, with w(t) = field weight × IDF (with its discounts):
  query cover  = Σ_{q∈Q} w(q)·best credit of q among T's terms  /  Σ_{q∈Q} w(q)
  target cover = Σ_{t∈T} w(t)·best credit of t among Q's terms  /  Σ_{t∈T} w(t)
Only documents sharing at least one (fuzzy) term with the query are ever touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.fuzzy import Similar
from matcher.index import TermIndex
from matcher.keywords import Profile


@dataclass(frozen=True)
class Overlap:
    slots: np.ndarray  # candidate documents, i.e. those sharing a term with the query
    query_cover: np.ndarray
    target_cover: np.ndarray
    matches: dict[str, Similar]  # query term → the indexed terms it matched
    query_terms: tuple[str, ...]
    query_weights: tuple[float, ...]  # field weight × IDF, the evidence order of explanations


def _gain_per_slot(
    index: TermIndex, similar: Similar, credit: Callable[[float], float], mass: float
) -> tuple[np.ndarray, np.ndarray]:
    """Slots holding any of the similar terms, with `mass` times the best credit each reaches."""
    if len(similar) == 1:
        slots, _ = index.postings(similar[0][0])
        return slots, np.full(len(slots), credit(similar[0][1]) * mass)
    best = np.zeros(index.capacity)
    for term, score in sorted(similar, key=lambda pair: pair[1]):
        slots, _ = index.postings(term)
        best[slots] = credit(score)  # in rising order, so the best credit is written last
    found = np.flatnonzero(best != 0)  # a boolean mask is found several times faster
    return found, best[found] * mass


def overlap(
    query: Profile,
    index: TermIndex,
    weight: Callable[[str], float],
    credit: Callable[[float], float],
) -> Overlap:
    """`weight` is a term's weight beyond its field (IDF and its discounts); `credit` turns a
    rapidfuzz similarity into the share of a match it is worth."""
    query_slots: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    query_gain: list[np.ndarray] = [np.zeros(0)]
    target_credit: dict[str, float] = {}
    matches: dict[str, Similar] = {}
    pairs = zip(query.terms, query.weights, strict=True)
    weights = tuple(field * weight(term) for term, field in pairs)
    query_mass = sum(weights)
    for term, mass in zip(query.terms, weights, strict=True):
        similar = index.similar(term)
        if not similar:
            continue
        matches[term] = similar
        slots, gain = _gain_per_slot(index, similar, credit, mass)
        query_slots.append(slots)
        query_gain.append(gain)
        for other, score in similar:
            target_credit[other] = max(target_credit.get(other, 0.0), credit(score))
    target_slots: list[np.ndarray] = [np.zeros(0, dtype=np.int32)]
    target_gain: list[np.ndarray] = [np.zeros(0)]
    for term, value in target_credit.items():
        slots, fields = index.postings(term)
        target_slots.append(slots)
        target_gain.append(fields * (weight(term) * value))
    size = index.capacity
    gained = np.bincount(np.concatenate(query_slots), np.concatenate(query_gain), size)
    covered = np.bincount(np.concatenate(target_slots), np.concatenate(target_gain), size)
    slots = np.flatnonzero(gained != 0)
    mass = np.maximum(index.mass[slots], 1e-9)
    return Overlap(
        slots=slots,
        query_cover=np.minimum(gained[slots] / max(query_mass, 1e-9), 1.0),
        target_cover=np.minimum(covered[slots] / mass, 1.0),
        matches=matches,
        query_terms=query.terms,
        query_weights=weights,
    )
