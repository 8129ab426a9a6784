"""What `mengke bench pipeline` runs on: a scratch database beside the configured one, topics
of its own, and synthetic records recombined from the shipped sample."""

from __future__ import annotations

import dataclasses
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kafka import KafkaAdminClient
from pydantic import SecretStr
from sqlalchemy import insert
from sqlalchemy.orm import Session

from matcher import dataset, synthetic
from matcher.model import Achievement, Demand
from mengke.resources import SAMPLE_DIR
from mengke.settings import DbSettings, Settings
from storage import migrate, models
from storage.db import create_db_engine
from storage.models import utcnow

CHUNK = 5000


@contextmanager
def scratch_database(url: str) -> Iterator[str]:
    """A migrated schema of its own on the configured PostgreSQL (dropped afterwards), or a
    temporary SQLite file: the benchmark never writes into a deployment's tables."""
    if not url.startswith("postgresql"):
        with tempfile.TemporaryDirectory(prefix="mengke-bench-") as folder:
            yield _migrated(f"sqlite:///{folder}/bench.db")
        return
    with migrate.scratch_schema(url, "bench") as scoped:
        yield scoped


def _migrated(url: str) -> str:
    engine = create_db_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def bench_settings(settings: Settings, db_url: str) -> Settings:
    run = uuid.uuid4().hex[:8]
    kafka = settings.kafka.model_copy(
        update={"topic_suffix": f".bench{run}", "group_prefix": f"bench{run}"}
    )
    return settings.model_copy(update={"kafka": kafka, "db": DbSettings(url=SecretStr(db_url))})


def delete_topics(settings: Settings, names: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=settings.kafka.bootstrap_servers)
    try:
        admin.delete_topics(names)
    finally:
        admin.close()


@dataclasses.dataclass(frozen=True)
class Corpus:
    supply: synthetic.Pools
    demand: synthetic.Pools

    @classmethod
    def from_sample(cls, folder: Path = SAMPLE_DIR) -> Corpus:
        def read(name: str, build: Any) -> list[Any]:
            with (folder / name).open(encoding="utf-8-sig") as lines:
                return dataset.parse_lines(lines, name, build)

        supply = read("achievements.jsonl", dataset.achievement)
        demand = read("demands.jsonl", dataset.demand)
        return cls(synthetic.pools(supply), synthetic.pools(demand))

    def achievements(self, count: int, prefix: str, seed: int) -> list[Achievement]:
        made = synthetic.achievements(self.supply, count, seed)
        return [dataclasses.replace(a, id=f"{prefix}{n:06d}") for n, a in enumerate(made)]

    def demands(self, count: int, prefix: str, seed: int) -> list[Demand]:
        made = synthetic.demands(self.demand, count, seed)
        return [dataclasses.replace(d, id=f"{prefix}{n:06d}") for n, d in enumerate(made)]


def fields(record: Achievement | Demand) -> dict[str, Any]:
    """A matcher record as an event payload / table row."""
    values = dataclasses.asdict(record)
    values["keywords"] = list(record.keywords)
    return values


def preload(session: Session, achievements: list[Achievement], demands: list[Demand]) -> None:
    """Rows straight into the tables: what the matching consumer finds at start."""
    now = utcnow()
    for model, records, status in (
        (models.Achievement, achievements, "published"),
        (models.Demand, demands, "open"),
    ):
        rows = [{**fields(r), "status": status, "updated_at": now} for r in records]
        for start in range(0, len(rows), CHUNK):
            session.execute(insert(model), rows[start : start + CHUNK])
