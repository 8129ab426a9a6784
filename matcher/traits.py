"""What the non-text factors need to know about each side, worked out once per document."""

from __future__ import annotations

from dataclasses import dataclass

from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand

MATURITY_LEVELS = {"实验室": 0, "小试": 1, "中试": 2, "产业化": 3}


@dataclass(frozen=True)
class DemandTraits:
    industry: str | None
    region: str | None
    home_region: bool  # the region is a city or league of Inner Mongolia
    wants_maturity: int | None  # a level of MATURITY_LEVELS, when the text asks for one
    wants_transfer: frozenset[str]  # transfer modes the text asks for; empty when silent


@dataclass(frozen=True)
class AchievementTraits:
    industry: str | None
    region: str | None
    home_region: bool
    maturity: int | None
    transfer: str | None


class TraitReader:
    def __init__(self, resources: MatcherResources) -> None:
        self._industries = resources.industry_aliases
        self._regions = resources.region_aliases
        self._maturity_cues = resources.cues.get("maturity", {})
        self._transfer_cues = resources.cues.get("transfer", {})

    def industry(self, label: str | None) -> str | None:
        if not label or not label.strip():
            return None
        return self._industries.get(label.strip(), label.strip())

    def region(self, label: str | None) -> tuple[str | None, bool]:
        if not label or not label.strip():
            return None, False
        name = label.strip()
        for candidate in (name, name.removesuffix("市"), name.removesuffix("盟")):
            if candidate in self._regions:
                return self._regions[candidate], True
        return name, False

    def demand(self, demand: Demand) -> DemandTraits:
        region, home = self.region(demand.region)
        text = f"{demand.title} {demand.description} {' '.join(demand.keywords)}"
        levels = [
            MATURITY_LEVELS[value]
            for value, cues in self._maturity_cues.items()
            if value in MATURITY_LEVELS and any(cue in text for cue in cues)
        ]
        modes = {v for v, cues in self._transfer_cues.items() if any(c in text for c in cues)}
        return DemandTraits(
            industry=self.industry(demand.industry),
            region=region,
            home_region=home,
            wants_maturity=max(levels) if levels else None,
            wants_transfer=frozenset(modes),
        )

    def achievement(self, achievement: Achievement) -> AchievementTraits:
        region, home = self.region(achievement.region)
        return AchievementTraits(
            industry=self.industry(achievement.industry),
            region=region,
            home_region=home,
            maturity=MATURITY_LEVELS.get(achievement.maturity or ""),
            transfer=achievement.transfer_mode,
        )
