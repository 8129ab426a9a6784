"""The scheduler as a component: wired from the context, run until its stop flag is set —
alone (`mengke scheduler`, stopped by SIGINT/SIGTERM) or as a thread of `mengke run`."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from mengke.context import Context
from mengke.pushes.ranking import build_policy_ranker
from mengke.pushes.service import PushDeps
from mengke.scheduler import registry
from mengke.scheduler.lease import scheduler_lease
from mengke.scheduler.runner import start_scheduler
from storage.db import create_db_engine

log = logging.getLogger(__name__)
STOP_CHECK_SECONDS = 0.5


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


@dataclass
class SchedulerComponent:
    """A Runnable (`name`, blocking `run`): the job store's lease is held while it runs."""

    context: Context
    stop: threading.Event = field(default_factory=threading.Event)
    name: str = "scheduler"

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        engine = jobstore_engine(self.context)
        with scheduler_lease(engine):
            jobs = job_context(self.context)
            scheduler = await start_scheduler(jobs, engine, self.context.settings.scheduler)
            for job in scheduler.get_jobs():
                log.info("job %s next run %s", job.id, job.next_run_time)
            try:
                while not self.stop.is_set():
                    await asyncio.sleep(STOP_CHECK_SECONDS)
            finally:
                scheduler.shutdown(wait=True)
                await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
                registry.uninstall()


def serve(context: Context) -> None:
    """`mengke scheduler`: in the foreground until SIGINT/SIGTERM."""
    component = SchedulerComponent(context)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: component.stop.set())
    component.run()
