"""Starting, stopping and ticking the real APScheduler in a test, on a fake clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED
from apscheduler.executors.debug import DebugExecutor
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from mengke.bus import Bus
from mengke.pushes.service import PushDeps
from mengke.scheduler import registry
from mengke.scheduler.runner import start_scheduler
from mengke.settings import SchedulerSettings
from tests.support.policy_pushes import SHANGHAI, FakeClock, at


class Harness:
    """Starts and stops schedulers over one job store; jobs run inline (DebugExecutor)."""

    def __init__(
        self, jobstore: Engine, sessions: sessionmaker[Session], bus: Bus, clock: FakeClock
    ) -> None:
        self.jobstore = jobstore
        self.context = registry.JobContext(PushDeps(sessions, bus, timezone=SHANGHAI), clock)
        self.clock = clock
        self.scheduler: AsyncIOScheduler | None = None
        self.runs: list[str] = []

    async def start(self, grace_hours: int = 6) -> AsyncIOScheduler:
        settings = SchedulerSettings(misfire_grace_seconds=grace_hours * 3600)
        self.scheduler = await start_scheduler(
            self.context, self.jobstore, settings, executor=DebugExecutor()
        )
        self.scheduler.add_listener(
            lambda event: self.runs.append(event.job_id), EVENT_JOB_EXECUTED
        )
        await asyncio.sleep(0)  # resume() wakes the scheduler on the loop's next turn
        return self.scheduler

    async def stop(self) -> None:
        assert self.scheduler is not None
        self.scheduler.shutdown(wait=False)
        await asyncio.sleep(0)
        self.scheduler = None

    async def tick(self, moment: datetime) -> None:
        """Time moves on to `moment`, and the scheduler looks at its jobs."""
        self.clock.now = moment
        assert self.scheduler is not None
        self.scheduler.wakeup()
        await asyncio.sleep(0)

    def next_runs(self) -> dict[str, datetime]:
        assert self.scheduler is not None
        return {job.id: job.next_run_time for job in self.scheduler.get_jobs()}


@asynccontextmanager
async def scheduler_harness(
    jobstore: Engine, sessions: sessionmaker[Session], bus: Bus, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[Harness]:
    """A Harness on a clock frozen at a Sunday evening; its scheduler stopped afterwards."""
    clock = FakeClock(at("2026-11-15", 20))
    clock.install(monkeypatch)
    harness = Harness(jobstore, sessions, bus, clock)
    try:
        yield harness
    finally:
        if harness.scheduler is not None:
            await harness.stop()
        registry.uninstall()
