"""A user's standing subscriptions: keyword alerts for achievements, policy topics/industries.

Policy subscriptions are stored here like keyword ones (kind "policy", industries, topics
as keywords, frequency); the policy service reads them to build digests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.services.offload import off_loop
from storage.models import Subscription

Kind = Literal["keyword", "policy"]
Frequency = Literal["daily", "weekly"]


@dataclass(frozen=True)
class SubscriptionView:
    id: int
    kind: str
    keywords: list[str]
    industries: list[str]
    frequency: str


class PolicySubscriber(Protocol):
    """What the /subscribe policy branch calls; the policy service may stand in for the default."""

    async def subscribe_policies(
        self, user_id: int, *, industries: list[str], topics: list[str], frequency: Frequency
    ) -> SubscriptionView: ...


def _view(row: Subscription) -> SubscriptionView:
    return SubscriptionView(
        row.id, row.kind, list(row.keywords), list(row.industries), row.frequency
    )


class SubscriptionService:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    @off_loop
    def create(
        self,
        user_id: int,
        kind: Kind,
        frequency: Frequency,
        keywords: list[str] | None = None,
        industries: list[str] | None = None,
    ) -> SubscriptionView:
        with self._sessions.begin() as session:
            row = Subscription(
                user_id=user_id,
                kind=kind,
                keywords=list(keywords or []),
                industries=list(industries or []),
                frequency=frequency,
                active=True,
            )
            session.add(row)
            session.flush()
            return _view(row)

    async def subscribe_policies(
        self, user_id: int, *, industries: list[str], topics: list[str], frequency: Frequency
    ) -> SubscriptionView:
        """The default PolicySubscriber: topics are stored as the subscription's keywords."""
        return await self.create(
            user_id, "policy", frequency, keywords=topics, industries=industries
        )

    @off_loop
    def active(self, user_id: int) -> list[SubscriptionView]:
        with self._sessions() as session:
            rows = session.scalars(
                select(Subscription)
                .where(Subscription.user_id == user_id, Subscription.active)
                .order_by(Subscription.id)
            )
            return [_view(row) for row in rows]

    @off_loop
    def cancel(self, user_id: int, subscription_id: int) -> SubscriptionView | None:
        """Deactivate one of the user's own active subscriptions; None if there is none."""
        with self._sessions.begin() as session:
            row = session.get(Subscription, subscription_id)
            if row is None or row.user_id != user_id or not row.active:
                return None
            row.active = False
            return _view(row)
