"""The notifier: a loop turning match and push events into outbox rows, and the delivery loop
sending those through a Channel."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from consumers.dispatch import DeliveryLoop, Dispatcher
from consumers.loop import ConsumerLoop
from consumers.notifying import NotifierHandler
from consumers.ratelimit import RateLimiter
from mengke.channel import Channel
from mengke.components.loops import Runnable, Wiring
from mengke.context import Context
from mengke.metrics import Health
from mengke.settings import Settings


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


def build_notifier(
    context: Context,
    *,
    channel: Channel | None = None,
    channel_name: str | None = None,
    health: Health | None = None,
    stop: threading.Event | None = None,
) -> NotifierService:
    bus, wake = context.bus, threading.Event()
    wiring = Wiring(context, health or Health(), stop or threading.Event())
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
    settings, scope = context.settings.notifier, context.settings.redis_scope
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
