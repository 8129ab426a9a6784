"""The payload of each notification, in the shape bot/cards.py documents and renders."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from storage import models


def achievement_card(row: models.Achievement) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "description": row.description or "",
        "industry": row.industry,
        "keywords": list(row.keywords or ()),
        "maturity": row.maturity,
        "transfer_mode": row.transfer_mode,
        "owner": row.owner,
        "region": row.region,
        "price_wan": row.price_wan,
    }


def demand_card(row: models.Demand) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "enterprise": row.enterprise,
        "industry": row.industry,
        "region": row.region,
        "budget_wan": row.budget_wan,
    }


def match_card(
    match: models.Match, demand: models.Demand, achievement: models.Achievement
) -> dict[str, Any]:
    return {
        "match_id": match.id,
        "score": match.score,
        "reasons": list(match.reasons or ()),
        "status": match.status,
        "claimed_by": match.claimed_by,
        "demand": demand_card(demand),
        "achievement": achievement_card(achievement),
    }


def subscription_card(achievement: dict[str, Any], keywords: Iterable[str]) -> dict[str, Any]:
    return {"achievement": achievement, "keywords": list(keywords)}


def policies_card(rows: Iterable[models.Policy]) -> dict[str, Any]:
    return {
        "policies": [
            {
                "id": p.id,
                "title": p.title,
                "issuer": p.issuer,
                "summary": p.summary or "",
                "deadline": p.deadline.isoformat() if p.deadline else None,
            }
            for p in rows
        ]
    }
