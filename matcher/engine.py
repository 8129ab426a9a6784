"""The Matcher: achievements, open demands and subscriptions, and the queries that run both
ways between them."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable

from matcher.collection import Collection, Record, new_index
from matcher.columns import TraitArrays
from matcher.config import MatchConfig
from matcher.explain import Surfaces, keyword_pairs, matched_terms
from matcher.feedback import Changes
from matcher.keywords import Analyzed, Fields, Profile, TermWeights, analyze, profile
from matcher.lexicon import MatcherResources
from matcher.model import Achievement, Demand, MatchResult, Subscription, SubscriptionHit
from matcher.overlap import Overlap, overlap
from matcher.rank import Query, Scored, rank
from matcher.score import points
from matcher.subscriptions import Subscriptions
from matcher.suppression import Suppressed
from matcher.tokenize import Analyzer
from matcher.traits import TraitReader, Traits

# The IDF table moves as achievements arrive; document masses are recomputed once it has
# moved by this share, instead of on every single arrival.
_REWEIGH_DRIFT = 0.1
# A new achievement is percolated, matched against subscriptions and then indexed, a new demand
# matched and then indexed, possibly a whole consumer batch apart; segmenting is the dear part.
_ANALYSES_KEPT = 1024


class Matcher:
    """Not thread-safe: one writer, and queries in between writes."""

    def __init__(self, analyzer: Analyzer, traits: TraitReader, config: MatchConfig) -> None:
        self.analyzer = analyzer
        self.config = config
        self._traits = traits
        self._weight = TermWeights(analyzer, config)
        self._weighed_at = 0
        self._supply = Collection(new_index(config))
        self._demand = Collection(new_index(config))
        self._subscriptions = Subscriptions(analyzer, config)
        self._suppressed = Suppressed()
        self._analyses: OrderedDict[Fields, Analyzed] = OrderedDict()

    def blank(self, config: MatchConfig | None = None) -> Matcher:
        """An empty matcher sharing this one's tokenizer and dictionaries (the slow part)."""
        return Matcher(self.analyzer, self._traits, config or self.config)

    # -- supply ---------------------------------------------------------------------------

    def add_achievement(self, achievement: Achievement) -> None:
        self.add_achievements((achievement,))

    def add_achievements(self, achievements: Iterable[Achievement]) -> None:
        """Bulk start-up: document frequencies are counted over the whole batch first."""
        batch = list({a.id: a for a in achievements}.values())
        for achievement in batch:
            self.remove_achievement(achievement.id)
        analyzed = [self._analyze(a) for a in batch]
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
        self._weight.remove(self._analyze(record).vocabulary())
        self._reweigh_if_drifted()
        return True

    # -- demand ---------------------------------------------------------------------------

    def add_demand(self, demand: Demand) -> None:
        self.add_demands((demand,))

    def add_demands(self, demands: Iterable[Demand]) -> None:
        batch = list({d.id: d for d in demands}.values())
        for demand in batch:
            self._demand.forget(demand.id)
            item = self._analyze(demand)
            self._put(self._demand, demand, item, self._traits.demand(demand), len(batch) > 1)
        if len(batch) > 1:
            self._demand.index.reweigh(self._weight)

    def remove_demand(self, demand_id: str) -> bool:
        return self._demand.forget(demand_id) is not None

    # -- subscriptions and feedback -------------------------------------------------------

    def add_subscription(self, subscription: Subscription) -> None:
        self._subscriptions.add(subscription, self._profile(self._analyze(subscription)))

    def remove_subscription(self, subscription_id: str) -> bool:
        return self._subscriptions.remove(subscription_id)

    def suppress(self, demand_id: str, achievement_id: str) -> None:
        """Never return this pair again (a broker or the enterprise judged it irrelevant)."""
        self._suppressed.add(demand_id, achievement_id)

    def unsuppress(self, demand_id: str, achievement_id: str) -> None:
        self._suppressed.discard(demand_id, achievement_id)

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
        item = self._analyze(demand)
        query = Query(TraitArrays.of(self._traits.demand(demand)), item.headline(), True)
        found = overlap(self._profile(item), self._supply.index, self._weight, self.config.credit)
        return self._results(demand, item, found, query, self.config.listing_cut, limit)

    def search(self, text: str, limit: int = 10) -> list[MatchResult]:
        """Free-text search over achievements (the bot's search box); never an alert."""
        results = self.match_demand(Demand(id="", title=text), limit)
        return [_without_alert(result) for result in results]

    def percolate(self, achievement: Achievement) -> list[MatchResult]:
        """Open demands for which a newly arrived achievement is worth an alert."""
        item = self._analyze(achievement)
        query = Query(
            TraitArrays.of(self._traits.achievement(achievement)), item.headline(), False
        )
        found = overlap(self._profile(item), self._demand.index, self._weight, self.config.credit)
        limit = self.config.percolation_limit
        return self._results(achievement, item, found, query, self.config.alert_cut, limit)

    def match_subscriptions(self, achievement: Achievement) -> list[tuple[str, SubscriptionHit]]:
        """Subscriptions whose keywords the achievement covers well enough."""
        item = self._analyze(achievement)
        return self._subscriptions.match(achievement, item, self._profile(item))

    # -- internals ------------------------------------------------------------------------

    def _analyze(self, record: Record | Subscription) -> Analyzed:
        fields = Fields.of(record)
        item = self._analyses.pop(fields, None) or analyze(self.analyzer, fields)
        self._analyses[fields] = item  # the most recent last
        if len(self._analyses) > _ANALYSES_KEPT:
            self._analyses.popitem(last=False)
        return item

    def _profile(self, item: Analyzed) -> Profile:
        return profile(item, self._weight, self.config)

    def _put(
        self, collection: Collection, record: Record, item: Analyzed, traits: Traits, bulk: bool
    ) -> None:
        """`bulk`: the batch ends with a reweigh, which computes every mass anyway."""
        weights = self._profile(item)
        terms = zip(weights.terms, weights.weights, strict=True)
        mass = 0.0 if bulk else sum(w * self._weight(t) for t, w in terms)
        collection.put(record, item, weights, mass, traits)

    def _reweigh_if_drifted(self, force: bool = False) -> None:
        moved = abs(self._weight.documents - self._weighed_at)
        if force or moved > _REWEIGH_DRIFT * max(self._weighed_at, 1):
            self._supply.index.reweigh(self._weight)
            self._demand.index.reweigh(self._weight)
            self._weighed_at = self._weight.documents

    def _results(
        self,
        source: Record,
        item: Analyzed,
        found: Overlap,
        query: Query,
        floor: float,
        limit: int | None,
    ) -> list[MatchResult]:
        targets = self._supply if query.is_demand else self._demand
        suppressed = (
            self._suppressed.achievements_of(source.id)
            if query.is_demand
            else self._suppressed.demands_of(source.id)
        )
        excluded = targets.index.slots(suppressed)
        scored = rank(
            found,
            query,
            targets.columns,
            self._traits.affinity(),
            self.config,
            floor,
            limit,
            excluded,
        )
        words = Surfaces(self.analyzer, Fields.of(source), item.rewrites)
        results = [
            self._result(source, words, targets, found, pair, query.is_demand) for pair in scored
        ]
        return sorted(results, key=lambda r: (-r.score, r.achievement_id, r.demand_id))

    def _result(
        self,
        source: Record,
        source_words: Surfaces,
        targets: Collection,
        found: Overlap,
        pair: Scored,
        query_is_demand: bool,
    ) -> MatchResult:
        target = targets.at(pair.slot)
        weights = dict(zip(found.query_terms, found.query_weights, strict=True))
        evidence = matched_terms(found.matches, targets.index.profile(pair.slot).terms, weights)
        rewrites = targets.rewrites.get(target.id, {})
        target_words = Surfaces(self.analyzer, Fields.of(target), rewrites)
        demand, achievement = (source, target) if query_is_demand else (target, source)
        demand_words, achievement_words = (
            (source_words, target_words) if query_is_demand else (target_words, source_words)
        )
        return MatchResult(
            demand_id=demand.id,
            achievement_id=achievement.id,
            score=pair.score,
            pairs=keyword_pairs(evidence, demand_words, achievement_words, query_is_demand),
            factors={k: round(float(v), 2) for k, v in points(pair.values, self.config).items()},
            alert=pair.score >= self.config.alert_cut,
        )


def _without_alert(result: MatchResult) -> MatchResult:
    return MatchResult(
        result.demand_id, result.achievement_id, result.score, result.pairs, result.factors, False
    )


def build_matcher(resources: MatcherResources, config: MatchConfig | None = None) -> Matcher:
    """Builds the tokenizer and the empty indexes; this is the slow step (about a second)."""
    config = config or MatchConfig()
    return Matcher(Analyzer(resources), TraitReader(resources), config)
