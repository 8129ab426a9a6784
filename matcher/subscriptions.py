"""Users' keyword alerts: which subscriptions a newly published achievement satisfies."""

from __future__ import annotations

from matcher.collection import new_index
from matcher.config import MatchConfig
from matcher.explain import Surfaces, keyword_pairs, matched_terms
from matcher.keywords import Analyzed, Fields, Profile
from matcher.model import Achievement, Subscription, SubscriptionHit
from matcher.overlap import overlap
from matcher.tokenize import Analyzer


def _flat(_: str) -> float:
    """Every keyword of a subscription counts the same, whatever its IDF."""
    return 1.0


class Subscriptions:
    def __init__(self, analyzer: Analyzer, config: MatchConfig) -> None:
        self._analyzer = analyzer
        self._config = config
        self._index = new_index(config)
        self._records: dict[str, Subscription] = {}
        # Kept, not made per hit: finding how a subscription wrote a synonym means analysing
        # its keywords again, and a popular subscription is hit by many achievements.
        self._words: dict[str, Surfaces] = {}

    def add(self, subscription: Subscription, profile: Profile) -> None:
        self._records[subscription.id] = subscription
        self._words[subscription.id] = Surfaces(self._analyzer, Fields.of(subscription), {})
        self._index.add(subscription.id, profile, sum(profile.weights))

    def remove(self, subscription_id: str) -> bool:
        self._records.pop(subscription_id, None)
        self._words.pop(subscription_id, None)
        return self._index.remove(subscription_id)

    def match(
        self, achievement: Achievement, item: Analyzed, profile: Profile
    ) -> list[tuple[str, SubscriptionHit]]:
        """Subscriptions with at least `subscription_cut` of their keywords in the achievement."""
        found = overlap(profile, self._index, _flat, self._config.credit)
        words = Surfaces(self._analyzer, Fields.of(achievement), item.rewrites)
        hits = []
        for slot, cover in zip(found.slots.tolist(), found.target_cover.tolist(), strict=True):
            if cover < self._config.subscription_cut:
                continue
            record = self._records[self._index.doc_id(slot)]
            evidence = matched_terms(found.matches, self._index.profile(slot).terms, {})
            pairs = keyword_pairs(evidence, self._words[record.id], words, query_is_demand=False)
            hits.append(
                (
                    record.id,
                    SubscriptionHit(record.id, achievement.id, round(100.0 * cover, 2), pairs),
                )
            )
        return sorted(hits, key=lambda hit: (-hit[1].score, hit[0]))
