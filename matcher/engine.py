"""The Matcher: indexes of achievements, open demands and subscriptions, and the queries
that run both ways between them."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matcher.config import MatchConfig
from matcher.explain import keyword_pairs, matched_terms, surfaces
from matcher.feedback import Changes
from matcher.fuzzy import FuzzyVocabulary
from matcher.index import TermIndex
from matcher.keywords import Analyzed, DocumentFrequencies, Fields, Profile, analyze, profile
from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand, MatchResult, Subscription, SubscriptionHit
from matcher.overlap import Overlap, overlap
from matcher.score import ceiling, context_values, keyword_value, title_value, to_points
from matcher.tokenize import Analyzer
from matcher.traits import AchievementTraits, DemandTraits, TraitReader

# The IDF table moves as achievements arrive; document masses are recomputed once it has
# moved by this share, instead of on every single arrival.
_REWEIGH_DRIFT = 0.1


@dataclass(frozen=True)
class _Entry:
    record: Achievement | Demand
    traits: AchievementTraits | DemandTraits
    headline: str  # canonical terms of the title and given keywords, for title similarity


def _fields(record: Achievement | Demand | Subscription) -> Fields:
    if isinstance(record, Subscription):
        return Fields(tuple(record.keywords), "", "")
    return Fields(tuple(record.keywords), record.title or "", record.description or "")


def _headline(analyzed: Analyzed) -> str:
    words = (t.term for t in (*analyzed.title, *analyzed.keywords) if not t.sub)
    return " ".join(dict.fromkeys(words))


class Matcher:
    def __init__(self, analyzer: Analyzer, traits: TraitReader, resources: MatcherResources,
                 config: MatchConfig) -> None:
        self.analyzer = analyzer
        self.config = config
        self._traits = traits
        self._affinity = resources.industry_affinity
        self._df = DocumentFrequencies()
        self._weighed_at = 0
        self._achievements = self._new_index()
        self._demands = self._new_index()
        self._subscriptions = self._new_index()
        self._entries: dict[str, _Entry] = {}
        self._demand_entries: dict[str, _Entry] = {}
        self._subscription_records: dict[str, Subscription] = {}
        self._suppressed: set[tuple[str, str]] = set()

    def _new_index(self) -> TermIndex:
        return TermIndex(FuzzyVocabulary(self.config.fuzzy_cutoff, self.config.fuzzy_min_length))

    # -- supply ---------------------------------------------------------------------------

    def add_achievement(self, achievement: Achievement) -> None:
        self.add_achievements((achievement,))

    def add_achievements(self, achievements: Iterable[Achievement]) -> None:
        """Bulk start-up: document frequencies are counted over the whole batch first."""
        batch = list({a.id: a for a in achievements}.values())
        for achievement in batch:
            self.remove_achievement(achievement.id)
        analyzed = [analyze(self.analyzer, _fields(a)) for a in batch]
        for item in analyzed:
            self._df.add(item.vocabulary())
        for achievement, item in zip(batch, analyzed, strict=True):
            entry = _Entry(achievement, self._traits.achievement(achievement), _headline(item))
            self._entries[achievement.id] = entry
            self._index(self._achievements, achievement.id, item)
        self._reweigh_if_drifted(force=len(batch) > 1)

    def remove_achievement(self, achievement_id: str) -> bool:
        entry = self._entries.pop(achievement_id, None)
        if entry is None:
            return False
        self._df.remove(analyze(self.analyzer, _fields(entry.record)).vocabulary())
        self._achievements.remove(achievement_id)
        self._reweigh_if_drifted()
        return True

    # -- demand ---------------------------------------------------------------------------

    def add_demand(self, demand: Demand) -> None:
        self.add_demands((demand,))

    def add_demands(self, demands: Iterable[Demand]) -> None:
        for demand in demands:
            item = analyze(self.analyzer, _fields(demand))
            entry = _Entry(demand, self._traits.demand(demand), _headline(item))
            self._demand_entries[demand.id] = entry
            self._index(self._demands, demand.id, item)

    def remove_demand(self, demand_id: str) -> bool:
        self._demand_entries.pop(demand_id, None)
        return self._demands.remove(demand_id)

    # -- subscriptions --------------------------------------------------------------------

    def add_subscription(self, subscription: Subscription) -> None:
        weights = self._profile(analyze(self.analyzer, _fields(subscription)))
        self._subscription_records[subscription.id] = subscription
        # Every keyword of a subscription counts the same, whatever its IDF.
        self._subscriptions.add(subscription.id, weights, sum(weights.weights))

    def remove_subscription(self, subscription_id: str) -> bool:
        self._subscription_records.pop(subscription_id, None)
        return self._subscriptions.remove(subscription_id)

    # -- feedback -------------------------------------------------------------------------

    def suppress(self, demand_id: str, achievement_id: str) -> None:
        """Never return this pair again (a broker or the enterprise judged it irrelevant)."""
        self._suppressed.add((demand_id, achievement_id))

    def apply(self, changes: Changes) -> None:
        for demand_id, achievement_id in changes.suppress:
            self.suppress(demand_id, achievement_id)

    # -- queries --------------------------------------------------------------------------

    def match_demand(self, demand: Demand, limit: int = 10) -> list[MatchResult]:
        """Achievements for a demand, best first, all over the listing cut."""
        if limit <= 0:
            return []
        item = analyze(self.analyzer, _fields(demand))
        query = _Entry(demand, self._traits.demand(demand), _headline(item))
        found = overlap(self._profile(item), self._achievements, self._weight, self.config.credit)
        return self._rank(found, query, True, self.config.listing_cut, limit)

    def search(self, text: str, limit: int = 10) -> list[MatchResult]:
        """Free-text search over achievements (the bot's search box); never an alert."""
        results = self.match_demand(Demand(id="", title=text), limit)
        return [_without_alert(result) for result in results]

    def percolate(self, achievement: Achievement) -> list[MatchResult]:
        """Open demands for which a newly arrived achievement is worth an alert."""
        item = analyze(self.analyzer, _fields(achievement))
        query = _Entry(achievement, self._traits.achievement(achievement), _headline(item))
        found = overlap(self._profile(item), self._demands, self._weight, self.config.credit)
        return self._rank(found, query, False, self.config.alert_cut, None)

    def match_subscriptions(self, achievement: Achievement) -> list[tuple[str, SubscriptionHit]]:
        """Subscriptions whose keywords the achievement covers well enough."""
        item = analyze(self.analyzer, _fields(achievement))
        found = overlap(self._profile(item), self._subscriptions, lambda _: 1.0, self.config.credit)
        words = surfaces(self.analyzer, _fields(achievement))
        hits = []
        for slot, cover in zip(found.slots.tolist(), found.target_cover.tolist(), strict=True):
            if cover < self.config.subscription_cut:
                continue
            sub_id = self._subscriptions.doc_id(slot)
            evidence = matched_terms(found.matches, self._subscriptions.profile(slot).terms, {})
            wanted = surfaces(self.analyzer, _fields(self._subscription_records[sub_id]))
            pairs = keyword_pairs(evidence, wanted, words, query_is_demand=False)
            hit = SubscriptionHit(sub_id, achievement.id, round(100.0 * cover, 2), pairs)
            hits.append((sub_id, hit))
        return sorted(hits, key=lambda pair: (-pair[1].score, pair[0]))

    # -- internals ------------------------------------------------------------------------

    def _weight(self, term: str) -> float:
        """IDF over the supply corpus, discounted for terms nobody (corpus or lexicon) knows."""
        idf = self._df.idf(term)
        if self._df.counts.get(term, 0) > 0 or term in self.analyzer.known:
            return idf
        return idf * self.config.unknown_factor

    def _profile(self, item: Analyzed) -> Profile:
        return profile(item, self._df, self.config)

    def _index(self, index: TermIndex, doc_id: str, item: Analyzed) -> None:
        weights = self._profile(item)
        mass = sum(w * self._weight(t) for t, w in zip(weights.terms, weights.weights, strict=True))
        index.add(doc_id, weights, mass)

    def _reweigh_if_drifted(self, force: bool = False) -> None:
        moved = abs(self._df.documents - self._weighed_at)
        if force or moved > _REWEIGH_DRIFT * max(self._weighed_at, 1):
            self._achievements.reweigh(self._weight)
            self._demands.reweigh(self._weight)
            self._weighed_at = self._df.documents

    def _rank(
        self, found: Overlap, query: _Entry, query_is_demand: bool, floor: float, limit: int | None
    ) -> list[MatchResult]:
        """Full scores for the candidates that can still reach `floor` (and the top `limit`),
        visited by keyword points so the rest are never looked at."""
        config = self.config
        demand_cover, achievement_cover = (
            (found.query_cover, found.target_cover)
            if query_is_demand
            else (found.target_cover, found.query_cover)
        )
        keywords = keyword_value(demand_cover, achievement_cover, config)
        reach = ceiling(keywords, config)
        hopeful = np.flatnonzero(reach >= floor)
        order = hopeful[np.argsort(-reach[hopeful], kind="stable")]
        index = self._achievements if query_is_demand else self._demands
        targets = self._entries if query_is_demand else self._demand_entries
        best: list[tuple[float, str, dict[str, float], int]] = []
        for position in order.tolist():
            bar = floor if limit is None or len(best) < limit else max(floor, best[0][0])
            if reach[position] < bar:
                break
            slot = int(found.slots[position])
            target = targets[index.doc_id(slot)]
            demand, achievement = (query, target) if query_is_demand else (target, query)
            if (demand.record.id, achievement.record.id) in self._suppressed:
                continue
            values = context_values(demand.traits, achievement.traits, self._affinity)  # type: ignore[arg-type]
            values["keywords"] = float(keywords[position])
            values["title"] = title_value(demand.headline, achievement.headline)
            factors = to_points(values, config)
            score = round(sum(factors.values()), 2)
            if score < floor:
                continue
            item = (score, _negate(target.record.id), factors, slot)
            if limit is None or len(best) < limit:
                heapq.heappush(best, item)
            elif item > best[0]:
                heapq.heapreplace(best, item)
        best.sort(reverse=True)
        return [self._result(found, query, query_is_demand, *item) for item in best]

    def _result(
        self,
        found: Overlap,
        query: _Entry,
        query_is_demand: bool,
        score: float,
        _: str,
        factors: dict[str, float],
        slot: int,
    ) -> MatchResult:
        index = self._achievements if query_is_demand else self._demands
        targets = self._entries if query_is_demand else self._demand_entries
        target = targets[index.doc_id(slot)]
        weights = dict(zip(found.query_terms, found.query_weights, strict=True))
        evidence = matched_terms(found.matches, index.profile(slot).terms, weights)
        query_words = surfaces(self.analyzer, _fields(query.record))
        target_words = surfaces(self.analyzer, _fields(target.record))
        demand, achievement = (query, target) if query_is_demand else (target, query)
        demand_words, achievement_words = (
            (query_words, target_words) if query_is_demand else (target_words, query_words)
        )
        return MatchResult(
            demand_id=demand.record.id,
            achievement_id=achievement.record.id,
            score=score,
            pairs=keyword_pairs(evidence, demand_words, achievement_words, query_is_demand),
            factors=factors,
            alert=score >= self.config.alert_cut,
        )


def _negate(text: str) -> str:
    """Makes the heap prefer the smaller id among equal scores, for a stable order."""
    return "".join(chr(0x10FFFF - ord(c)) for c in text)


def _without_alert(result: MatchResult) -> MatchResult:
    return MatchResult(
        result.demand_id, result.achievement_id, result.score, result.pairs, result.factors, False
    )


def build_matcher(resources: MatcherResources, config: MatchConfig | None = None) -> Matcher:
    """Builds the tokenizer and the empty indexes; this is the slow step (about a second)."""
    config = config or MatchConfig()
    return Matcher(Analyzer(resources), TraitReader(resources), resources, config)
