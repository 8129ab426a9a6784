"""Dedup keys of policy pushes: they name the period or the cause, so a push is made once."""

from __future__ import annotations

from datetime import date
from typing import Literal

Frequency = Literal["daily", "weekly"]
FREQUENCIES: tuple[Frequency, ...] = ("daily", "weekly")


def digest_key(frequency: Frequency, day: date) -> str:
    """ "digest:daily:2026-11-21" or "digest:weekly:2026-W47" (ISO week of `day`)."""
    if frequency == "daily":
        return f"digest:daily:{day.isoformat()}"
    year, week, _ = day.isocalendar()
    return f"digest:weekly:{year}-W{week:02d}"


def urgent_key(policy_id: str) -> str:
    return f"urgent:{policy_id}"


def reminder_key(days: int, policy_id: str) -> str:
    return f"reminder{days}:{policy_id}"
