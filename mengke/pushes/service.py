"""The three kinds of policy push, each taking `now` so that tests need no clock:

* the digest (daily or weekly) — what each subscriber qualifies for and was not yet told;
* the urgent push — a newly published policy whose deadline is at most 7 days away;
* deadline reminders — 7 and 1 days before a deadline, to subscribers who qualify.

Each subscriber is decided in a transaction of its own; a push is recorded with its
deliveries, then published. No subscriber is told about a policy twice (PolicyDelivery),
nor gets two digests in one period (PolicyDispatch is unique per dedup key).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from tenacity import Retrying, retry_if_exception_type, stop_after_attempt

from matcher.eligibility.model import PolicyDoc
from matcher.eligibility.ranking import Ranker
from matcher.eligibility.topics import CharTermMatcher, TermMatcher
from mengke.bus import Bus
from mengke.events import CHINA_TZ, Envelope
from mengke.pushes import keys, ledger, records, selection
from mengke.pushes.records import Subscriber

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PushDeps:
    sessions: sessionmaker[Session]
    bus: Bus
    ranker: Ranker | None = None
    matcher: TermMatcher = field(default_factory=CharTermMatcher)
    digest_limit: int = 10
    timezone: tzinfo = CHINA_TZ

    def today(self, now: datetime) -> date:
        return now.astimezone(self.timezone).date()


def _retrying() -> Retrying:
    # A concurrent push (the urgent one from the consumer) took a delivery we were about to
    # record: decide this subscriber again with what it committed.
    return Retrying(
        retry=retry_if_exception_type(IntegrityError), stop=stop_after_attempt(3), reraise=True
    )


def send_digests(deps: PushDeps, frequency: keys.Frequency, now: datetime) -> int:
    """Record this period's digest for every subscriber with something new; publish them."""
    today = deps.today(now)
    key = keys.digest_key(frequency, today)
    with deps.sessions() as session:
        subscribers = records.subscribers(session, frequency)
        policies = records.open_policies(session, today)
    made = sum(_digest_for(deps, s, policies, key, now) for s in subscribers)
    ledger.publish_pending(deps.sessions, deps.bus, now)
    log.info("digest %s: %d of %d subscribers had something new", key, made, len(subscribers))
    return made


def _digest_for(
    deps: PushDeps, subscriber: Subscriber, policies: list[PolicyDoc], key: str, now: datetime
) -> bool:
    for attempt in _retrying():
        with attempt, deps.sessions.begin() as session:
            if records.dispatched(session, subscriber.user_id, key):
                return False
            told = records.deliveries(session, subscriber.user_id)
            picked = selection.digest(
                subscriber, policies, told, deps.matcher, deps.ranker, deps.digest_limit
            )
            if not picked:
                return False
            ledger.record(session, subscriber.user_id, "policy_digest", key, picked, now)
    return True


def send_reminders(deps: PushDeps, now: datetime) -> int:
    """7- and 1-day deadline reminders to the subscribers who qualify; publish them."""
    today = deps.today(now)
    with deps.sessions() as session:
        subscribers = records.subscribers(session)
        due = [
            (p, d)
            for p in records.open_policies(session, today)
            if (d := selection.reminder_due(p, today))
        ]
    made = sum(
        _remind(deps, subscriber, policy, days, now)
        for subscriber in subscribers
        for policy, days in due
        if selection.wanted(subscriber, policy, deps.matcher)
    )
    ledger.publish_pending(deps.sessions, deps.bus, now)
    log.info("reminders: %d sent for %d policies near their deadline", made, len(due))
    return made


def _remind(
    deps: PushDeps, subscriber: Subscriber, policy: PolicyDoc, days: int, now: datetime
) -> bool:
    key = keys.reminder_key(days, policy.id)
    for attempt in _retrying():
        with attempt, deps.sessions.begin() as session:
            if records.dispatched(session, subscriber.user_id, key):
                return False
            first = records.deliveries(session, subscriber.user_id).get(policy.id)
            told_on = first.astimezone(deps.timezone).date() if first else None
            if selection.told_within(told_on, policy, days):
                return False
            if not selection.owed(subscriber, policy, (), deps.matcher):
                return False
            announces = [] if first else [policy.id]
            ledger.record(
                session, subscriber.user_id, "policy_reminder", key, [policy.id], now, announces
            )
    return True


def push_urgent(
    session: Session,
    policy: PolicyDoc,
    publish: Callable[[Envelope], None],
    now: datetime,
    matcher: TermMatcher | None = None,
) -> int:
    """In the caller's transaction: a policy closing within 7 days goes out at once to the
    subscribers who qualify and were not told yet. Returns how many were pushed."""
    matcher = matcher or CharTermMatcher()
    if not selection.is_urgent(policy, now.astimezone(CHINA_TZ).date()):
        return 0
    pushed = 0
    for subscriber in records.subscribers(session):
        told = records.deliveries(session, subscriber.user_id)
        if not selection.owed(subscriber, policy, told, matcher):
            continue
        key = keys.urgent_key(policy.id)
        try:
            with session.begin_nested():
                dispatch = ledger.record(
                    session, subscriber.user_id, "policy_urgent", key, [policy.id], now
                )
        except IntegrityError:
            continue  # a digest told them in the meantime
        publish(ledger.push_event(dispatch))
        dispatch.published_at = now
        pushed += 1
    return pushed
