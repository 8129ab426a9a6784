"""Feedback on matches: the enterprise's verdict, and a broker's claim and outcome.

The feedback consumer enforces the same rules on the events; checking here too gives the user
a clear answer at once. Between a claim and the consumer recording it, a Redis key holds who
claimed, so two brokers tapping 认领 together cannot both get the match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

import redis.asyncio as aioredis
from sqlalchemy.orm import Session, sessionmaker

from bot.cards import AchievementCard, DemandCard, MatchCard
from bot.services.offload import off_loop
from bot.services.publisher import EventPublisher
from bot.texts import T
from mengke.events import Feedback
from storage.models import Achievement, Demand, Match
from storage.redis import RedisKey

CLAIM_TTL_SECONDS = 30 * 24 * 3600
FINISHED = ("signed", "failed")


@dataclass(frozen=True)
class ClaimKey(RedisKey):
    prefix: ClassVar[str] = "claim"
    scope: str
    match_id: int
    stage: Literal["claimed", "finished"]


class FeedbackRefused(Exception):
    """The action is not allowed; the message says why, in the user's language."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class MatchRecord:
    card: MatchCard
    contact_user_id: int | None


class MatchService:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        publisher: EventPublisher,
        redis: aioredis.Redis,
        scope: str,
    ) -> None:
        """`scope` keeps the claim keys of deployments (and tests) sharing a Redis apart."""
        self._sessions = sessions
        self._publisher = publisher
        self._redis = redis
        self._scope = scope

    @off_loop
    def record(self, match_id: int) -> MatchRecord | None:
        with self._sessions() as session:
            match = session.get(Match, match_id)
            if match is None:
                return None
            demand = session.get(Demand, match.demand_id)
            achievement = session.get(Achievement, match.achievement_id)
            card = MatchCard(
                match_id=match.id,
                score=match.score,
                reasons=match.reasons,
                status=match.status,
                claimed_by=match.claimed_by,
                demand=DemandCard.model_validate(demand),
                achievement=AchievementCard.model_validate(achievement),
            )
            return MatchRecord(card, demand.contact_user_id if demand else None)

    async def _require(self, match_id: int) -> MatchRecord:
        record = await self.record(match_id)
        if record is None:
            raise FeedbackRefused(T.MATCH_NOT_FOUND)
        return record

    async def enterprise_verdict(
        self, user_id: int, match_id: int, verdict: Literal["interested", "irrelevant"]
    ) -> MatchCard:
        record = await self._require(match_id)
        if record.contact_user_id != user_id:
            raise FeedbackRefused(T.NOT_YOUR_DEMAND)
        await self._publish(record.card, user_id, verdict)
        return record.card.model_copy(update={"status": verdict})

    async def claim(self, broker_id: int, match_id: int) -> MatchCard:
        card = (await self._require(match_id)).card
        if card.status in FINISHED:
            raise FeedbackRefused(T.MATCH_FINISHED.format(status=T.MATCH_STATUS[card.status]))
        if card.status == "irrelevant":
            raise FeedbackRefused(T.MATCH_REJECTED)
        owner = card.claimed_by or int(await self._take(match_id, "claimed", str(broker_id)))
        if owner != broker_id:
            raise FeedbackRefused(T.CLAIMED_BY_OTHER)
        await self._publish(card, broker_id, "claimed")
        return card.model_copy(update={"status": "claimed", "claimed_by": broker_id})

    async def finish(
        self, broker_id: int, match_id: int, verdict: Literal["signed", "failed"]
    ) -> MatchCard:
        card = (await self._require(match_id)).card
        owner = card.claimed_by or await self._holder(match_id, "claimed")
        if owner is None:
            raise FeedbackRefused(T.NOT_CLAIMED_YET)
        if int(owner) != broker_id:
            raise FeedbackRefused(T.NOT_CLAIMER)
        if card.status in FINISHED:
            raise FeedbackRefused(T.MATCH_FINISHED.format(status=T.MATCH_STATUS[card.status]))
        # The first outcome stands; repeating the same one (a retry) is harmless.
        outcome = await self._take(match_id, "finished", verdict)
        if outcome != verdict:
            raise FeedbackRefused(T.MATCH_FINISHED.format(status=T.MATCH_STATUS[outcome]))
        await self._publish(card, broker_id, verdict)
        return card.model_copy(update={"status": verdict, "claimed_by": broker_id})

    def _key(self, match_id: int, stage: Literal["claimed", "finished"]) -> str:
        return str(ClaimKey(self._scope, match_id, stage))

    async def _take(self, match_id: int, stage: Literal["claimed", "finished"], value: str) -> str:
        """Set the stage's key to `value` unless it is set; return what it holds afterwards."""
        key = self._key(match_id, stage)
        await self._redis.set(key, value, nx=True, ex=CLAIM_TTL_SECONDS)
        return await self._holder(match_id, stage) or value

    async def _holder(self, match_id: int, stage: Literal["claimed", "finished"]) -> str | None:
        value = await self._redis.get(self._key(match_id, stage))
        return value.decode() if isinstance(value, bytes) else value

    async def _publish(self, card: MatchCard, user_id: int, verdict: str) -> None:
        feedback = Feedback(
            demand_id=card.demand.id,
            achievement_id=card.achievement.id,
            user_id=user_id,
            verdict=verdict,  # type: ignore[arg-type]
        )
        await self._publisher.publish("match.feedback", feedback)
