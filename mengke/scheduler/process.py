"""`mengke scheduler`: the scheduler process, wired from the context, until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal
from datetime import datetime
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine

from mengke.context import Context
from mengke.pushes.ranking import build_policy_ranker
from mengke.pushes.service import PushDeps
from mengke.scheduler import registry
from mengke.scheduler.lease import scheduler_lease
from mengke.scheduler.runner import start_scheduler
from storage.db import create_db_engine

log = logging.getLogger(__name__)


def job_context(context: Context) -> registry.JobContext:
    settings = context.settings
    zone = ZoneInfo(settings.scheduler.timezone)
    pushes = PushDeps(
        sessions=context.sessions,
        bus=context.bus,
        ranker=build_policy_ranker(settings.matcher),
        digest_limit=settings.scheduler.digest_limit,
        timezone=zone,
    )
    return registry.JobContext(pushes, clock=lambda: datetime.now(zone))


def jobstore_engine(context: Context) -> Engine:
    url = context.settings.scheduler.jobstore_url.get_secret_value()
    return create_db_engine(url) if url else context.engine


async def start(context: Context, jobstore: Engine | None = None) -> AsyncIOScheduler:
    """Start within the running loop; also for a process hosting other things (`mengke run`)."""
    engine = jobstore or jobstore_engine(context)
    return await start_scheduler(job_context(context), engine, context.settings.scheduler)


async def serve(context: Context) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    engine = jobstore_engine(context)
    with scheduler_lease(engine):
        scheduler = await start(context, engine)
        for job in scheduler.get_jobs():
            log.info("job %s next run %s", job.id, job.next_run_time)
        try:
            await stop.wait()
        finally:
            scheduler.shutdown(wait=True)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
            registry.uninstall()
