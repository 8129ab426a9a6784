"""The Matcher: indexes of achievements, open demands and subscriptions, and the queries that
run both ways between them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from matcher.columns import Columns, TraitArrays
from matcher.config import MatchConfig
from matcher.explain import Surfaces, keyword_pairs, matched_terms
from matcher.feedback import Changes
from matcher.fuzzy import FuzzyVocabulary
from matcher.index import TermIndex
from matcher.keywords import Analyzed, Fields, Profile, TermWeights, analyze, profile
from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand, MatchResult, Subscription, SubscriptionHit
from matcher.overlap import Overlap, overlap
from matcher.rank import Query, Scored, rank
from matcher.score import points
from matcher.tokenize import Analyzer
from matcher.traits import TraitReader, Traits

# The IDF table moves as achievements arrive; document masses are recomputed once it has
# moved by this share, instead of on every single arrival.
_REWEIGH_DRIFT = 0.1

Record = Achievement | Demand


def _fields(record: Record | Subscription) -> Fields:
    if isinstance(record, Subscription):
        return Fields(tuple(record.keywords), "", "")
    return Fields(tuple(record.keywords), record.title or "", record.description or "")


def _headline(analyzed: Analyzed) -> str:
    words = (t.term for t in (*analyzed.title, *analyzed.keywords) if not t.sub)
    return " ".join(dict.fromkeys(words))


@dataclass
class _Side:
    """One searchable collection: its index, the records by id, and the scoring columns."""

    index: TermIndex
    records: dict[str, Record]
    columns: Columns
    # id → {term: word} for the profile terms a document wrote as a synonym, for explanations
    rewrites: dict[str, dict[str, str]]

    def forget(self, doc_id: str) -> Record | None:
        self.rewrites.pop(doc_id, None)
        self.index.remove(doc_id)
        return self.records.pop(doc_id, None)


class Matcher:
    def __init__(self, analyzer: Analyzer, traits: TraitReader, config: MatchConfig) -> None:
        self.analyzer = analyzer
        self.config = config
        self._traits = traits
        self._weight = TermWeights(analyzer.known, config.unknown_factor)
        self._weighed_at = 0
        self._supply = self._new_side()
        self._demand = self._new_side()
        self._subscriptions = self._new_index()
        self._subscription_records: dict[str, Subscription] = {}
        self._suppressed: set[tuple[str, str]] = set()

    def _new_index(self) -> TermIndex:
        return TermIndex(FuzzyVocabulary(self.config.fuzzy_cutoff, self.config.fuzzy_min_length))

    def _new_side(self) -> _Side:
        return _Side(self._new_index(), {}, Columns(), {})

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
            self._weight.add(item.vocabulary())
        for achievement, item in zip(batch, analyzed, strict=True):
            traits = self._traits.achievement(achievement)
            self._put(self._supply, achievement, item, traits, bulk=len(batch) > 1)
        self._reweigh_if_drifted(force=len(batch) > 1)

    def remove_achievement(self, achievement_id: str) -> bool:
        record = self._supply.forget(achievement_id)
        if record is None:
            return False
        self._weight.remove(analyze(self.analyzer, _fields(record)).vocabulary())
        self._reweigh_if_drifted()
        return True

    # -- demand ---------------------------------------------------------------------------

    def add_demand(self, demand: Demand) -> None:
        self.add_demands((demand,))

    def add_demands(self, demands: Iterable[Demand]) -> None:
        batch = list({d.id: d for d in demands}.values())
        for demand in batch:
            item = analyze(self.analyzer, _fields(demand))
            self._put(self._demand, demand, item, self._traits.demand(demand), len(batch) > 1)
        if len(batch) > 1:
            self._demand.index.reweigh(self._weight)

    def remove_demand(self, demand_id: str) -> bool:
        return self._demand.forget(demand_id) is not None

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

    def unsuppress(self, demand_id: str, achievement_id: str) -> None:
        self._suppressed.discard((demand_id, achievement_id))

    def apply(self, changes: Changes) -> None:
        """The pair-level part of what feedback taught (see matcher.feedback)."""
        for demand_id, achievement_id in changes.suppress:
            self.suppress(demand_id, achievement_id)
        for demand_id, achievement_id in changes.restore:
            self.unsuppress(demand_id, achievement_id)

    # -- queries --------------------------------------------------------------------------

    def match_demand(self, demand: Demand, limit: int = 10) -> list[MatchResult]:
        """Achievements for a demand, best first, all over the listing cut."""
        if limit <= 0:
            return []
        item = analyze(self.analyzer, _fields(demand))
        query = Query(TraitArrays.of(self._traits.demand(demand)), _headline(item), True)
        found = overlap(self._profile(item), self._supply.index, self._weight, self.config.credit)
        return self._results(demand, item, found, query, self.config.listing_cut, limit)

    def search(self, text: str, limit: int = 10) -> list[MatchResult]:
        """Free-text search over achievements (the bot's search box); never an alert."""
        results = self.match_demand(Demand(id="", title=text), limit)
        return [_without_alert(result) for result in results]

    def percolate(self, achievement: Achievement) -> list[MatchResult]:
        """Open demands for which a newly arrived achievement is worth an alert."""
        item = analyze(self.analyzer, _fields(achievement))
        traits = TraitArrays.of(self._traits.achievement(achievement))
        query = Query(traits, _headline(item), False)
        found = overlap(self._profile(item), self._demand.index, self._weight, self.config.credit)
        return self._results(achievement, item, found, query, self.config.alert_cut, None)

    def match_subscriptions(self, achievement: Achievement) -> list[tuple[str, SubscriptionHit]]:
        """Subscriptions whose keywords the achievement covers well enough."""
        item = analyze(self.analyzer, _fields(achievement))
        # Every keyword of a subscription counts the same, whatever its IDF.
        found = overlap(self._profile(item), self._subscriptions, _flat, self.config.credit)
        words = Surfaces(self.analyzer, _fields(achievement), item.rewrites)
        hits = []
        for slot, cover in zip(found.slots.tolist(), found.target_cover.tolist(), strict=True):
            if cover < self.config.subscription_cut:
                continue
            sub_id = self._subscriptions.doc_id(slot)
            evidence = matched_terms(found.matches, self._subscriptions.profile(slot).terms, {})
            wanted = Surfaces(self.analyzer, _fields(self._subscription_records[sub_id]), {})
            pairs = keyword_pairs(evidence, wanted, words, query_is_demand=False)
            hit = SubscriptionHit(sub_id, achievement.id, round(100.0 * cover, 2), pairs)
            hits.append((sub_id, hit))
        return sorted(hits, key=lambda pair: (-pair[1].score, pair[0]))

    # -- internals ------------------------------------------------------------------------

    def _profile(self, item: Analyzed) -> Profile:
        return profile(item, self._weight, self.config)

    def _put(self, side: _Side, record: Record, item: Analyzed, traits: Traits,
             bulk: bool) -> None:
        """`bulk`: the batch ends with a reweigh, which computes every mass anyway."""
        weights = self._profile(item)
        terms = zip(weights.terms, weights.weights, strict=True)
        mass = 0.0 if bulk else sum(w * self._weight(t) for t, w in terms)
        slot = side.index.add(record.id, weights, mass)
        side.records[record.id] = record
        side.columns.put(slot, traits, _headline(item))
        held = set(weights.terms)
        rewrites = {t: w for t, w in item.rewrites.items() if t in held}
        if rewrites:
            side.rewrites[record.id] = rewrites

    def _reweigh_if_drifted(self, force: bool = False) -> None:
        moved = abs(self._weight.documents - self._weighed_at)
        if force or moved > _REWEIGH_DRIFT * max(self._weighed_at, 1):
            self._supply.index.reweigh(self._weight)
            self._demand.index.reweigh(self._weight)
            self._weighed_at = self._weight.documents

    def _results(self, source: Record, item: Analyzed, found: Overlap, query: Query,
                 floor: float, limit: int | None) -> list[MatchResult]:
        side = self._supply if query.is_demand else self._demand

        def allowed(slot: int) -> bool:
            other = side.index.doc_id(slot)
            pair = (source.id, other) if query.is_demand else (other, source.id)
            return pair not in self._suppressed

        scored = rank(found, query, side.columns, self._traits.affinity(), self.config, floor,
                      limit, allowed)
        query_words = Surfaces(self.analyzer, _fields(source), item.rewrites)
        results = [self._result(source, side, found, query_words, pair, query.is_demand)
                   for pair in scored]
        return sorted(results, key=lambda r: (-r.score, r.achievement_id, r.demand_id))

    def _result(self, source: Record, side: _Side, found: Overlap, query_words: Surfaces,
                item: Scored, query_is_demand: bool) -> MatchResult:
        target = side.records[side.index.doc_id(item.slot)]
        weights = dict(zip(found.query_terms, found.query_weights, strict=True))
        evidence = matched_terms(found.matches, side.index.profile(item.slot).terms, weights)
        target_words = Surfaces(self.analyzer, _fields(target), side.rewrites.get(target.id, {}))
        demand, achievement = (source, target) if query_is_demand else (target, source)
        demand_words, achievement_words = (
            (query_words, target_words) if query_is_demand else (target_words, query_words))
        return MatchResult(
            demand_id=demand.id,
            achievement_id=achievement.id,
            score=item.score,
            pairs=keyword_pairs(evidence, demand_words, achievement_words, query_is_demand),
            factors={k: round(float(v), 2) for k, v in points(item.values, self.config).items()},
            alert=item.score >= self.config.alert_cut,
        )


def _flat(_: str) -> float:
    return 1.0


def _without_alert(result: MatchResult) -> MatchResult:
    return MatchResult(
        result.demand_id, result.achievement_id, result.score, result.pairs, result.factors, False
    )


def build_matcher(resources: MatcherResources, config: MatchConfig | None = None) -> Matcher:
    """Builds the tokenizer and the empty indexes; this is the slow step (about a second)."""
    config = config or MatchConfig()
    return Matcher(Analyzer(resources), TraitReader(resources), config)
