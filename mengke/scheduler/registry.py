"""What the scheduled jobs run against, installed once when the scheduler starts.

APScheduler stores a job as an import path plus primitive arguments, so a job cannot carry
its dependencies; the scheduler's start (the one wiring place) installs them here, and
nothing is connected at import time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from mengke.pushes.service import PushDeps


@dataclass(frozen=True)
class JobContext:
    pushes: PushDeps
    clock: Callable[[], datetime]


_installed: list[JobContext] = []


def install(context: JobContext) -> None:
    _installed[:] = [context]


def uninstall() -> None:
    _installed.clear()


def current() -> JobContext:
    if not _installed:
        raise RuntimeError("the scheduler has not installed its job context")
    return _installed[0]
