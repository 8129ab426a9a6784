"""The bot: on its own with a search index that follows the achievements topic, or beside the
matching consumer in `mengke run`, sharing its index."""

from __future__ import annotations

import threading
from collections.abc import Callable

from consumers.replica import PUBLISHED_ACHIEVEMENTS, ReplicaHandler
from mengke.components.loops import Runnable, Wiring, fresh_instance_id
from mengke.components.matcher import MatcherService, loaded_index
from mengke.context import Context
from mengke.metrics import Health


def build_bot(
    context: Context, *, health: Health, stop: threading.Event
) -> tuple[list[Runnable], Callable[[], None]]:
    """`mengke bot` on its own: the search box keeps up with the achievements published and
    withdrawn while it runs, through a replica loop under a group of its own."""
    from bot.runner import run_bot

    index = loaded_index(context, search_only=True)
    handlers = {
        context.bus.topics.achievements: ReplicaHandler(
            index, context.sessions, PUBLISHED_ACHIEVEMENTS
        )
    }
    wiring = Wiring(context, health, stop)
    loop = wiring.loop("bot-search", f"bot.search.{fresh_instance_id()}", handlers, True)
    return [loop], lambda: run_bot(
        context, searcher=index.matcher, searcher_lock=index.lock, stop=stop
    )


def bot_beside(
    context: Context, matcher: MatcherService, stop: threading.Event
) -> Callable[[], None] | None:
    if not context.settings.bot.token.get_secret_value():
        return None
    from bot.runner import run_bot

    # One index for the matching consumer and the bot's search box, under the same lock.
    index = matcher.index
    return lambda: run_bot(context, searcher=index.matcher, searcher_lock=index.lock, stop=stop)
