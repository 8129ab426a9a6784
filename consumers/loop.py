"""The consumer loop: poll, decode, hand each topic's run of messages to its handler, commit.

A message that cannot be decoded, or whose handler fails for good, becomes a dead letter and
its offset is committed; a transient failure is retried with backoff and never committed past.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_delay,
    stop_when_event_set,
    wait_exponential,
)

from consumers.deadletters import DeadLetter, DeadLetterGate, send_to_dlq
from consumers.errors import GaveUp, PermanentError, is_transient
from mengke.bus import Bus, Consumer, Record
from mengke.events import Envelope, Payload, decode
from mengke.metrics import DEAD_LETTERS, LAG, MESSAGES, Health
from mengke.settings import ConsumerSettings

log = logging.getLogger(__name__)
LAG_EVERY_S = 5.0


@dataclass(frozen=True)
class Message:
    record: Record
    envelope: Envelope
    payload: Payload


class Handler(Protocol):
    types: frozenset[str]

    def handle(self, messages: Sequence[Message]) -> Sequence[str]:
        """Handle the messages in order, all or nothing; one outcome word per message."""


class ConsumerLoop:
    def __init__(
        self,
        name: str,
        bus: Bus,
        consumer: Consumer,
        handlers: Mapping[str, Handler],
        settings: ConsumerSettings,
        *,
        health: Health | None = None,
        stop: threading.Event | None = None,
        gate: DeadLetterGate | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.name = name
        self.stop = stop or threading.Event()
        self._bus = bus
        self._consumer = consumer
        self._handlers = handlers
        self._settings = settings
        self._health = health or Health()
        self._gate = gate
        self._clock = clock
        self._lag_at = float("-inf")
        self._unreachable_since: float | None = None

    def run(self) -> None:
        """Until stopped; the batch in hand is committed before closing."""
        try:
            while not self.stop.is_set():
                self.step(timeout_s=1.0)
        finally:
            self._consumer.close()

    def step(self, timeout_s: float = 1.0) -> int:
        records = self._consumer.poll(timeout_s=timeout_s, max_records=self._settings.batch_size)
        letters: list[DeadLetter] = []
        for _, run in itertools.groupby(records, key=lambda r: r.topic):
            letters.extend(self._handle_run(list(run)))
        self._send_letters(letters)
        if records:
            self._consumer.commit(records)
        self._health.beat(self.name)
        self._check_broker()
        return len(records)

    def _send_letters(self, letters: list[DeadLetter]) -> None:
        fresh = [letter for letter in letters if self._gate is None or self._gate.claim(letter)]
        try:
            send_to_dlq(self._bus, fresh)
        except Exception:
            if self._gate is not None:
                for letter in fresh:
                    self._gate.release(letter)
            raise
        for letter in fresh:
            DEAD_LETTERS.labels(self.name, letter.topic).inc()

    def _handle_run(self, records: list[Record]) -> list[DeadLetter]:
        letters: list[DeadLetter] = []
        handler = self._handlers.get(records[0].topic)
        messages: list[Message] = []
        for record in records:
            try:
                messages.append(_message(record, handler))
            except Exception as error:  # noqa: BLE001 - whatever the bytes were, they go to the DLQ
                letters.append(self._dead_letter(record, error))
        if handler is not None and messages:
            self._dispatch(handler, messages, letters)
        return letters

    def _dispatch(self, handler: Handler, messages: list[Message], letters: list) -> None:
        try:
            outcomes = self._retrying(handler, messages)
        except GaveUp:
            raise
        except Exception as error:  # noqa: BLE001 - classified: anything not transient is permanent
            if len(messages) > 1:
                # One bad message must not take its batch with it: find it by going one by one.
                for message in messages:
                    self._dispatch(handler, [message], letters)
                return
            letters.append(self._dead_letter(messages[0].record, error))
            return
        for message, outcome in zip(messages, outcomes, strict=True):
            self._log(message, outcome)

    def _retrying(self, handler: Handler, messages: list[Message]) -> Sequence[str]:
        retrying = Retrying(
            retry=retry_if_exception(is_transient),
            wait=wait_exponential(multiplier=0.5, max=15),
            stop=stop_after_delay(self._settings.give_up_after_seconds)
            | stop_when_event_set(self.stop),
            sleep=self.stop.wait,
            before_sleep=self._log_retry,
            reraise=True,
        )
        try:
            return retrying(handler.handle, messages)
        except Exception as error:
            if is_transient(error):
                raise GaveUp(f"{self.name}: {type(error).__name__}: {error}") from error
            raise

    def _log_retry(self, state: RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        log.warning(
            "consumer=%s transient failure attempt=%d error=%s: %s",
            self.name,
            state.attempt_number,
            type(error).__name__,
            error,
        )

    def _dead_letter(self, record: Record, error: BaseException) -> DeadLetter:
        log.warning(
            "consumer=%s topic=%s partition=%d offset=%d outcome=dead_letter error=%s: %s",
            self.name,
            record.topic,
            record.partition,
            record.offset,
            type(error).__name__,
            error,
        )
        MESSAGES.labels(self.name, record.topic, "dead_letter").inc()
        return DeadLetter.of(record, error, self.name)

    def _log(self, message: Message, outcome: str) -> None:
        record = message.record
        log.info(
            "consumer=%s topic=%s partition=%d offset=%d event_id=%s type=%s outcome=%s",
            self.name,
            record.topic,
            record.partition,
            record.offset,
            message.envelope.event_id,
            message.envelope.type,
            outcome,
        )
        MESSAGES.labels(self.name, record.topic, outcome).inc()

    def _check_broker(self) -> None:
        """The lag query is the one request of an idle loop that the broker must answer, so it
        is also how a loop notices the broker has gone: polls just come back empty."""
        now = self._clock()
        if now - self._lag_at < LAG_EVERY_S:
            return
        self._lag_at = now
        lag = self._consumer.lag()
        if lag is not None:
            if self._unreachable_since is not None:
                log.info("consumer=%s broker answering again", self.name)
                self._unreachable_since = None
            LAG.labels(self.name).set(lag)
            return
        if self._unreachable_since is None:
            log.warning("consumer=%s broker not answering", self.name)
            self._unreachable_since = now
        elif now - self._unreachable_since >= self._settings.give_up_after_seconds:
            silent = now - self._unreachable_since
            raise GaveUp(f"{self.name}: the broker has not answered for {silent:.0f} s")


def _message(record: Record, handler: Handler | None) -> Message:
    envelope = decode(record.value)
    if handler is None or envelope.type not in handler.types:
        raise PermanentError(f"event type {envelope.type!r} is not expected on {record.topic}")
    return Message(record, envelope, envelope.parsed())
