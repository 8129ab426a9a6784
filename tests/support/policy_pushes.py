"""Helpers of the policy-push tests: devset rows in the database, subscribers, the pushes on
the bus, and a clock that APScheduler also obeys."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import apscheduler.executors.base
import apscheduler.schedulers.base
import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from mengke import events
from mengke.bus import Bus
from storage import models
from tests.support.pipeline import record

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    """A local (Asia/Shanghai) moment: at("2026-11-16") is Monday 09:00."""
    return datetime.combine(date.fromisoformat(day), datetime.min.time()).replace(
        hour=hour, minute=minute, tzinfo=SHANGHAI
    )


def _row(model: type, payload: events.Payload) -> Any:
    columns = set(model.__table__.columns.keys())  # type: ignore[attr-defined]
    return model(**{k: v for k, v in payload.model_dump().items() if k in columns})


def add_policy(session: Session, data: dict[str, Any]) -> None:
    session.merge(_row(models.Policy, events.Policy.model_validate(data)))


def add_devset_policy(session: Session, policy_id: str, **changes: Any) -> dict[str, Any]:
    data = {**record("policies", policy_id), **changes}
    add_policy(session, data)
    return data


def add_subscriber(
    session: Session,
    user_id: int,
    enterprise_id: str,
    frequency: str = "daily",
    keywords: list[str] | None = None,
    industries: list[str] | None = None,
) -> None:
    """A user of a devset enterprise with one policy subscription."""
    enterprise = events.Enterprise.model_validate(record("enterprises", enterprise_id))
    session.merge(_row(models.Enterprise, enterprise))
    if session.get(models.User, user_id) is None:
        session.add(models.User(id=user_id, role="enterprise", enterprise_id=enterprise_id))
        session.flush()  # no ORM relationship orders the user before its subscription
    session.add(
        models.Subscription(
            user_id=user_id,
            kind="policy",
            frequency=frequency,
            keywords=keywords or [],
            industries=industries or [],
            active=True,
        )
    )


def unsubscribe(session: Session, user_id: int) -> None:
    session.execute(
        update(models.Subscription)
        .where(models.Subscription.user_id == user_id)
        .values(active=False)
    )


def pushes(bus: Bus) -> list[events.PolicyPush]:
    records = bus.records(bus.topics.pushes)  # type: ignore[attr-defined]
    return [events.decode(r.value).parsed() for r in records]  # type: ignore[misc]


def sent(bus: Bus) -> list[tuple[int, str, list[str]]]:
    """(recipient, dedup key, policy ids) of every push on the bus, in order."""
    return [(p.recipient_id, p.dedup_key, p.policy_ids) for p in pushes(bus)]


def delivered(session: Session, user_id: int) -> set[str]:
    rows = session.scalars(
        select(models.PolicyDelivery.policy_id).where(models.PolicyDelivery.user_id == user_id)
    )
    return set(rows)


class FakeClock:
    """`now` for our jobs and, once `install`ed, for APScheduler's own scheduling decisions."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        clock = self

        class Frozen(datetime):
            @classmethod
            def now(cls, tz: Any = None) -> datetime:  # type: ignore[override]
                return clock.now.astimezone(tz) if tz else clock.now.replace(tzinfo=None)

        monkeypatch.setattr(apscheduler.schedulers.base, "datetime", Frozen)
        monkeypatch.setattr(apscheduler.executors.base, "datetime", Frozen)
