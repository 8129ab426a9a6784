"""What producers and consumers see of a bus, whichever broker is behind it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from mengke.events import Envelope, Topics, encode


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes


class Consumer(Protocol):
    def poll(self, timeout_s: float = 1.0, max_records: int = 100) -> list[Record]: ...

    def commit(self, records: Sequence[Record]) -> None:
        """Mark these records done: the next poll after a restart starts behind them."""

    def lag(self) -> int | None:
        """Records not consumed yet; None when the broker did not answer in time."""

    def close(self) -> None: ...


class Bus(Protocol):
    topics: Topics

    def publish(self, topic: str, key: str | None, value: bytes) -> None: ...

    def flush(self) -> None: ...

    def consumer(self, topics: Sequence[str], group_id: str, ephemeral: bool = False) -> Consumer:
        """`ephemeral`: the group is this consumer's alone, and is deleted when it closes."""

    def close(self) -> None: ...


def publish_event(bus: Bus, envelope: Envelope) -> None:
    """Publish on the topic the event type belongs to, keyed by entity id to keep it ordered."""
    topic = getattr(bus.topics, envelope.base_topic.removeprefix("mengke."))
    bus.publish(topic, envelope.parsed().key, encode(envelope))
