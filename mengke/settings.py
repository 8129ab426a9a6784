"""One settings object, read from the environment and `.env` by the entry points only."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class KafkaSettings(BaseModel):
    bootstrap_servers: str = "localhost:9092"
    client_id: str = "mengke"
    group_prefix: str = "mengke"
    partitions: int = 4
    replication_factor: int = 1
    # How long a crashed consumer keeps its partitions before the group hands them on;
    # kafka-python's 45 s default leaves a killed matcher's demands waiting that long.
    session_timeout_ms: int = 10_000
    # Longest wait for the broker to acknowledge what a handler published. A flush that takes
    # longer fails as a transient error, so the handler is retried and a stop request is seen;
    # kafka-python would otherwise wait out its 120 s delivery timeout.
    flush_timeout_seconds: float = 10.0
    # Appended to every topic name, so that tests (or two demos) can share one broker.
    topic_suffix: str = ""


class DbSettings(BaseModel):
    url: SecretStr = SecretStr("sqlite:///mengke.db")
    echo: bool = False


class RedisSettings(BaseModel):
    # Empty means the embedded default: an in-process fakeredis server.
    url: SecretStr = SecretStr("")


class BotSettings(BaseModel):
    # Empty means no Telegram: notifications are printed to the console.
    token: SecretStr = SecretStr("")
    api_base_url: str = "https://api.telegram.org"
    admin_ids: list[int] = []
    mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str = ""
    webhook_listen: str = "127.0.0.1:8081"
    webhook_secret: SecretStr = SecretStr("")
    # Per-user flood guard: more than `flood_limit` updates in the window get one warning.
    flood_limit: int = 15
    flood_window_seconds: int = 10


class SchedulerSettings(BaseModel):
    timezone: str = "Asia/Shanghai"
    misfire_grace_seconds: int = 6 * 3600
    # Where APScheduler keeps its jobs; empty = the main database (table apscheduler_jobs).
    # Exactly one scheduler process may use a job store.
    jobstore_url: SecretStr = SecretStr("")
    # Local time of the daily digests, the weekly ones (Mondays) and the deadline reminders.
    digest_hour: int = 9
    digest_minute: int = 0
    # At most this many policies per digest, the most relevant first; the rest wait their turn.
    digest_limit: int = 10


# An empty variable in .env means "not set", not the current directory.
OptionalPath = Annotated[Path | None, BeforeValidator(lambda value: value or None)]


class MatcherSettings(BaseModel):
    # Operator-supplied extra synonyms/dictionary words (plain text files), merged over the
    # dictionaries shipped in matcher/data.
    extra_synonyms: OptionalPath = None
    extra_userdict: OptionalPath = None
    # Names this process's replica of the index (its own consumer group on the achievement
    # and demand topics). Empty: a fresh name per start, which replays those topics once.
    instance_id: str = ""
    # How many recommendations a new demand gets at most.
    demand_top_k: int = 10


class ConsumerSettings(BaseModel):
    batch_size: int = 200
    # A transient failure (database, Redis or broker down) is retried this long; then the
    # process exits non-zero so that its supervisor restarts it.
    give_up_after_seconds: float = 120.0


class NotifierSettings(BaseModel):
    # Telegram's limits: about 30 messages/s per bot, 1/s per chat.
    rate_per_second: int = 25
    rate_per_chat_per_second: int = 1
    max_attempts: int = 5
    # A longer flood-control wait is not slept through: the row is rescheduled instead.
    max_inline_wait_seconds: float = 30.0


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MENGKE_",
        env_nested_delimiter="__",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    bus: Literal["memory", "kafka"] = "memory"
    metrics_port: int = 0
    log_level: str = "INFO"
    kafka: KafkaSettings = KafkaSettings()
    db: DbSettings = DbSettings()
    redis: RedisSettings = RedisSettings()
    bot: BotSettings = BotSettings()
    scheduler: SchedulerSettings = SchedulerSettings()
    matcher: MatcherSettings = MatcherSettings()
    consumer: ConsumerSettings = ConsumerSettings()
    notifier: NotifierSettings = NotifierSettings()

    @property
    def redis_scope(self) -> str:
        """The prefix of this deployment's Redis keys: keeps deployments (or tests) sharing
        one Redis apart."""
        return self.kafka.group_prefix + self.kafka.topic_suffix
