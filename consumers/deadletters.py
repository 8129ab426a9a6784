"""Dead letters: a message that cannot be handled, kept with why, to be read and replayed."""

from __future__ import annotations

import base64
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from pydantic import BaseModel, Field

from mengke.bus import Bus, Consumer, Record
from storage.redis import DedupKey, claim_once


class DeadLetter(BaseModel):
    topic: str
    partition: int
    offset: int
    key: str | None
    value_b64: str
    error_class: str
    error_message: str
    consumer: str
    failed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of(cls, record: Record, error: BaseException, consumer: str) -> DeadLetter:
        return cls(
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            key=record.key.decode("utf-8", "replace") if record.key is not None else None,
            value_b64=base64.b64encode(record.value).decode("ascii"),
            error_class=type(error).__name__,
            error_message=str(error)[:2000],
            consumer=consumer,
        )

    def original(self) -> bytes:
        return base64.b64decode(self.value_b64)

    def preview(self, width: int = 60) -> str:
        text = self.original().decode("utf-8", "replace").replace("\n", " ")
        return text if len(text) <= width else text[: width - 1] + "…"


Letter = tuple[Record, DeadLetter]  # a dead letter and its own place on the DLQ


class DeadLetterGate:
    """One dead letter per original message, however many loops or instances read it: the
    demands topic is read by two loops per matcher, the achievements topic by every matcher."""

    TTL_S = 30 * 24 * 3600

    def __init__(self, client: redis.Redis, scope: str) -> None:
        self._client = client
        self._scope = scope

    def claim(self, letter: DeadLetter) -> bool:
        return claim_once(self._client, self._key(letter), self.TTL_S)

    def release(self, letter: DeadLetter) -> None:
        self._client.delete(str(self._key(letter)))

    def _key(self, letter: DeadLetter) -> DedupKey:
        return DedupKey(self._scope, f"{letter.topic}:{letter.partition}:{letter.offset}")


def send_to_dlq(bus: Bus, letters: Sequence[DeadLetter]) -> None:
    """Publish and wait for the broker: the caller commits the originals right after."""
    for letter in letters:
        bus.publish(bus.topics.dlq, letter.key, letter.model_dump_json().encode("utf-8"))
    if letters:
        bus.flush()


def read_dead_letters(bus: Bus, group_id: str, deadline_s: float = 30.0) -> list[Letter]:
    """Every letter on the DLQ, read until the topic is idle; `group_id` should be fresh, so
    that nothing is skipped (this never commits)."""
    consumer = bus.consumer([bus.topics.dlq], group_id)
    try:
        records = _read_until_idle(consumer, deadline_s)
    finally:
        consumer.close()
    return [(r, DeadLetter.model_validate_json(r.value)) for r in records]


def _read_until_idle(consumer: Consumer, deadline_s: float) -> list[Record]:
    # A fresh Kafka group gets its partitions only after joining, so the first polls may be
    # empty: the end is an empty poll after data, or five empty polls in a row.
    records: list[Record] = []
    empty_polls = 0
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline and empty_polls < (1 if records else 5):
        batch = consumer.poll(timeout_s=1.0, max_records=500)
        records.extend(batch)
        empty_polls = 0 if batch else empty_polls + 1
    return records


@dataclass(frozen=True)
class LetterFilter:
    """Which dead letters an operator means; an unset field accepts any."""

    topic: str | None = None  # the original topic, as `mengke dlq list` shows it
    error_class: str | None = None

    def __call__(self, letter: DeadLetter) -> bool:
        return (self.topic is None or letter.topic == self.topic) and (
            self.error_class is None or letter.error_class == self.error_class
        )


class ReplayLedger:
    """The dead letters replayed already, by their place on the DLQ. Kept outside the DLQ's
    consumer offsets so that replaying some letters never skips the others."""

    TTL_S = 90 * 24 * 3600  # longer than any DLQ retention worth replaying from

    def __init__(self, client: redis.Redis, scope: str) -> None:
        self._client = client
        self._scope = scope

    def replayed(self, record: Record) -> bool:
        return bool(self._client.exists(str(self._key(record))))

    def mark(self, records: Sequence[Record]) -> None:
        for record in records:
            claim_once(self._client, self._key(record), self.TTL_S)

    def _key(self, record: Record) -> DedupKey:
        return DedupKey(self._scope, f"{record.partition}:{record.offset}")


def replay(bus: Bus, ledger: ReplayLedger, letters: Sequence[Letter]) -> int:
    """Publish each original message not replayed before again on its own topic, under its own
    key; marked only once the broker has them, so a failed replay can simply be run again."""
    fresh = [(record, letter) for record, letter in letters if not ledger.replayed(record)]
    for _, letter in fresh:
        bus.publish(letter.topic, letter.key, letter.original())
    bus.flush()
    ledger.mark([record for record, _ in fresh])
    return len(fresh)
