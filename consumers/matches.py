"""Matches: stored once per (demand, achievement), then announced on the bus.

`published_at` makes the matches table the matching consumer's outbox: an alert stored but
not yet announced when the process died is announced at the next start.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from matcher.model import MatchResult
from mengke import events
from mengke.bus import Bus, publish_event
from mengke.events import Direction
from mengke.metrics import MATCHES
from storage import models
from storage.models import utcnow
from storage.sql import insert, insert_returning

_PAIR_NAMESPACE = uuid.UUID("3d0e9a4b-5f7e-4f41-9b55-1c0f7a9e2b61")
_TABLE = models.Match.__table__
_COLUMN_NAMES = (
    "id",
    "demand_id",
    "achievement_id",
    "score",
    "reasons",
    "factors",
    "direction",
    "alert",
)
_COLUMNS = tuple(_TABLE.c[name] for name in _COLUMN_NAMES)


@dataclass(frozen=True)
class StoredMatch:
    id: int
    demand_id: str
    achievement_id: str
    score: float
    reasons: list[dict[str, Any]]
    factors: dict[str, Any]
    direction: str
    alert: bool


def _row(result: MatchResult, direction: Direction) -> dict[str, Any]:
    return {
        "demand_id": result.demand_id,
        "achievement_id": result.achievement_id,
        "score": float(result.score),
        "reasons": [
            {
                "demand_term": p.demand_term,
                "achievement_term": p.achievement_term,
                "similarity": float(p.similarity),
            }
            for p in result.pairs
        ],
        "factors": {name: float(points) for name, points in result.factors.items()},
        "direction": direction,
        "alert": bool(result.alert),
        "created_at": utcnow(),
    }


def store_matches(
    session: Session, results: Sequence[tuple[MatchResult, Direction]]
) -> list[StoredMatch]:
    """Insert the pairs not stored yet; return only the rows this call created."""
    rows = {(r.demand_id, r.achievement_id): _row(r, d) for r, d in reversed(results)}
    if not rows:
        return []
    # Sorted: concurrent inserts lock the unique index in one order and cannot deadlock.
    # Only the keys come back: the rest is in hand, and JSON columns are slow to read back.
    statement = (
        insert(session, models.Match)
        .on_conflict_do_nothing(index_elements=["demand_id", "achievement_id"])
        .returning(_TABLE.c.id, _TABLE.c.demand_id, _TABLE.c.achievement_id)
    )
    created = insert_returning(session, statement, [rows[pair] for pair in sorted(rows)])
    return [_stored(match_id, rows[(d, a)]) for match_id, d, a in created]


def _stored(match_id: int, row: dict[str, Any]) -> StoredMatch:
    return StoredMatch(match_id, *(row[name] for name in _COLUMN_NAMES[1:]))


def match_event(match: StoredMatch) -> events.Envelope:
    payload = events.Match.model_validate(
        {
            "demand_id": match.demand_id,
            "achievement_id": match.achievement_id,
            "score": min(100.0, max(0.0, match.score)),
            "reasons": match.reasons,
            "factors": match.factors,
            "direction": match.direction,
        }
    )
    # One id per pair: announcing a match again (after a crash) is a duplicate, not news.
    event_id = str(uuid.uuid5(_PAIR_NAMESPACE, f"{match.demand_id}\n{match.achievement_id}"))
    return events.new_event("match.recommended", payload, "matcher", event_id=event_id)


def publish_matches(
    bus: Bus, sessions: sessionmaker[Session], matches: Sequence[StoredMatch]
) -> int:
    """Announce the alerts among `matches`, then mark them announced."""
    alerts = [m for m in matches if m.alert]
    if not alerts:
        return 0
    for match in alerts:
        publish_event(bus, match_event(match))
    bus.flush()
    with sessions.begin() as session:
        session.execute(
            update(_TABLE)
            .where(_TABLE.c.id.in_([m.id for m in alerts]))
            .values(published_at=utcnow())
        )
    for match in alerts:
        MATCHES.labels(match.direction).inc()
    return len(alerts)


def publish_unannounced(bus: Bus, sessions: sessionmaker[Session]) -> int:
    """Alerts stored by a process that died before announcing them."""
    with sessions() as session:
        rows = session.execute(
            select(*_COLUMNS).where(_TABLE.c.alert, _TABLE.c.published_at.is_(None))
        ).all()
    return publish_matches(bus, sessions, [StoredMatch(*row) for row in rows])


class Announcer:
    """Announces the alerts each batch stored. What the broker refused is kept and goes out
    with the next batch, or with the handler's retry (which, its transaction committed,
    stores nothing new); if the process dies first, `publish_unannounced` sends it."""

    def __init__(self, bus: Bus, sessions: sessionmaker[Session]) -> None:
        self._bus = bus
        self._sessions = sessions
        self._pending: list[StoredMatch] = []
        self._lock = threading.Lock()

    def announce(self, matches: Sequence[StoredMatch]) -> None:
        with self._lock:
            self._pending += [m for m in matches if m.alert]
            if self._pending:
                publish_matches(self._bus, self._sessions, self._pending)
                self._pending = []
