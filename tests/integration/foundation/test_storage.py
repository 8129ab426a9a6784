from contextlib import contextmanager

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import (
    Achievement,
    Base,
    Demand,
    Match,
    Notification,
    ProcessedEvent,
    User,
)


@contextmanager
def rejected_duplicate(engine):
    with Session(engine) as session, pytest.raises(IntegrityError):
        yield session
        session.commit()


def seed(engine) -> None:
    with Session(engine) as session:
        session.add_all(
            [
                Achievement(id="A1", title="钕铁硼", keywords=["钕铁硼", "矫顽力"]),
                Demand(id="D1", title="磁钢退磁"),
                User(id=7, role="enterprise"),
            ]
        )
        session.flush()
        session.add(
            Match(demand_id="D1", achievement_id="A1", score=90, direction="demand→supply")
        )
        session.add(ProcessedEvent(consumer="matcher", event_id="e1"))
        session.add(Notification(recipient_id=7, dedup_key="match:1", kind="recommendation"))
        session.commit()


def test_migrations_create_every_table_of_the_models(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_json_lists_round_trip(engine):
    seed(engine)
    with Session(engine) as session:
        assert session.get(Achievement, "A1").keywords == ["钕铁硼", "矫顽力"]


def test_a_pair_is_matched_once(engine):
    seed(engine)
    with rejected_duplicate(engine) as session:
        session.add(
            Match(demand_id="D1", achievement_id="A1", score=50, direction="supply→demand")
        )


def test_an_event_is_processed_once_per_consumer(engine):
    seed(engine)
    with rejected_duplicate(engine) as session:
        session.add(ProcessedEvent(consumer="matcher", event_id="e1"))
    with Session(engine) as session:
        session.add(ProcessedEvent(consumer="notifier", event_id="e1"))
        session.commit()


def test_a_recipient_gets_one_notification_per_cause(engine):
    seed(engine)
    with rejected_duplicate(engine) as session:
        session.add(Notification(recipient_id=7, dedup_key="match:1", kind="recommendation"))
    with Session(engine) as session:
        session.add(User(id=8))
        session.flush()
        session.add(Notification(recipient_id=8, dedup_key="match:1", kind="broker_alert"))
        session.commit()
        assert len(session.scalars(select(Notification)).all()) == 2


def test_a_match_needs_its_demand_and_achievement(engine):
    with rejected_duplicate(engine) as session:
        session.add(
            Match(demand_id="nope", achievement_id="nope", score=1, direction="demand→supply")
        )
