"""Turning keyword overlap into ranked, fully scored pairs without scoring every candidate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from matcher.columns import Columns, TraitArrays
from matcher.config import MatchConfig
from matcher.overlap import Overlap
from matcher.score import ceiling, context_values, keyword_value, points, title_values

_FIRST_BATCH = 32  # candidates given a title score at once; batches double from there


@dataclass(frozen=True)
class Query:
    traits: TraitArrays
    headline: str
    is_demand: bool


@dataclass(frozen=True)
class Scored:
    slot: int  # the target's slot in its index
    score: float
    values: dict[str, float]  # factor values in 0–1


def _values(
    found: Overlap,
    query: Query,
    columns: Columns,
    affinity: np.ndarray,
    config: MatchConfig,
    keep: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every factor but the title, for the candidates at positions `keep`."""
    covers = (found.query_cover[keep], found.target_cover[keep])
    demand_cover, achievement_cover = covers if query.is_demand else covers[::-1]
    targets = columns.take(found.slots[keep])
    demand, achievement = (query.traits, targets) if query.is_demand else (targets, query.traits)
    values = context_values(demand, achievement, affinity)
    values["keywords"] = keyword_value(demand_cover, achievement_cover, config)
    values["title"] = np.zeros(len(keep))
    values["score"] = np.zeros(len(keep))
    return values


def rank(
    found: Overlap,
    query: Query,
    columns: Columns,
    affinity: np.ndarray,
    config: MatchConfig,
    floor: float,
    limit: int | None,
    allowed: Callable[[int], bool],
) -> list[Scored]:
    """The best pairs scoring at least `floor` (all of them when `limit` is None). Titles, the
    only factor that costs a string comparison, are scored in batches, best bound first, and
    not at all for candidates that could not make it even with identical titles."""
    covers = (found.query_cover, found.target_cover)
    rough = ceiling(keyword_value(*(covers if query.is_demand else covers[::-1]), config), config)
    keep = np.flatnonzero(rough >= floor)
    values = _values(found, query, columns, affinity, config, keep)
    without_title = sum(points(values, config).values())
    bound = without_title + config.title_weight
    pending = np.flatnonzero(bound >= floor)
    chosen = np.zeros(0, dtype=np.int64)  # positions in `keep`, best first
    batch = _FIRST_BATCH
    while len(pending):
        full = limit is not None and len(chosen) >= limit
        bar = max(floor, values["score"][chosen[-1]]) if full else floor
        pending = pending[bound[pending] >= bar]
        if len(pending) > batch:
            split = np.argpartition(-bound[pending], batch - 1)
            now, pending = pending[split[:batch]], pending[split[batch:]]
        else:
            now, pending = pending, pending[:0]
        headlines = [columns.headlines[slot] for slot in found.slots[keep[now]].tolist()]
        values["title"][now] = title_values(query.headline, headlines)
        values["score"] = without_title + config.title_weight * values["title"]
        passed = now[values["score"][now] >= bar]
        passed = np.array(
            [p for p in passed.tolist() if allowed(int(found.slots[keep[p]]))], dtype=np.int64
        )
        merged = np.concatenate((chosen, passed))
        chosen = merged[np.argsort(-values["score"][merged], kind="stable")][:limit]
        batch *= 2
    return [
        Scored(
            int(found.slots[keep[p]]),
            round(float(values["score"][p]), 2),
            {name: float(values[name][p]) for name in config.weights},
        )
        for p in chosen.tolist()
    ]
