"""One bus for every loop of a process: its publishes and flushes taken one at a time.

The Kafka bus keeps one list of unacknowledged sends; a flush in one thread while another
publishes could otherwise collect a send that is not acknowledged yet.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from mengke.bus import Bus, Consumer


class SerializedBus:
    def __init__(self, bus: Bus) -> None:
        self.topics = bus.topics
        self._bus = bus
        self._lock = threading.Lock()

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        with self._lock:
            self._bus.publish(topic, key, value)

    def flush(self) -> None:
        with self._lock:
            self._bus.flush()

    def consumer(self, topics: Sequence[str], group_id: str) -> Consumer:
        return self._bus.consumer(topics, group_id)

    def close(self) -> None:
        self._bus.close()
