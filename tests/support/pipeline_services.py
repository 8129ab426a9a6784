"""The pipeline on the real services: settings for one test, a private PostgreSQL schema any
process can reach by URL, running components, and what they left on the topics."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Collection, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer
from kafka.errors import CoordinatorNotAvailableError, KafkaError
from pydantic import SecretStr

from mengke.components.loops import Runnable
from mengke.events import Envelope, Topics, decode
from mengke.runtime import run_components
from mengke.settings import (
    BotSettings,
    ConsumerSettings,
    DbSettings,
    KafkaSettings,
    NotifierSettings,
    RedisSettings,
    Settings,
)
from storage import migrate

REPO = Path(__file__).resolve().parents[2]


def postgres_schema(url: str) -> AbstractContextManager[str]:
    """A migrated schema of its own; a URL that puts every connection into it."""
    return migrate.scratch_schema(url, "t")


def pipeline_settings(
    unique: str, kafka: str, db_url: str, redis_url: str, bot_api: str = ""
) -> Settings:
    return Settings(
        bus="kafka",
        kafka=KafkaSettings(
            bootstrap_servers=kafka,
            group_prefix=f"t.{unique}",
            topic_suffix=f".{unique}",
            partitions=4,
        ),
        db=DbSettings(url=SecretStr(db_url)),
        redis=RedisSettings(url=SecretStr(redis_url)),
        bot=BotSettings(
            token=SecretStr("4242:test-token" if bot_api else ""),
            api_base_url=bot_api or "https://api.telegram.org",
        ),
        consumer=ConsumerSettings(batch_size=200, give_up_after_seconds=30),
        notifier=NotifierSettings(
            rate_per_second=500, rate_per_chat_per_second=100, max_attempts=3
        ),
    )


def environment(settings: Settings) -> dict[str, str]:
    """The same settings as MENGKE_* variables, for a `mengke` subprocess."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENGKE_")}
    env.update(
        {
            "MENGKE_BUS": settings.bus,
            "MENGKE_LOG_LEVEL": "INFO",
            "MENGKE_KAFKA__BOOTSTRAP_SERVERS": settings.kafka.bootstrap_servers,
            "MENGKE_KAFKA__GROUP_PREFIX": settings.kafka.group_prefix,
            "MENGKE_KAFKA__TOPIC_SUFFIX": settings.kafka.topic_suffix,
            "MENGKE_KAFKA__PARTITIONS": str(settings.kafka.partitions),
            "MENGKE_DB__URL": settings.db.url.get_secret_value(),
            "MENGKE_REDIS__URL": settings.redis.url.get_secret_value(),
            "MENGKE_BOT__TOKEN": settings.bot.token.get_secret_value(),
            "MENGKE_BOT__API_BASE_URL": settings.bot.api_base_url,
            "MENGKE_NOTIFIER__RATE_PER_SECOND": str(settings.notifier.rate_per_second),
            "MENGKE_NOTIFIER__RATE_PER_CHAT_PER_SECOND": str(
                settings.notifier.rate_per_chat_per_second
            ),
            "MENGKE_NOTIFIER__MAX_ATTEMPTS": str(settings.notifier.max_attempts),
            "MENGKE_CONSUMER__GIVE_UP_AFTER_SECONDS": str(settings.consumer.give_up_after_seconds),
        }
    )
    return env


