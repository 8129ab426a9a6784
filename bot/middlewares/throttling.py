"""Per-user flood guard on Redis: past the limit one polite warning, then silence until the
window turns over. Counters live in Redis so several bot processes share them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import redis.asyncio as aioredis
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User

from bot.texts import T
from storage.redis import RedisKey


@dataclass(frozen=True)
class FloodKey(RedisKey):
    prefix: ClassVar[str] = "flood"
    scope: str
    user_id: int
    window: int


class ThrottlingMiddleware(BaseMiddleware):
    def __init__(
        self,
        redis: aioredis.Redis,
        limit: int,
        window_seconds: int,
        scope: str,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._redis = redis
        self._scope = scope
        self._limit = limit
        self._window = window_seconds
        self._clock = clock

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or not isinstance(event, Update):
            return await handler(event, data)
        hits = await self.hit(user.id)
        if hits <= self._limit:
            return await handler(event, data)
        if hits == self._limit + 1:
            await event.bot.send_message(user.id, T.FLOOD_WARNING)  # type: ignore[union-attr]
        if event.callback_query is not None:
            # Stop the spinner on the button even when the tap itself is dropped.
            await event.callback_query.answer()
        return None

    async def hit(self, user_id: int) -> int:
        """Count one update of the user; the count of the current window, this one included."""
        key = str(FloodKey(self._scope, user_id, int(self._clock() // self._window)))
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, self._window * 2)
            hits, _ = await pipe.execute()
        return int(hits)
