"""Who is owed which policy, decided without I/O: subscription topics, eligibility, what the
subscriber was already told, and how close the deadline is."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from matcher.eligibility.evaluate import evaluate
from matcher.eligibility.model import PolicyDoc
from matcher.eligibility.ranking import Ranker, match_policies
from matcher.eligibility.topics import TermMatcher
from mengke.pushes.records import Subscriber, Topics

ANY_INDUSTRY = "不限"
# A policy this close to its deadline is pushed at once instead of waiting for a digest.
URGENT_DAYS = 7
REMINDER_DAYS = (7, 1)


def _covers_industry(topics: Topics, policy: PolicyDoc) -> bool:
    if not topics.industries or not policy.industries or ANY_INDUSTRY in policy.industries:
        return True
    return any(p in mine or mine in p for mine in topics.industries for p in policy.industries)


def wanted(subscriber: Subscriber, policy: PolicyDoc, matcher: TermMatcher) -> bool:
    """Whether one of the subscriber's policy subscriptions asks for this policy."""
    return any(
        _covers_industry(topics, policy)
        and (not topics.keywords or matcher.evidence(topics.keywords, policy.scope_text))
        for topics in subscriber.subscriptions
    )


def owed(
    subscriber: Subscriber, policy: PolicyDoc, told: Collection[str], matcher: TermMatcher
) -> bool:
    """Not yet told, asked for, and the subscriber's enterprise qualifies."""
    return (
        policy.id not in told
        and wanted(subscriber, policy, matcher)
        and evaluate(policy, subscriber.profile, matcher).eligible
    )


def digest(
    subscriber: Subscriber,
    policies: Sequence[PolicyDoc],
    told: Collection[str],
    matcher: TermMatcher,
    ranker: Ranker | None,
    limit: int,
) -> list[str]:
    """The ids for the subscriber's next digest, most relevant first; empty = send nothing."""
    fresh = [p for p in policies if p.id not in told and wanted(subscriber, p, matcher)]
    found = match_policies(subscriber.profile, fresh, ranker, matcher)
    return [m.policy.id for m in found.eligible[:limit]]


def days_left(policy: PolicyDoc, today: date) -> int | None:
    return None if policy.deadline is None else (policy.deadline - today).days


def is_urgent(policy: PolicyDoc, today: date) -> bool:
    left = days_left(policy, today)
    return left is not None and 0 <= left <= URGENT_DAYS


def reminder_due(policy: PolicyDoc, today: date) -> int | None:
    """7 or 1 while that reminder's window is open; a run missed on the day itself is made up
    by the next one (the 7-day reminder until two days before, the 1-day one until the day)."""
    left = days_left(policy, today)
    if left is None or left < 0:
        return None
    return next((days for days in sorted(REMINDER_DAYS) if left <= days), None)


def told_within(told_on: date | None, policy: PolicyDoc, days: int) -> bool:
    """Whether the first mention already fell inside the reminder's window (an urgent push
    yesterday makes a 7-day reminder today redundant)."""
    return (
        told_on is not None
        and policy.deadline is not None
        and (policy.deadline - told_on).days <= days
    )
