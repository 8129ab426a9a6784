"""Who is told about what: the demand's contact, the brokers whose scope covers it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher.eligibility.regions import covers as place_covers
from matcher.eligibility.regions import normalize_region
from storage import models


def covers(scope: Iterable[str], value: str | None, *, places: bool = False) -> bool:
    """An empty scope covers everything; otherwise the value must be one of it, or, for places,
    lie in one of them (包头市 covers 包头 and 昆都仑区, 内蒙古 every league and city)."""
    wanted = [s.strip() for s in scope if s and s.strip()]
    if not wanted:
        return True
    if not value:
        return False
    if places:
        return any(_place_covers(region, value.strip()) for region in wanted)
    return value.strip() in wanted


def _place_covers(region: str, value: str) -> bool:
    outer, inner = normalize_region(region), normalize_region(value)
    if outer is None or inner is None:
        return region == value  # a place the gazetteer does not know: only the same spelling
    return place_covers(outer, inner)


def active_users(session: Session, user_ids: Iterable[int | None]) -> list[int]:
    """The ids that belong to users who can still be reached, in the order given."""
    wanted = list(dict.fromkeys(u for u in user_ids if u is not None))
    if not wanted:
        return []
    found = set(
        session.scalars(
            select(models.User.id).where(models.User.id.in_(wanted), models.User.is_active)
        )
    )
    return [u for u in wanted if u in found]


def approved_brokers(session: Session) -> list[tuple[int, list[str], list[str]]]:
    """(user id, industries, regions) of every approved, reachable broker."""
    rows = session.execute(
        select(models.User.id, models.BrokerScope.industries, models.BrokerScope.regions)
        .outerjoin(models.BrokerScope, models.BrokerScope.user_id == models.User.id)
        .where(
            models.User.role == "broker",
            models.User.broker_status == "approved",
            models.User.is_active,
        )
        .order_by(models.User.id)
    )
    return [(user_id, industries or [], regions or []) for user_id, industries, regions in rows]


def in_scope(
    brokers: list[tuple[int, list[str], list[str]]], industry: str | None, region: str | None
) -> list[int]:
    return [
        user_id
        for user_id, industries, regions in brokers
        if covers(industries, industry) and covers(regions, region, places=True)
    ]
