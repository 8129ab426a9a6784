"""The BM25 baseline (rank-bm25 over the matcher's own tokens), as an evaluation system."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rank_bm25 import BM25Okapi

from matcher.model import Achievement, Demand
from matcher.tokenize import Analyzer

# BM25 scores have no fixed scale; divided by the most a query could score (every term at
# saturation) they fall in 0–100. The cut is set once, by that reading ("a quarter of the best
# possible"), and is not tuned on any dataset.
BM25_ALERT_CUT = 25.0


def tokens(
    analyzer: Analyzer, record: Achievement | Demand, description: bool = True
) -> list[str]:
    """Whole words only (no sub-words), synonyms already applied: the same jieba tokens the
    matcher reads."""
    texts = (*record.keywords, record.title, record.description if description else "")
    return [t.term for text in texts for t in analyzer.terms(text) if not t.sub]


class Bm25System:
    def __init__(
        self,
        analyzer: Analyzer,
        achievements: Sequence[Achievement],
        demands: Sequence[Demand],
        alert_cut: float = BM25_ALERT_CUT,
    ) -> None:
        self._analyzer = analyzer
        self._ids = [a.id for a in achievements]
        self._bm25 = BM25Okapi([tokens(analyzer, a) for a in achievements] or [[""]])
        self._demands = list(demands)
        self._cut = alert_cut
        self._by_achievement: dict[str, list[str]] | None = None

    def scores(self, demand: Demand) -> np.ndarray:
        """0–100 for every achievement, in the order they were given."""
        query = list(dict.fromkeys(tokens(self._analyzer, demand)))
        best = sum(self._bm25.idf.get(term, 0.0) for term in query) * (self._bm25.k1 + 1)
        raw = self._bm25.get_scores(query)
        return 100.0 * raw / best if best > 0 else np.zeros(len(self._ids))

    def ranking(self, demand: Demand, k: int) -> list[tuple[str, bool]]:
        scores = self.scores(demand)
        order = np.argsort(-scores, kind="stable")[:k]
        return [(self._ids[i], bool(scores[i] >= self._cut)) for i in order if scores[i] > 0]

    def alerted_demands(self, achievement: Achievement) -> list[str]:
        if self._by_achievement is None:
            alerted: dict[str, list[str]] = {item: [] for item in self._ids}
            for demand in self._demands:
                for position in np.flatnonzero(self.scores(demand) >= self._cut):
                    alerted[self._ids[position]].append(demand.id)
            self._by_achievement = alerted
        return self._by_achievement.get(achievement.id, [])
