"""Every tunable number of the matcher, in one place.

The score of a (demand, achievement) pair is the sum of factor points; each factor is a value in
0–1 times its weight below, and the weights add up to 100:

* keywords — how much of the demand the achievement covers and how much of the achievement is
  about the demand, over IDF-weighted terms, fuzzy matches counting in part; the coverage is
  saturated (see `keyword_saturation`) because no real pair shares every word;
* title — rapidfuzz similarity (token-set and token-sort, averaged) of the headlines: title
  plus given keywords as canonical terms, the part each side wrote on purpose;
* industry — affinity between the two industry labels, which often differ (能源电力 vs 新能源);
* region — same city or league, or at least both in Inner Mongolia;
* maturity, transfer — only when the demand says what it wants (成熟/能落地, 合作开发…);
  otherwise the factor sits at its neutral value for every pair, so it cannot reorder them.

The last four are context, not evidence: their points are scaled by the keyword value, so the
same industry makes a relevant achievement rank higher but never makes an unrelated one a match.

The two cuts are read on that 0–100 scale. Listing (10): a listing is asked for and ranked, so it
only leaves out pairs whose shared words are too few or too generic to mean anything.
Alert (50): half the points, which a pair only reaches when its words cover each other well
(about a quarter of the IDF-weighted terms on both sides, after saturation); set once on that
reading, and checked, not tuned, on the devset (split-half optima 49–52).
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

    # Share of the keyword factor that measures demand coverage, the rest achievement focus:
    # both matter equally (a broad achievement and a narrow one are both half-answers).
    demand_coverage_share: float = 0.5
    # Coverage c earns c·(1+K)/(c+K) of the keyword points: K of coverage already earns
    # (1+K)/2 of them, full coverage all of them.
    keyword_saturation: float = 0.3

    # Results under the listing cut are never shown; over the alert cut they are pushed unasked.
    listing_cut: float = 10.0
    alert_cut: float = 50.0
    # One new achievement alerts at most this many open demands, the best first: past that,
    # pushing is spamming, and the rest can still find it by listing.
    percolation_limit: int = 100

    # Field weights of a term, before IDF: given keywords and titles are written on purpose.
    keyword_field: float = 1.0
    title_field: float = 1.0
    description_field: float = 0.6
    description_terms: int = 24  # TF-IDF keeps this many description terms per document
    part_factor: float = 0.5  # a sub-word (储能 in 储能电站) counts this much of the word
    # A term that no achievement uses and the domain dictionary does not know is mostly chatter
    # (场里, 扣钱, 快满了); it still counts, but this much, so chatty demands are not diluted.
    unknown_factor: float = 0.25
    # Generic qualities (matcher/data/generic.txt) weigh this much of their IDF.
    generic_factor: float = 0.4

    # rapidfuzz ratio from which two different terms count as the same (typos, 储能站/储能电站).
    fuzzy_cutoff: float = 80.0
    fuzzy_min_length: int = 3

    # A subscription alerts when this share of its keywords occurs in the achievement.
    subscription_cut: float = 0.5

    @property
    def context_weight(self) -> float:
        return (
            self.industry_weight + self.region_weight + self.maturity_weight + self.transfer_weight
        )

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
