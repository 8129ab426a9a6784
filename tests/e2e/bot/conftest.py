"""A whole deployment in one process: fake Bot API, real Redis, SQLite, the pipeline, the bot."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from mengke.context import Context, build_context
from mengke.settings import (
    BotSettings,
    DbSettings,
    KafkaSettings,
    MatcherSettings,
    NotifierSettings,
    RedisSettings,
    Settings,
)
from storage import migrate
from tests.support.bot_e2e import BotProcess, Pipeline
from tests.support.pipeline import fresh_matcher

ADMIN = 9000


@pytest.fixture
def settings(tmp_path, fake_bot_api, redis_url, unique) -> Settings:
    return Settings(
        bus="memory",
        db=DbSettings(url=SecretStr(f"sqlite:///{tmp_path / 'mengke.db'}")),
        # Real Redis (dialog state, flood counters, claims), keys kept apart by the suffix.
        redis=RedisSettings(url=SecretStr(redis_url)),
        kafka=KafkaSettings(topic_suffix=f".{unique}"),
        # A test types faster than any person: the flood guard is tested in tests/unit/bot.
        bot=BotSettings(
            token=SecretStr("123456:E2E"),
            api_base_url=fake_bot_api.base_url,
            admin_ids=[ADMIN],
            flood_limit=1000,
        ),
        matcher=MatcherSettings(demand_top_k=3),
        notifier=NotifierSettings(rate_per_second=100, rate_per_chat_per_second=100),
    )


@pytest.fixture
def context(settings, unique) -> Iterator[Context]:
    context = build_context(settings)
    migrate.upgrade(context.engine)
    try:
        yield context
    finally:
        # Every key of this test carries the suffix: dialogs, flood counters, claims, updates.
        leftovers = list(context.redis.scan_iter(f"*{unique}*"))
        if leftovers:
            context.redis.delete(*leftovers)
        context.close()


@pytest.fixture
def pipeline(context) -> Iterator[Pipeline]:
    pipeline = Pipeline(context).start()
    try:
        yield pipeline
    finally:
        pipeline.close()


@pytest.fixture
def bot_process(context, pipeline) -> Iterator[BotProcess]:
    """The bot beside the pipeline, searching the matching consumer's index."""
    assert pipeline.matching is not None
    index = pipeline.matching.index
    process = BotProcess(context, index.matcher, index.lock).start()
    try:
        yield process
    finally:
        process.close()


@pytest.fixture
def lone_bot(context) -> Iterator[BotProcess]:
    """The bot alone (`mengke bot`): for dialogs that need no matching."""
    process = BotProcess(context, fresh_matcher()).start()
    try:
        yield process
    finally:
        process.close()
