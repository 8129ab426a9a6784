"""Telegram's sending limits, counted in Redis so that every notifier process shares them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

import redis

from storage.redis import count_hit


class RateLimiter:
    """At most `per_second` messages per second overall and `per_chat` per second per chat.

    Fixed one-second windows: cheap (two INCRs) and good enough, since a rare burst at a window
    edge is answered by Telegram with a 429 that the dispatcher honours.
    """

    def __init__(
        self,
        client: redis.Redis,
        per_second: int,
        per_chat: int,
        *,
        scope: str = "telegram",
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._client = client
        self._per_second = per_second
        self._per_chat = per_chat
        self._scope = scope
        self._clock = clock
        self._sleep = sleep

    async def acquire(self, chat_id: int) -> None:
        while True:
            now = self._clock()
            if self._allowed(chat_id, now):
                return
            await self._sleep(1.0 - now % 1.0 + 0.001)

    def _allowed(self, chat_id: int, now: float) -> bool:
        if count_hit(self._client, self._scope, f"chat:{chat_id}", 1, now) > self._per_chat:
            return False
        return count_hit(self._client, self._scope, "all", 1, now) <= self._per_second
