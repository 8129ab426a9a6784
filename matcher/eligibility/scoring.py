"""Precision, recall and F1 of predicted (enterprise, policy) pairs against a gold set."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Pair = tuple[str, str]


@dataclass(frozen=True)
class PairScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positives + self.false_negatives
        return self.true_positives / relevant if relevant else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def score_pairs(predicted: Iterable[Pair], gold: Iterable[Pair]) -> PairScores:
    found, wanted = set(predicted), set(gold)
    return PairScores(len(found & wanted), len(found - wanted), len(wanted - found))
