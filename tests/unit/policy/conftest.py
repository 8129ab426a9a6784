"""Policy pushes on the embedded parts: a migrated SQLite file and the in-process bus."""

from __future__ import annotations

from collections.abc import Iterator

import fakeredis
import pytest
from sqlalchemy.orm import Session, sessionmaker

from mengke.bus.memory import MemoryBus
from mengke.context import Context
from mengke.pushes.service import PushDeps
from mengke.runtime import MatcherService, NotifierService, build_matcher, build_notifier
from mengke.settings import NotifierSettings, Settings
from storage.db import session_factory
from storage.redis import create_redis
from tests.support.databases import migrated_sqlite
from tests.support.pipeline import fresh_matcher
from tests.support.policy_pushes import SHANGHAI, RecordingChannel


@pytest.fixture
def sessions(tmp_path) -> Iterator[sessionmaker[Session]]:
    with migrated_sqlite(tmp_path) as engine:
        yield session_factory(engine)


@pytest.fixture
def bus() -> MemoryBus:
    return MemoryBus()


@pytest.fixture
def deps(sessions, bus) -> PushDeps:
    return PushDeps(sessions=sessions, bus=bus, timezone=SHANGHAI)


@pytest.fixture
def channel() -> RecordingChannel:
    return RecordingChannel()


@pytest.fixture
def pipeline(tmp_path, channel) -> Iterator[tuple[Context, MatcherService, NotifierService]]:
    """The pipeline's matching consumer and notifier, whose policy hook is ours."""
    settings = Settings(
        notifier=NotifierSettings(rate_per_second=1000, rate_per_chat_per_second=1000)
    )
    folder = tmp_path / "pipeline"
    folder.mkdir()
    with migrated_sqlite(folder) as engine:
        server = fakeredis.FakeServer()
        context = Context(
            settings,
            MemoryBus(),
            engine,
            session_factory(engine),
            create_redis("", server),
            server,
        )
        matching = build_matcher(context, matcher=fresh_matcher(), instance_id="policy-unit")
        yield context, matching, build_notifier(context, channel=channel, channel_name="test")
