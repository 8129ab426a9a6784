"""The broker goes away under two running `mengke matcher` processes: the one asked to stop
stops within seconds, the other gives up after its budget and exits non-zero, so that its
supervisor restarts it. A broker of the test's own, since the shared one must stay up."""

from __future__ import annotations

import gc
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator

import pytest
from kafka.errors import KafkaTimeoutError

from mengke.bus.kafka import KafkaBus, KafkaBusConsumer
from mengke.components.loops import group_id
from mengke.events import Topics
from mengke.settings import ConsumerSettings, KafkaSettings
from tests.support.pipeline_services import (
    REPO,
    group_members,
    pipeline_settings,
    postgres_schema,
    start_process,
    wait_until,
)

GIVE_UP_S = 8.0
STOP_WITHIN_S = 15.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def private_broker(tmp_path) -> Iterator[tuple[str, Callable[[], None]]]:
    """A broker started by the services script on ports of its own: its address, and the way
    to stop it."""
    port = _free_port()
    env = {
        **os.environ,
        "KAFKA_PORT": str(port),
        "KAFKA_CONTROLLER_PORT": str(_free_port()),
        "SERVICES_DIR": str(tmp_path / "services"),
    }

    def services(command: str) -> None:
        script = REPO / "scripts" / "services.sh"
        subprocess.run(["bash", str(script), command, "kafka"], env=env, check=True)

    services("up")
    yield f"127.0.0.1:{port}", lambda: services("down")
    services("down")


def _exit(process: subprocess.Popen, since: float) -> tuple[int, float]:
    """The exit code, and the seconds from `since` to the exit."""
    code = process.wait(60)
    return code, time.monotonic() - since


def test_losing_the_broker_stops_on_request_at_once_and_otherwise_gives_up(
    private_broker, tmp_path, unique, postgres_url, redis_url
):
    bootstrap, stop_broker = private_broker
    with postgres_schema(postgres_url) as db_url:
        settings = pipeline_settings(unique, bootstrap, db_url, redis_url)
        settings = settings.model_copy(
            update={"consumer": ConsumerSettings(give_up_after_seconds=GIVE_UP_S)}
        )
        logs = [tmp_path / "asked-to-stop.log", tmp_path / "left-running.log"]
        asked, left = (start_process(settings, "matcher", log=log) for log in logs)
        try:
            shared = group_id(settings, "matcher")
            wait_until(lambda: group_members(bootstrap, shared) == 2, 120, "both matchers")

            stop_broker()
            lost_at = time.monotonic()
            asked.send_signal(signal.SIGTERM)

            code, took = _exit(asked, lost_at)
            assert (code, took < STOP_WITHIN_S) == (0, True), logs[0].read_text()
            code, took = _exit(left, lost_at)
            text = logs[1].read_text()
            assert (code, took >= GIVE_UP_S) == (1, True), text
            assert "the broker has not answered for" in text
        finally:
            for process in (asked, left):
                if process.poll() is None:
                    process.kill()


def test_a_consumer_with_nothing_assigned_still_notices_that_the_broker_is_gone(
    private_broker, unique
):
    bootstrap, stop_broker = private_broker
    settings = KafkaSettings(bootstrap_servers=bootstrap, partitions=2)
    bus = KafkaBus(settings, Topics.with_suffix(f".{unique}"))
    topic = bus.topics.demands
    bus.ensure_topics([topic])
    bus.close()
    consumer = KafkaBusConsumer(settings, [topic], f"g.{unique}", ephemeral=False)
    try:
        assert consumer.lag() == 0  # never polled, so nothing assigned: nothing behind
        stop_broker()
        assert consumer.lag() is None
    finally:
        consumer.close()


# kafka-python's own close, when the producer is garbage-collected, waits for the same
# acknowledgements once more and raises; Python ignores that, and pytest reports it as this
# warning. The test collects the producer itself, so the warning is its own.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_flush_the_broker_cannot_acknowledge_fails_in_time_and_close_still_returns(
    private_broker, unique
):
    """A handler flushing when the broker goes away gets a transient error in time to retry,
    or to see a stop request, instead of waiting out kafka-python's 120 s delivery timeout."""
    bootstrap, stop_broker = private_broker
    timeout_s = 2.0
    settings = KafkaSettings(
        bootstrap_servers=bootstrap, partitions=2, flush_timeout_seconds=timeout_s
    )
    bus = KafkaBus(settings, Topics.with_suffix(f".{unique}"))
    topic = bus.topics.matches
    bus.ensure_topics([topic])
    bus.publish(topic, "D1", b"acknowledged")
    bus.flush()
    stop_broker()
    bus.publish(topic, "D1", b"never acknowledged")
    started = time.monotonic()
    with pytest.raises(KafkaTimeoutError):
        bus.flush()
    assert time.monotonic() - started < timeout_s + 2
    started = time.monotonic()
    bus.close()
    assert time.monotonic() - started < timeout_s + 2
    del bus
    gc.collect()
