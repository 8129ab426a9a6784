"""The pipeline on the embedded parts: MemoryBus, a SQLite file, fakeredis, a recording channel."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mengke.components.matcher import MatcherService, build_matcher
from mengke.components.notifier import NotifierService, build_notifier
from mengke.context import Context
from mengke.settings import ConsumerSettings, NotifierSettings, Settings
from tests.support.pipeline import RecordingChannel, embedded_context, fresh_matcher


@pytest.fixture
def settings() -> Settings:
    return Settings(
        consumer=ConsumerSettings(give_up_after_seconds=1.0),
        notifier=NotifierSettings(rate_per_second=1000, rate_per_chat_per_second=1000),
    )


@pytest.fixture
def context(tmp_path, settings) -> Iterator[Context]:
    with embedded_context(tmp_path, settings) as context:
        yield context


@pytest.fixture
def matching(context) -> MatcherService:
    return build_matcher(context, matcher=fresh_matcher(), instance_id="unit")


@pytest.fixture
def channel() -> RecordingChannel:
    return RecordingChannel()


@pytest.fixture
def notifier(context, channel) -> NotifierService:
    return build_notifier(context, channel=channel, channel_name="test")
