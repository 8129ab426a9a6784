"""Entity events → rows: upserts in event order, the last word on each id winning."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from consumers.loop import Message
from mengke.events import Payload
from storage import models
from storage.models import utcnow
from storage.sql import insert


@dataclass(frozen=True)
class EntityKind:
    model: type[models.Base]
    # Status of a live item, and of an ended one (withdrawn, closed); None: no status column.
    live: str | None = None
    ended: str | None = None
    ending_types: frozenset[str] = frozenset()


ACHIEVEMENTS = EntityKind(
    models.Achievement, "published", "withdrawn", frozenset({"achievement.withdrawn"})
)
DEMANDS = EntityKind(models.Demand, "open", "closed", frozenset({"demand.closed"}))
POLICIES = EntityKind(models.Policy)
ENTERPRISES = EntityKind(models.Enterprise)


@dataclass
class _Final:
    values: dict[str, Any] | None
    status: str | None


def entity_ids(messages: Sequence[Message]) -> list[str]:
    """The entities the messages are about, each once, in order."""
    return list(dict.fromkeys(m.payload.key for m in messages))


def rows_by_id(session: Session, model: Any, ids: Iterable[str]) -> dict[str, Any]:
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}


def write_entities(
    session: Session, kind: EntityKind, events: Sequence[tuple[str, Payload]]
) -> None:
    """Apply (event type, payload) pairs in order inside the caller's transaction."""
    final = _fold(kind, events)
    rows = [{**f.values, **_status(kind, f)} for f in final.values() if f.values is not None]
    if rows:
        _upsert(session, kind.model, rows)
    ended = [entity_id for entity_id, f in final.items() if f.values is None]
    if ended:
        session.execute(
            update(kind.model)
            .where(kind.model.id.in_(ended))  # type: ignore[attr-defined]
            .values(status=kind.ended, updated_at=utcnow())
        )


def _fold(kind: EntityKind, events: Sequence[tuple[str, Payload]]) -> dict[str, _Final]:
    # PostgreSQL refuses to upsert one row twice in a statement: one final state per id.
    columns = set(kind.model.__table__.columns.keys())
    final: dict[str, _Final] = {}
    for event_type, payload in events:
        if event_type in kind.ending_types:
            earlier = final.get(payload.key)
            final[payload.key] = _Final(earlier.values if earlier else None, kind.ended)
        else:
            values = {k: v for k, v in payload.model_dump().items() if k in columns}
            final[payload.key] = _Final(values, kind.live)
    return final


def _status(kind: EntityKind, final: _Final) -> dict[str, Any]:
    return {"status": final.status} if kind.live is not None else {}


def _upsert(session: Session, model: type[models.Base], rows: list[dict[str, Any]]) -> None:
    now = utcnow()
    rows = [{**row, "updated_at": now} for row in rows]
    statement = insert(session, model)
    changed = {name: statement.excluded[name] for name in rows[0] if name != "id"}
    session.execute(statement.on_conflict_do_update(index_elements=["id"], set_=changed), rows)
