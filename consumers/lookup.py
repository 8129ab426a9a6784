"""What the notifier needs to know about a batch of events, fetched in a few queries.

A burst of alerts (a new achievement matching many demands) arrives as hundreds of events;
asking the database per event would make the notifier the slowest part of the pipeline.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from consumers.recipients import active_users, approved_brokers, in_scope
from storage import models


class BatchLookup:
    def __init__(self, session: Session, pairs: Iterable[tuple[str, str]], users: Iterable[int]):
        self.session = session
        wanted = sorted(set(pairs))
        self._matches = {
            (m.demand_id, m.achievement_id): m
            for m in self._in(
                models.Match, tuple_(models.Match.demand_id, models.Match.achievement_id), wanted
            )
        }
        demand_ids = {m.demand_id for m in self._matches.values()}
        self._demands = {d.id: d for d in self._in(models.Demand, models.Demand.id, demand_ids)}
        achievement_ids = {m.achievement_id for m in self._matches.values()}
        self._achievements = {
            a.id: a for a in self._in(models.Achievement, models.Achievement.id, achievement_ids)
        }
        contacts = [d.contact_user_id for d in self._demands.values()]
        self._active = set(active_users(session, [*users, *contacts]))
        self._brokers: list[tuple[int, list[str], list[str]]] | None = None

    def _in(self, model: type, column, values: Iterable) -> list:  # type: ignore[no-untyped-def]
        values = list(values)
        if not values:
            return []
        return list(self.session.scalars(select(model).where(column.in_(values))))

    def match(self, demand_id: str, achievement_id: str) -> models.Match | None:
        return self._matches.get((demand_id, achievement_id))

    def demand(self, demand_id: str) -> models.Demand | None:
        return self._demands.get(demand_id)

    def achievement(self, achievement_id: str) -> models.Achievement | None:
        return self._achievements.get(achievement_id) or self.session.get(
            models.Achievement, achievement_id
        )

    def reachable(self, user_ids: Iterable[int | None]) -> list[int]:
        return [u for u in dict.fromkeys(user_ids) if u is not None and u in self._active]

    def brokers_in_scope(self, industry: str | None, region: str | None) -> list[int]:
        if self._brokers is None:
            self._brokers = approved_brokers(self.session)
        return in_scope(self._brokers, industry, region)
