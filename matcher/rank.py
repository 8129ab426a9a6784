"""Turning keyword overlap into ranked, fully scored pairs without scoring every candidate."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np

from matcher.config import MatchConfig
from matcher.model import Achievement, Demand
from matcher.overlap import Overlap
from matcher.score import ceiling, context_values, keyword_value, title_value, total
from matcher.traits import AchievementTraits, DemandTraits


@dataclass(frozen=True)
class Document:
    """One side of a pair, with what scoring needs worked out when it was indexed."""

    record: Achievement | Demand
    traits: AchievementTraits | DemandTraits
    headline: str  # canonical terms of the title and given keywords, for title similarity


@dataclass(frozen=True)
class Scored:
    demand: Document
    achievement: Document
    slot: int  # the target's slot in its index
    score: float
    values: dict[str, float]  # factor values in 0–1


def pair_values(
    demand: Document,
    achievement: Document,
    keywords: float,
    affinity: Mapping[frozenset[str], float],
) -> dict[str, float]:
    values = context_values(demand.traits, achievement.traits, affinity)  # type: ignore[arg-type]
    values["keywords"] = keywords
    values["title"] = title_value(demand.headline, achievement.headline)
    return values


def rank(
    found: Overlap,
    query: Document,
    target_of: Callable[[int], Document],
    query_is_demand: bool,
    floor: float,
    limit: int | None,
    suppressed: Collection[tuple[str, str]],
    affinity: Mapping[frozenset[str], float],
    config: MatchConfig,
) -> list[Scored]:
    """The best pairs scoring at least `floor` (all of them when `limit` is None). Candidates
    are visited by the most points they could reach, and the visit stops as soon as that
    ceiling falls under what the results already hold."""
    demand_cover, achievement_cover = (
        (found.query_cover, found.target_cover)
        if query_is_demand
        else (found.target_cover, found.query_cover)
    )
    keywords = keyword_value(demand_cover, achievement_cover, config)
    reach = ceiling(keywords, config)
    hopeful = np.flatnonzero(reach >= floor)
    order = hopeful[np.argsort(-reach[hopeful], kind="stable")]
    best: list[tuple[float, int, Scored]] = []
    for position in order.tolist():
        bar = floor if limit is None or len(best) < limit else max(floor, best[0][0])
        if reach[position] < bar:
            break
        slot = int(found.slots[position])
        target = target_of(slot)
        demand, achievement = (query, target) if query_is_demand else (target, query)
        if (demand.record.id, achievement.record.id) in suppressed:
            continue
        values = pair_values(demand, achievement, float(keywords[position]), affinity)
        score = total(values, config)
        if score < floor:
            continue
        item = (score, -slot, Scored(demand, achievement, slot, score, values))
        if limit is None or len(best) < limit:
            heapq.heappush(best, item)
        elif item[:2] > best[0][:2]:
            heapq.heapreplace(best, item)
    scored = [item[2] for item in best]
    return sorted(scored, key=lambda s: (-s.score, s.achievement.record.id, s.demand.record.id))
