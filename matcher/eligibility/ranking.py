"""Which of the policies an enterprise qualifies for matter most to it: the matcher scores the
enterprise's industry and interests (as a demand) against each policy (as a document)."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Protocol

from matcher.eligibility.evaluate import Evaluation, evaluate
from matcher.eligibility.model import PolicyDoc, Profile
from matcher.eligibility.topics import TermMatcher
from matcher.model import Achievement, Demand

if TYPE_CHECKING:  # only the type: eligibility works without building a matcher
    from matcher.engine import Matcher


class Ranker(Protocol):
    def relevance(self, profile: Profile, policies: Sequence[PolicyDoc]) -> dict[str, float]:
        """Policy id → 0–100 topical relevance; a policy left out scores 0."""
        ...


class MatcherRanker:
    """Keeps the policies in a Matcher of their own (built with a listing cut of 0, so every
    policy sharing a term gets a score) and re-indexes a policy only when it changed."""

    def __init__(self, matcher: Matcher) -> None:
        self._matcher = matcher
        self._indexed: dict[str, PolicyDoc] = {}
        # The bot ranks from worker threads; the index is not safe to change concurrently.
        self._lock = threading.Lock()

    def relevance(self, profile: Profile, policies: Sequence[PolicyDoc]) -> dict[str, float]:
        with self._lock:
            changed = [p for p in policies if self._indexed.get(p.id) != p]
            if changed:
                self._matcher.add_achievements(_as_document(p) for p in changed)
                self._indexed.update((p.id, p) for p in changed)
            limit = len(self._indexed)
            results = self._matcher.match_demand(_as_query(profile), limit=limit)
        wanted = {p.id for p in policies}
        return {r.achievement_id: r.score for r in results if r.achievement_id in wanted}


def _as_document(policy: PolicyDoc) -> Achievement:
    industries = [i for i in policy.industries if i != "不限"]
    return Achievement(
        id=policy.id,
        title=policy.title,
        description=f"{policy.summary}\n{policy.eligibility}",
        industry=industries[0] if industries else None,
        keywords=policy.tags,
        region=policy.regions[0] if policy.regions else None,
    )


def _as_query(profile: Profile) -> Demand:
    return Demand(
        id=profile.id,
        title=" ".join(profile.interests) or (profile.industry or ""),
        industry=profile.industry,
        keywords=profile.interests,
        region=profile.region,
    )


@dataclass(frozen=True)
class PolicyMatch:
    policy: PolicyDoc
    evaluation: Evaluation
    relevance: float


@dataclass(frozen=True)
class PolicyMatches:
    eligible: tuple[PolicyMatch, ...]
    near_misses: tuple[PolicyMatch, ...]


def match_policies(
    profile: Profile,
    policies: Iterable[PolicyDoc],
    ranker: Ranker | None = None,
    topics: TermMatcher | None = None,
) -> PolicyMatches:
    """What the enterprise qualifies for, most relevant first, and its near misses."""
    evaluated = [(p, evaluate(p, profile, topics)) for p in policies]
    shown = [(p, e) for p, e in evaluated if e.eligible or e.near_miss]
    scores = ranker.relevance(profile, [p for p, _ in shown]) if ranker and shown else {}
    matches = sorted((PolicyMatch(p, e, scores.get(p.id, 0.0)) for p, e in shown), key=_rank_key)
    return PolicyMatches(
        tuple(m for m in matches if m.evaluation.eligible),
        tuple(m for m in matches if not m.evaluation.eligible),
    )


def _rank_key(match: PolicyMatch) -> tuple[float, date, str]:
    # Equal relevance: the nearer deadline first; open-ended policies last.
    return (-match.relevance, match.policy.deadline or date.max, match.policy.id)
