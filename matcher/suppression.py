"""Pairs a broker or an enterprise judged irrelevant, to be left out of every answer."""

from __future__ import annotations

from collections.abc import Set


class Suppressed:
    """Indexed from both sides, so a query looks up the few pairs of its own record instead of
    asking about every candidate."""

    def __init__(self) -> None:
        self._achievements: dict[str, set[str]] = {}  # demand id → achievement ids
        self._demands: dict[str, set[str]] = {}  # achievement id → demand ids

    def add(self, demand_id: str, achievement_id: str) -> None:
        self._achievements.setdefault(demand_id, set()).add(achievement_id)
        self._demands.setdefault(achievement_id, set()).add(demand_id)

    def discard(self, demand_id: str, achievement_id: str) -> None:
        _discard(self._achievements, demand_id, achievement_id)
        _discard(self._demands, achievement_id, demand_id)

    def achievements_of(self, demand_id: str) -> Set[str]:
        return self._achievements.get(demand_id, frozenset())

    def demands_of(self, achievement_id: str) -> Set[str]:
        return self._demands.get(achievement_id, frozenset())


def _discard(pairs: dict[str, set[str]], key: str, value: str) -> None:
    values = pairs.get(key)
    if values is not None:
        values.discard(value)
        if not values:
            del pairs[key]
