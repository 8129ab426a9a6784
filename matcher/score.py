"""The named factors of a pair's score, each a value in 0–1, and their sum in points. Every
function works on numpy arrays, so a thousand candidates cost about as much as one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from matcher.columns import TraitArrays
from matcher.config import MatchConfig
from matcher.traits import NEUTRAL

_OTHER_MODE = 0.2  # the demand asks for one way of transfer, the achievement offers another
_EVIDENCE = ("keywords", "title")


def keyword_value(
    demand_cover: np.ndarray, achievement_cover: np.ndarray, config: MatchConfig
) -> np.ndarray:
    share, knee = config.demand_coverage_share, config.keyword_saturation
    cover = share * demand_cover + (1.0 - share) * achievement_cover
    return cover * (1.0 + knee) / (cover + knee)


def title_values(headline: str, others: Sequence[str]) -> np.ndarray:
    """Headlines as space-joined canonical terms. token_set_ratio forgives extra words, which
    lets a one-word headline score 100 against any headline holding that word; averaging
    with token_sort_ratio keeps that in proportion."""
    if not headline or not others:
        return np.zeros(len(others))
    scores = sum(
        process.cdist([headline], others, scorer=scorer, processor=None)[0]
        for scorer in (fuzz.token_set_ratio, fuzz.token_sort_ratio)
    )
    return scores / 200.0


def context_values(
    demand: TraitArrays, achievement: TraitArrays, affinity: np.ndarray
) -> dict[str, np.ndarray]:
    """The factors that do not read the text; either side may be a single broadcast row."""
    same_region = (demand.region != 0) & (demand.region == achievement.region)
    unknown_level = (demand.maturity < 0) | (achievement.maturity < 0)
    shortfall = np.maximum(0, demand.maturity.astype(int) - achievement.maturity) / 3.0
    unknown_mode = (demand.transfer == 0) | (achievement.transfer == 0)
    return {
        "industry": affinity[demand.industry, achievement.industry],
        "region": np.where(same_region, 1.0, np.where(demand.home & achievement.home, 0.5, 0.0)),
        "maturity": np.where(unknown_level, NEUTRAL, 1.0 - shortfall),
        "transfer": np.where(
            unknown_mode,
            NEUTRAL,
            np.where(demand.transfer & achievement.transfer, 1.0, _OTHER_MODE),
        ),
    }


def points(values: Mapping[str, np.ndarray], config: MatchConfig) -> dict[str, np.ndarray]:
    """Context factors earn their points in proportion to the keyword value."""
    weights, evidence = config.weights, values["keywords"]
    return {
        name: values[name] * weights[name] * (1.0 if name in _EVIDENCE else evidence)
        for name in weights
    }


def ceiling(keywords: np.ndarray, config: MatchConfig) -> np.ndarray:
    """The most points pairs with these keyword values can reach, whatever the other factors."""
    return keywords * (config.keywords_weight + config.context_weight) + config.title_weight
