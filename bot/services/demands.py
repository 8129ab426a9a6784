"""An enterprise contact's demands: submit, list with their match counts, close."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from bot.services.publisher import EventPublisher
from bot.services.times import china_time
from bot.services.users import UserInfo
from mengke.events import Demand, EntityRef
from storage.models import Demand as DemandRow
from storage.models import Match

MAX_LISTED = 20


@dataclass(frozen=True)
class DemandSummary:
    id: str
    title: str
    status: str
    matches: int
    updated: date


class DemandService:
    def __init__(self, sessions: sessionmaker[Session], publisher: EventPublisher) -> None:
        self._sessions = sessions
        self._publisher = publisher

    async def submit(self, user: UserInfo, values: dict[str, Any]) -> Demand:
        demand = Demand(
            id=f"tg{user.id}-{uuid.uuid4().hex[:8]}",
            enterprise=user.enterprise_name,
            title=values["title"],
            description=values.get("description") or "",
            industry=values.get("industry"),
            budget_wan=values.get("budget"),
            region=values.get("region"),
            contact_user_id=user.id,
            enterprise_id=user.enterprise_id,
        )
        await self._publisher.publish("demand.submitted", demand)
        return demand

    @off_loop
    def mine(self, user_id: int) -> list[DemandSummary]:
        """The user's demands, open ones first, newest first."""
        with self._sessions() as session:
            return self._summaries(session, DemandRow.contact_user_id == user_id)

    @off_loop
    def find_mine(self, user_id: int, demand_id: str) -> DemandSummary | None:
        with self._sessions() as session:
            found = self._summaries(
                session, DemandRow.contact_user_id == user_id, DemandRow.id == demand_id
            )
            return found[0] if found else None

    async def close(self, user_id: int, demand_id: str) -> DemandSummary | None:
        """Publish the closing of an open demand of this user; None if there is no such demand."""
        demand = await self.find_mine(user_id, demand_id)
        if demand is None or demand.status != "open":
            return None
        await self._publisher.publish("demand.closed", EntityRef(id=demand_id))
        return demand

    @staticmethod
    def _summaries(session: Session, *conditions: Any) -> list[DemandSummary]:
        matches = (
            select(func.count(Match.id)).where(Match.demand_id == DemandRow.id).scalar_subquery()
        )
        rows = session.execute(
            select(DemandRow, matches)
            .where(*conditions)
            .order_by((DemandRow.status == "open").desc(), DemandRow.updated_at.desc())
            .limit(MAX_LISTED)
        )
        return [
            DemandSummary(
                id=row.id,
                title=row.title,
                status=row.status,
                matches=count,
                updated=china_time(row.updated_at).date(),
            )
            for row, count in rows
        ]
