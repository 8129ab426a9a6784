"""An in-process bus with Kafka's semantics (partitions, groups, committed offsets)."""

from __future__ import annotations

import threading
import zlib
from collections import defaultdict
from collections.abc import Sequence

from mengke.bus.base import Record
from mengke.events import Topics


class MemoryBus:
    def __init__(self, topics: Topics | None = None, partitions: int = 1) -> None:
        self.topics = topics or Topics()
        self._partitions = partitions
        self._logs: dict[tuple[str, int], list[Record]] = defaultdict(list)
        self._committed: dict[tuple[str, str, int], int] = {}
        self._changed = threading.Condition()

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        raw_key = key.encode("utf-8") if key is not None else None
        partition = zlib.crc32(raw_key) % self._partitions if raw_key else 0
        with self._changed:
            log = self._logs[(topic, partition)]
            log.append(Record(topic, partition, len(log), raw_key, value))
            self._changed.notify_all()

    def flush(self) -> None:
        """Publishing is synchronous here."""

    def consumer(
        self, topics: Sequence[str], group_id: str, ephemeral: bool = False
    ) -> MemoryConsumer:
        return MemoryConsumer(self, list(topics), group_id, ephemeral)

    def close(self) -> None:
        """Nothing to release."""

    def records(self, topic: str) -> list[Record]:
        with self._changed:
            return [r for (t, _), log in sorted(self._logs.items()) if t == topic for r in log]

    def _fetch(self, group: str, topics: list[str], positions: dict, limit: int) -> list[Record]:
        batch: list[Record] = []
        for (topic, partition), log in sorted(self._logs.items()):
            if topic not in topics:
                continue
            start = positions.get((topic, partition))
            if start is None:
                start = self._committed.get((group, topic, partition), 0)
            taken = log[start : start + limit - len(batch)]
            positions[(topic, partition)] = start + len(taken)
            batch.extend(taken)
        return batch


class MemoryConsumer:
    def __init__(self, bus: MemoryBus, topics: list[str], group_id: str, ephemeral: bool) -> None:
        self._bus = bus
        self._topics = topics
        self._group = group_id
        self._ephemeral = ephemeral
        self._positions: dict[tuple[str, int], int] = {}

    def poll(self, timeout_s: float = 1.0, max_records: int = 100) -> list[Record]:
        with self._bus._changed:
            batch = self._bus._fetch(self._group, self._topics, self._positions, max_records)
            if not batch and timeout_s > 0:
                self._bus._changed.wait(timeout_s)
                batch = self._bus._fetch(self._group, self._topics, self._positions, max_records)
            return batch

    def commit(self, records: Sequence[Record]) -> None:
        with self._bus._changed:
            for record in records:
                slot = (self._group, record.topic, record.partition)
                self._bus._committed[slot] = max(
                    self._bus._committed.get(slot, 0), record.offset + 1
                )

    def lag(self) -> int:
        with self._bus._changed:
            return sum(
                len(log) - self._bus._committed.get((self._group, topic, partition), 0)
                for (topic, partition), log in self._bus._logs.items()
                if topic in self._topics
            )

    def close(self) -> None:
        self._positions.clear()
        if self._ephemeral:
            with self._bus._changed:
                for slot in [s for s in self._bus._committed if s[0] == self._group]:
                    del self._bus._committed[slot]
