"""Redis clients and typed keys: dedup markers with a TTL and fixed-window rate counters."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar

import fakeredis
import redis
import redis.asyncio as aioredis


def create_redis(url: str, server: fakeredis.FakeServer | None = None) -> redis.Redis:
    """A real client, or with an empty url an in-process fakeredis (the embedded default)."""
    if url:
        return redis.Redis.from_url(url, decode_responses=False)
    return fakeredis.FakeRedis(server=server or fakeredis.FakeServer())


def create_async_redis(url: str, server: fakeredis.FakeServer | None = None) -> aioredis.Redis:
    if url:
        return aioredis.Redis.from_url(url, decode_responses=False)
    return fakeredis.FakeAsyncRedis(server=server or fakeredis.FakeServer())


@dataclass(frozen=True)
class RedisKey:
    """`prefix:field:field`; subclasses declare the prefix and typed fields."""

    prefix: ClassVar[str]
    namespace: ClassVar[str] = "mengke"

    def __str__(self) -> str:
        parts = [str(getattr(self, f.name)) for f in fields(self)]
        return ":".join([self.namespace, self.prefix, *parts])


@dataclass(frozen=True)
class DedupKey(RedisKey):
    prefix: ClassVar[str] = "dedup"
    scope: str
    item: str


@dataclass(frozen=True)
class RateKey(RedisKey):
    prefix: ClassVar[str] = "rate"
    scope: str
    subject: str
    window: int


def claim_once(client: redis.Redis, key: RedisKey, ttl_seconds: int) -> bool:
    """True for the first caller within the TTL, False for every repeat."""
    return bool(client.set(str(key), b"1", nx=True, ex=ttl_seconds))


async def claim_once_async(client: aioredis.Redis, key: RedisKey, ttl_seconds: int) -> bool:
    """`claim_once` on the bot's asyncio client."""
    return bool(await client.set(str(key), b"1", nx=True, ex=ttl_seconds))


def count_hit(client: redis.Redis, scope: str, subject: str, window_s: int, now: float) -> int:
    """Hits of `subject` in the current fixed window of `window_s` seconds, this one included."""
    key = str(RateKey(scope, subject, int(now // window_s)))
    pipe = client.pipeline()
    pipe.incr(key)
    pipe.expire(key, window_s * 2)
    hits, _ = pipe.execute()
    return int(hits)
