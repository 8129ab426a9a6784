"""Ranking and alerting metrics (pure functions), and one evaluation run over a dataset in the
devset format, for any system that can rank achievements and percolate them to demands."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Protocol

from matcher.engine import Matcher
from matcher.model import Achievement, Demand

Grades = Mapping[str, int]  # achievement id → 1 (partly relevant) or 2 (solves the demand)


class System(Protocol):
    def ranking(self, demand: Demand, k: int) -> list[tuple[str, bool]]:
        """Achievement ids best first, each with whether it would be alerted."""

    def alerted_demands(self, achievement: Achievement) -> list[str]:
        """Open demands a newly arrived achievement would be alerted to."""


def dcg(gains: Sequence[float]) -> float:
    return sum(gain / math.log2(rank + 2) for rank, gain in enumerate(gains))


def ndcg_at(ranked: Sequence[str], grades: Grades, k: int) -> float:
    """Exponential gain 2^grade − 1, so solving the demand outweighs two partial answers."""
    ideal = dcg([2.0**g - 1 for g in sorted(grades.values(), reverse=True)[:k]])
    actual = dcg([2.0 ** grades.get(item, 0) - 1 for item in ranked[:k]])
    return actual / ideal if ideal else 0.0


def average_precision_at(ranked: Sequence[str], grades: Grades, k: int) -> float:
    hits, total = 0, 0.0
    for rank, item in enumerate(ranked[:k], 1):
        if grades.get(item, 0) >= 1:
            hits += 1
            total += hits / rank
    return total / min(len(grades), k) if grades else 0.0


def precision_at(ranked: Sequence[str], grades: Grades, k: int) -> float:
    return sum(1 for item in ranked[:k] if grades.get(item, 0) >= 1) / k


def recall_at(ranked: Sequence[str], grades: Grades, k: int) -> float:
    found = sum(1 for item in ranked[:k] if grades.get(item, 0) >= 1)
    return found / len(grades) if grades else 0.0


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


@dataclass(frozen=True)
class Percolation:
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True)
class Report:
    ndcg_at_10: float
    map_at_10: float
    p_at_5: float
    recall_at_10: float
    p1_grade2: float
    false_alarm_rate: float
    alert_precision: float
    percolation: Percolation

    def as_json(self) -> dict[str, object]:
        return {
            "ndcg@10": self.ndcg_at_10,
            "map@10": self.map_at_10,
            "p@5": self.p_at_5,
            "recall@10": self.recall_at_10,
            "p1_grade2": self.p1_grade2,
            "false_alarm_rate": self.false_alarm_rate,
            "alert_precision": self.alert_precision,
            "percolation": asdict(self.percolation),
        }


def percolation_scores(alerted: set[tuple[str, str]], gold: Mapping[str, Grades]) -> Percolation:
    """Pairs are (demand id, achievement id); precision counts grade ≥ 1, recall grade 2."""
    correct = sum(1 for d, a in alerted if gold.get(d, {}).get(a, 0) >= 1)
    solving = {(d, a) for d, grades in gold.items() for a, g in grades.items() if g == 2}
    precision = _ratio(correct, len(alerted))
    recall = _ratio(len(solving & alerted), len(solving))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Percolation(precision, recall, f1)


def evaluate(
    system: System,
    achievements: Sequence[Achievement],
    demands: Sequence[Demand],
    gold: Mapping[str, Grades],
    k: int = 10,
) -> Report:
    """Both directions; `k` is the ranking depth (nDCG, MAP, recall), P is always at 5."""
    ranked: dict[str, list[str]] = {}
    alerted: dict[str, list[str]] = {}
    for demand in demands:
        ranking = system.ranking(demand, k)
        ranked[demand.id] = [item for item, _ in ranking]
        alerted[demand.id] = [item for item, alert in ranking if alert]
    answered = [d.id for d in demands if gold.get(d.id)]
    unanswered = [d.id for d in demands if not gold.get(d.id)]
    alerts = [(d, a) for d, items in alerted.items() for a in items]
    pushed = {(d, a.id) for a in achievements for d in system.alerted_demands(a)}
    return Report(
        ndcg_at_10=_mean([ndcg_at(ranked[d], gold[d], k) for d in answered]),
        map_at_10=_mean([average_precision_at(ranked[d], gold[d], k) for d in answered]),
        p_at_5=_mean([precision_at(ranked[d], gold[d], 5) for d in answered]),
        recall_at_10=_mean([recall_at(ranked[d], gold[d], k) for d in answered]),
        p1_grade2=_mean([float(gold[d].get((ranked[d] or [""])[0], 0) == 2) for d in answered]),
        false_alarm_rate=_mean([float(bool(alerted[d])) for d in unanswered]),
        alert_precision=_ratio(sum(1 for d, a in alerts if gold.get(d, {}).get(a)), len(alerts)),
        percolation=percolation_scores(pushed, gold),
    )


class MatcherSystem:
    """The matcher as an evaluation system: its listing and its configured alert cut."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher

    def ranking(self, demand: Demand, k: int) -> list[tuple[str, bool]]:
        return [(r.achievement_id, r.alert) for r in self._matcher.match_demand(demand, k)]

    def alerted_demands(self, achievement: Achievement) -> list[str]:
        return [result.demand_id for result in self._matcher.percolate(achievement)]
