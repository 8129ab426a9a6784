"""APScheduler 3: one AsyncIOScheduler over a SQLAlchemyJobStore, jobs with fixed ids.

Jobs run one at a time on a single worker thread: the digest and the reminder job both fire
at 09:00 and write the same delivery table, and one after the other they need no more care.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.executors.base import BaseExecutor
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from mengke.pushes.ledger import publish_pending
from mengke.scheduler import jobs, registry
from mengke.settings import SchedulerSettings


@dataclass(frozen=True)
class JobSpec:
    id: str
    func: Callable[..., Any]
    kwargs: dict[str, Any] = field(default_factory=dict)
    cron: dict[str, Any] = field(default_factory=dict)


JOBS = (
    JobSpec("policy_digest_daily", jobs.digest_job, {"frequency": "daily"}),
    JobSpec(
        "policy_digest_weekly", jobs.digest_job, {"frequency": "weekly"}, {"day_of_week": "mon"}
    ),
    JobSpec("policy_reminders", jobs.reminder_job),
)


def create_scheduler(
    jobstore: Engine, settings: SchedulerSettings, executor: BaseExecutor | None = None
) -> AsyncIOScheduler:
    return AsyncIOScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=jobstore)},
        executors={"default": executor or ThreadPoolExecutor(max_workers=1)},
        job_defaults={
            "coalesce": True,
            "misfire_grace_time": settings.misfire_grace_seconds,
            "max_instances": 1,
        },
        timezone=ZoneInfo(settings.timezone),
    )


def schedule_jobs(scheduler: AsyncIOScheduler, hour: int, minute: int, now: datetime) -> None:
    """Add (or replace) the fixed jobs. The scheduler must be started, paused, so that the
    stored jobs are readable: `replace_existing` computes a fresh next run time, which would
    silently drop a run missed while the scheduler was down; a stored time in the past is
    kept instead, and misfire grace with coalescing makes that run up once."""
    for spec in JOBS:
        stored = scheduler.get_job(spec.id)
        missed = stored is not None and stored.next_run_time and stored.next_run_time <= now
        kept = {"next_run_time": stored.next_run_time} if missed else {}
        trigger = CronTrigger(hour=hour, minute=minute, timezone=scheduler.timezone, **spec.cron)
        scheduler.add_job(
            spec.func,
            trigger,
            id=spec.id,
            name=spec.id,
            kwargs=spec.kwargs,
            replace_existing=True,
            **kept,
        )


async def start_scheduler(
    context: registry.JobContext,
    jobstore: Engine,
    settings: SchedulerSettings,
    executor: BaseExecutor | None = None,
) -> AsyncIOScheduler:
    """Install the job context, schedule the jobs, publish pushes a crash left unpublished,
    then let the jobs run (a missed one runs at once). Call within the running event loop."""
    registry.install(context)
    scheduler = create_scheduler(jobstore, settings, executor)
    scheduler.start(paused=True)
    schedule_jobs(scheduler, settings.digest_hour, settings.digest_minute, context.clock())
    pushes = context.pushes
    await asyncio.to_thread(publish_pending, pushes.sessions, pushes.bus, context.clock())
    scheduler.resume()
    return scheduler
