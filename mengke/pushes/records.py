"""What the pushes read from the database, as the plain records eligibility works on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from matcher.eligibility.model import PolicyDoc, Profile
from storage import models


@dataclass(frozen=True)
class Topics:
    """One active policy subscription: industries and topics it narrows to (empty = all)."""

    keywords: tuple[str, ...]
    industries: tuple[str, ...]


@dataclass(frozen=True)
class Subscriber:
    user_id: int
    profile: Profile
    subscriptions: tuple[Topics, ...]


def subscribers(session: Session, frequency: str | None = None) -> list[Subscriber]:
    """Active users with an active policy subscription (of `frequency`, if given) and an
    enterprise profile; without a profile there is nothing to check eligibility against."""
    query = (
        select(models.Subscription, models.Enterprise)
        .join(models.User, models.User.id == models.Subscription.user_id)
        .join(models.Enterprise, models.Enterprise.id == models.User.enterprise_id)
        .where(models.Subscription.kind == "policy", models.Subscription.active)
        .where(models.User.is_active)
        .order_by(models.Subscription.user_id, models.Subscription.id)
    )
    if frequency is not None:
        query = query.where(models.Subscription.frequency == frequency)
    grouped: dict[int, tuple[Profile, list[Topics]]] = {}
    for subscription, enterprise in session.execute(query):
        entry = grouped.setdefault(subscription.user_id, (Profile.of(enterprise), []))
        entry[1].append(
            Topics(tuple(subscription.keywords or ()), tuple(subscription.industries or ()))
        )
    return [Subscriber(uid, profile, tuple(subs)) for uid, (profile, subs) in grouped.items()]


def open_policies(session: Session, today: date) -> list[PolicyDoc]:
    """Policies one can still apply for: open-ended, or with a deadline today or later."""
    rows = session.scalars(
        select(models.Policy)
        .where(or_(models.Policy.deadline.is_(None), models.Policy.deadline >= today))
        .order_by(models.Policy.id)
    )
    return [PolicyDoc.of(row) for row in rows]


def deliveries(session: Session, user_id: int) -> dict[str, datetime]:
    """Policy id → when the user was first told about it."""
    rows = session.execute(
        select(models.PolicyDelivery.policy_id, models.PolicyDelivery.created_at).where(
            models.PolicyDelivery.user_id == user_id
        )
    )
    return {policy_id: at for policy_id, at in rows}


def dispatched(session: Session, recipient_id: int, dedup_key: str) -> bool:
    found = session.scalar(
        select(models.PolicyDispatch.id).where(
            models.PolicyDispatch.recipient_id == recipient_id,
            models.PolicyDispatch.dedup_key == dedup_key,
        )
    )
    return found is not None
