"""Writing the notification outbox: one row per (recipient, dedup key), however often the
cause is seen. The notifier claims and sends the rows (consumers/outbox.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from mengke.channel import MessageKind
from storage import models
from storage.models import utcnow
from storage.sql import insert, insert_returning

_TABLE = models.Notification.__table__


@dataclass(frozen=True)
class Notice:
    recipient_id: int
    kind: MessageKind
    dedup_key: str
    payload: dict[str, Any]
    match_id: int | None = None
    policy_id: str | None = None


def enqueue(session: Session, notices: Sequence[Notice]) -> int:
    """Write the notices not written before; return how many are new."""
    if not notices:
        return 0
    now = utcnow()
    rows = {
        (n.recipient_id, n.dedup_key): {
            "recipient_id": n.recipient_id,
            "dedup_key": n.dedup_key,
            "kind": n.kind,
            "match_id": n.match_id,
            "policy_id": n.policy_id,
            "payload": n.payload,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for n in notices
    }
    statement = (
        insert(session, models.Notification)
        .on_conflict_do_nothing(index_elements=["recipient_id", "dedup_key"])
        .returning(_TABLE.c.id)
    )
    return len(insert_returning(session, statement, [rows[key] for key in sorted(rows)]))
