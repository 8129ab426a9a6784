"""Who is told about what: the demand's contact, the brokers whose scope covers it."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage import models

# 呼和浩特 / 呼和浩特市, 阿拉善 / 阿拉善盟: the same place written two ways.
_PLACE_SUFFIXES = ("自治区", "地区", "市", "盟")


def _place(name: str) -> str:
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name.removesuffix(suffix)
    return name


def covers(scope: Iterable[str], value: str | None, *, places: bool = False) -> bool:
    """An empty scope covers everything; otherwise the value must be one of it."""
    wanted = [s.strip() for s in scope if s and s.strip()]
    if not wanted:
        return True
    if not value:
        return False
    normal = _place if places else str.strip
    return normal(value.strip()) in {normal(s) for s in wanted}


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
