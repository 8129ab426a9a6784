"""Plain frozen records the matcher takes and returns; callers convert their own types."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Achievement:
    id: str
    title: str
    description: str = ""
    industry: str | None = None
    keywords: tuple[str, ...] = ()
    maturity: str | None = None
    transfer_mode: str | None = None
    owner: str | None = None
    region: str | None = None
    price_wan: float | None = None


@dataclass(frozen=True)
class Demand:
    id: str
    title: str
    description: str = ""
    industry: str | None = None
    keywords: tuple[str, ...] = ()
    region: str | None = None
    budget_wan: float | None = None
    enterprise: str | None = None


@dataclass(frozen=True)
class Subscription:
    """A user's standing keyword alert for newly published achievements."""

    id: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class KeywordPair:
    """One piece of evidence: a demand term, the achievement term it matched, 0–100."""

    demand_term: str
    achievement_term: str
    similarity: float


@dataclass(frozen=True)
class MatchResult:
    demand_id: str
    achievement_id: str
    score: float
    pairs: tuple[KeywordPair, ...]
    # Factor name → points it contributed; the points add up to `score`.
    factors: dict[str, float] = field(default_factory=dict)
    alert: bool = False


@dataclass(frozen=True)
class SubscriptionHit:
    """A subscription whose keywords a new achievement covers; `pairs` as in MatchResult."""

    subscription_id: str
    achievement_id: str
    score: float
    pairs: tuple[KeywordPair, ...]
