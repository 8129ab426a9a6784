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
from consumers.lookup import BatchLookup
from consumers.loop import Message
from consumers.notices import achievement_card, match_card, policies_card, subscription_card
from mengke import events
from storage import models
from storage.outbox import Notice, enqueue
from storage.sql import claim_events

CONSUMER = "notifier"


def _live(lookup: BatchLookup, demand_id: str, achievement_id: str) -> tuple | None:
    """The match, its card and its demand; None when no longer worth telling anyone."""
    match = lookup.match(demand_id, achievement_id)
    if match is None:
        raise PermanentError(f"no match {demand_id}/{achievement_id}")
    demand = lookup.demand(match.demand_id)
    achievement = lookup.achievement(match.achievement_id)
    if demand is None or achievement is None or match.status == "irrelevant":
        return None
    if demand.status != "open" or achievement.status != "published":
        return None
    return match, match_card(match, demand, achievement), demand


def match_notices(lookup: BatchLookup, payload: events.Match) -> list[Notice]:
    live = _live(lookup, payload.demand_id, payload.achievement_id)
    if live is None:
        return []
    match, card, demand = live
    key = f"match:{match.id}"
    contacts = lookup.reachable([demand.contact_user_id])
    notices = [Notice(u, "recommendation", key, card, match_id=match.id) for u in contacts]
    brokers = lookup.brokers_in_scope(demand.industry, demand.region)
    return notices + [
        Notice(b, "broker_alert", key, card, match_id=match.id)
        for b in brokers
        if b not in contacts
    ]


def interest_notices(lookup: BatchLookup, payload: events.Feedback) -> list[Notice]:
    """An enterprise is interested in a match: the brokers in scope should follow it up."""
    if payload.verdict != "interested":
        return []
    live = _live(lookup, payload.demand_id, payload.achievement_id)
    if live is None:
        return []
    match, card, demand = live
    brokers = lookup.brokers_in_scope(demand.industry, demand.region)
    card = {**card, "status": "interested"}
    key = f"interested:{match.id}"
    return [Notice(b, "broker_alert", key, card, match_id=match.id) for b in brokers]


def subscription_notices(lookup: BatchLookup, payload: events.SubscriptionMatch) -> list[Notice]:
    if not lookup.reachable([payload.user_id]):
        return []
    row = lookup.achievement(payload.achievement_id)
    if row is not None and row.status != "published":
        return []
    achievement = (
        achievement_card(row)
        if row is not None
        else {"id": payload.achievement_id, "title": payload.achievement_title}
    )
    card = subscription_card(achievement, _subscribed_keywords(lookup.session, payload))
    # One alert per user and achievement, however many of their subscriptions it covers.
    key = f"achievement:{payload.achievement_id}"
    return [Notice(payload.user_id, "subscription_alert", key, card)]


def _subscribed_keywords(session: Session, payload: events.SubscriptionMatch) -> list[str]:
    sub_id = payload.subscription_id
    row = session.get(models.Subscription, int(sub_id)) if sub_id.isdigit() else None
    return list(row.keywords) if row is not None else [r.demand_term for r in payload.reasons]


def policy_notices(lookup: BatchLookup, payload: events.PolicyPush) -> list[Notice]:
    query = select(models.Policy).where(models.Policy.id.in_(payload.policy_ids))
    rows = list(lookup.session.scalars(query))
    if not rows:
        raise PermanentError(f"none of the policies {payload.policy_ids} is stored")
    order = {policy_id: n for n, policy_id in enumerate(payload.policy_ids)}
    rows.sort(key=lambda p: order[p.id])
    if not lookup.reachable([payload.recipient_id]):
        return []
    card = policies_card(rows)
    return [
        Notice(payload.recipient_id, payload.kind, payload.dedup_key, card, policy_id=rows[0].id)
    ]


_NOTICES: dict[str, Callable[[BatchLookup, events.Payload], list[Notice]]] = {
    "match.recommended": match_notices,  # type: ignore[dict-item]
    "match.feedback": interest_notices,  # type: ignore[dict-item]
    "subscription.matched": subscription_notices,  # type: ignore[dict-item]
    "policy.pushed": policy_notices,  # type: ignore[dict-item]
}


def _lookup(session: Session, messages: Sequence[Message]) -> BatchLookup:
    pairs, users = [], []
    for message in messages:
        payload = message.payload
        if isinstance(payload, events.Match | events.Feedback):
            pairs.append((payload.demand_id, payload.achievement_id))
        if isinstance(payload, events.SubscriptionMatch):
            users.append(payload.user_id)
        if isinstance(payload, events.PolicyPush):
            users.append(payload.recipient_id)
    return BatchLookup(session, pairs, users)


class NotifierHandler:
    types = frozenset(_NOTICES)

    def __init__(self, sessions: sessionmaker[Session], wake: threading.Event) -> None:
        self._sessions = sessions
        self._wake = wake

    def handle(self, messages: Sequence[Message]) -> list[str]:
        outcomes, notices = [], []
        with self._sessions.begin() as session:
            claimed = claim_events(session, CONSUMER, (m.envelope.event_id for m in messages))
            fresh = [m for m in messages if m.envelope.event_id in claimed]
            lookup = _lookup(session, fresh)
            for message in messages:
                if message.envelope.event_id not in claimed:
                    outcomes.append("duplicate")
                    continue
                found = _NOTICES[message.envelope.type](lookup, message.payload)
                notices += found
                outcomes.append(f"notices:{len(found)}" if found else "nobody")
            enqueue(session, notices)
        self._wake.set()
        return outcomes
