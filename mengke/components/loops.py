"""What every consumer loop of a process shares, and the names of its consumer groups."""

from __future__ import annotations

import socket
import threading
import uuid
from dataclasses import dataclass
from typing import Protocol

from consumers.deadletters import DeadLetterGate
from consumers.loop import ConsumerLoop, Handler
from mengke.context import Context
from mengke.metrics import Health
from mengke.settings import Settings


class Runnable(Protocol):
    name: str

    def run(self) -> None: ...


@dataclass(frozen=True)
class Wiring:
    """What every loop of a process shares: the context, the health board, the stop flag."""

    context: Context
    health: Health
    stop: threading.Event

    def loop(
        self, name: str, group: str, handlers: dict[str, Handler], ephemeral: bool = False
    ) -> ConsumerLoop:
        """`ephemeral`: the group is this process's alone and is deleted when the loop ends."""
        context = self.context
        gate = DeadLetterGate(context.redis, f"{context.settings.redis_scope}:dlq")
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


def group_id(settings: Settings, name: str) -> str:
    return f"{settings.kafka.group_prefix}.{name}"


def fresh_instance_id() -> str:
    return f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
