"""Wiring and launch of the long-running components: the matching consumer, the notifier, and
`mengke run`, which puts them in one process beside the bot and the scheduler.

Each component is a set of loops, each loop a thread; SIGINT/SIGTERM set one stop flag, every
loop finishes and commits the batch in hand, and the process exits 0 — or 1 when a loop gave
up on a failure that outlasted its retries, so that a supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from consumers.deadletters import DeadLetterGate
from consumers.dispatch import DeliveryLoop, Dispatcher
from consumers.entities import ENTERPRISES, POLICIES
from consumers.feedback import FeedbackHandler
from consumers.index import MatchIndex
from consumers.loop import ConsumerLoop, Handler
from consumers.matches import Announcer, publish_unannounced
from consumers.matching import (
    AchievementHandler,
    DemandHandler,
    MatchingDeps,
    ReferenceHandler,
)
from consumers.notifying import NotifierHandler
from consumers.policy_push import on_policy_published
from consumers.ratelimit import RateLimiter
from consumers.replica import OPEN_DEMANDS, PUBLISHED_ACHIEVEMENTS, ReplicaHandler
from matcher.engine import Matcher
from mengke.channel import Channel
from mengke.context import Context
from mengke.metrics import Health
from mengke.settings import Settings
from storage import migrate

log = logging.getLogger(__name__)


class Runnable(Protocol):
    name: str

    def run(self) -> None: ...


@dataclass
class MatcherService:
    index: MatchIndex
    loops: list[ConsumerLoop]
    instance_id: str

    @property
    def runnables(self) -> list[Runnable]:
        return list(self.loops)


@dataclass
class NotifierService:
    loop: ConsumerLoop
    dispatcher: Dispatcher
    delivery: DeliveryLoop
    wake: threading.Event = field(default_factory=threading.Event)

    @property
    def loops(self) -> list[ConsumerLoop]:
        return [self.loop]

    @property
    def runnables(self) -> list[Runnable]:
        return [self.loop, self.delivery]


def group_id(settings: Settings, name: str) -> str:
    return f"{settings.kafka.group_prefix}.{name}"


def ensure_embedded_schema(context: Context) -> None:
    """The embedded default starts on an empty SQLite file; a real database is migrated by
    `mengke db upgrade` (one migration, not one per starting process)."""
    if context.engine.dialect.name == "sqlite":
        migrate.upgrade(context.engine)


@dataclass(frozen=True)
class _Wiring:
    """What every loop of a process shares: the context, the health board, the stop flag."""

    context: Context
    health: Health
    stop: threading.Event

    def loop(
        self, name: str, group: str, handlers: dict[str, Handler], ephemeral: bool = False
    ) -> ConsumerLoop:
        """`ephemeral`: the group is this process's alone and is deleted when the loop ends."""
        context = self.context
        gate = DeadLetterGate(context.redis, f"{redis_scope(context.settings)}:dlq")
        group = group_id(context.settings, group)
        consumer = context.bus.consumer(list(handlers), group, ephemeral)
        return ConsumerLoop(
            name,
            context.bus,
            consumer,
            handlers,
            context.settings.consumer,
            health=self.health,
            stop=self.stop,
            gate=gate,
        )


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
    index = _loaded_index(context, matcher)
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
    wiring = _Wiring(context, health or Health(), stop or threading.Event())
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


def _loaded_index(context: Context, matcher: Matcher | None) -> MatchIndex:
    if matcher is None:
        from mengke.resources import build_default_matcher

        matcher = build_default_matcher(context.settings.matcher)
    index = MatchIndex(matcher)
    with context.sessions() as session:
        index.load(session)
    # The index lives as long as the process: keep the collector from walking it every time.
    gc.collect()
    gc.freeze()
    return index


def build_notifier(
    context: Context,
    *,
    channel: Channel | None = None,
    channel_name: str | None = None,
    health: Health | None = None,
    stop: threading.Event | None = None,
) -> NotifierService:
    bus, wake = context.bus, threading.Event()
    wiring = _Wiring(context, health or Health(), stop or threading.Event())
    handler = NotifierHandler(context.sessions, wake)
    topics = [bus.topics.matches, bus.topics.pushes, bus.topics.feedback]
    loop = wiring.loop("notifier", "notifier", dict.fromkeys(topics, handler))
    if channel is None:
        channel, channel_name = create_channel(context.settings)
    dispatcher = _dispatcher(context, channel, channel_name or "custom")
    delivery = DeliveryLoop(
        dispatcher,
        wake=wake,
        stop=wiring.stop,
        health=wiring.health,
        give_up_after_s=context.settings.consumer.give_up_after_seconds,
    )
    return NotifierService(loop, dispatcher, delivery, wake)


