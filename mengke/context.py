"""The composition root: builds every I/O dependency once from the settings."""

from __future__ import annotations

from dataclasses import dataclass, field

import fakeredis
import redis
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mengke.bus import Bus
from mengke.bus.factory import create_bus
from mengke.settings import Settings
from storage.db import create_db_engine, session_factory
from storage.redis import create_redis


@dataclass
class Context:
    settings: Settings
    bus: Bus
    engine: Engine
    sessions: sessionmaker[Session]
    redis: redis.Redis
    # Shared by the sync and async fakeredis clients of the embedded default.
    fake_redis_server: fakeredis.FakeServer = field(default_factory=fakeredis.FakeServer)

    def close(self) -> None:
        self.bus.close()
        self.redis.close()
        self.engine.dispose()


def build_context(settings: Settings, *, bus: Bus | None = None) -> Context:
    engine = create_db_engine(settings.db.url.get_secret_value(), echo=settings.db.echo)
    server = fakeredis.FakeServer()
    return Context(
        settings=settings,
        bus=bus or create_bus(settings),
        engine=engine,
        sessions=session_factory(engine),
        redis=create_redis(settings.redis.url.get_secret_value(), server),
        fake_redis_server=server,
    )
