"""Every tunable number of the matcher, in one place.

The score of a (demand, achievement) pair is the sum of factor points; each factor is a value in
0–1 times its weight below, and the weights add up to 100:

* keywords — how much of the demand the achievement covers and how much of the achievement is
  about the demand, over IDF-weighted terms, fuzzy matches counting in part;
* title — rapidfuzz similarity of the two titles (their canonical terms);
* industry — affinity between the two industry labels, which often differ (能源电力 vs 新能源);
* region — same city or league, or at least both in Inner Mongolia;
* maturity, transfer — only when the demand says what it wants (成熟/能落地, 合作开发…);
  otherwise the factor sits at its neutral value for every pair, so it cannot reorder them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MatchConfig:
    keywords_weight: float = 70.0
    title_weight: float = 10.0
    industry_weight: float = 10.0
    region_weight: float = 3.0
    maturity_weight: float = 4.0
    transfer_weight: float = 3.0

    # Share of the keyword factor that measures demand coverage (the rest: achievement focus).
    demand_coverage_share: float = 0.6

    # Results under the listing cut are never shown; over the alert cut they are pushed unasked.
    listing_cut: float = 20.0
    alert_cut: float = 50.0

    # Field weights of a term, before IDF: given keywords and titles are written on purpose.
    keyword_field: float = 1.0
    title_field: float = 1.0
    description_field: float = 0.6
    description_terms: int = 24  # TF-IDF keeps this many description terms per document
    part_factor: float = 0.5  # a sub-word (储能 in 储能电站) counts this much of the word

    # rapidfuzz ratio from which two different terms count as the same (typos, 储能站/储能电站).
    fuzzy_cutoff: float = 80.0
    fuzzy_min_length: int = 3

    # A subscription alerts when this share of its keywords occurs in the achievement.
    subscription_cut: float = 0.5

    @property
    def weights(self) -> dict[str, float]:
        return {
            "keywords": self.keywords_weight,
            "title": self.title_weight,
            "industry": self.industry_weight,
            "region": self.region_weight,
            "maturity": self.maturity_weight,
            "transfer": self.transfer_weight,
        }

    def credit(self, similarity: float) -> float:
        """How much a fuzzy term match counts: one character off in a Chinese term often flips
        its meaning (脱硫/脱硝), so credit falls faster than the rapidfuzz ratio."""
        return 1.0 if similarity >= 100.0 else (similarity / 100.0) ** 2
