"""The matching consumer's handlers: entity events in, stored and announced matches out.

Each batch is one database transaction (claim the event ids, upsert, store new matches);
the in-memory index changes only after that commits, so a rolled-back batch leaves the index
as it was and a retry scores everything again. Rows are read back after the upsert and the
index follows the rows, not the events: a replayed old event cannot resurrect a withdrawn
achievement or a closed demand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from consumers.entities import (
    ACHIEVEMENTS,
    DEMANDS,
    EntityKind,
    entity_ids,
    rows_by_id,
    write_entities,
)
from consumers.index import MatchIndex
from consumers.loop import Message
from consumers.matches import Announcer, store_matches
from matcher.model import Achievement, MatchResult
from mengke import events
from mengke.bus import Bus, publish_event
from mengke.events import Direction, Envelope
from mengke.metrics import MATCHING_SECONDS, Steps
from mengke.records import achievement_record, demand_record
from storage import models
from storage.sql import claim_events

CONSUMER = "matcher"
PolicyHook = Callable[[Session, models.Policy, Callable[[Envelope], None]], Any]


@dataclass(frozen=True)
class MatchingDeps:
    sessions: sessionmaker[Session]
    bus: Bus
    index: MatchIndex
    announcer: Announcer
    top_k: int = 10


@dataclass
class _Plan:
    results: list[tuple[MatchResult, Direction]] = field(default_factory=list)
    index_changes: list[Callable[[], None]] = field(default_factory=list)
    announcements: list[Envelope] = field(default_factory=list)

    def apply(self) -> None:
        for change in self.index_changes:
            change()


def _outcomes(messages: Sequence[Message], claimed: set[str]) -> list[str]:
    return ["processed" if m.envelope.event_id in claimed else "duplicate" for m in messages]


def _claim_and_write(session: Session, kind: EntityKind, messages: Sequence[Message]) -> set[str]:
    claimed = claim_events(session, CONSUMER, (m.envelope.event_id for m in messages))
    fresh = [(m.envelope.type, m.payload) for m in messages if m.envelope.event_id in claimed]
    write_entities(session, kind, fresh)
    return claimed


def _changed_ids(messages: Sequence[Message], claimed: set[str]) -> set[str]:
    return {m.payload.key for m in messages if m.envelope.event_id in claimed}


class DemandHandler:
    """Owns the demands of its partitions: a new demand gets its top recommendations."""

    types = frozenset({"demand.submitted", "demand.closed"})

    def __init__(self, deps: MatchingDeps) -> None:
        self._deps = deps

    def handle(self, messages: Sequence[Message]) -> list[str]:
        index, steps = self._deps.index, Steps(MATCHING_SECONDS)
        with index.lock:
            with steps.step("database"), self._deps.sessions.begin() as session:
                claimed = _claim_and_write(session, DEMANDS, messages)
                rows = rows_by_id(session, models.Demand, entity_ids(messages))
                with steps.step("match"):
                    plan = self._plan(rows, entity_ids(messages), _changed_ids(messages, claimed))
                stored = store_matches(session, plan.results)
            with steps.step("index"):
                plan.apply()
        with steps.step("announce"):
            self._deps.announcer.announce(stored)
        return _outcomes(messages, claimed)

    def _plan(self, rows: dict[str, models.Demand], ids: list[str], changed: set[str]) -> _Plan:
        plan = _Plan()
        index = self._deps.index
        for demand_id in ids:
            row = rows.get(demand_id)
            if row is None or row.status != "open":
                plan.index_changes.append(lambda i=demand_id: index.drop_demand(i))
                continue
            demand = demand_record(row)
            if demand_id in changed:
                found = index.matcher.match_demand(demand, self._deps.top_k)
                plan.results += [(result, "demand→supply") for result in found]
            plan.index_changes.append(lambda d=demand: index.put_demand(d))
        return plan


class AchievementHandler:
    """Runs in every instance: stores the achievement once, keeps the replica, percolates.

    Every instance percolates a new achievement against the demands it holds; the unique
    (demand, achievement) key lets exactly one of them store and announce each pair.
    """

    types = frozenset({"achievement.published", "achievement.withdrawn"})

    def __init__(self, deps: MatchingDeps) -> None:
        self._deps = deps

    def handle(self, messages: Sequence[Message]) -> list[str]:
        index, bus, steps = self._deps.index, self._deps.bus, Steps(MATCHING_SECONDS)
        with index.lock:
            with steps.step("database"), self._deps.sessions.begin() as session:
                claimed = _claim_and_write(session, ACHIEVEMENTS, messages)
                rows = rows_by_id(session, models.Achievement, entity_ids(messages))
                index.refresh_subscriptions(session)
                with steps.step("match"):
                    plan = self._plan(rows, entity_ids(messages), _changed_ids(messages, claimed))
                stored = store_matches(session, plan.results)
                # Before the commit: subscription hits are not stored anywhere, so announcing
                # them late could lose them; announcing them twice is harmless (outbox key).
                with steps.step("announce"):
                    for envelope in plan.announcements:
                        publish_event(bus, envelope)
                    bus.flush()
            with steps.step("index"):
                plan.apply()
        with steps.step("announce"):
            self._deps.announcer.announce(stored)
        return _outcomes(messages, claimed)

    def _plan(
        self, rows: dict[str, models.Achievement], ids: list[str], changed: set[str]
    ) -> _Plan:
        plan = _Plan()
        index = self._deps.index
        for achievement_id in ids:
            row = rows.get(achievement_id)
            if row is None or row.status != "published":
                plan.index_changes.append(lambda i=achievement_id: index.drop_achievement(i))
                continue
            achievement = achievement_record(row)
            if index.achievement(achievement_id) == achievement:
                continue  # already held as it is: percolated when it arrived
            found = index.matcher.percolate(achievement)
            plan.results += [(result, "supply→demand") for result in found]
            if achievement_id in changed and index.has_subscriptions:
                plan.announcements += self._subscription_hits(row, achievement)
            plan.index_changes.append(lambda a=achievement: index.put_achievement(a))
        return plan

    def _subscription_hits(
        self, row: models.Achievement, achievement: Achievement
    ) -> list[Envelope]:
        index = self._deps.index
        hits = []
        for subscription_id, hit in index.matcher.match_subscriptions(achievement):
            user_id = index.subscriber(subscription_id)
            if user_id is not None:
                hits.append(_subscription_event(subscription_id, user_id, row, hit))
        return hits


def _subscription_event(
    subscription_id: str, user_id: int, row: models.Achievement, hit
) -> Envelope:  # type: ignore[no-untyped-def]
    payload = events.SubscriptionMatch(
        subscription_id=subscription_id,
        user_id=user_id,
        achievement_id=row.id,
        achievement_title=row.title,
        score=min(100.0, max(0.0, float(hit.score))),
        reasons=[
            events.MatchReason(
                demand_term=p.demand_term,
                achievement_term=p.achievement_term,
                similarity=float(p.similarity),
            )
            for p in hit.pairs
        ],
    )
    event_id = events.content_event_id("subscription.matched", payload)
    return events.new_event("subscription.matched", payload, CONSUMER, event_id=event_id)


class ReferenceHandler:
    """Enterprises and policies: stored for the bot, the policy engine and the notifier."""

    def __init__(
        self,
        deps: MatchingDeps,
        kind: EntityKind,
        types: frozenset[str],
        on_policy: PolicyHook | None = None,
    ) -> None:
        self.types = types
        self._deps = deps
        self._kind = kind
        self._on_policy = on_policy

    def handle(self, messages: Sequence[Message]) -> list[str]:
        bus = self._deps.bus
        with self._deps.sessions.begin() as session:
            claimed = _claim_and_write(session, self._kind, messages)
            if self._on_policy is not None:
                changed = _changed_ids(messages, claimed)
                for row in rows_by_id(session, models.Policy, sorted(changed)).values():
                    self._on_policy(session, row, lambda e: publish_event(bus, e))
                bus.flush()
        return _outcomes(messages, claimed)
