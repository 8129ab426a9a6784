"""The notification outbox as the notifier works it: rows (written by storage/outbox.py)
claimed for sending by one notifier at a time, and settled as sent, failed or rescheduled."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mengke.channel import MessageKind, OutgoingMessage
from storage import models
from storage.models import utcnow

_TABLE = models.Notification.__table__


@dataclass(frozen=True)
class Claimed:
    id: int
    recipient_id: int
    kind: MessageKind
    dedup_key: str
    payload: dict[str, Any]

    def message(self) -> OutgoingMessage:
        return OutgoingMessage(self.recipient_id, self.kind, self.payload)


@dataclass(frozen=True)
class Settled:
    notification_id: int
    recipient_id: int
    status: str  # sent | failed | pending (rescheduled)
    tries: int
    error: str | None = None
    retry_at: datetime | None = None
    recipient_gone: bool = False


def claim_due(sessions: sessionmaker[Session], limit: int, lease: timedelta) -> list[Claimed]:
    """Take up to `limit` due rows; another notifier skips them until the lease runs out.

    The lease is what a crashed sender leaves behind: its rows become due again after it.
    """
    now = utcnow()
    due = (
        select(_TABLE.c.id)
        .where(_TABLE.c.status == "pending", _TABLE.c.next_attempt_at <= now)
        .order_by(_TABLE.c.next_attempt_at, _TABLE.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    statement = (
        update(_TABLE)
        .where(_TABLE.c.id.in_(due))
        .values(next_attempt_at=now + lease)
        .returning(
            _TABLE.c.id, _TABLE.c.recipient_id, _TABLE.c.kind, _TABLE.c.dedup_key, _TABLE.c.payload
        )
    )
    with sessions.begin() as session:
        rows = session.execute(statement).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def settle(sessions: sessionmaker[Session], results: Sequence[Settled]) -> None:
    if not results:
        return
    now = utcnow()
    with sessions.begin() as session:
        for result in results:
            session.execute(
                update(_TABLE)
                .where(_TABLE.c.id == result.notification_id)
                .values(_settled_values(result, now))
            )
        gone = sorted({r.recipient_id for r in results if r.recipient_gone})
        if gone:
            session.execute(
                update(models.User.__table__)
                .where(models.User.__table__.c.id.in_(gone))
                .values(is_active=False)
            )


def _settled_values(result: Settled, now: datetime) -> dict[str, Any]:
    values: dict[str, Any] = {
        "status": result.status,
        "attempts": _TABLE.c.attempts + result.tries,
        "last_error": result.error,
    }
    if result.status == "sent":
        values["sent_at"] = now
    if result.status == "pending":
        values["next_attempt_at"] = result.retry_at or now
    return values


def requeue_failed(sessions: sessionmaker[Session]) -> int:
    """Failed rows of recipients who can still be reached become due again."""
    reachable = select(models.User.id).where(models.User.is_active)
    with sessions.begin() as session:
        result = session.execute(
            update(_TABLE)
            .where(_TABLE.c.status == "failed", _TABLE.c.recipient_id.in_(reachable))
            .values(status="pending", next_attempt_at=utcnow())
        )
    return result.rowcount or 0
