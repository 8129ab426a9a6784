"""Database rows as the matcher's records: what the consumers index and the bot searches.
An entity event's payload has the same fields and converts the same way."""

from __future__ import annotations

from matcher.model import Achievement, Demand
from mengke import events
from storage import models


def achievement_record(row: models.Achievement | events.Achievement) -> Achievement:
    return Achievement(
        id=row.id,
        title=row.title,
        description=row.description or "",
        industry=row.industry,
        keywords=tuple(row.keywords or ()),
        maturity=row.maturity,
        transfer_mode=row.transfer_mode,
        owner=row.owner,
        region=row.region,
        price_wan=row.price_wan,
    )


def demand_record(row: models.Demand | events.Demand) -> Demand:
    return Demand(
        id=row.id,
        title=row.title,
        description=row.description or "",
        industry=row.industry,
        keywords=tuple(row.keywords or ()),
        region=row.region,
        budget_wan=row.budget_wan,
        enterprise=row.enterprise,
    )
