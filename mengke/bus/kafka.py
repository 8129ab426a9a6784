"""The bus on a real Kafka cluster (kafka-python)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Sequence

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError
from kafka.producer.future import FutureRecordMetadata
from kafka.structs import OffsetAndMetadata

from mengke.bus.base import Record
from mengke.events import Topics
from mengke.settings import KafkaSettings

log = logging.getLogger(__name__)

# The lag query and the clean-up at close are side work: with the broker gone, kafka-python's
# 30 s defaults would hold a consumer loop, or a process asked to stop, that long each time.
_SIDE_REQUEST_TIMEOUT_MS = 2_000


class KafkaBus:
    def __init__(self, settings: KafkaSettings, topics: Topics | None = None) -> None:
        self.topics = topics or Topics.with_suffix(settings.topic_suffix)
        self._settings = settings
        # acks and idempotence are spelled out although they are kafka-python 3's defaults: a
        # broker acknowledgement from every in-sync replica, and no duplicates from the
        # producer's own retries. Every publisher here flushes once its events are out, which
        # sends at once; until then the linger and the large batches let a consumer batch's
        # alerts leave as a few record batches, not wake the sender thread every 16 KB.
        self._producer = KafkaProducer(
            bootstrap_servers=settings.bootstrap_servers,
            client_id=settings.client_id,
            acks="all",
            enable_idempotence=True,
            linger_ms=100,
            batch_size=262_144,
        )
        # Several consumer loops of one process publish and flush from their own threads.
        self._pending_lock = threading.Lock()
        self._pending: list[FutureRecordMetadata] = []

    def ensure_topics(self, names: Sequence[str] | None = None) -> None:
        admin = KafkaAdminClient(bootstrap_servers=self._settings.bootstrap_servers)
        try:
            for name in names or self.topics.all():
                with contextlib.suppress(TopicAlreadyExistsError):
                    admin.create_topics([self._new_topic(name)])
        finally:
            admin.close()

    def _new_topic(self, name: str) -> NewTopic:
        return NewTopic(
            name,
            num_partitions=self._settings.partitions,
            replication_factor=self._settings.replication_factor,
        )

    def publish(self, topic: str, key: str | None, value: bytes) -> None:
        raw_key = key.encode("utf-8") if key is not None else None
        future = self._producer.send(topic, key=raw_key, value=value)
        with self._pending_lock:
            self._pending.append(future)

    def flush(self) -> None:
        """Wait for every acknowledgement; raise the first send that failed, or
        `KafkaTimeoutError` when the broker has not acknowledged within the flush timeout."""
        # Taken before flushing: a send another thread makes meanwhile is its flush's business.
        with self._pending_lock:
            pending, self._pending = self._pending, []
        self._producer.flush(timeout=self._settings.flush_timeout_seconds)
        for future in pending:
            future.get(timeout=0)

    def consumer(
        self, topics: Sequence[str], group_id: str, ephemeral: bool = False
    ) -> KafkaBusConsumer:
        return KafkaBusConsumer(self._settings, list(topics), group_id, ephemeral)

    def close(self) -> None:
        try:
            self.flush()
            self._producer.close(timeout=self._settings.flush_timeout_seconds)
        except KafkaError as error:
            # Every publisher flushes, and handles a failure, before it closes: what is left
            # belongs to a batch whose offsets were not committed, or to alerts not marked
            # announced, and goes out again after the restart. kafka-python's close would only
            # wait for the same acknowledgements again; its sender thread dies with the process.
            # The text only: a log record holding the exception keeps its traceback alive,
            # and with it this bus and its producer.
            log.warning("closing with events the broker has not acknowledged: %s", str(error))


class KafkaBusConsumer:
    def __init__(
        self, settings: KafkaSettings, topics: list[str], group_id: str, ephemeral: bool
    ) -> None:
        self._settings = settings
        self._topics = topics
        self._group_id = group_id
        self._ephemeral = ephemeral
        # Without a committed offset a new group must read from the start, or events
        # published before the consumer first joined would be skipped.
        self._consumer = KafkaConsumer(
            *topics,
            bootstrap_servers=settings.bootstrap_servers,
            client_id=settings.client_id,
            group_id=group_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            max_poll_records=100,
            max_poll_interval_ms=300_000,
            session_timeout_ms=settings.session_timeout_ms,
        )

    def poll(self, timeout_s: float = 1.0, max_records: int = 100) -> list[Record]:
        try:
            batches = self._consumer.poll(
                timeout_ms=int(timeout_s * 1000), max_records=max_records
            )
        except KafkaError as error:
            # A broker restarting drops connections mid-request; the client reconnects by
            # itself, and the loop's broker check decides when the outage has lasted too long.
            if not error.retriable:
                raise
            log.warning("poll failed, polling again: %s: %s", type(error).__name__, error)
            time.sleep(timeout_s)
            return []
        return [
            Record(m.topic, m.partition, m.offset, m.key, m.value)
            for messages in batches.values()
            for m in messages
        ]

    def commit(self, records: Sequence[Record]) -> None:
        offsets: dict[TopicPartition, OffsetAndMetadata] = {}
        for record in records:
            partition = TopicPartition(record.topic, record.partition)
            next_offset = max(record.offset + 1, offsets.get(partition, _NONE).offset)
            offsets[partition] = OffsetAndMetadata(next_offset, "", -1)
        if offsets:
            self._consumer.commit(offsets)

    def lag(self) -> int | None:
        assigned = list(self._consumer.assignment())
        # With nothing assigned (yet, or to a spare instance) partition 0 of each topic is
        # asked instead: the loop relies on this query to notice a broker that has gone.
        asked = assigned or [TopicPartition(topic, 0) for topic in self._topics]
        timeout = _SIDE_REQUEST_TIMEOUT_MS
        try:
            ends = self._consumer.end_offsets(asked, timeout_ms=timeout)
            positions = [self._consumer.position(tp, timeout_ms=timeout) for tp in assigned]
        except KafkaError:
            return None
        if None in positions:
            return None
        return sum(max(0, ends[tp] - at) for tp, at in zip(assigned, positions, strict=True))

    def close(self) -> None:
        self._consumer.close(autocommit=False, timeout_ms=_SIDE_REQUEST_TIMEOUT_MS)
        if self._ephemeral:
            self._delete_group()

    def _delete_group(self) -> None:
        """Left behind, a group unique to one start of a process would stay on the broker,
        listed by every tool, until its offsets expire (a week by default)."""
        try:
            admin = KafkaAdminClient(
                bootstrap_servers=self._settings.bootstrap_servers,
                bootstrap_timeout_ms=_SIDE_REQUEST_TIMEOUT_MS,
                request_timeout_ms=_SIDE_REQUEST_TIMEOUT_MS,
            )
            try:
                outcome = admin.delete_groups([self._group_id]).get(self._group_id)
            finally:
                admin.close()
        except KafkaError as error:
            outcome = f"{type(error).__name__}: {error}"
        if outcome != "OK":
            log.warning("consumer group %s not deleted: %s", self._group_id, outcome)


_NONE = OffsetAndMetadata(-1, "", -1)
