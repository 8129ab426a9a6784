"""Drops an update seen before. Long polling confirms updates only with the next getUpdates,
so a bot stopped between the two gets the last batch again after a restart; handled twice,
a dialog answer would land on the next step."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ClassVar

import redis.asyncio as aioredis
from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update

from storage.redis import RedisKey, claim_once_async

# Telegram keeps unconfirmed updates for 24 hours.
SEEN_TTL_SECONDS = 24 * 3600


@dataclass(frozen=True)
class UpdateKey(RedisKey):
    prefix: ClassVar[str] = "update"
    scope: str
    bot_id: int
    update_id: int


class DuplicateUpdateMiddleware(BaseMiddleware):
    def __init__(self, redis: aioredis.Redis, scope: str) -> None:
        self._redis = redis
        self._scope = scope

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if not isinstance(event, Update):
            return await handler(event, data)
        key = UpdateKey(self._scope, data["bot"].id, event.update_id)
        if not await claim_once_async(self._redis, key, SEEN_TTL_SECONDS):
            return None
        return await handler(event, data)
