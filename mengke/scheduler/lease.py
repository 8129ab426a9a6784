"""Exactly one scheduler per job store: two would run every job twice (APScheduler's FAQ:
"you can't" share a job store). On PostgreSQL a session-level advisory lock, held for the
life of the process, turns a second `mengke scheduler` away; a SQLite file belongs to one
process (the embedded default) anyway.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func, select

# Advisory locks are database-wide; the job store lives in the current schema, so the lock is
# named after it (two deployments may share a database in different schemas).
LOCK_KEY = func.hashtext(func.concat(func.current_schema(), ":mengke-scheduler"))


class SchedulerAlreadyRunning(RuntimeError):
    pass


@contextmanager
def scheduler_lease(engine: Engine) -> Iterator[None]:
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        if not connection.execute(select(func.pg_try_advisory_lock(LOCK_KEY))).scalar():
            raise SchedulerAlreadyRunning("另一个调度进程正在使用同一个任务库，本进程不启动。")
        try:
            yield
        finally:
            connection.execute(select(func.pg_advisory_unlock(LOCK_KEY)))
