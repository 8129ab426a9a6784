"""The pipeline on the embedded parts: MemoryBus, a SQLite file, fakeredis, a recording channel."""

from __future__ import annotations

from collections.abc import Iterator

import fakeredis
import pytest

from mengke.bus.memory import MemoryBus
from mengke.channel import OutgoingMessage
from mengke.components.matcher import MatcherService, build_matcher
from mengke.components.notifier import NotifierService, build_notifier
from mengke.context import Context
from mengke.settings import ConsumerSettings, NotifierSettings, Settings
from storage.db import session_factory
from storage.redis import create_redis
from tests.support.databases import migrated_sqlite
from tests.support.pipeline import fresh_matcher


class RecordingChannel:
    """Delivers into a list; `failures` are raised by the next sends, one each."""

    def __init__(self) -> None:
        self.sent: list[OutgoingMessage] = []
        self.failures: list[Exception] = []

    async def send(self, message: OutgoingMessage) -> None:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)


@pytest.fixture
def settings() -> Settings:
    return Settings(
        consumer=ConsumerSettings(give_up_after_seconds=1.0),
        notifier=NotifierSettings(rate_per_second=1000, rate_per_chat_per_second=1000),
    )


@pytest.fixture
def context(tmp_path, settings) -> Iterator[Context]:
    with migrated_sqlite(tmp_path) as engine:
        server = fakeredis.FakeServer()
        yield Context(
            settings,
            MemoryBus(),
            engine,
            session_factory(engine),
            create_redis("", server),
            server,
        )


@pytest.fixture
def matching(context) -> MatcherService:
    return build_matcher(context, matcher=fresh_matcher(), instance_id="unit")


@pytest.fixture
def channel() -> RecordingChannel:
    return RecordingChannel()


@pytest.fixture
def notifier(context, channel) -> NotifierService:
    return build_notifier(context, channel=channel, channel_name="test")
