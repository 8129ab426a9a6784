"""The matcher's indexes as a replica of the database: published achievements, open demands,
active keyword subscriptions and suppressed pairs — rebuilt at start, kept in step after."""

from __future__ import annotations

import threading
import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.engine import Matcher
from matcher.model import Achievement, Demand, Subscription
from mengke.records import achievement_record, demand_record
from storage import models

# Subscriptions are written by the bot straight into the database; this is how stale the
# matcher's copy may get.
SUBSCRIPTIONS_MAX_AGE_S = 10.0


class MatchIndex:
    """Not thread-safe by itself: callers hold `lock` around a read-score-update sequence."""

    def __init__(self, matcher: Matcher, clock=time.monotonic) -> None:  # type: ignore[no-untyped-def]
        self.matcher = matcher
        self.lock = threading.RLock()
        self._clock = clock
        self._achievements: dict[str, Achievement] = {}
        self._demands: dict[str, Demand] = {}
        self._subscribers: dict[str, int] = {}
        self._subscriptions: dict[str, Subscription] = {}
        self._subscriptions_at = float("-inf")

    def achievement(self, achievement_id: str) -> Achievement | None:
        return self._achievements.get(achievement_id)

    def demand(self, demand_id: str) -> Demand | None:
        return self._demands.get(demand_id)

    def put_achievement(self, achievement: Achievement) -> None:
        if self._achievements.get(achievement.id) != achievement:
            self.matcher.add_achievement(achievement)
            self._achievements[achievement.id] = achievement

    def drop_achievement(self, achievement_id: str) -> None:
        if self._achievements.pop(achievement_id, None) is not None:
            self.matcher.remove_achievement(achievement_id)

    def put_demand(self, demand: Demand) -> None:
        if self._demands.get(demand.id) != demand:
            self.matcher.add_demand(demand)
            self._demands[demand.id] = demand

    def drop_demand(self, demand_id: str) -> None:
        if self._demands.pop(demand_id, None) is not None:
            self.matcher.remove_demand(demand_id)

    def subscriber(self, subscription_id: str) -> int | None:
        return self._subscribers.get(subscription_id)

    def refresh_subscriptions(self, session: Session, force: bool = False) -> None:
        if not force and self._clock() - self._subscriptions_at < SUBSCRIPTIONS_MAX_AGE_S:
            return
        wanted = {str(s.id): (s, user) for s, user in _keyword_subscriptions(session)}
        for gone in set(self._subscriptions) - set(wanted):
            self.matcher.remove_subscription(gone)
            del self._subscriptions[gone], self._subscribers[gone]
        for sub_id, (subscription, user_id) in wanted.items():
            if self._subscriptions.get(sub_id) != subscription:
                self.matcher.remove_subscription(sub_id)
                self.matcher.add_subscription(subscription)
                self._subscriptions[sub_id] = subscription
                self._subscribers[sub_id] = user_id
        self._subscriptions_at = self._clock()

    def load(self, session: Session, *, search_only: bool = False) -> None:
        """The start-up rebuild: everything live in the database, in bulk. A search box needs
        the published achievements alone; only percolation needs demands and subscriptions."""
        achievements = [
            achievement_record(r)
            for r in session.scalars(
                select(models.Achievement).where(models.Achievement.status == "published")
            )
        ]
        self.matcher.add_achievements(achievements)
        self._achievements = {a.id: a for a in achievements}
        if not search_only:
            self._load_percolation(session)

    def _load_percolation(self, session: Session) -> None:
        demands = [
            demand_record(r)
            for r in session.scalars(select(models.Demand).where(models.Demand.status == "open"))
        ]
        self.matcher.add_demands(demands)
        self._demands = {d.id: d for d in demands}
        suppressed = session.execute(
            select(models.Match.demand_id, models.Match.achievement_id).where(
                models.Match.status == "irrelevant"
            )
        )
        for demand_id, achievement_id in suppressed:
            self.matcher.suppress(demand_id, achievement_id)
        self.refresh_subscriptions(session, force=True)

    @property
    def has_subscriptions(self) -> bool:
        return bool(self._subscriptions)

    def sizes(self) -> tuple[int, int, int]:
        return len(self._achievements), len(self._demands), len(self._subscriptions)


def _keyword_subscriptions(session: Session) -> list[tuple[Subscription, int]]:
    rows = session.execute(
        select(models.Subscription.id, models.Subscription.keywords, models.Subscription.user_id)
        .join(models.User, models.User.id == models.Subscription.user_id)
        .where(
            models.Subscription.kind == "keyword",
            models.Subscription.active,
            models.User.is_active,
        )
    )
    return [
        (Subscription(id=str(sub_id), keywords=tuple(keywords or ())), user_id)
        for sub_id, keywords, user_id in rows
        if keywords
    ]
