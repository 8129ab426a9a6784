"""Index replicas that follow the database: the open demands each matcher percolates new
achievements against, and the published achievements a standalone bot searches. They write
nothing; the process that owns the entity stores it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from consumers.entities import ACHIEVEMENTS, DEMANDS, EntityKind, entity_ids, rows_by_id
from consumers.index import MatchIndex
from consumers.loop import Message
from mengke.records import achievement_record, demand_record


@dataclass(frozen=True)
class Mirror:
    kind: EntityKind
    types: frozenset[str]
    record: Callable[[Any], Any]  # a row, or an event payload with the same fields → record
    put: Callable[[MatchIndex, Any], None]
    drop: Callable[[MatchIndex, str], None]
    # Not stored yet: when another process stores it, the event is the newest word on it and
    # is followed; otherwise this process's own handler adds it as it stores it.
    follow_unstored: bool = False


OPEN_DEMANDS = Mirror(
    DEMANDS,
    frozenset({"demand.submitted", "demand.closed"}),
    demand_record,
    MatchIndex.put_demand,
    MatchIndex.drop_demand,
)
PUBLISHED_ACHIEVEMENTS = Mirror(
    ACHIEVEMENTS,
    frozenset({"achievement.published", "achievement.withdrawn"}),
    achievement_record,
    MatchIndex.put_achievement,
    MatchIndex.drop_achievement,
    follow_unstored=True,
)


class ReplicaHandler:
    def __init__(self, index: MatchIndex, sessions: sessionmaker[Session], mirror: Mirror) -> None:
        self.types = mirror.types
        self._index = index
        self._sessions = sessions
        self._mirror = mirror

    def handle(self, messages: Sequence[Message]) -> list[str]:
        kind = self._mirror.kind
        with self._index.lock:
            with self._sessions() as session:
                rows = rows_by_id(session, kind.model, entity_ids(messages))
            latest = {m.payload.key: m for m in messages}
            for entity_id in entity_ids(messages):
                row = rows.get(entity_id)
                if row is not None:
                    self._follow(entity_id, row.status == kind.live, row)
                elif self._mirror.follow_unstored:
                    last = latest[entity_id]
                    live = last.envelope.type not in kind.ending_types
                    self._follow(entity_id, live, last.payload)
        return ["replicated"] * len(messages)

    def _follow(self, entity_id: str, live: bool, source: Any) -> None:
        if live:
            self._mirror.put(self._index, self._mirror.record(source))
        else:
            self._mirror.drop(self._index, entity_id)
