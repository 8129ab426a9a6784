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


# An empty variable in .env means "not set", not the current directory.
OptionalPath = Annotated[Path | None, BeforeValidator(lambda value: value or None)]


class MatcherSettings(BaseModel):
    # Operator-supplied extra synonyms/dictionary words (plain text files), merged over the
    # dictionaries shipped in matcher/data.
    extra_synonyms: OptionalPath = None
    extra_userdict: OptionalPath = None


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
