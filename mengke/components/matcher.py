"""The matching consumer: its index rebuilt from the database, a replica loop of its own and
the demand loop it shares with the other instances."""

from __future__ import annotations

import gc
import logging
import threading
from dataclasses import dataclass

from consumers.entities import ENTERPRISES, POLICIES
from consumers.feedback import FeedbackHandler
from consumers.index import MatchIndex
from consumers.loop import ConsumerLoop
from consumers.matches import Announcer, publish_unannounced
from consumers.matching import (
    AchievementHandler,
    DemandHandler,
    MatchingDeps,
    ReferenceHandler,
)
from consumers.policy_push import on_policy_published
from consumers.replica import OPEN_DEMANDS, ReplicaHandler
from matcher.engine import Matcher
from mengke.components.loops import Runnable, Wiring, fresh_instance_id
from mengke.context import Context
from mengke.metrics import Health

log = logging.getLogger(__name__)


@dataclass
class MatcherService:
    index: MatchIndex
    loops: list[ConsumerLoop]
    instance_id: str

    @property
    def runnables(self) -> list[Runnable]:
        return list(self.loops)


def build_matcher(
    context: Context,
    *,
    matcher: Matcher | None = None,
    instance_id: str | None = None,
    health: Health | None = None,
    stop: threading.Event | None = None,
) -> MatcherService:
    """The matching consumer, its index rebuilt from the database and unannounced alerts sent."""
    settings, bus = context.settings, context.bus
    index = loaded_index(context, matcher)
    publish_unannounced(bus, context.sessions)
    named = instance_id or settings.matcher.instance_id
    instance = named or fresh_instance_id()
    deps = MatchingDeps(
        context.sessions,
        bus,
        index,
        Announcer(bus, context.sessions),
        settings.matcher.demand_top_k,
    )
    wiring = Wiring(context, health or Health(), stop or threading.Event())
    topics = bus.topics
    shared = {
        topics.demands: DemandHandler(deps),
        topics.enterprises: ReferenceHandler(deps, ENTERPRISES, _types("enterprise")),
        topics.policies: ReferenceHandler(deps, POLICIES, _types("policy"), on_policy_published),
        topics.feedback: FeedbackHandler(deps),
    }
    replica = {
        topics.achievements: AchievementHandler(deps),
        topics.demands: ReplicaHandler(index, context.sessions, OPEN_DEMANDS),
    }
    # The replica first: draining the embedded bus then stores a dataset's achievements
    # before its demands are scored against them.
    loops = [
        # A named replica resumes behind its offsets; a fresh one replays the topics anyway.
        wiring.loop("matcher-replica", f"matcher.replica.{instance}", replica, not named),
        wiring.loop("matcher", "matcher", shared),
    ]
    log.info(
        "matcher instance=%s index achievements/demands/subscriptions=%s", instance, index.sizes()
    )
    return MatcherService(index, loops, instance)


def loaded_index(
    context: Context, matcher: Matcher | None = None, *, search_only: bool = False
) -> MatchIndex:
    if matcher is None:
        from mengke.resources import build_default_matcher

        matcher = build_default_matcher(context.settings.matcher)
    index = MatchIndex(matcher)
    with context.sessions() as session:
        index.load(session, search_only=search_only)
    # The index lives as long as the process: keep the collector from walking it every time.
    gc.collect()
    gc.freeze()
    return index


def _types(prefix: str) -> frozenset[str]:
    from mengke.events import PAYLOADS

    return frozenset(t for t in PAYLOADS if t.startswith(prefix + "."))
