"""The real APScheduler (AsyncIOScheduler, SQLAlchemyJobStore on a SQLite file) driven by a fake
clock: fixed jobs survive restarts, a run missed while down is made up once on start, and a
week of digests comes out right across all of it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from storage.db import create_db_engine
from tests.support.policy_pushes import add_devset_policy, at, sent
from tests.support.policy_scheduler import Harness, scheduler_harness

JOB_IDS = {"policy_digest_daily", "policy_digest_weekly", "policy_reminders"}


@pytest.fixture
async def harness(tmp_path, sessions, bus, monkeypatch) -> AsyncIterator[Harness]:
    jobstore = create_db_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    async with scheduler_harness(jobstore, sessions, bus, monkeypatch) as harness:
        yield harness


def _keys(bus, day: str) -> set[tuple[int, str]]:
    return {(recipient, key) for recipient, key, _ in sent(bus) if day in key}


async def test_fixed_jobs_are_scheduled_once_and_kept_across_restarts(harness):
    await harness.start()
    first = harness.next_runs()
    assert first == dict.fromkeys(JOB_IDS, at("2026-11-16"))
    await harness.stop()
    await harness.start()
    assert harness.next_runs() == first


async def test_a_week_of_digests_with_restarts_and_missed_runs(harness, bus, sessions, week):
    await harness.start()
    await harness.tick(at("2026-11-16", 9, 0) + timedelta(seconds=1))  # Monday 09:00
    assert _keys(bus, "2026-11-16") == {
        (101, "digest:daily:2026-11-16"),
        (103, "digest:daily:2026-11-16"),
    }
    assert _keys(bus, "W47") == {(102, "digest:weekly:2026-W47"), (104, "digest:weekly:2026-W47")}

    await harness.tick(at("2026-11-16", 10))  # restart mid-morning: the schedule is kept
    await harness.stop()
    await harness.start()
    assert harness.next_runs()["policy_digest_daily"] == at("2026-11-17")
    assert harness.next_runs()["policy_digest_weekly"] == at("2026-11-23")

    await harness.stop()  # down over Tuesday 09:00; a new policy arrives meanwhile
    with sessions.begin() as session:
        add_devset_policy(session, "DP003", id="NEW1", title="研发投入后补助（第二批）")
    harness.clock.now = at("2026-11-17", 12)
    await harness.start()  # three hours late: made up at once
    assert sent(bus)[-1] == (101, "digest:daily:2026-11-17", ["NEW1"])
    assert harness.next_runs()["policy_digest_daily"] == at("2026-11-18")

    await harness.stop()  # down from Tuesday noon to Thursday noon: two daily runs missed
    with sessions.begin() as session:
        add_devset_policy(session, "DP005", id="NEW2", title="揭榜挂帅（第二批）")
    harness.clock.now = at("2026-11-19", 12)
    before, runs = len(sent(bus)), len(harness.runs)
    await harness.start(grace_hours=48)  # both within grace: coalesced into one run
    assert sorted(harness.runs[runs:]) == ["policy_digest_daily", "policy_reminders"]
    assert sent(bus)[before:] == [(101, "digest:daily:2026-11-19", ["NEW2"])]

    for day in ("2026-11-20", "2026-11-21", "2026-11-22"):
        await harness.tick(at(day) + timedelta(seconds=1))
    assert len(sent(bus)) == before + 1  # nothing new: no empty digests
    await harness.tick(at("2026-11-23") + timedelta(seconds=1))
    assert [(r, k, set(ids)) for r, k, ids in sent(bus)[before + 1 :]] == [
        (102, "digest:weekly:2026-W48", {"NEW1", "NEW2"})
    ]


async def test_a_run_missed_beyond_the_grace_time_is_skipped_yet_nothing_is_lost(
    harness, bus, sessions, week
):
    await harness.start()
    await harness.stop()  # down from Sunday evening until Monday 16:00 (7 h late)
    harness.clock.now = at("2026-11-16", 16)
    await harness.start()
    assert sent(bus) == []
    await harness.tick(at("2026-11-17") + timedelta(seconds=1))
    assert _keys(bus, "2026-11-17") == {
        (101, "digest:daily:2026-11-17"),
        (103, "digest:daily:2026-11-17"),
    }
