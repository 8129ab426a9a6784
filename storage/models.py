"""The relational model; runs unchanged on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import DateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_N_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )
    type_annotation_map = {
        datetime: DateTime(timezone=True),
        dict[str, Any]: JSON,
        list[Any]: JSON,
        list[str]: JSON,
        list[dict[str, Any]]: JSON,
        str: String(200),
    }


class Achievement(Base):
    __tablename__ = "achievements"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str]
    description: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str | None]
    keywords: Mapped[list[str]] = mapped_column(default=list)
    maturity: Mapped[str | None] = mapped_column(String(20))
    transfer_mode: Mapped[str | None] = mapped_column(String(20))
    owner: Mapped[str | None]
    region: Mapped[str | None]
    price_wan: Mapped[float | None]
    status: Mapped[str] = mapped_column(String(20), default="published")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Enterprise(Base):
    __tablename__ = "enterprises"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str]
    region: Mapped[str | None]
    industry: Mapped[str | None]
    qualifications: Mapped[list[str]] = mapped_column(default=list)
    size: Mapped[str | None] = mapped_column(String(20))
    rd_ratio: Mapped[float | None]
    interests: Mapped[list[str]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class User(Base):
    """A Telegram user; the role decides what the bot lets them do."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    full_name: Mapped[str | None]
    role: Mapped[str] = mapped_column(String(20), default="enterprise")
    broker_status: Mapped[str | None] = mapped_column(String(20))
    enterprise_id: Mapped[str | None] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Demand(Base):
    __tablename__ = "demands"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    enterprise: Mapped[str | None]
    # No foreign keys: the enterprise and the user arrive on other topics, in any order.
    enterprise_id: Mapped[str | None] = mapped_column(String(100))
    contact_user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    title: Mapped[str]
    description: Mapped[str] = mapped_column(Text, default="")
    industry: Mapped[str | None]
    keywords: Mapped[list[str]] = mapped_column(default=list)
    budget_wan: Mapped[float | None]
    region: Mapped[str | None]
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(20), default="open")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Policy(Base):
    __tablename__ = "policies"

    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    title: Mapped[str]
    issuer: Mapped[str | None]
    publish_date: Mapped[date | None]
    summary: Mapped[str] = mapped_column(Text, default="")
    industries: Mapped[list[str]] = mapped_column(default=list)
    regions: Mapped[list[str]] = mapped_column(default=list)
    eligibility: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(default=list)
    deadline: Mapped[date | None]
    rules: Mapped[list[dict[str, Any]] | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BrokerScope(Base):
    __tablename__ = "broker_scopes"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), primary_key=True)
    industries: Mapped[list[str]] = mapped_column(default=list)
    regions: Mapped[list[str]] = mapped_column(default=list)


class Subscription(Base):
    """A keyword alert for new achievements, or a policy digest, for one user."""

    __tablename__ = "subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    keywords: Mapped[list[str]] = mapped_column(default=list)
    industries: Mapped[list[str]] = mapped_column(default=list)
    frequency: Mapped[str] = mapped_column(String(20), default="daily")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Match(Base):
    __tablename__ = "matches"
    __table_args__ = (UniqueConstraint("demand_id", "achievement_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    demand_id: Mapped[str] = mapped_column(ForeignKey("demands.id"), index=True)
    achievement_id: Mapped[str] = mapped_column(ForeignKey("achievements.id"), index=True)
    score: Mapped[float]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(default=list)
    factors: Mapped[dict[str, Any]] = mapped_column(default=dict)
    direction: Mapped[str] = mapped_column(String(20))
    alert: Mapped[bool] = mapped_column(default=False)
    # recommended → interested → claimed (对接中) → signed (已签约) / failed (未成); or irrelevant.
    status: Mapped[str] = mapped_column(String(20), default="recommended")
    claimed_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once `match.recommended` is on the bus; an alert still NULL after a crash is
    # published again at the next start (the outbox of the matching consumer).
    published_at: Mapped[datetime | None]


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), unique=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"), index=True)
    user_id: Mapped[int] = mapped_column(BigInteger)
    verdict: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Notification(Base):
    """The outbox: one row per message owed to one recipient, sent at most once."""

    __tablename__ = "notifications"
    # dedup_key names what the message is about ("match:17", "policy:DP003",
    # "reminder7:DP003", "digest:2026-W47"), so a second delivery of the cause is harmless.
    __table_args__ = (
        UniqueConstraint("recipient_id", "dedup_key"),
        Index("ix_notifications_status_next_attempt_at", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    dedup_key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    match_id: Mapped[int | None] = mapped_column(ForeignKey("matches.id"))
    policy_id: Mapped[str | None] = mapped_column(ForeignKey("policies.id"))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]


class ProcessedEvent(Base):
    """Written in the same transaction as a handler's effects: a redelivery is a no-op."""

    __tablename__ = "processed_events"

    consumer: Mapped[str] = mapped_column(String(100), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PolicyDelivery(Base):
    """A policy a user has been told about, by whichever push: never announced to them again."""

    __tablename__ = "policy_deliveries"

    user_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"), primary_key=True)
    policy_id: Mapped[str] = mapped_column(ForeignKey("policies.id"), primary_key=True)
    dedup_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PolicyDispatch(Base):
    """One policy push owed to one recipient. Unique per dedup key ("digest:weekly:2026-W47"),
    which caps digests at one per period; `published_at` stays NULL until the `policy.pushed`
    event is on the bus, so a push recorded just before a crash is published at the next run."""

    __tablename__ = "policy_dispatches"
    __table_args__ = (UniqueConstraint("recipient_id", "dedup_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("users.id"))
    dedup_key: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    policy_ids: Mapped[list[str]] = mapped_column(default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(index=True)
