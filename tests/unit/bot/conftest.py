"""The bot on embedded parts: a SQLite file, the MemoryBus, fakeredis, a recording session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import fakeredis
import pytest
from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from sqlalchemy.orm import Session, sessionmaker

from bot.app import build_services, create_dispatcher, create_storage
from consumers.index import achievement_record
from matcher.engine import Matcher
from mengke.bus.memory import MemoryBus
from mengke.events import Envelope, decode
from mengke.settings import BotSettings
from storage import models
from storage.db import session_factory
from tests.support.bot_harness import BotHarness, RecordingSession
from tests.support.databases import migrated_sqlite
from tests.support.pipeline import add_user, fresh_matcher, records

ADMIN = 900
ENTERPRISE_USER = 100
SCOPE = "test"


@pytest.fixture(scope="session")
def searcher() -> Matcher:
    matcher = fresh_matcher()
    matcher.add_achievements(achievement_record(models.Achievement(**r)) for r in records("achievements"))
    return matcher


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
    storage = create_storage(redis, SCOPE)
    dispatcher = create_dispatcher(
        storage=storage, redis=redis, settings=bot_settings, services=services, scope=SCOPE,
        shared_redis=False,
    )
    session = RecordingSession()
    bot = Bot("123456:TEST", session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    yield BotHarness(dispatcher, bot, session)
    await storage.close()


def published(bus: MemoryBus, event_type: str) -> list[Envelope]:
    topic = {"enterprise": bus.topics.enterprises, "demand": bus.topics.demands,
             "match": bus.topics.feedback}[event_type.split(".")[0]]
    return [e for e in (decode(r.value) for r in bus.records(topic)) if e.type == event_type]


def add_enterprise_contact(sessions: sessionmaker[Session], user_id: int = ENTERPRISE_USER) -> str:
    """A user who registered an enterprise that the consumer has stored."""
    enterprise_id = f"tg{user_id}"
    with sessions.begin() as session:
        session.add(models.Enterprise(id=enterprise_id, name="包头金鹿磁材有限公司", region="包头",
                                      industry="稀土新材料"))
        add_user(session, user_id, enterprise_id=enterprise_id)
    return enterprise_id
