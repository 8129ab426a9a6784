"""The notifier's handler: match, subscription, policy and feedback events → outbox rows.

It decides who is told what; how a message leaves (Telegram, console, …) is the Channel's
business, in consumers/dispatch.py.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from consumers.errors import PermanentError
from consumers.loop import Message
from consumers.notices import achievement_card, match_card, policies_card, subscription_card
from consumers.outbox import Notice, enqueue
from consumers.recipients import active_users, brokers_in_scope
from consumers.sql import claim_events
from mengke import events
from storage import models

CONSUMER = "notifier"


def _match(session: Session, demand_id: str, achievement_id: str) -> models.Match:
    match = session.scalar(
        select(models.Match).where(
            models.Match.demand_id == demand_id, models.Match.achievement_id == achievement_id
        )
    )
    if match is None:
        raise PermanentError(f"no match {demand_id}/{achievement_id}")
    return match


def _live_card(session: Session, match: models.Match) -> tuple[dict, models.Demand] | None:
    """The match as shown, or None when it is no longer worth telling anyone about."""
    demand = session.get(models.Demand, match.demand_id)
    achievement = session.get(models.Achievement, match.achievement_id)
    if demand is None or achievement is None or match.status == "irrelevant":
        return None
    if demand.status != "open" or achievement.status != "published":
        return None
    return match_card(match, demand, achievement), demand


def match_notices(session: Session, payload: events.Match) -> list[Notice]:
    match = _match(session, payload.demand_id, payload.achievement_id)
    live = _live_card(session, match)
    if live is None:
        return []
    card, demand = live
    key = f"match:{match.id}"
    contacts = active_users(session, [demand.contact_user_id])
    notices = [Notice(u, "recommendation", key, card, match_id=match.id) for u in contacts]
    brokers = brokers_in_scope(session, demand.industry, demand.region)
    return notices + [
        Notice(b, "broker_alert", key, card, match_id=match.id)
        for b in brokers
        if b not in contacts
    ]


def interest_notices(session: Session, payload: events.Feedback) -> list[Notice]:
    """An enterprise is interested in a match: the brokers in scope should follow it up."""
    if payload.verdict != "interested":
        return []
    match = _match(session, payload.demand_id, payload.achievement_id)
    live = _live_card(session, match)
    if live is None:
        return []
    card, demand = live
    brokers = brokers_in_scope(session, demand.industry, demand.region)
    card = {**card, "status": "interested"}
    key = f"interested:{match.id}"
    return [Notice(b, "broker_alert", key, card, match_id=match.id) for b in brokers]


def subscription_notices(session: Session, payload: events.SubscriptionMatch) -> list[Notice]:
    if not active_users(session, [payload.user_id]):
        return []
    row = session.get(models.Achievement, payload.achievement_id)
    if row is not None and row.status != "published":
        return []
    achievement = (
        achievement_card(row)
        if row is not None
        else {"id": payload.achievement_id, "title": payload.achievement_title}
    )
    card = subscription_card(achievement, _subscribed_keywords(session, payload))
    # One alert per user and achievement, however many of their subscriptions it covers.
    key = f"achievement:{payload.achievement_id}"
    return [Notice(payload.user_id, "subscription_alert", key, card)]


def _subscribed_keywords(session: Session, payload: events.SubscriptionMatch) -> list[str]:
    subscription_id = payload.subscription_id
    row = (
        session.get(models.Subscription, int(subscription_id))
        if subscription_id.isdigit()
        else None
    )
    return list(row.keywords) if row is not None else [r.demand_term for r in payload.reasons]


def policy_notices(session: Session, payload: events.PolicyPush) -> list[Notice]:
    rows = list(
        session.scalars(select(models.Policy).where(models.Policy.id.in_(payload.policy_ids)))
    )
    if not rows:
        raise PermanentError(f"none of the policies {payload.policy_ids} is stored")
    order = {policy_id: n for n, policy_id in enumerate(payload.policy_ids)}
    rows.sort(key=lambda p: order[p.id])
    if not active_users(session, [payload.recipient_id]):
        return []
    return [
        Notice(
            payload.recipient_id,
            payload.kind,
            payload.dedup_key,
            policies_card(rows),
            policy_id=rows[0].id,
        )
    ]


_NOTICES: dict[str, Callable[[Session, events.Payload], list[Notice]]] = {
    "match.recommended": match_notices,  # type: ignore[dict-item]
    "match.feedback": interest_notices,  # type: ignore[dict-item]
    "subscription.matched": subscription_notices,  # type: ignore[dict-item]
    "policy.pushed": policy_notices,  # type: ignore[dict-item]
}


class NotifierHandler:
    types = frozenset(_NOTICES)

    def __init__(self, sessions: sessionmaker[Session], wake: threading.Event) -> None:
        self._sessions = sessions
        self._wake = wake

    def handle(self, messages: Sequence[Message]) -> list[str]:
        outcomes = []
        with self._sessions.begin() as session:
            claimed = claim_events(session, CONSUMER, (m.envelope.event_id for m in messages))
            for message in messages:
                if message.envelope.event_id not in claimed:
                    outcomes.append("duplicate")
                    continue
                notices = _NOTICES[message.envelope.type](session, message.payload)
                written = enqueue(session, notices)
                outcomes.append(f"queued:{written}" if notices else "nobody")
        self._wake.set()
        return outcomes
