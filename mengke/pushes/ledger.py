"""Recording pushes (the dispatch and one delivery per policy, in the caller's transaction) and
publishing them as `policy.pushed` events — the pushes' outbox towards the bus."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from mengke import events
from mengke.bus import Bus, publish_event
from storage import models

SOURCE = "policy-pushes"


def record(
    session: Session,
    recipient_id: int,
    kind: str,
    dedup_key: str,
    policy_ids: Sequence[str],
    now: datetime,
    announces: Sequence[str] | None = None,
) -> models.PolicyDispatch:
    """Record a push and the first mention of each policy it `announces` (all, by default).

    Flushes at once: when a concurrent push recorded the same push or told the recipient
    about one of these policies meanwhile, the unique keys raise IntegrityError here, and the
    caller decides again with what that push committed."""
    dispatch = models.PolicyDispatch(
        recipient_id=recipient_id,
        dedup_key=dedup_key,
        kind=kind,
        policy_ids=list(policy_ids),
        created_at=now,
    )
    session.add(dispatch)
    for policy_id in policy_ids if announces is None else announces:
        session.add(
            models.PolicyDelivery(
                user_id=recipient_id, policy_id=policy_id, dedup_key=dedup_key, created_at=now
            )
        )
    session.flush()
    return dispatch


def push_event(dispatch: models.PolicyDispatch) -> events.Envelope:
    """The event of a recorded push; its id follows from its content, so publishing it again
    (after a crash) is recognised downstream as the same event."""
    payload = events.PolicyPush(
        recipient_id=dispatch.recipient_id,
        policy_ids=list(dispatch.policy_ids),
        kind=dispatch.kind,  # type: ignore[arg-type]
        dedup_key=dispatch.dedup_key,
    )
    event_id = events.content_event_id("policy.pushed", payload)
    return events.new_event("policy.pushed", payload, SOURCE, event_id=event_id)


def publish_pending(sessions: sessionmaker[Session], bus: Bus, now: datetime) -> int:
    """Publish every recorded push not yet on the bus, then mark them; returns how many."""
    with sessions() as session:
        pending = list(
            session.scalars(
                select(models.PolicyDispatch)
                .where(models.PolicyDispatch.published_at.is_(None))
                .order_by(models.PolicyDispatch.id)
            )
        )
    for dispatch in pending:
        publish_event(bus, push_event(dispatch))
    bus.flush()
    if pending:
        with sessions.begin() as session:
            session.execute(
                update(models.PolicyDispatch)
                .where(models.PolicyDispatch.id.in_([d.id for d in pending]))
                .values(published_at=now)
            )
    return len(pending)
