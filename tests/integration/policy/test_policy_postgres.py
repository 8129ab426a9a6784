"""Policy pushes and the scheduler on the real PostgreSQL: the job store in the database,
restarts and a missed run, a push racing the digest, one scheduler per job store."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, sessionmaker

from mengke.bus.memory import MemoryBus
from mengke.pushes import records
from mengke.pushes.service import PushDeps, send_digests
from mengke.scheduler.lease import SchedulerAlreadyRunning, scheduler_lease
from storage import models
from storage.db import session_factory
from tests.support.databases import migrated_postgres
from tests.support.policy_pushes import (
    SHANGHAI,
    add_devset_policy,
    add_subscriber,
    at,
    sent,
)
from tests.support.policy_scheduler import Harness, scheduler_harness


@pytest.fixture
def engine(postgres_url) -> Iterator[Engine]:
    with migrated_postgres(postgres_url) as engine:
        yield engine


@pytest.fixture
def sessions(engine) -> sessionmaker[Session]:
    factory = session_factory(engine)
    with factory.begin() as session:
        for number in range(1, 21):
            add_devset_policy(session, f"DP{number:03d}")
        add_subscriber(session, 101, "DE002", "daily")
        add_subscriber(session, 102, "DE004", "weekly")
    return factory


@pytest.fixture
async def harness(engine, sessions, monkeypatch) -> AsyncIterator[Harness]:
    async with scheduler_harness(engine, sessions, MemoryBus(), monkeypatch) as harness:
        yield harness


async def test_the_job_store_in_postgres_survives_restarts_and_makes_up_a_missed_run(
    harness, engine, sessions
):
    bus = harness.context.pushes.bus
    await harness.start()
    await harness.tick(at("2026-11-16") + timedelta(seconds=1))
    assert {(r, k) for r, k, _ in sent(bus)} == {
        (101, "digest:daily:2026-11-16"),
        (102, "digest:weekly:2026-W47"),
    }
    await harness.stop()
    with engine.connect() as connection:
        stored = connection.execute(text("select id from apscheduler_jobs order by id"))
        assert [row.id for row in stored] == [
            "policy_digest_daily",
            "policy_digest_weekly",
            "policy_reminders",
        ]

    with sessions.begin() as session:  # while it is down over Tuesday 09:00
        add_devset_policy(session, "DP003", id="NEW1", title="研发投入后补助（第二批）")
    harness.clock.now = at("2026-11-17", 11)
    await harness.start()
    assert sent(bus)[-1] == (101, "digest:daily:2026-11-17", ["NEW1"])
    assert harness.next_runs()["policy_digest_daily"] == at("2026-11-18")


def test_a_push_racing_the_digest_makes_it_decide_again(sessions, monkeypatch):
    """The consumer's urgent push records DP001 for 101 between the digest's read and its
    write; the unique delivery row turns that into a retry, and DP001 is not sent twice."""
    stale = records.deliveries
    raced = []

    def racing(session, user_id):
        seen = stale(session, user_id)
        if not raced:
            raced.append(user_id)
            with sessions.begin() as other:
                other.add(
                    models.PolicyDelivery(
                        user_id=user_id, policy_id="DP001", dedup_key="urgent:DP001"
                    )
                )
        return seen

    monkeypatch.setattr(records, "deliveries", racing)
    bus = MemoryBus()
    send_digests(PushDeps(sessions, bus, timezone=SHANGHAI), "daily", at("2026-11-16"))
    [(recipient, key, ids)] = sent(bus)
    assert (recipient, key) == (101, "digest:daily:2026-11-16")
    assert set(ids) == {"DP002", "DP003", "DP005", "DP019"}
    with sessions() as session:
        count = session.scalar(select(func.count()).select_from(models.PolicyDispatch))
        assert count == 1


def test_only_one_scheduler_may_use_a_job_store(engine):
    with scheduler_lease(engine), pytest.raises(SchedulerAlreadyRunning), scheduler_lease(engine):
        pass
    with scheduler_lease(engine):  # released with its holder
        pass
