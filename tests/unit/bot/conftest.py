"""The bot on embedded parts: a SQLite file, the MemoryBus, fakeredis, a recording session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any

import fakeredis
import pytest
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_services
from mengke.bus.memory import MemoryBus
from mengke.events import Envelope, decode
from mengke.settings import BotSettings
from storage import models
from storage.db import session_factory
from tests.support.bot_harness import BotHarness, recorded_bot
from tests.support.databases import migrated_sqlite
from tests.support.pipeline import add_broker, add_user, records

ADMIN = 900
ENTERPRISE_USER = 100
SCOPE = "test"


@dataclass(frozen=True)
class Hit:
    achievement_id: str
    score: float


class WordSearcher:
    """Stands in for the matcher (tested on its own): achievements whose title or keywords
    contain one of the query's space-separated words, in file order."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        self._rows = rows

    def search(self, text: str, limit: int) -> list[Hit]:
        words = text.split()
        found = [
            r["id"]
            for r in self._rows
            if any(w in r["title"] or w in r["keywords"] for w in words)
        ]
        return [Hit(achievement_id, 50.0) for achievement_id in found[:limit]]


@pytest.fixture
def searcher() -> WordSearcher:
    return WordSearcher(records("achievements"))


@pytest.fixture
def sessions(tmp_path) -> Iterator[sessionmaker[Session]]:
    with migrated_sqlite(tmp_path) as engine:
        factory = session_factory(engine)
        with factory.begin() as session:
            session.add_all(models.Achievement(**r) for r in records("achievements"))
        yield factory


@pytest.fixture
def bus() -> MemoryBus:
    return MemoryBus()


@pytest.fixture
def bot_settings() -> BotSettings:
    return BotSettings(admin_ids=[ADMIN], flood_limit=1000)


@pytest.fixture
def redis() -> fakeredis.FakeAsyncRedis:
    return fakeredis.FakeAsyncRedis()


@pytest.fixture
def services(sessions, bus, redis, searcher, bot_settings) -> dict[str, Any]:
    return build_services(
        sessions, bus, redis, searcher, admin_ids=bot_settings.admin_ids, scope=SCOPE
    )


@pytest.fixture
async def harness(services, redis, bot_settings) -> AsyncIterator[BotHarness]:
    async with recorded_bot(redis, bot_settings, services, SCOPE) as harness:
        yield harness


def published(bus: MemoryBus, event_type: str) -> list[Envelope]:
    topic = {
        "enterprise": bus.topics.enterprises,
        "demand": bus.topics.demands,
        "match": bus.topics.feedback,
    }[event_type.split(".")[0]]
    return [e for e in (decode(r.value) for r in bus.records(topic)) if e.type == event_type]


def add_enterprise_contact(sessions: sessionmaker[Session], user_id: int = ENTERPRISE_USER) -> str:
    """A user who registered an enterprise that the consumer has stored."""
    enterprise_id = f"tg{user_id}"
    with sessions.begin() as session:
        session.add(
            models.Enterprise(
                id=enterprise_id, name="包头金鹿磁材有限公司", region="包头", industry="稀土新材料"
            )
        )
        add_user(session, user_id, enterprise_id=enterprise_id)
    return enterprise_id


BROKER, OTHER_BROKER = 300, 301
REASONS = [
    {"demand_term": "高温退磁", "achievement_term": "耐高温", "similarity": 82.0},
    {"demand_term": "永磁", "achievement_term": "永磁", "similarity": 100.0},
]


def add_match(
    sessions: sessionmaker[Session],
    *,
    achievement_id: str = "DA009",
    contact: int = ENTERPRISE_USER,
    status: str = "recommended",
    claimed_by: int | None = None,
) -> int:
    """A demand of `contact` and its match with `achievement_id`, as the consumer stores them."""
    demand_id = f"tg{contact}-d1"
    with sessions.begin() as session:
        if session.get(models.User, contact) is None:
            add_user(session, contact)
        if session.get(models.Demand, demand_id) is None:
            session.add(
                models.Demand(
                    id=demand_id,
                    title="永磁电机高温退磁",
                    industry="稀土新材料",
                    region="包头",
                    enterprise="包头金鹿磁材有限公司",
                    contact_user_id=contact,
                )
            )
        session.flush()
        match = models.Match(
            demand_id=demand_id,
            achievement_id=achievement_id,
            score=87.6,
            reasons=REASONS,
            direction="demand→supply",
            status=status,
            claimed_by=claimed_by,
        )
        session.add(match)
        session.flush()
        return match.id


def add_brokers(sessions: sessionmaker[Session], *user_ids: int, status: str = "approved") -> None:
    with sessions.begin() as session:
        for user_id in user_ids:
            add_broker(session, user_id, status=status)
