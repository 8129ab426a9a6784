"""Fixtures shared by every tier: unique names, and the real services of scripts/services.sh.

A service that is not there fails the test that needs it; nothing here skips.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest

SERVICES_HINT = "start the services first: `bash scripts/services.sh up` (or run `make test`)"


def _required_env(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        pytest.fail(f"{name} is not set: {SERVICES_HINT}", pytrace=False)
    return value


_ISSUED: list[str] = []  # every `unique` of this run
_CLEANUP: list[str] = []  # what became of their topics, for the summary


@pytest.fixture
def unique() -> str:
    """A suffix for topic names, ids and groups, so tests sharing one broker never collide."""
    value = uuid.uuid4().hex[:10]
    _ISSUED.append(value)
    return value


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in _CLEANUP:
        terminalreporter.write_line(f"kafka: {line}")


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """The broker; at the end of the run, this run's topics are deleted from it: the services
    keep their data from run to run, and a full run names about 70 topics of its own."""
    bootstrap = _required_env("MENGKE_KAFKA__BOOTSTRAP_SERVERS")
    from kafka import KafkaAdminClient
    from kafka.errors import KafkaError

    from tests.support.pipeline_services import delete_topics_naming

    try:
        KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=10_000).close()
    except KafkaError as exc:
        pytest.fail(f"Kafka at {bootstrap} is not reachable ({exc!r}): {SERVICES_HINT}")
    yield bootstrap
    try:
        _CLEANUP.append(f"deleted this run's {delete_topics_naming(bootstrap, _ISSUED)} topics")
    except KafkaError as exc:
        _CLEANUP.append(f"this run's topics are still on the broker ({exc!r})")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = _required_env("MENGKE_TEST_REDIS_URL")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as exc:
        pytest.fail(f"Redis at {url} is not reachable ({exc!r}): {SERVICES_HINT}")
    return url


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = _required_env("MENGKE_TEST_POSTGRES_URL")
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except OperationalError as exc:
        pytest.fail(f"PostgreSQL at {url} is not reachable ({exc!r}): {SERVICES_HINT}")
    finally:
        engine.dispose()
    return url


@pytest.fixture
def fake_bot_api() -> Iterator[object]:
    from tests.support.fake_bot_api import FakeBotApi

    api = FakeBotApi().start()
    try:
        yield api
    finally:
        api.stop()
