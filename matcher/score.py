"""The named factors of a pair's score, each a value in 0–1, and their sum in points."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from rapidfuzz import fuzz

from matcher.config import MatchConfig
from matcher.traits import AchievementTraits, DemandTraits

NEUTRAL = 0.5  # what a factor is worth when the demand does not say anything about it
_UNKNOWN_INDUSTRY = 0.3  # two labels the affinity table does not relate
_OTHER_MODE = 0.2  # the demand asks for one way of transfer, the achievement offers another


def keyword_value(
    demand_cover: np.ndarray, achievement_cover: np.ndarray, config: MatchConfig
) -> np.ndarray:
    share, knee = config.demand_coverage_share, config.keyword_saturation
    cover = share * demand_cover + (1.0 - share) * achievement_cover
    return cover * (1.0 + knee) / (cover + knee)


def title_value(demand_headline: str, achievement_headline: str) -> float:
    """Headlines as space-joined canonical terms; token_set_ratio forgives extra words."""
    if not demand_headline or not achievement_headline:
        return 0.0
    return fuzz.token_set_ratio(demand_headline, achievement_headline, processor=None) / 100.0


def industry_value(
    demand: DemandTraits, achievement: AchievementTraits, affinity: Mapping[frozenset[str], float]
) -> float:
    if demand.industry is None or achievement.industry is None:
        return NEUTRAL
    if demand.industry == achievement.industry:
        return 1.0
    return affinity.get(frozenset((demand.industry, achievement.industry)), _UNKNOWN_INDUSTRY)


def region_value(demand: DemandTraits, achievement: AchievementTraits) -> float:
    if demand.region is not None and demand.region == achievement.region:
        return 1.0
    return 0.5 if demand.home_region and achievement.home_region else 0.0


def maturity_value(demand: DemandTraits, achievement: AchievementTraits) -> float:
    if demand.wants_maturity is None or achievement.maturity is None:
        return NEUTRAL
    return 1.0 - max(0, demand.wants_maturity - achievement.maturity) / 3.0


def transfer_value(demand: DemandTraits, achievement: AchievementTraits) -> float:
    if not demand.wants_transfer or achievement.transfer is None:
        return NEUTRAL
    return 1.0 if achievement.transfer in demand.wants_transfer else _OTHER_MODE


def context_values(
    demand: DemandTraits, achievement: AchievementTraits, affinity: Mapping[frozenset[str], float]
) -> dict[str, float]:
    """The factors that do not read the text."""
    return {
        "industry": industry_value(demand, achievement, affinity),
        "region": region_value(demand, achievement),
        "maturity": maturity_value(demand, achievement),
        "transfer": transfer_value(demand, achievement),
    }


_EVIDENCE = ("keywords", "title")


def points(values: Mapping[str, float], config: MatchConfig) -> dict[str, float]:
    """Context factors earn their points in proportion to the keyword value."""
    weights, evidence = config.weights, values["keywords"]
    return {
        name: values[name] * weights[name] * (1.0 if name in _EVIDENCE else evidence)
        for name in weights
    }


def total(values: Mapping[str, float], config: MatchConfig) -> float:
    return round(sum(points(values, config).values()), 2)


def ceiling(keywords: np.ndarray, config: MatchConfig) -> np.ndarray:
    """The most points pairs with these keyword values can reach, whatever the other factors."""
    return keywords * (config.keywords_weight + config.context_weight) + config.title_weight
