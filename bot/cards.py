"""The structured content of notifications and views, validated where it enters the bot.

A notification's payload (mengke.channel.OutgoingMessage.payload) per kind:

- ``recommendation`` and ``broker_alert``: a MatchCard as a dict: ``match_id``, ``score``
  (0–100), ``reasons`` (``demand_term``, ``achievement_term``, ``similarity``), ``status``
  (the match status when sent; a broker alert shows it as the stage), ``demand`` (DemandCard)
  and ``achievement`` (AchievementCard).
- ``subscription_alert``: ``achievement`` (AchievementCard) and ``keywords`` (the subscribed
  terms it matched).
- ``policy_digest`` / ``policy_urgent`` / ``policy_reminder``: ``policies``, a list of
  PolicyCard.
- ``text``: ``text``, plain text (escaped when rendered).

Unknown keys are ignored and missing optional ones default, so the notifier and the bot can
evolve one field at a time.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict


class Card(BaseModel):
    model_config = ConfigDict(
        extra="ignore", frozen=True, coerce_numbers_to_str=True, from_attributes=True
    )


class AchievementCard(Card):
    id: str
    title: str
    description: str = ""
    industry: str | None = None
    keywords: list[str] = []
    maturity: str | None = None
    transfer_mode: str | None = None
    owner: str | None = None
    region: str | None = None
    price_wan: float | None = None


class DemandCard(Card):
    id: str
    title: str
    enterprise: str | None = None
    industry: str | None = None
    region: str | None = None
    budget_wan: float | None = None


class Reason(Card):
    demand_term: str
    achievement_term: str
    similarity: float = 100.0


class MatchCard(Card):
    match_id: int
    score: float
    reasons: list[Reason] = []
    status: str = "recommended"
    claimed_by: int | None = None
    demand: DemandCard
    achievement: AchievementCard


class SubscriptionAlertCard(Card):
    achievement: AchievementCard
    keywords: list[str] = []


class PolicyCard(Card):
    id: str
    title: str
    issuer: str | None = None
    summary: str = ""
    deadline: date | None = None


class PolicyPushCard(Card):
    policies: list[PolicyCard]
