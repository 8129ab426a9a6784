"""What the context factors need to know about each document, coded as small integers so that
thousands of candidates can be scored at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand

MATURITY_LEVELS = {"实验室": 0, "小试": 1, "中试": 2, "产业化": 3}
NEUTRAL = 0.5  # what a factor is worth when nothing can be said
UNRELATED_INDUSTRIES = 0.3  # two known labels the affinity table does not relate
_MODE_BITS = 63  # transfer modes are bits of an int64; stranger labels count as unknown


@dataclass(frozen=True)
class Traits:
    """For an achievement, `maturity` is its level and `transfer` the bit of its mode; for a
    demand, the level and the modes its text asks for. 0 (−1 for maturity) means unknown."""

    industry: int
    region: int
    home: bool  # the region is a city or league of Inner Mongolia
    maturity: int
    transfer: int


class Codebook:
    def __init__(self, labels: Iterable[str] = ()) -> None:
        self.codes: dict[str, int] = {}
        for label in labels:
            self.code(label)

    def code(self, label: str | None) -> int:
        if not label:
            return 0
        return self.codes.setdefault(label, len(self.codes) + 1)


class TraitReader:
    def __init__(self, resources: MatcherResources) -> None:
        self._industry_aliases = resources.industry_aliases
        self._regions = resources.region_aliases
        self._maturity_cues = resources.cues.get("maturity", {})
        self._transfer_cues = resources.cues.get("transfer", {})
        self._affinity_table = resources.industry_affinity
        self.industries = Codebook(sorted(set(resources.industry_aliases.values())))
        self._region_codes = Codebook()
        self._modes = Codebook(sorted(self._transfer_cues))
        self._affinity = np.zeros((0, 0))
        # Labels repeat across a corpus; each is resolved once (kind, label) → (code, home).
        self._seen: dict[tuple[str, str], tuple[int, bool]] = {}

    def _industry(self, label: str | None) -> int:
        name = (label or "").strip()
        found = self._seen.get(("industry", name))
        if found is None:
            canonical = _resolve(name, self._industry_aliases) or name
            found = self._seen[("industry", name)] = (self.industries.code(canonical), False)
        return found[0]

    def _region(self, label: str | None) -> tuple[int, bool]:
        name = (label or "").strip()
        found = self._seen.get(("region", name))
        if found is None:
            home = _resolve(name, self._regions)
            code = self._region_codes.code(home or name)
            found = self._seen[("region", name)] = (code, home is not None)
        return found

    def _mode_bits(self, modes: Iterable[str]) -> int:
        codes = {self._modes.code(mode) for mode in modes if mode}
        return sum(1 << code for code in codes if code < _MODE_BITS)

    def demand(self, demand: Demand) -> Traits:
        region, home = self._region(demand.region)
        text = f"{demand.title} {demand.description} {' '.join(demand.keywords)}"
        levels = [
            MATURITY_LEVELS[value]
            for value, cues in self._maturity_cues.items()
            if value in MATURITY_LEVELS and any(cue in text for cue in cues)
        ]
        modes = [v for v, cues in self._transfer_cues.items() if any(c in text for c in cues)]
        return Traits(
            self._industry(demand.industry),
            region,
            home,
            max(levels, default=-1),
            self._mode_bits(modes),
        )

    def achievement(self, achievement: Achievement) -> Traits:
        region, home = self._region(achievement.region)
        return Traits(
            self._industry(achievement.industry),
            region,
            home,
            MATURITY_LEVELS.get(achievement.maturity or "", -1),
            self._mode_bits([achievement.transfer_mode or ""]),
        )

    def affinity(self) -> np.ndarray:
        """Industry code × industry code → affinity. Code 0 and labels the alias table does not
        know are neutral: nothing can be said about them."""
        size = len(self.industries.codes) + 1
        if self._affinity.shape[0] != size:
            known = set(self._industry_aliases.values())
            names = [""] + list(self.industries.codes)
            table = np.full((size, size), NEUTRAL)
            for i, first in enumerate(names):
                for j, second in enumerate(names):
                    if first == second and first:
                        table[i, j] = 1.0
                    elif first in known and second in known:
                        table[i, j] = self._affinity_table.get(
                            frozenset((first, second)), UNRELATED_INDUSTRIES
                        )
            self._affinity = table
        return self._affinity


def _resolve(label: str, aliases: Mapping[str, str]) -> str | None:
    """The canonical name of a label: the label itself, or else the longest alias written inside
    it (鄂尔多斯市东胜区 → 鄂尔多斯, 新能源汽车零部件 → 新能源)."""
    if not label:
        return None
    if label in aliases:
        return aliases[label]
    inside = [alias for alias in aliases if len(alias) > 1 and alias in label]
    return aliases[max(inside, key=len)] if inside else None
