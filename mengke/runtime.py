"""Launch of the long-running components: `mengke run` puts them all in one process beside the
bot and the scheduler; `drain` runs them to quiet on the embedded bus.

Each component is a set of loops, each loop a thread; SIGINT/SIGTERM set one stop flag, every
loop finishes and commits the batch in hand, and the process exits 0 — or 1 when a loop gave
up on a failure that outlasted its retries, so that a supervisor restarts it.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable

from consumers.dispatch import Dispatcher
from consumers.loop import ConsumerLoop
from mengke.components.bot import bot_beside
from mengke.components.loops import Runnable
from mengke.components.matcher import MatcherService, build_matcher
from mengke.components.notifier import NotifierService, build_notifier
from mengke.context import Context
from mengke.metrics import Health
from storage import migrate

log = logging.getLogger(__name__)


def ensure_embedded_schema(context: Context) -> None:
    """The embedded default starts on an empty SQLite file; a real database is migrated by
    `mengke db upgrade` (one migration, not one per starting process)."""
    if context.engine.dialect.name == "sqlite":
        migrate.upgrade(context.engine)


def build_all(
    context: Context, *, health: Health, stop: threading.Event
) -> tuple[list[Runnable], Callable[[], None] | None]:
    """`mengke run`: the loops of every component, and the bot to run on the main thread
    (none without a token: the console is the channel then, and nobody can chat)."""
    from mengke.scheduler.process import SchedulerComponent

    matcher = build_matcher(context, health=health, stop=stop)
    notifier = build_notifier(context, health=health, stop=stop)
    scheduler = SchedulerComponent(context, stop=stop)
    return [*matcher.runnables, *notifier.runnables, scheduler], bot_beside(context, matcher, stop)


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
