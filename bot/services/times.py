"""Timestamps read back from the database, in China time for the people reading them."""

from __future__ import annotations

from datetime import UTC, datetime

from mengke.events import CHINA_TZ


def china_time(moment: datetime) -> datetime:
    # SQLite hands timestamps back without their zone; they were written in UTC.
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(CHINA_TZ)
