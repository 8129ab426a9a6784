"""Policy pushes on the embedded parts: a migrated SQLite file and the in-process bus."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from mengke.bus.memory import MemoryBus
from mengke.components.matcher import MatcherService, build_matcher
from mengke.components.notifier import NotifierService, build_notifier
from mengke.context import Context
from mengke.pushes.service import PushDeps
from mengke.settings import NotifierSettings, Settings
from storage.db import session_factory
from tests.support.databases import migrated_sqlite
from tests.support.pipeline import RecordingChannel, embedded_context, fresh_matcher
from tests.support.policy_pushes import (
    SHANGHAI,
    add_devset_policy,
    add_subscriber,
)


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
    with embedded_context(folder, settings) as context:
        matching = build_matcher(context, matcher=fresh_matcher(), instance_id="policy-unit")
        yield context, matching, build_notifier(context, channel=channel, channel_name="test")


DEVSET_POLICIES = [f"DP{n:03d}" for n in range(1, 21)]


@pytest.fixture
def week(sessions):
    """Four subscribers: daily/weekly, without filters, with topics, with industries."""
    with sessions.begin() as session:
        for policy_id in DEVSET_POLICIES:
            add_devset_policy(session, policy_id)
        add_subscriber(session, 101, "DE002", "daily")
        add_subscriber(session, 102, "DE004", "weekly")
        add_subscriber(session, 103, "DE012", "daily", keywords=["蒙药"])
        add_subscriber(session, 104, "DE014", "weekly", industries=["大数据"])
