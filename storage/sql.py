"""SQL both databases understand: INSERT … ON CONFLICT, and claiming events as processed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from storage.models import ProcessedEvent


def insert(session: Session, model: type[Any]) -> Any:
    """The dialect's INSERT into the model's table, which knows ON CONFLICT (PostgreSQL and
    SQLite share the syntax). Run it with a list of rows: compiled once, sent in batches."""
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model.__table__)


def insert_returning(
    session: Session, statement: Insert, rows: Sequence[dict[str, Any]]
) -> list[tuple[Any, ...]]:
    """Run an INSERT … RETURNING once per row; the rows it returned, in order.

    SQLAlchemy sends many rows as one multi-VALUES statement, which psycopg must re-parse
    whole every time (no two batches have the same text): about 70 µs a row. psycopg's own
    executemany pipelines one prepared single-row statement instead, at about a fifth of it.
    """
    if not rows:
        return []
    connection = session.connection()
    dialect = connection.dialect
    if dialect.driver != "psycopg":
        return [tuple(row) for row in connection.execute(statement, list(rows))]
    compiled = statement.compile(dialect=dialect, column_keys=list(rows[0]))
    table = statement.table
    # What SQLAlchemy would do on the way: fill in column defaults, serialize JSON values.
    processors = {
        name: bind.type.dialect_impl(dialect).bind_processor(dialect)
        for name, bind in compiled.binds.items()
    }
    params = []
    for row in rows:
        values = {name: _value(table, name, row) for name in processors}
        params.append({n: p(values[n]) if p else values[n] for n, p in processors.items()})
    returned: list[tuple[Any, ...]] = []
    with connection.connection.driver_connection.cursor() as cursor:
        cursor.executemany(compiled.string, params, returning=True)
        while True:
            returned += cursor.fetchall()
            if not cursor.nextset():
                break
    return returned


def _value(table: Any, name: str, row: dict[str, Any]) -> Any:
    if name in row:
        return row[name]
    default = table.c[name].default
    if default is None:
        return None
    # SQLAlchemy wraps a callable default to take an execution context, which it ignores.
    return default.arg(None) if default.is_callable else default.arg


def claim_events(session: Session, consumer: str, event_ids: Iterable[str]) -> set[str]:
    """Record the events as processed by `consumer`; return those no one had processed yet.

    Inside the caller's transaction, so the claim commits or rolls back with the effects. A
    concurrent claim of the same event waits for the other transaction, then gets nothing.
    Sorted, so that two claimants lock rows in the same order and cannot deadlock.
    """
    ids = sorted(set(event_ids))
    statement = (
        insert(session, ProcessedEvent)
        .on_conflict_do_nothing()
        .returning(ProcessedEvent.__table__.c.event_id)
    )
    rows = [{"consumer": consumer, "event_id": event_id} for event_id in ids]
    return {event_id for (event_id,) in insert_returning(session, statement, rows)}
