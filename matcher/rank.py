"""Turning keyword overlap into ranked, fully scored pairs without scoring every candidate."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.columns import Columns, TraitArrays
from matcher.config import MatchConfig
from matcher.overlap import Overlap
from matcher.score import ceiling, context_values, keyword_value, points, title_values

_FIRST_BATCH = 32  # candidates given a title score at once; batches double from there
# Scores are float sums, and may exceed their computed ceiling by a few ulps: pruning by the
# ceiling leaves this much room so rounding can never drop a contender.
_ROUNDING = 1e-9
_SAMPLE = 16  # every this many lower bounds estimate the bar before it is found exactly


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


def _contenders(
    keywords: np.ndarray,
    allowed: np.ndarray,
    config: MatchConfig,
    floor: float,
    limit: int | None,
) -> np.ndarray:
    """Positions of the open candidates that can reach `floor` and, when only the best `limit`
    are wanted, are not surely beaten by `limit` others: the keyword points alone are a lower
    bound of a score (every other factor adds), the ceiling an upper one."""
    best = ceiling(keywords, config)
    able = allowed & (best >= floor)
    if limit is not None and np.count_nonzero(able) > limit:
        # Points are proportional to keyword values, so the k-th largest of them is that of
        # the values, in points.
        bar = _kth_largest(keywords[able], limit) * config.keywords_weight
        able &= best >= bar - _ROUNDING
    return np.flatnonzero(able)


def _kth_largest(values: np.ndarray, k: int) -> float:
    """Partitioning all the values would cost more than the rest of ranking. A sample's k-th
    largest is no more than the whole's, so only the few values at or over it need it."""
    sample = values[::_SAMPLE]
    if len(sample) >= k:
        values = values[values >= np.partition(sample, len(sample) - k)[len(sample) - k]]
    return float(np.partition(values, len(values) - k)[len(values) - k])


def _values(
    found: Overlap,
    query: Query,
    columns: Columns,
    affinity: np.ndarray,
    keywords: np.ndarray,
    keep: np.ndarray,
) -> dict[str, np.ndarray]:
    """Every factor but the title, for the candidates at positions `keep`."""
    targets = columns.take(found.slots[keep])
    demand, achievement = (query.traits, targets) if query.is_demand else (targets, query.traits)
    values = context_values(demand, achievement, affinity)
    values["keywords"] = keywords[keep]
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
    excluded: np.ndarray,
) -> list[Scored]:
    """The best pairs scoring at least `floor` (all of them when `limit` is None), never one
    with a target slot in `excluded`. Titles, the only factor that costs a string comparison,
    are scored in batches, best bound first, and not at all for candidates that could not make
    it even with identical titles; the other factors not for those that could not make it even
    with perfect ones."""
    covers = (found.query_cover, found.target_cover)
    keywords = keyword_value(*(covers if query.is_demand else covers[::-1]), config)
    allowed = ~np.isin(found.slots, excluded)
    keep = _contenders(keywords, allowed, config, floor, limit)
    values = _values(found, query, columns, affinity, keywords, keep)
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
