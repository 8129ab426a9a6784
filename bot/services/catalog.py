"""The achievements a user can browse: fuzzy search with the matcher, cards from the database."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.cards import AchievementCard
from bot.services.offload import off_loop
from storage.models import Achievement

MAX_RESULTS = 30


class Searcher(Protocol):
    """What the bot needs of matcher.Matcher: ranked hits carrying an `achievement_id`."""

    def search(self, text: str, limit: int) -> Sequence[Any]: ...


class CatalogService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        searcher: Searcher,
        lock: AbstractContextManager[Any] | None = None,
    ) -> None:
        """`lock`: the matcher is not thread-safe; pass the lock of whoever else updates it."""
        self._sessions = sessions
        self._searcher = searcher
        self._lock = lock or threading.RLock()

    @off_loop
    def search(self, text: str) -> list[str]:
        """Ids of the published achievements that best match `text`, best first."""
        with self._lock:
            hits = self._searcher.search(text, MAX_RESULTS)
        ids = list(dict.fromkeys(hit.achievement_id for hit in hits))
        with self._sessions() as session:
            published = set(
                session.scalars(
                    select(Achievement.id).where(
                        Achievement.id.in_(ids), Achievement.status == "published"
                    )
                )
            )
        return [i for i in ids if i in published]

    @off_loop
    def cards(self, ids: Sequence[str]) -> list[AchievementCard]:
        """Cards in the order of `ids`; ids withdrawn since are left out."""
        with self._sessions() as session:
            rows = session.scalars(select(Achievement).where(Achievement.id.in_(list(ids))))
            by_id = {row.id: AchievementCard.model_validate(row) for row in rows}
        return [by_id[i] for i in ids if i in by_id]

    @off_loop
    def card(self, achievement_id: str) -> AchievementCard | None:
        with self._sessions() as session:
            row = session.get(Achievement, achievement_id)
            return AchievementCard.model_validate(row) if row else None
