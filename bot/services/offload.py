"""Synchronous database work, run off the event loop so one slow query never stalls the bot."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def off_loop(fn: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """Make a blocking function awaitable by running it in a worker thread."""

    @functools.wraps(fn)
    async def run(*args: P.args, **kwargs: P.kwargs) -> R:
        return await asyncio.to_thread(fn, *args, **kwargs)

    return run