def start_process(settings: Settings, *args: str, log: Path) -> subprocess.Popen:
    """`mengke ARGS…` in a process of its own, its log in `log`."""
    handle = log.open("ab")
    return subprocess.Popen(
        [sys.executable, "-c", "from mengke.cli import main; main()", *args],
        cwd=REPO,
        env=environment(settings),
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


@dataclass
class Running:
    stop: threading.Event
    thread: threading.Thread
    exit_code: list[int]

    def close(self, timeout: float = 30) -> int:
        self.stop.set()
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the components did not stop"
        return self.exit_code[0]


@contextmanager
def running(runnables: list[Runnable], stop: threading.Event) -> Iterator[Running]:
    """The components in threads, as `mengke run` would; stopped (and checked) on exit."""
    code: list[int] = []
    thread = threading.Thread(target=lambda: code.append(run_components(runnables, stop)))
    thread.start()
    handle = Running(stop, thread, code)
    try:
        yield handle
    finally:
        if thread.is_alive():
            handle.close()


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


def read_topic(bootstrap: str, topic: str, idle_s: float = 2.0) -> list[bytes]:
    """Every message on the topic so far, read without a group."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        consumer_timeout_ms=int(idle_s * 1000),
    )
    try:
        return [message.value for message in consumer]
    finally:
        consumer.close()


def events_on(bootstrap: str, topic: str) -> list[Envelope]:
    return [decode(raw) for raw in read_topic(bootstrap, topic)]


def topics(unique: str) -> Topics:
    return Topics.with_suffix(f".{unique}")


def caught_up(bootstrap: str, group: str, topic_names: list[str]) -> bool:
    """The group has committed everything published so far on these topics."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    probe = KafkaConsumer(bootstrap_servers=bootstrap)
    try:
        try:
            committed = admin.list_group_offsets({group: None}).get(group, {})
        except KafkaError as exc:
            # On a broker that just started, the offsets topic (and so every group
            # coordinator) appears with the first group: until then, not caught up yet.
            if exc.retriable:
                return False
            raise
        partitions = [tp for t in topic_names for tp in _partitions(probe, t)]
        ends = probe.end_offsets(partitions)
        return all(
            committed.get(tp) is not None and committed[tp].offset >= ends[tp]
            for tp in partitions
            if ends[tp] > 0
        )
    finally:
        probe.close()
        admin.close()


def group_members(bootstrap: str, group: str) -> int:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        description = admin.describe_groups([group])[group]
    except CoordinatorNotAvailableError:
        return 0  # a new broker creates its offsets topic, and with it the coordinators, lazily
    finally:
        admin.close()
    return len(description["members"]) if description["group_state"] == "Stable" else 0


def consumer_groups(bootstrap: str, prefix: str) -> set[str]:
    """The groups on the broker whose names start with `prefix`."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        return {g["group_id"] for g in admin.list_groups() if g["group_id"].startswith(prefix)}
    finally:
        admin.close()


def delete_topics_naming(bootstrap: str, tokens: Collection[str]) -> int:
    """Delete every topic whose name holds one of `tokens`; how many there were."""
    admin = KafkaAdminClient(bootstrap_servers=bootstrap)
    try:
        names = [name for name in admin.list_topics() if any(t in name for t in tokens)]
        if names:
            admin.delete_topics(names)
        return len(names)
    finally:
        admin.close()


def _partitions(probe: KafkaConsumer, topic: str) -> list:
    from kafka import TopicPartition

    return [TopicPartition(topic, p) for p in sorted(probe.partitions_for_topic(topic) or ())]


def wait_idle(settings: Settings, sessions, instance: str, timeout: float = 120) -> None:
    """Matcher (instance `instance`) and notifier have committed everything, and the outbox
    holds nothing due."""
    from sqlalchemy import func, select

    from mengke.components.loops import group_id
    from storage.models import Notification

    t = Topics.with_suffix(settings.kafka.topic_suffix)
    groups = {
        group_id(settings, "matcher"): [t.demands, t.enterprises, t.policies, t.feedback],
        group_id(settings, f"matcher.replica.{instance}"): [t.achievements, t.demands],
        group_id(settings, "notifier"): [t.matches, t.pushes, t.feedback],
    }
    bootstrap = settings.kafka.bootstrap_servers

    def idle() -> bool:
        if not all(caught_up(bootstrap, g, names) for g, names in groups.items()):
            return False
        with sessions() as session:
            pending = select(func.count()).where(Notification.status == "pending")
            return session.scalar(pending) == 0

    wait_until(idle, timeout, "pipeline idle")


def wait_indexed(settings: Settings, instance: str, timeout: float = 60) -> None:
    """The matcher instance's replica has read every achievement published so far."""
    from mengke.components.loops import group_id

    replica = group_id(settings, f"matcher.replica.{instance}")
    achievements = Topics.with_suffix(settings.kafka.topic_suffix).achievements
    wait_until(
        lambda: caught_up(settings.kafka.bootstrap_servers, replica, [achievements]),
        timeout,
        f"replica {instance} holds the achievements",
    )
