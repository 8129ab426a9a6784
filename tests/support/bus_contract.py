"""Behaviour every Bus must show; run against the in-process bus and the real broker alike."""

from __future__ import annotations

import time
from collections.abc import Callable

from mengke.bus import Bus, Consumer, Record

MakeBus = Callable[[], Bus]


def drain(consumer: Consumer, expected: int, timeout_s: float = 30.0) -> list[Record]:
    """Poll until `expected` records arrived (more is a failure too), or fail after a timeout."""
    records: list[Record] = []
    deadline = time.monotonic() + timeout_s
    while len(records) < expected and time.monotonic() < deadline:
        records.extend(consumer.poll(timeout_s=0.5))
    records.extend(consumer.poll(timeout_s=0.2))
    assert len(records) == expected, f"expected {expected} records, got {len(records)}"
    return records


def produce_consume_commit(bus: Bus, topic: str, group: str) -> None:
    for i in range(10):
        bus.publish(topic, f"k{i % 3}", f"v{i}".encode())
    bus.flush()
    consumer = bus.consumer([topic], group)
    try:
        records = drain(consumer, 10)
        consumer.commit(records)
        assert sorted(r.value for r in records) == sorted(f"v{i}".encode() for i in range(10))
        by_key: dict[bytes | None, list[bytes]] = {}
        for record in sorted(records, key=lambda r: (r.partition, r.offset)):
            by_key.setdefault(record.key, []).append(record.value)
        # One key lives in one partition, so its values stay in publishing order.
        assert by_key[b"k0"] == [b"v0", b"v3", b"v6", b"v9"]
        assert consumer.lag() == 0
    finally:
        consumer.close()


def _publish_in_order(bus: Bus, topic: str, count: int) -> None:
    for i in range(count):
        bus.publish(topic, "same-key", f"v{i}".encode())
    bus.flush()


def _read_from_the_start(bus: Bus, topic: str, group: str, count: int) -> None:
    again = bus.consumer([topic], group)
    try:
        assert [r.value for r in drain(again, count)] == [f"v{i}".encode() for i in range(count)]
    finally:
        again.close()


def restart_after_commit_resumes_behind_it(bus: Bus, topic: str, group: str) -> None:
    _publish_in_order(bus, topic, 6)
    first = bus.consumer([topic], group)
    try:
        records = sorted(drain(first, 6), key=lambda r: r.offset)
        first.commit(records[:4])
    finally:
        first.close()
    second = bus.consumer([topic], group)
    try:
        assert [r.value for r in drain(second, 2)] == [b"v4", b"v5"]
    finally:
        second.close()


def crash_before_commit_redelivers(bus: Bus, topic: str, group: str) -> None:
    _publish_in_order(bus, topic, 3)
    crashed = bus.consumer([topic], group)
    try:
        drain(crashed, 3)
    finally:
        crashed.close()
    _read_from_the_start(bus, topic, group, 3)


def an_ephemeral_group_is_forgotten_when_it_closes(bus: Bus, topic: str, group: str) -> None:
    _publish_in_order(bus, topic, 3)
    first = bus.consumer([topic], group, ephemeral=True)
    try:
        first.commit(drain(first, 3))
    finally:
        first.close()
    # Its commits went with it: the same name now starts from the beginning.
    _read_from_the_start(bus, topic, group, 3)


CONTRACT = [
    produce_consume_commit,
    restart_after_commit_resumes_behind_it,
    crash_before_commit_redelivers,
    an_ephemeral_group_is_forgotten_when_it_closes,
]
