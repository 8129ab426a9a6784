"""Delivery of the outbox through a Channel: claim due rows, respect the rate limits, retry
what is worth retrying, settle every row. Channel-agnostic: it only sees the Channel errors."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

import redis
from sqlalchemy.orm import Session, sessionmaker
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from consumers.errors import GaveUp, is_transient
from consumers.outbox import Claimed, Settled, claim_due, settle
from consumers.ratelimit import RateLimiter
from mengke.channel import (
    Channel,
    DeliveryError,
    RecipientGone,
    RetryLater,
    TransientDeliveryError,
)
from mengke.metrics import NOTIFICATIONS, Health
from mengke.settings import NotifierSettings
from storage.models import utcnow
from storage.redis import DedupKey, claim_once

log = logging.getLogger(__name__)
DELIVERED_TTL_S = 7 * 24 * 3600
# A claimed row another notifier may not touch for this long; it is settled far sooner.
LEASE = timedelta(minutes=5)
CLAIM_BATCH = 50


@dataclass
class Dispatcher:
    sessions: sessionmaker[Session]
    redis: redis.Redis
    channel: Channel
    limiter: RateLimiter
    settings: NotifierSettings
    channel_name: str = "telegram"
    # Keeps the delivered-markers of two deployments (or two tests) sharing a Redis apart.
    scope: str = "delivered"
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep

    async def deliver_due(self) -> int:
        """Send what is due now; the number of rows settled."""
        rows = claim_due(self.sessions, CLAIM_BATCH, LEASE)
        results = await asyncio.gather(*(self._deliver(row) for row in rows))
        settle(self.sessions, results)
        return len(results)

    async def _deliver(self, row: Claimed) -> Settled:
        marker = DedupKey(self.scope, f"{row.recipient_id}:{row.dedup_key}")
        if self.redis.exists(str(marker)):
            # Sent by a notifier that died before settling the row: never send it twice.
            return Settled(row.id, row.recipient_id, "sent", 0)
        try:
            tries = await self._send(row)
        except Exception as error:  # noqa: BLE001 - every outcome is settled on the row
            result = self._failure(row, error)
        else:
            claim_once(self.redis, marker, DELIVERED_TTL_S)
            result = Settled(row.id, row.recipient_id, "sent", tries)
        NOTIFICATIONS.labels(self.channel_name, result.status).inc()
        log.info(
            "notification=%d recipient=%d kind=%s outcome=%s error=%s",
            row.id,
            row.recipient_id,
            row.kind,
            result.status,
            result.error or "-",
        )
        return result

    async def _send(self, row: Claimed) -> int:
        retrying = AsyncRetrying(
            retry=retry_if_exception(self._worth_retrying),
            wait=self._wait,
            stop=stop_after_attempt(self.settings.max_attempts),
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                await self.limiter.acquire(row.recipient_id)
                await self.channel.send(row.message())
        return attempt.retry_state.attempt_number

    def _worth_retrying(self, error: BaseException) -> bool:
        if isinstance(error, RetryLater):
            return error.seconds <= self.settings.max_inline_wait_seconds
        return isinstance(error, TransientDeliveryError)

    @staticmethod
    def _wait(state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        if isinstance(error, RetryLater):
            return float(error.seconds)
        return min(0.5 * 2 ** (state.attempt_number - 1), 10.0)

    def _failure(self, row: Claimed, error: BaseException) -> Settled:
        reason = f"{type(error).__name__}: {error}"[:1000]
        if isinstance(error, RetryLater):
            retry_at = utcnow() + timedelta(seconds=error.seconds)
            return Settled(row.id, row.recipient_id, "pending", 1, reason, retry_at=retry_at)
        tries = self.settings.max_attempts if isinstance(error, TransientDeliveryError) else 1
        gone = isinstance(error, RecipientGone)
        if not isinstance(error, DeliveryError):
            log.exception("notification=%d cannot be rendered or sent", row.id, exc_info=error)
        return Settled(row.id, row.recipient_id, "failed", tries, reason, recipient_gone=gone)


class DeliveryLoop:
    """The dispatcher on an event loop of its own, woken when rows are written."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        wake: threading.Event,
        stop: threading.Event,
        health: Health,
        give_up_after_s: float,
    ) -> None:
        self.name = "delivery"
        self.stop = stop
        self._dispatcher = dispatcher
        self._wake = wake
        self._health = health
        self._give_up_after_s = give_up_after_s

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        failing_since: float | None = None
        try:
            while not self.stop.is_set():
                try:
                    settled = await self._dispatcher.deliver_due()
                    failing_since = None
                except Exception as error:
                    if not is_transient(error):
                        raise
                    failing_since = failing_since or time.monotonic()
                    self._check_budget(failing_since, error)
                    settled = 0
                self._health.beat(self.name)
                if settled == 0:
                    await asyncio.to_thread(self._wake.wait, 1.0)
                    self._wake.clear()
        finally:
            await close_channel(self._dispatcher.channel)

    def _check_budget(self, failing_since: float, error: BaseException) -> None:
        log.warning("delivery: transient failure %s: %s", type(error).__name__, error)
        if time.monotonic() - failing_since > self._give_up_after_s:
            raise GaveUp(f"delivery: {type(error).__name__}: {error}") from error


async def close_channel(channel: Channel) -> None:
    """Channels holding a connection (Telegram's HTTP session) offer `close()`."""
    close = getattr(channel, "close", None)
    if close is not None:
        await close()
