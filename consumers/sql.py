"""SQL both databases understand: INSERT … ON CONFLICT, and claiming events as processed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ProcessedEvent


def insert(session: Session, model: type[Any]) -> Any:
    """The dialect's INSERT into the model's table, which knows ON CONFLICT (PostgreSQL and
    SQLite share the syntax). Run it with a list of rows: compiled once, sent in batches."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model.__table__)


def claim_events(session: Session, consumer: str, event_ids: Iterable[str]) -> set[str]:
    """Record the events as processed by `consumer`; return those no one had processed yet.

    Inside the caller's transaction, so the claim commits or rolls back with the effects. A
    concurrent claim of the same event waits for the other transaction, then gets nothing.
    Sorted, so that two claimants lock rows in the same order and cannot deadlock.
    """
    ids = sorted(set(event_ids))
    if not ids:
        return set()
    statement = (
        insert(session, ProcessedEvent)
        .on_conflict_do_nothing()
        .returning(ProcessedEvent.__table__.c.event_id)
    )
    rows = [{"consumer": consumer, "event_id": event_id} for event_id in ids]
    return set(session.scalars(statement, rows))