def _dispatcher(context: Context, channel: Channel, channel_name: str) -> Dispatcher:
    settings, scope = context.settings.notifier, redis_scope(context.settings)
    limiter = RateLimiter(
        context.redis,
        settings.rate_per_second,
        settings.rate_per_chat_per_second,
        scope=f"{scope}:telegram",
    )
    return Dispatcher(
        context.sessions,
        context.redis,
        channel,
        limiter,
        settings,
        channel_name,
        scope=f"{scope}:delivered",
    )


def create_channel(settings: Settings) -> tuple[Channel, str]:
    """Telegram when a token is set, else the console. A further channel (WeCom, e-mail) is
    one more branch here: the notifier only ever sees the Channel interface."""
    if settings.bot.token.get_secret_value():
        from bot.delivery import create_telegram_channel

        return create_telegram_channel(settings.bot), "telegram"
    from consumers.console_channel import ConsoleChannel

    return ConsoleChannel(), "console"


def redis_scope(settings: Settings) -> str:
    """Keeps the Redis keys of deployments (or tests) sharing one Redis apart."""
    return settings.kafka.group_prefix + settings.kafka.topic_suffix


def _types(prefix: str) -> frozenset[str]:
    from mengke.events import PAYLOADS

    return frozenset(t for t in PAYLOADS if t.startswith(prefix + "."))


def fresh_instance_id() -> str:
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"


def build_all(
    context: Context, *, health: Health, stop: threading.Event
) -> tuple[list[Runnable], Callable[[], None] | None]:
    """`mengke run`: the loops of every component, and the bot to run on the main thread
    (none without a token: the console is the channel then, and nobody can chat)."""
    from mengke.scheduler.process import SchedulerComponent

    matcher = build_matcher(context, health=health, stop=stop)
    notifier = build_notifier(context, health=health, stop=stop)
    scheduler = SchedulerComponent(context, stop=stop)
    return [*matcher.runnables, *notifier.runnables, scheduler], _bot(context, matcher, stop)


def build_bot(
    context: Context, *, health: Health, stop: threading.Event
) -> tuple[list[Runnable], Callable[[], None]]:
    """`mengke bot` on its own: the search box keeps up with the achievements published and
    withdrawn while it runs, through a replica loop under a group of its own."""
    from bot.runner import run_bot

    index = _loaded_index(context, None)
    handlers = {
        context.bus.topics.achievements: ReplicaHandler(
            index, context.sessions, PUBLISHED_ACHIEVEMENTS
        )
    }
    wiring = _Wiring(context, health, stop)
    loop = wiring.loop("bot-search", f"bot.search.{fresh_instance_id()}", handlers, True)
    return [loop], lambda: run_bot(
        context, searcher=index.matcher, searcher_lock=index.lock, stop=stop
    )


def _bot(
    context: Context, matcher: MatcherService, stop: threading.Event
) -> Callable[[], None] | None:
    if not context.settings.bot.token.get_secret_value():
        return None
    from bot.runner import run_bot

    # One index for the matching consumer and the bot's search box, under the same lock.
    index = matcher.index
    return lambda: run_bot(context, searcher=index.matcher, searcher_lock=index.lock, stop=stop)


def drain(
    context: Context,
    matcher: MatcherService | None = None,
    notifier: NotifierService | None = None,
) -> int:
    """Embedded default (memory bus): handle everything published so far, and whatever that
    publishes in turn, until nothing is left; return how many messages were handled.

    Builds the matcher (and a console notifier) when not given.
    """
    ensure_embedded_schema(context)
    matcher = matcher or build_matcher(context)
    notifier = notifier or build_notifier(context)
    return asyncio.run(_drain(matcher.loops + [notifier.loop], notifier.dispatcher))


async def _drain(loops: list[ConsumerLoop], dispatcher: Dispatcher) -> int:
    total = 0
    while True:
        handled = sum(loop.step(timeout_s=0) for loop in loops)
        handled += await dispatcher.deliver_due()
        total += handled
        if handled == 0:
            return total


def run_components(
    runnables: list[Runnable], stop: threading.Event, main: Callable[[], None] | None = None
) -> int:
    """Run each loop in a thread (and `main`, e.g. the bot, in this one) until stopped.

    Returns the process exit code: 1 if any loop died, else 0.
    """
    failures: list[BaseException] = []
    threads = [
        threading.Thread(target=_guarded(r, stop, failures), name=r.name) for r in runnables
    ]
    _stop_on_signals(stop)
    for thread in threads:
        thread.start()
    try:
        if main is not None:
            main()
            stop.set()
        while any(t.is_alive() for t in threads):
            stop.wait(0.5)
    except KeyboardInterrupt:
        stop.set()
    for thread in threads:
        thread.join()
    return 1 if failures else 0


def _guarded(runnable: Runnable, stop: threading.Event, failures: list) -> Callable[[], None]:
    def run() -> None:
        try:
            runnable.run()
        except BaseException as error:
            log.exception("%s stopped by %s", runnable.name, type(error).__name__)
            failures.append(error)
            stop.set()

    return run


def _stop_on_signals(stop: threading.Event) -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
