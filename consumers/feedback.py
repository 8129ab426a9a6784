"""Feedback on a match: its status moves, a Feedback row is kept, `irrelevant` suppresses it."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from consumers.errors import PermanentError
from consumers.loop import Message
from consumers.matching import CONSUMER, MatchingDeps
from mengke.events import Feedback
from storage import models
from storage.sql import claim_events

# A broker's later stages are never undone by an enterprise's early interest.
_ADVANCED = frozenset({"claimed", "signed", "failed"})


def move(match: models.Match, feedback: Feedback) -> bool:
    """Apply the verdict to the match; False when the rules refuse it."""
    if match.claimed_by is not None and match.claimed_by != feedback.user_id:
        return False  # only the claiming broker may move a claimed match
    if feedback.verdict == "interested" and match.status in _ADVANCED:
        return False
    match.status = feedback.verdict
    if feedback.verdict == "claimed":
        match.claimed_by = feedback.user_id
    return True


def apply_feedback(session: Session, event_id: str, feedback: Feedback) -> str:
    match = session.scalar(
        select(models.Match)
        .where(
            models.Match.demand_id == feedback.demand_id,
            models.Match.achievement_id == feedback.achievement_id,
        )
        .with_for_update()
    )
    if match is None:
        raise PermanentError(f"no match {feedback.demand_id}/{feedback.achievement_id}")
    moved = move(match, feedback)
    session.add(
        models.Feedback(
            event_id=event_id,
            match_id=match.id,
            user_id=feedback.user_id,
            verdict=feedback.verdict,
        )
    )
    return "applied" if moved else "refused"


class FeedbackHandler:
    types = frozenset({"match.feedback"})

    def __init__(self, deps: MatchingDeps) -> None:
        self._deps = deps

    def handle(self, messages: Sequence[Message]) -> list[str]:
        outcomes: list[str] = []
        suppressed: list[tuple[str, str]] = []
        with self._deps.sessions.begin() as session:
            claimed = claim_events(session, CONSUMER, (m.envelope.event_id for m in messages))
            for message in messages:
                feedback = message.payload
                assert isinstance(feedback, Feedback)
                if message.envelope.event_id not in claimed:
                    outcomes.append("duplicate")
                    continue
                outcomes.append(apply_feedback(session, message.envelope.event_id, feedback))
                if outcomes[-1] == "applied" and feedback.verdict == "irrelevant":
                    suppressed.append((feedback.demand_id, feedback.achievement_id))
                session.flush()
        with self._deps.index.lock:
            for demand_id, achievement_id in suppressed:
                self._deps.index.matcher.suppress(demand_id, achievement_id)
        return outcomes
