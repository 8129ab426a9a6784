"""How a notification leaves the system: one interface, one implementation per channel.

The notifier decides who gets what; a channel only knows how to render and deliver it.
Telegram (bot/) and the console are the channels today; WeCom, e-mail or SMS would be
another class with the same `send`, wired in mengke.context, and nothing else changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

MessageKind = Literal[
    "recommendation",  # a match shown to the enterprise contact who owns the demand
    "broker_alert",  # a match in a broker's scope
    "subscription_alert",  # a new achievement matching a user's keyword subscription
    "policy_digest",  # the daily/weekly policy digest
    "policy_urgent",  # a policy whose deadline is near, pushed at once
    "policy_reminder",  # 7 / 1 days before a deadline
    "broadcast",  # an admin's message to every active user
]


@dataclass(frozen=True)
class OutgoingMessage:
    recipient_id: int
    kind: MessageKind
    # Structured content (match, achievement, policies…); the channel renders it.
    payload: dict[str, Any] = field(default_factory=dict)


class DeliveryError(Exception):
    """Base of what a channel raises; the notifier decides what to do by the subclass."""


class RetryLater(DeliveryError):
    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry after {seconds}s")
        self.seconds = seconds


class RecipientGone(DeliveryError):
    """The recipient can no longer be reached (blocked the bot, deleted the account)."""


class TransientDeliveryError(DeliveryError):
    """Network trouble or a server error: worth retrying with backoff."""


class Channel(Protocol):
    async def send(self, message: OutgoingMessage) -> None: ...
