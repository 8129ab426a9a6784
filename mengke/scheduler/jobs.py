"""The scheduled jobs: module-level functions with primitive arguments, as a persistent job
store needs them; their dependencies come from the registry."""

from __future__ import annotations

from mengke.pushes.keys import Frequency
from mengke.pushes.service import send_digests, send_reminders
from mengke.scheduler import registry


def digest_job(frequency: Frequency) -> int:
    context = registry.current()
    return send_digests(context.pushes, frequency, context.clock())


def reminder_job() -> int:
    context = registry.current()
    return send_reminders(context.pushes, context.clock())
